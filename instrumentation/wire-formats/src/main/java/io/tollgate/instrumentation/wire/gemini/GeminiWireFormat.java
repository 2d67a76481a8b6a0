package io.tollgate.instrumentation.wire.gemini;

import io.tollgate.core.estimate.TokenEstimator;
import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.core.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Google's GenerateContent API, spoken by the Gemini API ({@code /v1beta/models/{model}:generateContent})
 * and Vertex AI ({@code /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:generateContent}).
 * The model is in the path, not the body. Usage rules: {@code promptTokenCount} includes
 * {@code cachedContentTokenCount}; {@code thoughtsTokenCount} is billed as output but not part of
 * {@code candidatesTokenCount}, so output = candidates + thoughts; {@code toolUsePromptTokenCount}
 * is input not in the prompt count.
 */
public final class GeminiWireFormat implements WireFormat {
  public static final Operation GENERATE = new Operation("generate_content", "generateContent");
  public static final Operation STREAM_GENERATE = new Operation("generate_content", "streamGenerateContent", true);

  private static final JsonPaths REQUEST = JsonPaths.of(
      "generationConfig.maxOutputTokens", "generationConfig.temperature", "generationConfig.topP", "generationConfig.seed",
      "generationConfig.candidateCount");
  private static final JsonPaths RESPONSE = JsonPaths.of(
      "responseId", "modelVersion", "usageMetadata.*", "candidates[].finishReason", "promptFeedback.blockReason",
      "error.code", "error.status", "error.message");

  @Override
  public String id() {
    return "gemini";
  }

  /** {@code countTokens}, embeddings (no token counts in their responses) and the rest are not recorded. */
  @Override
  public Operation operation(String method, String path) {
    if (!"POST".equals(method) || modelFromPath(path) == null) {
      return null;
    }
    String verb = path.substring(path.lastIndexOf(':') + 1);
    return switch (verb) {
      case "generateContent" -> GENERATE;
      case "streamGenerateContent" -> STREAM_GENERATE;
      default -> null;
    };
  }

  /** The id after {@code models/} (or {@code tunedModels/}) in {@code …/models/{model}:{verb}}. */
  @Override
  public String modelFromPath(String path) {
    int colon = path.lastIndexOf(':');
    int slash = path.lastIndexOf('/', colon);
    if (colon < 0 || slash < 0 || colon == slash + 1) {
      return null;
    }
    boolean models = path.startsWith("/models/", slash - "/models".length())
        || path.startsWith("/tunedModels/", slash - "/tunedModels".length());
    return models ? path.substring(slash + 1, colon) : null;
  }

  @Override
  public JsonPaths requestPaths() {
    return REQUEST;
  }

  @Override
  public RequestFacts readRequest(JsonLeaves r) {
    long max = r.getLong("generationConfig.maxOutputTokens", -1);
    return new RequestFacts(
        null,
        max >= 0 ? max : null,
        false,
        null,
        null,
        r.getDouble("generationConfig.temperature"),
        r.getDouble("generationConfig.topP"),
        r.has("generationConfig.seed") ? r.getLong("generationConfig.seed", 0) : null,
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, r.getLong("generationConfig.candidateCount", 1))));
  }

  @Override
  public JsonPaths responsePaths(Operation operation) {
    return RESPONSE;
  }

  @Override
  public ResponseFacts readResponse(Operation operation, JsonLeaves r) {
    return new ResponseFacts(r.getString("responseId"), model(r), usage(r), finishReasons(r),
        errorType(r), r.getString("error.message"), null);
  }

  static String model(JsonLeaves r) {
    String version = r.getString("modelVersion");
    return version != null && version.startsWith("models/") ? version.substring("models/".length()) : version;
  }

  /** The candidates' finish reasons, or the reason the prompt was blocked when there are none. */
  static List<String> finishReasons(JsonLeaves r) {
    List<String> reasons = r.getStrings("candidates[].finishReason");
    String blocked = r.getString("promptFeedback.blockReason");
    return reasons.isEmpty() && blocked != null ? List.of(blocked) : reasons;
  }

  /** {@code error.status} ({@code RESOURCE_EXHAUSTED}, ...), else the numeric code. */
  static String errorType(JsonLeaves r) {
    if (r.getString("error.status") != null) {
      return r.getString("error.status");
    }
    return r.has("error.code") ? Long.toString(r.getLong("error.code", 0)) : null;
  }

  static Usage usage(JsonLeaves r) {
    if (!r.hasUnder("usageMetadata")) {
      return null;
    }
    long thoughts = r.getLong("usageMetadata.thoughtsTokenCount", 0);
    return new Usage(
        r.getLong("usageMetadata.promptTokenCount", 0) + r.getLong("usageMetadata.toolUsePromptTokenCount", 0),
        r.getLong("usageMetadata.candidatesTokenCount", 0) + thoughts,
        r.getLong("usageMetadata.cachedContentTokenCount", 0),
        0,
        0,
        thoughts);
  }

  private static final JsonPaths PROMPT = JsonPaths.of(
      "systemInstruction.parts[].text", "contents[].role", "contents[].parts[].text");

  @Override
  public TokenEstimator.PromptText promptText(Operation operation, byte[] requestBody) {
    JsonLeaves r = JsonLeafCollector.parse(PROMPT, requestBody).leaves();
    List<String> texts = new ArrayList<>(r.getStrings("systemInstruction.parts[].text"));
    texts.addAll(r.getStrings("contents[].parts[].text"));
    return new TokenEstimator.PromptText(texts, r.getStrings("contents[].role").size());
  }

  @Override
  public StreamAccumulator newStream(Operation operation) {
    return new GeminiStream();
  }
}

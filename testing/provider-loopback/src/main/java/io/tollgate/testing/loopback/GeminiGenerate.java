package io.tollgate.testing.loopback;

import static io.tollgate.testing.loopback.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gemini GenerateContent bodies ({@code /v1/models/{model}:generateContent} and
 * {@code :streamGenerateContent}, or Vertex AI's {@code /v1/projects/…/publishers/google/models/…}):
 * the model is in the path. The usage plan reads with OpenAI's
 * meaning: {@code promptTokenCount} = prompt (cached tokens included, as
 * {@code cachedContentTokenCount}); reasoning tokens are {@code thoughtsTokenCount}, and
 * {@code candidatesTokenCount} is the rest of the completion.
 */
final class GeminiGenerate {

  /** google-genai 2.x calls the Gemini API's v1; v1beta and v1alpha paths are answered the same. */
  static final String MODELS = "/v1/models/";
  static final String GENERATE = ":generateContent";
  static final String STREAM = ":streamGenerateContent";

  private GeminiGenerate() {}

  private static final Pattern GEMINI_VERSION = Pattern.compile("/v1(beta|alpha)?");
  /** Vertex AI's prefix before {@code /models/}: {@code /v1/projects/{p}/locations/{l}/publishers/google}. */
  private static final Pattern VERTEX = Pattern.compile("/v1[a-z0-9]*/projects/[^/]+/locations/[^/]+/publishers/google");

  /** The model a Gemini API or Vertex AI path names, or null for any other path. */
  static String model(String path) {
    int models = path.lastIndexOf("/models/");
    if (models < 0 || !(path.endsWith(GENERATE) || path.endsWith(STREAM))) {
      return null;
    }
    String prefix = path.substring(0, models);
    if (!GEMINI_VERSION.matcher(prefix).matches() && !VERTEX.matcher(prefix).matches()) {
      return null;
    }
    String model = path.substring(models + "/models/".length(), path.lastIndexOf(':'));
    return model.isEmpty() || model.contains("/") ? null : model;
  }

  static boolean streamed(String path) {
    return path.endsWith(STREAM);
  }

  static Map<String, Object> response(Generation g) {
    return chunk(g, "r" + Ids.next("", 22), Generation.text(), "STOP", g.usage().completionTokens());
  }

  /**
   * One response per text piece, as the API streams them: every chunk carries the running usage
   * (the prompt, the candidates so far); the last has the finish reason and the full counts.
   */
  static List<Map<String, Object>> chunks(Generation g) {
    String id = "r" + Ids.next("", 22);
    List<String> pieces = Generation.TEXT_PIECES;
    List<Map<String, Object>> chunks = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      boolean last = i == pieces.size() - 1;
      long soFar = last ? g.usage().completionTokens() : g.usage().completionTokens() * (i + 1) / (pieces.size() + 1);
      chunks.add(chunk(g, id, pieces.get(i), last ? "STOP" : null, soFar));
    }
    return chunks;
  }

  private static Map<String, Object> chunk(Generation g, String id, String text, String finishReason, long completion) {
    Map<String, Object> candidate = obj(
        "content", obj("parts", List.of(obj("text", text)), "role", "model"),
        "index", 0);
    if (finishReason != null) {
      candidate.put("finishReason", finishReason);
    }
    return obj(
        "candidates", List.of(candidate),
        "usageMetadata", usage(g.usage(), completion),
        "modelVersion", g.model(),
        "responseId", id);
  }

  private static Map<String, Object> usage(UsagePlan u, long completion) {
    long thoughts = Math.min(u.reasoningTokens(), completion);
    Map<String, Object> usage = obj(
        "promptTokenCount", u.promptTokens(),
        "candidatesTokenCount", completion - thoughts,
        "totalTokenCount", u.promptTokens() + completion,
        "promptTokensDetails", List.of(obj("modality", "TEXT", "tokenCount", u.promptTokens())));
    if (u.cachedTokens() > 0) {
      usage.put("cachedContentTokenCount", u.cachedTokens());
    }
    if (thoughts > 0) {
      usage.put("thoughtsTokenCount", thoughts);
    }
    return usage;
  }
}

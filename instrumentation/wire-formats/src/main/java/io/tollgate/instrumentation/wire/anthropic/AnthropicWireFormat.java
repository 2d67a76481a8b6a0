package io.tollgate.instrumentation.wire.anthropic;

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
import java.util.List;

/**
 * Anthropic's Messages API. Its {@code input_tokens} excludes cache reads and writes; the ledger's
 * input includes them, so they are added here.
 */
public final class AnthropicWireFormat implements WireFormat {
  public static final Operation MESSAGES = new Operation("chat", "messages");

  private static final JsonPaths REQUEST = JsonPaths.of(
      "model", "max_tokens", "stream", "service_tier", "temperature", "top_p");
  private static final JsonPaths RESPONSE = JsonPaths.of(
      "id", "type", "model", "stop_reason", "usage.*", "error.type", "error.message");

  @Override
  public String id() {
    return "anthropic";
  }

  @Override
  public Operation operation(String method, String path) {
    // count_tokens is free, and batches are priced per result: only /messages is a billable call here
    return "POST".equals(method) && "/messages".equals(path) ? MESSAGES : null;
  }

  @Override
  public JsonPaths requestPaths() {
    return REQUEST;
  }

  @Override
  public RequestFacts readRequest(JsonLeaves r) {
    long max = r.getLong("max_tokens", -1);
    return new RequestFacts(
        r.getString("model"),
        max >= 0 ? max : null,
        Boolean.TRUE.equals(r.getBoolean("stream")),
        null,
        r.getString("service_tier"),
        r.getDouble("temperature"),
        r.getDouble("top_p"),
        null);
  }

  @Override
  public JsonPaths responsePaths(Operation operation) {
    return RESPONSE;
  }

  @Override
  public ResponseFacts readResponse(Operation operation, JsonLeaves r) {
    String stop = r.getString("stop_reason");
    return new ResponseFacts(
        r.getString("id"), r.getString("model"), usage(r, ""), stop == null ? List.of() : List.of(stop),
        r.getString("error.type"), r.getString("error.message"), r.getString("usage.service_tier"));
  }

  private static final JsonPaths PROMPT = JsonPaths.of(
      "system", "system[].text", "messages[].role", "messages[].content", "messages[].content[].text");

  @Override
  public TokenEstimator.PromptText promptText(Operation operation, byte[] requestBody) {
    JsonLeaves r = JsonLeafCollector.parse(PROMPT, requestBody).leaves();
    List<String> texts = new java.util.ArrayList<>();
    for (String path : PROMPT.patterns()) {
      if (!path.endsWith("role")) {
        texts.addAll(r.getStrings(path));
      }
    }
    return new TokenEstimator.PromptText(texts, r.getStrings("messages[].role").size());
  }

  @Override
  public StreamAccumulator newStream(Operation operation) {
    return new AnthropicMessageStream();
  }


  /** Usage from the leaves under {@code prefix} ({@code ""} for a Message, {@code "message."} for message_start). */
  static Usage usage(JsonLeaves r, String prefix) {
    String u = prefix + "usage";
    if (!r.hasUnder(u)) {
      return null;
    }
    long uncached = r.getLong(u + ".input_tokens", 0);
    long read = r.getLong(u + ".cache_read_input_tokens", 0);
    long written = r.getLong(u + ".cache_creation_input_tokens", 0);
    long oneHour = r.getLong(u + ".cache_creation.ephemeral_1h_input_tokens", 0);
    long fiveMin = r.has(u + ".cache_creation.ephemeral_5m_input_tokens")
        ? r.getLong(u + ".cache_creation.ephemeral_5m_input_tokens", 0)
        : Math.max(0, written - oneHour); // older responses give only the total: the default TTL is 5 minutes
    return new Usage(uncached + read + fiveMin + oneHour, r.getLong(u + ".output_tokens", 0), read, fiveMin, oneHour, 0);
  }


  @Override
  public byte[] withMaxOutputTokens(Operation operation, byte[] body, long max) {
    return operation == MESSAGES ? io.tollgate.instrumentation.wire.JsonBodyEdit.setFirstPresent(body, max, "max_tokens") : null;
  }

  @Override
  public byte[] withModel(Operation operation, byte[] body, String model) {
    return io.tollgate.instrumentation.wire.JsonBodyEdit.replace(body, "model", model);
  }
}

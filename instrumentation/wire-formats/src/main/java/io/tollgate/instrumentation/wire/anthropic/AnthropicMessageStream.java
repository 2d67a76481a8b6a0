package io.tollgate.instrumentation.wire.anthropic;

import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.instrumentation.wire.StreamState;
import java.util.List;

/**
 * A Messages stream: {@code message_start} carries the input and cache counts; each
 * {@code message_delta} carries CUMULATIVE usage (output so far, and newer API versions repeat the
 * input counts), which replaces, never adds to, what came before; {@code message_stop} ends it.
 */
final class AnthropicMessageStream extends StreamState {
  private static final JsonPaths START = JsonPaths.of("message.id", "message.model", "message.usage.*");
  private static final JsonPaths DELTA = JsonPaths.of("usage.*", "delta.stop_reason");
  // compiled once: a stream reader is made per response, before its first chunk
  private static final JsonPaths TEXT = JsonPaths.of("delta.text", "delta.thinking", "delta.partial_json");
  private static final JsonPaths ERROR = JsonPaths.of("error.type", "error.message");

  /** The usage as the stream has told it so far, under {@code usage.*}. */
  private final JsonLeaves usage = new JsonLeaves();
  private boolean usageSeen;
  /** A {@code message_delta} gave the output count: until then only {@code message_start}'s first count is known. */
  private boolean outputCounted;

  private String id;
  private String model;
  private String stopReason;
  private String errorType;
  private String errorMessage;
  private String serviceTier;

  AnthropicMessageStream() {
    super(TEXT);
  }

  @Override
  public void onEvent(String event, byte[] data, int length, long nanoTime) {
    if (event == null) {
      return;
    }
    switch (event) {
      case "message_start" -> {
        JsonLeaves r = parse(START, data, length);
        id = r.getString("message.id");
        model = r.getString("message.model");
        copyUsage(r, "message.usage.");
      }
      case "content_block_delta" -> chunk(nanoTime, data, length, true);
      case "message_delta" -> {
        JsonLeaves r = parse(DELTA, data, length);
        copyUsage(r, "usage.");
        outputCounted |= r.getDouble("usage.output_tokens") != null;
        if (r.getString("delta.stop_reason") != null) {
          stopReason = r.getString("delta.stop_reason");
        }
      }
      case "message_stop" -> end();
      case "error" -> {
        JsonLeaves r = parse(ERROR, data, length);
        errorType = r.getString("error.type");
        errorMessage = r.getString("error.message");
      }
      default -> { } // content_block_start/stop, ping
    }
  }

  private void copyUsage(JsonLeaves from, String prefix) {
    if (from.getString(prefix + "service_tier") != null) {
      serviceTier = from.getString(prefix + "service_tier");
    }
    for (String key : USAGE_KEYS) {
      if (from.has(prefix + key) && from.getDouble(prefix + key) != null) {
        usage.set("usage." + key, from.getLong(prefix + key, 0));
        usageSeen = true;
      }
    }
  }

  private static final List<String> USAGE_KEYS = List.of(
      "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens",
      "cache_creation.ephemeral_5m_input_tokens", "cache_creation.ephemeral_1h_input_tokens");

  @Override
  public boolean answerComplete() {
    return ended() || stopReason != null;
  }

  @Override
  public ResponseFacts facts() {
    return new ResponseFacts(id, model, usageSeen ? AnthropicWireFormat.usage(usage, "") : null,
        stopReason == null ? List.of() : List.of(stopReason), errorType, errorMessage, serviceTier,
        usageSeen && !outputCounted);
  }
}

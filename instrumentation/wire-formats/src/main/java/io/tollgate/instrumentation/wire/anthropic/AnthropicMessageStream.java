package io.tollgate.instrumentation.wire.anthropic;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.instrumentation.wire.DeltaPayloads;
import java.util.List;

/**
 * A Messages stream: {@code message_start} carries the input and cache counts; each
 * {@code message_delta} carries CUMULATIVE usage (output so far, and newer API versions repeat the
 * input counts), which replaces, never adds to, what came before; {@code message_stop} ends it.
 */
final class AnthropicMessageStream implements StreamAccumulator {
  private static final JsonPaths START = JsonPaths.of("message.id", "message.model", "message.usage.*");
  private static final JsonPaths DELTA = JsonPaths.of("usage.*", "delta.stop_reason");
  private static final JsonPaths ERROR = JsonPaths.of("error.type", "error.message");

  /** The usage as the stream has told it so far, under {@code usage.*}. */
  private final JsonLeaves usage = new JsonLeaves();
  private final DeltaPayloads deltas = new DeltaPayloads(JsonPaths.of("delta.text", "delta.thinking", "delta.partial_json"));
  private boolean usageSeen;
  private String id;
  private String model;
  private String stopReason;
  private String errorType;
  private String errorMessage;
  private long firstChunkNanos;
  private int chunks;
  private boolean ended;

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
      case "content_block_delta" -> {
        if (chunks++ == 0) {
          firstChunkNanos = nanoTime;
        }
        deltas.add(data, length);
      }
      case "message_delta" -> {
        JsonLeaves r = parse(DELTA, data, length);
        copyUsage(r, "usage.");
        if (r.getString("delta.stop_reason") != null) {
          stopReason = r.getString("delta.stop_reason");
        }
      }
      case "message_stop" -> ended = true;
      case "error" -> {
        JsonLeaves r = parse(ERROR, data, length);
        errorType = r.getString("error.type");
        errorMessage = r.getString("error.message");
      }
      default -> { } // content_block_start/stop, ping
    }
  }

  private void copyUsage(JsonLeaves from, String prefix) {
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

  private static JsonLeaves parse(JsonPaths paths, byte[] data, int length) {
    return JsonLeafCollector.parse(paths, java.util.Arrays.copyOf(data, length)).leaves();
  }

  @Override
  public String outputText() {
    return deltas.text();
  }

  @Override
  public boolean ended() {
    return ended;
  }

  @Override
  public long firstChunkNanos() {
    return firstChunkNanos;
  }

  @Override
  public int chunks() {
    return chunks;
  }

  @Override
  public ResponseFacts facts() {
    return new ResponseFacts(id, model, usageSeen ? AnthropicWireFormat.usage(usage, "") : null,
        stopReason == null ? List.of() : List.of(stopReason), errorType, errorMessage, null);
  }
}

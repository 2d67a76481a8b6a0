package io.tollgate.instrumentation.wire.openai;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.instrumentation.wire.DeltaPayloads;
import java.util.List;

/**
 * A Responses stream: typed events; the usage is in the terminal event's {@code response}
 * ({@code response.completed}, {@code response.incomplete} or {@code response.failed}).
 */
final class OpenAiResponsesStream implements StreamAccumulator {
  private static final JsonPaths TERMINAL = JsonPaths.of(
      "response.id", "response.model", "response.status", "response.usage.*",
      "response.incomplete_details.reason", "response.error.code", "response.error.message");
  private static final JsonPaths CREATED = JsonPaths.of("response.id", "response.model");

  private final DeltaPayloads deltas = new DeltaPayloads(JsonPaths.of("delta"));
  private String id;
  private String model;
  private Usage usage;
  private String status;
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
      case "response.created" -> {
        JsonLeaves r = parse(CREATED, data, length);
        id = r.getString("response.id");
        model = r.getString("response.model");
      }
      case "response.completed", "response.incomplete", "response.failed" -> {
        JsonLeaves r = parse(TERMINAL, data, length);
        id = r.getString("response.id") != null ? r.getString("response.id") : id;
        model = r.getString("response.model") != null ? r.getString("response.model") : model;
        usage = OpenAiWireFormat.usage(OpenAiWireFormat.RESPONSES, r, "response.");
        status = r.getString("response.incomplete_details.reason") != null
            ? r.getString("response.incomplete_details.reason") : r.getString("response.status");
        errorType = r.getString("response.error.code");
        errorMessage = r.getString("response.error.message");
        ended = true;
      }
      case "error" -> {
        JsonLeaves r = parse(JsonPaths.of("code", "message"), data, length);
        errorType = r.getString("code");
        errorMessage = r.getString("message");
      }
      default -> {
        if (event.endsWith(".delta")) {
          if (chunks++ == 0) {
            firstChunkNanos = nanoTime;
          }
          if (event.equals("response.output_text.delta") || event.equals("response.refusal.delta")) {
            deltas.add(data, length);
          }
        }
      }
    }
  }

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
    return new ResponseFacts(id, model, usage, status == null ? List.of() : List.of(status), errorType, errorMessage, null);
  }
}

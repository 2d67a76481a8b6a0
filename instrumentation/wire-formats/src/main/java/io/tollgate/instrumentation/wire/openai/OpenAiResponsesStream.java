package io.tollgate.instrumentation.wire.openai;

import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.instrumentation.wire.StreamState;
import java.util.List;

/**
 * A Responses stream: typed events; the usage is in the terminal event's {@code response}
 * ({@code response.completed}, {@code response.incomplete} or {@code response.failed}).
 */
final class OpenAiResponsesStream extends StreamState {
  private static final JsonPaths TERMINAL = JsonPaths.of(
      "response.id", "response.model", "response.status", "response.usage.*", "response.service_tier",
      "response.incomplete_details.reason", "response.error.code", "response.error.message");
  // compiled once: a stream reader is made per response, before its first chunk
  private static final JsonPaths TEXT = JsonPaths.of("delta");
  private static final JsonPaths ERROR = JsonPaths.of("code", "message");
  private static final JsonPaths CREATED = JsonPaths.of("response.id", "response.model", "response.service_tier");

  private String id;
  private String model;
  private Usage usage;
  private String status;
  private String errorType;
  private String errorMessage;
  private String serviceTier;

  OpenAiResponsesStream() {
    super(TEXT);
  }

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
        serviceTier = r.getString("response.service_tier");
      }
      case "response.completed", "response.incomplete", "response.failed" -> {
        JsonLeaves r = parse(TERMINAL, data, length);
        id = r.getString("response.id") != null ? r.getString("response.id") : id;
        model = r.getString("response.model") != null ? r.getString("response.model") : model;
        serviceTier = r.getString("response.service_tier") != null ? r.getString("response.service_tier") : serviceTier;
        usage = OpenAiWireFormat.usage(OpenAiWireFormat.RESPONSES, r, "response.");
        status = r.getString("response.incomplete_details.reason") != null
            ? r.getString("response.incomplete_details.reason") : r.getString("response.status");
        errorType = r.getString("response.error.code");
        errorMessage = r.getString("response.error.message");
        end();
      }
      case "error" -> {
        JsonLeaves r = parse(ERROR, data, length);
        errorType = r.getString("code");
        errorMessage = r.getString("message");
      }
      default -> {
        if (event.endsWith(".delta")) {
          chunk(nanoTime, data, length,
              event.equals("response.output_text.delta") || event.equals("response.refusal.delta"));
        }
      }
    }
  }

  @Override
  public ResponseFacts facts() {
    return new ResponseFacts(id, model, usage, status == null ? List.of() : List.of(status), errorType, errorMessage, serviceTier);
  }
}

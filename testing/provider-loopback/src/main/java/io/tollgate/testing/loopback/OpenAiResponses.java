package io.tollgate.testing.loopback;

import static io.tollgate.testing.loopback.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenAI Responses API bodies: the {@code response} object and its {@code response.*} event stream. */
final class OpenAiResponses {

  static final String DEFAULT_MODEL = "gpt-4o-mini";

  private OpenAiResponses() {}

  static Map<String, Object> response(Generation g) {
    String messageId = Ids.next("msg_", 48);
    return responseObject(g, Ids.next("resp_", 48), Ids.epochSeconds(), "completed",
        List.of(message(messageId, "completed", List.of(outputText(Generation.text())))), usage(g.usage()));
  }

  /**
   * created, in_progress, item/part added, one text delta per piece, the done events, then
   * {@code response.completed} whose {@code response.usage} holds the final usage.
   */
  static List<SseEvent> events(Generation g) {
    String responseId = Ids.next("resp_", 48);
    String messageId = Ids.next("msg_", 48);
    long created = Ids.epochSeconds();
    String text = Generation.text();
    List<SseEvent> events = new ArrayList<>();
    Map<String, Object> inProgress = responseObject(g, responseId, created, "in_progress", List.of(), null);
    add(events, "response.created", obj("response", inProgress));
    add(events, "response.in_progress", obj("response", inProgress));
    add(events, "response.output_item.added",
        obj("output_index", 0, "item", message(messageId, "in_progress", List.of())));
    add(events, "response.content_part.added",
        obj("item_id", messageId, "output_index", 0, "content_index", 0, "part", outputText("")));
    for (String piece : Generation.TEXT_PIECES) {
      add(events, "response.output_text.delta", obj("item_id", messageId, "output_index", 0,
          "content_index", 0, "delta", piece, "logprobs", List.of()));
    }
    add(events, "response.output_text.done", obj("item_id", messageId, "output_index", 0,
        "content_index", 0, "text", text, "logprobs", List.of()));
    add(events, "response.content_part.done",
        obj("item_id", messageId, "output_index", 0, "content_index", 0, "part", outputText(text)));
    Map<String, Object> done = message(messageId, "completed", List.of(outputText(text)));
    add(events, "response.output_item.done", obj("output_index", 0, "item", done));
    add(events, "response.completed", obj("response",
        responseObject(g, responseId, created, "completed", List.of(done), usage(g.usage()))));
    return events;
  }

  /** Adds {@code type} and the running {@code sequence_number} every Responses event carries. */
  private static void add(List<SseEvent> events, String type, Map<String, Object> fields) {
    Map<String, Object> data = obj("type", type);
    data.putAll(fields);
    data.put("sequence_number", events.size());
    events.add(SseEvent.named(type, data));
  }

  private static Map<String, Object> responseObject(Generation g, String id, long created, String status,
      List<Object> output, Map<String, Object> usage) {
    return obj(
        "id", id,
        "object", "response",
        "created_at", created,
        "status", status,
        "background", false,
        "error", null,
        "incomplete_details", null,
        "instructions", g.request().get("instructions"),
        "max_output_tokens", g.request().get("max_output_tokens"),
        "model", g.model(),
        "output", output,
        "parallel_tool_calls", true,
        "previous_response_id", g.request().get("previous_response_id"),
        "reasoning", obj("effort", null, "summary", null),
        "service_tier", "default",
        "store", true,
        "temperature", 1.0,
        "text", obj("format", obj("type", "text")),
        "tool_choice", "auto",
        "tools", List.of(),
        "top_p", 1.0,
        "truncation", "disabled",
        "usage", usage,
        "user", null,
        "metadata", obj());
  }

  private static Map<String, Object> message(String id, String status, List<Object> content) {
    return obj("id", id, "type", "message", "status", status, "role", "assistant", "content", content);
  }

  private static Map<String, Object> outputText(String text) {
    return obj("type", "output_text", "text", text, "annotations", List.of(), "logprobs", List.of());
  }

  static Map<String, Object> usage(UsagePlan u) {
    return obj(
        "input_tokens", u.promptTokens(),
        "input_tokens_details", obj("cached_tokens", u.cachedTokens(), "cache_write_tokens", u.cacheWriteTokens()),
        "output_tokens", u.completionTokens(),
        "output_tokens_details", obj("reasoning_tokens", u.reasoningTokens()),
        "total_tokens", u.totalTokens());
  }
}

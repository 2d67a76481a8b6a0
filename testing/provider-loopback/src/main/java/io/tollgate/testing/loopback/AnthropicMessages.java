package io.tollgate.testing.loopback;

import static io.tollgate.testing.loopback.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Anthropic Messages bodies: the {@code message} object and its named-event SSE stream. */
final class AnthropicMessages {

  static final String DEFAULT_MODEL = "claude-sonnet-4-5";

  private AnthropicMessages() {}

  static Map<String, Object> message(Generation g) {
    return obj(
        "id", Ids.next("msg_01", 22),
        "type", "message",
        "role", "assistant",
        "model", g.model(),
        "content", List.of(obj("type", "text", "text", Generation.text())),
        "stop_reason", "end_turn",
        "stop_sequence", null,
        "usage", usage(g.usage(), g.usage().completionTokens()));
  }

  /**
   * message_start (input and cache counts, a small initial output count), one text block,
   * message_delta with the CUMULATIVE output count, message_stop.
   */
  static List<SseEvent> events(Generation g) {
    long outputTokens = g.usage().completionTokens();
    Map<String, Object> start = obj(
        "id", Ids.next("msg_01", 22),
        "type", "message",
        "role", "assistant",
        "model", g.model(),
        "content", List.of(),
        "stop_reason", null,
        "stop_sequence", null,
        "usage", usage(g.usage(), Math.min(1, outputTokens)));
    List<SseEvent> events = new ArrayList<>();
    events.add(SseEvent.named("message_start", obj("type", "message_start", "message", start)));
    events.add(SseEvent.named("content_block_start", obj("type", "content_block_start", "index", 0,
        "content_block", obj("type", "text", "text", ""))));
    events.add(SseEvent.named("ping", obj("type", "ping")));
    for (String piece : Generation.TEXT_PIECES) {
      events.add(SseEvent.named("content_block_delta", obj("type", "content_block_delta", "index", 0,
          "delta", obj("type", "text_delta", "text", piece))));
    }
    events.add(SseEvent.named("content_block_stop", obj("type", "content_block_stop", "index", 0)));
    events.add(SseEvent.named("message_delta", obj("type", "message_delta",
        "delta", obj("stop_reason", "end_turn", "stop_sequence", null),
        "usage", obj("output_tokens", outputTokens))));
    events.add(SseEvent.named("message_stop", obj("type", "message_stop")));
    return events;
  }

  /** {@code input_tokens} excludes cache reads and writes, as Anthropic reports it. */
  private static Map<String, Object> usage(UsagePlan u, long outputTokens) {
    return obj(
        "input_tokens", u.promptTokens(),
        "cache_creation_input_tokens", u.cacheCreationInputTokens(),
        "cache_read_input_tokens", u.cacheReadInputTokens(),
        "cache_creation", obj(
            "ephemeral_5m_input_tokens", u.cacheCreation5mInputTokens(),
            "ephemeral_1h_input_tokens", u.cacheCreation1hInputTokens()),
        "output_tokens", outputTokens,
        "service_tier", "standard",
        "server_tool_use", null);
  }
}

package io.tollgate.testing.loopback;

import static io.tollgate.testing.loopback.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** OpenAI Chat Completions bodies: {@code chat.completion} and the {@code chat.completion.chunk} stream. */
final class OpenAiChat {

  static final String DEFAULT_MODEL = "gpt-4o-mini";
  private static final String FINGERPRINT = "fp_loopback01";

  private OpenAiChat() {}

  static Map<String, Object> completion(Generation g) {
    long n = Math.max(1, g.longParam("n", 1));
    List<Object> choices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      choices.add(obj(
          "index", i,
          "message", obj("role", "assistant", "content", Generation.text(), "refusal", null,
              "annotations", List.of()),
          "logprobs", null,
          "finish_reason", "stop"));
    }
    return obj(
        "id", Ids.next("chatcmpl-", 29),
        "object", "chat.completion",
        "created", Ids.epochSeconds(),
        "model", g.model(),
        "choices", choices,
        "usage", usage(g.usage()),
        "service_tier", serviceTier(g),
        "system_fingerprint", FINGERPRINT);
  }

  /**
   * The chunk stream; the usage-only chunk ({@code "choices":[]}) comes only when the request set
   * {@code stream_options.include_usage}, and then every earlier chunk says {@code "usage":null}.
   */
  static List<SseEvent> chunks(Generation g) {
    String id = Ids.next("chatcmpl-", 29);
    long created = Ids.epochSeconds();
    boolean includeUsage = g.includeUsage();
    List<SseEvent> events = new ArrayList<>();
    events.add(SseEvent.data(chunk(g, id, created, includeUsage,
        obj("role", "assistant", "content", "", "refusal", null), null)));
    for (String piece : Generation.TEXT_PIECES) {
      events.add(SseEvent.data(chunk(g, id, created, includeUsage, obj("content", piece), null)));
    }
    events.add(SseEvent.data(chunk(g, id, created, includeUsage, obj(), "stop")));
    if (includeUsage) {
      events.add(SseEvent.data(obj(
          "id", id, "object", "chat.completion.chunk", "created", created, "model", g.model(),
          "service_tier", serviceTier(g), "system_fingerprint", FINGERPRINT,
          "choices", List.of(), "usage", usage(g.usage()))));
    }
    events.add(new SseEvent(null, "[DONE]"));
    return events;
  }

  private static Map<String, Object> chunk(Generation g, String id, long created, boolean includeUsage,
      Map<String, Object> delta, String finishReason) {
    Map<String, Object> chunk = obj(
        "id", id, "object", "chat.completion.chunk", "created", created, "model", g.model(),
        "service_tier", serviceTier(g), "system_fingerprint", FINGERPRINT,
        "choices", List.of(obj("index", 0, "delta", delta, "logprobs", null, "finish_reason", finishReason)));
    if (includeUsage) {
      chunk.put("usage", null);
    }
    return chunk;
  }

  static Map<String, Object> usage(UsagePlan u) {
    return obj(
        "prompt_tokens", u.promptTokens(),
        "completion_tokens", u.completionTokens(),
        "total_tokens", u.totalTokens(),
        "prompt_tokens_details", obj("cached_tokens", u.cachedTokens(), "cache_write_tokens", u.cacheWriteTokens(),
            "audio_tokens", 0),
        "completion_tokens_details", obj("reasoning_tokens", u.reasoningTokens(), "audio_tokens", 0,
            "accepted_prediction_tokens", 0, "rejected_prediction_tokens", 0));
  }

  /** Echoes the requested tier (flex/priority matter for pricing); "auto" is answered as "default". */
  private static String serviceTier(Generation g) {
    String tier = g.stringParam("service_tier");
    return tier == null || tier.equals("auto") ? "default" : tier;
  }
}

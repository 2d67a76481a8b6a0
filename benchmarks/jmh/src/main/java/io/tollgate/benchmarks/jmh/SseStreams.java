package io.tollgate.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streamed responses as the providers send them, one byte array per server-sent event (how a
 * streamed body usually arrives: one read per event). The field layout follows captured responses,
 * so the byte scans and parses cost what they cost on real traffic.
 */
final class SseStreams {
  /** Content chunks per stream: a reply of a few hundred tokens. */
  static final int CONTENT_CHUNKS = 200;
  /** OpenAI chat: role chunk, content chunks, finish chunk, usage chunk, [DONE]. */
  static final int OPENAI_CHAT_EVENTS = CONTENT_CHUNKS + 4;
  /** Anthropic: message_start, content_block_start, ping, deltas, content_block_stop, message_delta, message_stop. */
  static final int ANTHROPIC_EVENTS = CONTENT_CHUNKS + 6;

  private static final String[] WORDS = {" The", " stream", " carries", " one", " token", " per", " chunk", ",",
      " and", " usage", " arrives", " only", " at", " the", " very", " end", " of", " it", "."};

  private SseStreams() {}

  /** A Chat Completions stream whose request asked for usage ({@code stream_options.include_usage}). */
  static List<byte[]> openAiChat() {
    return openAiChat(CONTENT_CHUNKS, true);
  }

  /** Without {@code usageAsked}, as OpenAI answers a request that did not ask: no usage chunk, no usage members. */
  static List<byte[]> openAiChat(int contentChunks, boolean usageAsked) {
    String usage = usageAsked ? "null" : null;
    List<byte[]> events = new ArrayList<>(contentChunks + 4);
    events.add(openAiChunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null", usage));
    for (int i = 0; i < contentChunks; i++) {
      events.add(openAiChunk("{\"content\":\"" + WORDS[i % WORDS.length] + "\"}", "null", usage));
    }
    events.add(openAiChunk("{}", "\"stop\"", usage));
    if (usageAsked) {
      events.add(sse(null, "{\"id\":\"chatcmpl-BbRqXq5x2N8Yt0pLzKc1vH7Wm3dQe\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1748000000,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\","
          + "\"system_fingerprint\":\"fp_07871e2ad8\",\"choices\":[],\"usage\":{\"prompt_tokens\":1212,"
          + "\"completion_tokens\":200,\"total_tokens\":1412,\"prompt_tokens_details\":{\"cached_tokens\":1024,"
          + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
          + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"obfuscation\":\"q3Xz\"}"));
    }
    events.add(sse(null, "[DONE]"));
    return events;
  }

  private static byte[] openAiChunk(String delta, String finishReason, String usage) {
    return sse(null, "{\"id\":\"chatcmpl-BbRqXq5x2N8Yt0pLzKc1vH7Wm3dQe\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1748000000,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\","
        + "\"system_fingerprint\":\"fp_07871e2ad8\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]" + (usage == null ? "" : ",\"usage\":" + usage)
        + ",\"obfuscation\":\"a1B2c\"}");
  }

  /** A Messages stream with one text block. */
  static List<byte[]> anthropicMessages() {
    List<byte[]> events = new ArrayList<>(ANTHROPIC_EVENTS);
    events.add(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\","
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1212,\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":1024,\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,"
        + "\"ephemeral_1h_input_tokens\":0},\"output_tokens\":1,\"service_tier\":\"standard\"}}}"));
    events.add(sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    events.add(sse("ping", "{\"type\":\"ping\"}"));
    for (int i = 0; i < CONTENT_CHUNKS; i++) {
      events.add(sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
          + WORDS[i % WORDS.length] + "\"}}"));
    }
    events.add(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    events.add(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
        + "\"usage\":{\"input_tokens\":1212,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1024,\"output_tokens\":200}}"));
    events.add(sse("message_stop", "{\"type\":\"message_stop\"}"));
    return events;
  }

  private static byte[] sse(String event, String data) {
    String text = (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

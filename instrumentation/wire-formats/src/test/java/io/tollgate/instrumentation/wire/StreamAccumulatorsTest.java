package io.tollgate.instrumentation.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.SseEventReader;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.instrumentation.wire.anthropic.AnthropicWireFormat;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Streams as the providers document them. */
class StreamAccumulatorsTest {
  private static StreamAccumulator read(StreamAccumulator acc, String sse) {
    SseEventReader reader = new SseEventReader(acc);
    byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
    reader.feed(bytes, 0, bytes.length, System.nanoTime());
    reader.finish();
    return acc;
  }

  @Test
  void openAiChatUsageChunk() {
    StreamAccumulator s = read(new OpenAiWireFormat().newStream(OpenAiWireFormat.CHAT_COMPLETIONS), """
        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}

        data: [DONE]

        """);
    assertTrue(s.ended());
    assertEquals(new Usage(19, 10, 0, 0, 0, 0), s.facts().usage());
    assertEquals("gpt-4o-2024-08-06", s.facts().model());
    assertEquals(java.util.List.of("stop"), s.facts().finishReasons());
    assertEquals(4, s.chunks());
    assertTrue(s.firstChunkNanos() > 0);
    assertEquals("Hi", s.outputText());
  }

  @Test
  void openAiChatWithoutUsageKeepsTheTextForAnEstimate() {
    StreamAccumulator s = read(new OpenAiWireFormat().newStream(OpenAiWireFormat.CHAT_COMPLETIONS), """
        data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}

        data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":" world"},"finish_reason":null}]}

        """);
    assertNull(s.facts().usage());
    assertEquals("Hello world", s.outputText());
    assertTrue(!s.ended(), "cut short: no [DONE]");
    assertTrue(!s.answerComplete(), "and no finish reason");
  }

  @Test
  void anOpenAiChatAnswerIsCompleteAtItsFinishReasonBeforeItsUsageChunk() {
    StreamAccumulator s = read(new OpenAiWireFormat().newStream(OpenAiWireFormat.CHAT_COMPLETIONS), """
        data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}

        data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

        """);
    assertTrue(!s.ended());
    assertTrue(s.answerComplete());
  }

  @Test
  void anAnthropicStreamCutBeforeItsMessageDeltaHasNoFinalOutputCount() {
    String start = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"usage":{"input_tokens":2000,"cache_read_input_tokens":1000,"output_tokens":1}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Refunds are"}}

        """;
    StreamAccumulator cut = read(new AnthropicWireFormat().newStream(AnthropicWireFormat.MESSAGES), start);
    assertTrue(cut.facts().outputSoFar(), "message_start's output count is where the count began, not where it ended");
    assertEquals(3000, cut.facts().usage().inputTokens(), "its input and cache counts are final");
    assertTrue(!cut.answerComplete());

    StreamAccumulator whole = read(new AnthropicWireFormat().newStream(AnthropicWireFormat.MESSAGES), start + """
        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}

        """);
    assertTrue(!whole.facts().outputSoFar());
    assertEquals(42, whole.facts().usage().outputTokens());
    assertTrue(whole.answerComplete(), "the stop reason came, message_stop did not: the answer is whole");
  }

  @Test
  void openAiResponsesTerminalEvent() {
    StreamAccumulator s = read(new OpenAiWireFormat().newStream(OpenAiWireFormat.RESPONSES), """
        event: response.created
        data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"o4-mini-2025-04-16","status":"in_progress","usage":null}}

        event: response.output_text.delta
        data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}

        event: response.completed
        data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_1","model":"o4-mini-2025-04-16","status":"completed","usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":0},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":48}}}

        """);
    assertTrue(s.ended());
    assertEquals(new Usage(37, 11, 0, 0, 0, 0), s.facts().usage());
    assertEquals("o4-mini-2025-04-16", s.facts().model());
    assertEquals("Hi", s.outputText());
  }

  @Test
  void anthropicDeltaUsageIsCumulativeNotAdded() {
    StreamAccumulator s = read(new AnthropicWireFormat().newStream(AnthropicWireFormat.MESSAGES), """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}

        """);
    assertTrue(s.ended());
    assertEquals(new Usage(125, 15, 100, 0, 0, 0), s.facts().usage());
    assertEquals(java.util.List.of("end_turn"), s.facts().finishReasons());
    assertEquals("Hello", s.outputText());
  }
}

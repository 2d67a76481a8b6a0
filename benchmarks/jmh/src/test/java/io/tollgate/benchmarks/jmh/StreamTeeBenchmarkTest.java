package io.tollgate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The benchmarked streams are read to the end, as on real traffic: a benchmark of a path that gives up early would flatter the tee. */
class StreamTeeBenchmarkTest {
  private final StreamTeeBenchmark benchmark = new StreamTeeBenchmark();

  @Test
  void openAiChatStreamIsReadToItsUsage() {
    StreamAccumulator s = benchmark.openAiChatChunk();
    assertEquals(new Usage(1212, 200, 1024, 0, 0, 0), s.facts().usage());
    assertEquals(SseStreams.CONTENT_CHUNKS + 3, s.chunks());
    assertTrue(s.ended());
  }

  @Test
  void injectedUsageChunkIsReadAndHiddenFromTheApplication() {
    ByteArrayOutputStream passedOn = new ByteArrayOutputStream();
    StreamAccumulator s = StreamTeeBenchmark.readFiltered(new OpenAiWireFormat(),
        SseStreams.openAiChat(), passedOn::writeBytes);
    assertEquals(1212, s.facts().usage().inputTokens());
    String seen = passedOn.toString(StandardCharsets.UTF_8);
    assertTrue(!seen.contains("\"prompt_tokens\"") && seen.endsWith("data: [DONE]\n\n"), "the application sees every chunk but the usage one");
  }

  @Test
  void anthropicStreamIsReadToItsCumulativeUsage() {
    StreamAccumulator s = benchmark.anthropicMessageEvent();
    assertEquals(new Usage(1212 + 1024, 200, 1024, 0, 0, 0), s.facts().usage());
    assertEquals(SseStreams.CONTENT_CHUNKS, s.chunks());
    assertTrue(s.ended());
  }
}

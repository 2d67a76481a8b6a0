package io.tollgate.benchmarks.jmh;

import io.tollgate.core.wire.InjectedUsageFilter;
import io.tollgate.core.wire.SseEventReader;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.instrumentation.wire.anthropic.AnthropicWireFormat;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the tee adds per streamed chunk: the bytes of each event, as a read hands them over, go
 * through {@link SseEventReader} to the wire format's stream reader (and, for an openai-java stream
 * that did not ask for usage, through {@link InjectedUsageFilter} as well). One invocation reads a
 * whole stream, per-stream set-up included; scores are ns per event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StreamTeeBenchmark {
  private final OpenAiWireFormat openAi = new OpenAiWireFormat();
  private final AnthropicWireFormat anthropic = new AnthropicWireFormat();
  private final List<byte[]> openAiChat = SseStreams.openAiChat();
  private final List<byte[]> anthropicMessages = SseStreams.anthropicMessages();

  /** The framing alone (event boundaries, data lines), for a reader that ignores every event: the floor under the others. */
  @Benchmark
  @OperationsPerInvocation(SseStreams.OPENAI_CHAT_EVENTS)
  public StreamAccumulator sseFramingOnly() {
    return read(new IgnoredEvents(), openAiChat);
  }

  /** A stream whose request asked for usage itself: the tee only reads. */
  @Benchmark
  @OperationsPerInvocation(SseStreams.OPENAI_CHAT_EVENTS)
  public StreamAccumulator openAiChatChunk() {
    return read(openAi.newStream(OpenAiWireFormat.CHAT_COMPLETIONS), openAiChat);
  }

  /** openai-java's default: Tollgate asked for usage, so the usage chunk is also taken out of what the application reads. */
  @Benchmark
  @OperationsPerInvocation(SseStreams.OPENAI_CHAT_EVENTS)
  public StreamAccumulator openAiChatChunkUsageInjected(Blackhole passedOn) {
    return readFiltered(openAi, openAiChat, passedOn::consume);
  }

  @Benchmark
  @OperationsPerInvocation(SseStreams.ANTHROPIC_EVENTS)
  public StreamAccumulator anthropicMessageEvent() {
    return read(anthropic.newStream(AnthropicWireFormat.MESSAGES), anthropicMessages);
  }

  static StreamAccumulator read(StreamAccumulator stream, List<byte[]> events) {
    SseEventReader reader = new SseEventReader(stream);
    for (byte[] event : events) {
      reader.feed(event, 0, event.length, 0L);
    }
    reader.finish();
    return stream;
  }

  /** As the tee reads a stream it rewrites: each event is read, then filtered before the application gets it. */
  static StreamAccumulator readFiltered(OpenAiWireFormat format, List<byte[]> events, Consumer<byte[]> passedOn) {
    StreamAccumulator stream = format.newStream(OpenAiWireFormat.CHAT_COMPLETIONS);
    SseEventReader reader = new SseEventReader(stream);
    InjectedUsageFilter filter = new InjectedUsageFilter(format);
    for (int i = 0; i < events.size(); i++) {
      byte[] event = events.get(i);
      reader.feed(event, 0, event.length, 0L);
      passedOn.accept(filter.filter(event, 0, event.length, i == events.size() - 1));
    }
    reader.finish();
    return stream;
  }
}

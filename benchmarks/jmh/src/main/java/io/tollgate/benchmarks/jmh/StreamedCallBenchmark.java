package io.tollgate.benchmarks.jmh;

import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Tollgate;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okio.BufferedSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Tollgate adds on the application's thread to a streamed OpenAI chat call through OkHttp, whose request did not
 * ask for usage (openai-java's default, so Tollgate asks for it and takes the answer out again), against the same
 * fake chain without Tollgate. {@code firstChunk*}: from the call to the first event read, then the body closed (what
 * the time to first chunk carries, plus the close); {@code wholeStream*}: a short reply read to its end. The body
 * arrives one event per read, as a chunked event stream does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamedCallBenchmark {
  /** Content chunks of the reply: a short answer, as the end-to-end benchmark's server gives. */
  private static final int CHUNKS = 6;

  @Benchmark
  public int firstChunkWithoutAgent() throws IOException {
    return withoutAgent(StreamedCallBenchmark::firstEvent);
  }

  @Benchmark
  public int firstChunk(PerCallBenchmark.Agent agent) throws IOException {
    return throughAgent(agent, StreamedCallBenchmark::firstEvent);
  }

  @Benchmark
  public int wholeStreamWithoutAgent() throws IOException {
    return withoutAgent(StreamedCallBenchmark::allEvents);
  }

  @Benchmark
  public int wholeStream(PerCallBenchmark.Agent agent) throws IOException {
    return throughAgent(agent, StreamedCallBenchmark::allEvents);
  }

  private interface Reader {
    int read(Response response) throws IOException;
  }

  private static int withoutAgent(Reader application) throws IOException {
    FakeProviderChain chain = chain();
    return application.read(chain.proceed(chain.request()));
  }

  /** As the openai-java advice does on a synchronous call: a logical call around the interceptor. */
  private static int throughAgent(PerCallBenchmark.Agent agent, Reader application) throws IOException {
    String id = Tollgate.tracker().beginLogicalCall();
    Tollgate.enterThreadCall(id);
    try {
      return application.read(agent.interceptor.intercept(chain()));
    } finally {
      Tollgate.endLogicalCallAfter(id, null);
    }
  }

  private static FakeProviderChain chain() {
    return new FakeProviderChain(
        FakeProviderChain.sdkRequest(CallTracker.LOGICAL_CALL_HEADER, null, FakeProviderChain.STREAM_REQUEST), CHUNKS);
  }

  /** As an SDK reads server-sent events: line by line up to the blank line that ends the first. */
  private static int firstEvent(Response response) throws IOException {
    try (response) {
      BufferedSource source = response.body().source();
      int length = 0;
      for (String line; (line = source.readUtf8Line()) != null && !line.isEmpty(); ) {
        length += line.length();
      }
      return length;
    }
  }

  private static int allEvents(Response response) throws IOException {
    try (response) {
      BufferedSource source = response.body().source();
      int length = 0;
      for (String line; (line = source.readUtf8Line()) != null; ) {
        length += line.length();
      }
      return length;
    }
  }
}

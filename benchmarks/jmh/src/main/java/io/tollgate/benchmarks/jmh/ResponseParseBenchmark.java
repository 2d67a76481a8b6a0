package io.tollgate.benchmarks.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the usage of a non-streamed chat response with the incremental parser (the export thread feeds it a held
 * body at once; a body past the hold bound is fed read by read: two reads here), beside Jackson tokenising the same
 * document with nothing collected (the floor).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResponseParseBenchmark {
  private static final OpenAiWireFormat FORMAT = new OpenAiWireFormat();
  private static final byte[] BODY = FakeProviderChain.RESPONSE;
  private static final int SPLIT = BODY.length / 2;

  private final JsonPaths paths = FORMAT.responsePaths(FORMAT.operation("POST", "/chat/completions"));

  @Benchmark
  public JsonLeaves incremental() {
    JsonLeafCollector c = new JsonLeafCollector(paths);
    c.feed(BODY, 0, SPLIT);
    c.feed(BODY, SPLIT, BODY.length - SPLIT);
    c.end();
    return c.leaves();
  }

  private static final JsonFactory PLAIN = new JsonFactory();

  @Benchmark
  public int tokensOnly() throws java.io.IOException {
    int n = 0;
    try (JsonParser p = PLAIN.createParser(BODY)) {
      while (p.nextToken() != null) {
        n++;
      }
    }
    return n;
  }
}

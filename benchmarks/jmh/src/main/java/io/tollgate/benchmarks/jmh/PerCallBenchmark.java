package io.tollgate.benchmarks.jmh;

import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.call.CallRecorder;
import io.tollgate.core.call.CallTrackerImpl;
import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PricingCatalog;
import io.tollgate.core.provider.ProviderMatcher;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.ResourceInfo;
import io.tollgate.instrumentation.okhttp.TollgateInterceptor;
import io.tollgate.instrumentation.wire.anthropic.AnthropicWireFormat;
import io.tollgate.instrumentation.wire.gemini.GeminiWireFormat;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Tollgate does on the application's thread for one non-streamed OpenAI chat call through
 * OkHttp: open the logical call (as the openai-java advice does on a synchronous call), the interceptor (match, read the
 * request body, parse its facts, send the same bytes), the response tee while the application reads
 * the body, and handing the finished call to the export queue. {@code chainOnly} is the same fake
 * chain without Tollgate, the floor to subtract; {@code withRecordBuilt} also builds and prices the
 * record, which the agent does on its export thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PerCallBenchmark {

  @State(Scope.Thread)
  public static class Agent {
    int queued;
    Supplier<CostRecord> lastQueued;
    CallTrackerImpl tracker;
    Interceptor interceptor;
    boolean buildRecords;
    CostRecord lastRecord;

    @Setup
    public void setUp() {
      CostCalculator calculator = new CostCalculator(PricingCatalog.bundled());
      Consumer<Supplier<CostRecord>> exportQueue = pending -> {
        if (buildRecords) {
          lastRecord = pending.get();
        } else {
          queued++;
          // as the export queue would: a record never built gives its held response body back, or the bound on
          // held bodies fills and every later body is parsed on the calling thread, which is not the agent's path
          if (lastQueued instanceof io.tollgate.core.export.DropAware previous) {
            previous.dropped();
          }
          lastQueued = pending;
        }
      };
      ProviderMatcher matcher = ProviderMatcher.create(AgentConfig.of(Map.of()), Map.of(
          "openai", new OpenAiWireFormat(), "anthropic", new AnthropicWireFormat(), "gemini", new GeminiWireFormat()));
      tracker = new CallTrackerImpl(matcher,
          new CallRecorder(() -> calculator, new ResourceInfo("bench", Map.of()), exportQueue), true);
      Tollgate.install(tracker, (where, error) -> {
        throw new AssertionError("internal failure in " + where, error);
      });
      List<Interceptor> interceptors = new ArrayList<>();
      TollgateInterceptor.addTo(interceptors);
      interceptor = interceptors.get(0);
    }
  }

  @State(Scope.Thread)
  public static class AgentBuildingRecords extends Agent {
    @Override
    @Setup
    public void setUp() {
      super.setUp();
      buildRecords = true;
    }
  }

  @Benchmark
  public int chainOnly() throws IOException {
    FakeProviderChain chain = new FakeProviderChain(FakeProviderChain.sdkRequest(CallTracker.LOGICAL_CALL_HEADER, null));
    return readByApplication(chain.proceed(chain.request())) + chain.requestBytesSent;
  }

  @Benchmark
  public int throughInterceptor(Agent agent) throws IOException {
    return call(agent);
  }

  @Benchmark
  public int withRecordBuilt(AgentBuildingRecords agent) throws IOException {
    return call(agent);
  }

  static int call(Agent agent) throws IOException {
    String id = Tollgate.tracker().beginLogicalCall();
    Tollgate.enterThreadCall(id); // as the advice on a synchronous SDK call does
    try {
      FakeProviderChain chain = new FakeProviderChain(FakeProviderChain.sdkRequest(CallTracker.LOGICAL_CALL_HEADER, null));
      return readByApplication(agent.interceptor.intercept(chain)) + chain.requestBytesSent;
    } finally {
      Tollgate.endLogicalCallAfter(id, null);
    }
  }

  /** As an SDK reads a JSON response: the whole body, then close. */
  private static int readByApplication(Response response) throws IOException {
    try (response) {
      return response.body().source().readByteArray().length;
    }
  }
}

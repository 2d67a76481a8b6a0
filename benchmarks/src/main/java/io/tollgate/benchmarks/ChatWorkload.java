package io.tollgate.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An ordinary openai-java application doing chat completions in a loop: the thing whose speed the
 * benchmark compares with and without an agent. It knows nothing of any agent. It prints one
 * {@link WorkloadResult} line on stdout; the number of calls it made is in that line so the
 * orchestrator can check the Tollgate ledger against it.
 */
public final class ChatWorkload {
  /** Printed after the warm-up when asked to wait there. */
  public static final String WARMED = "WARMED";

  /** The model every call asks for; the orchestrator looks for it in the ledger. */
  public static final String MODEL = "gpt-4o-mini";

  private ChatWorkload() {}

  public static void main(String[] args) throws Exception {
    // first thing: the agents' premain and JVM boot are all before this instant
    long mainAtMs = System.currentTimeMillis();
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    WorkloadOptions options = WorkloadOptions.parse(args);

    OpenAIClient client = OpenAIOkHttpClient.builder()
        .baseUrl(options.baseUrl())
        .apiKey("sk-benchmark-not-a-secret")
        .maxRetries(0) // a retried call would be two requests but one ledger line; fail loudly instead
        .build();
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addUserMessage("Say hello in five words.")
        .build();
    long sink = 0;
    try {
      // start-up cost includes the agents transforming the SDK's and OkHttp's classes on first use
      sink += call(client, params);
      long firstCallAtMs = System.currentTimeMillis();

      long[] warmSink = {0};
      WarmUp.Outcome warmUp = WarmUp.run(() -> warmSink[0] += call(client, params), options.warmupCalls(),
          options.warmupSeconds());
      sink += warmSink[0];
      if (options.waitAfterWarmUp()) {
        // the orchestrator moves this JVM to its measuring CPU now, between warm-up and measurement
        System.out.println(WARMED);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }

      Histogram latencyNanos = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
      long jitStart = WarmUp.jitMillis();
      long cpuStart = processCpuNanos();
      long loopStart = System.nanoTime();
      for (int i = 0; i < options.measuredCalls(); i++) {
        long start = System.nanoTime();
        sink += call(client, params);
        latencyNanos.recordValue(System.nanoTime() - start);
      }
      double singleThreadRate = options.measuredCalls() / seconds(System.nanoTime() - loopStart);
      double singleThreadCpuUs = (processCpuNanos() - cpuStart) / 1000.0 / options.measuredCalls();
      long measuredJitMs = WarmUp.jitMillis() - jitStart;

      MultiThreadPhase mt = multiThreaded(client, params, options);
      sink += mt.sink();

      long total = 1L + warmUp.calls() + options.measuredCalls() + mt.calls();
      System.out.println(new WorkloadResult(warmUp.calls(), warmUp.millis(), warmUp.settled(),
          options.measuredCalls(), options.mtThreads(), mt.calls(), total, mainAtMs - jvmStartMs, firstCallAtMs - jvmStartMs,
          latencyNanos.getValueAtPercentile(50) / 1000.0, latencyNanos.getValueAtPercentile(99) / 1000.0,
          latencyNanos.getMean() / 1000.0, singleThreadRate, mt.callsPerSecond(), singleThreadCpuUs,
          mt.cpuUsPerCall(), measuredJitMs, processCpuNanos() / 1_000_000).toLine());
      // printed so the JIT cannot prove the responses unused
      System.err.println("response checksum " + sink);
    } finally {
      client.close();
    }
  }

  /** Returns something derived from the parsed response so its parsing is real work. */
  private static long call(OpenAIClient client, ChatCompletionCreateParams params) {
    ChatCompletion completion = client.chat().completions().create(params);
    return completion.id().length() + completion.choices().size();
  }

  private record MultiThreadPhase(int calls, double callsPerSecond, double cpuUsPerCall, long sink) {}

  /** Several threads sharing one client: CPU-bound on a small machine, so agent CPU cost shows here. */
  private static MultiThreadPhase multiThreaded(OpenAIClient client, ChatCompletionCreateParams params,
      WorkloadOptions options) throws Exception {
    int perThread = options.mtCallsPerThread();
    if (perThread == 0) {
      return new MultiThreadPhase(0, 0, 0, 0);
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.mtThreads());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> workers = new ArrayList<>();
      for (int t = 0; t < options.mtThreads(); t++) {
        Callable<Long> worker = () -> {
          go.await();
          long sink = 0;
          for (int i = 0; i < perThread; i++) {
            sink += call(client, params);
          }
          return sink;
        };
        workers.add(pool.submit(worker));
      }
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      go.countDown();
      long sink = 0;
      for (Future<Long> worker : workers) {
        sink += worker.get();
      }
      int calls = perThread * options.mtThreads();
      double rate = calls / seconds(System.nanoTime() - start);
      return new MultiThreadPhase(calls, rate, (processCpuNanos() - cpuStart) / 1000.0 / calls, sink);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * CPU time of the whole process (all threads: the caller's, the agent's own, GC, JIT), so work an
   * agent hands to a background thread is counted even where it does not lengthen the call.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}

package io.tollgate.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An ordinary openai-java application doing chat completions: the thing whose speed the benchmark
 * compares with and without an agent. It knows nothing of any agent. It makes one first call, reports
 * its start-up times, then obeys {@link WorkloadCommand}s on stdin (warm up, measure a slice, exit) and
 * answers each with one line on stdout. It exits when stdin closes, so it cannot outlive the orchestrator.
 */
public final class ChatWorkload {
  /** The model every call asks for; the orchestrator looks for it in the ledger. */
  public static final String MODEL = "gpt-4o-mini";

  private final OpenAIClient client;
  private final ChatCompletionCreateParams params;
  private final boolean stream;
  private long calls;
  /** Summed from every response and printed at the end, so the JIT cannot prove the responses unused. */
  private long sink;
  private ExecutorService pool;
  private int poolThreads;

  private ChatWorkload(OpenAIClient client, boolean stream) {
    this.client = client;
    this.stream = stream;
    this.params = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hello in five words.").build();
  }

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
    ChatWorkload workload = new ChatWorkload(client, options.stream());
    try {
      // start-up cost includes the agents transforming the SDK's and OkHttp's classes on first use
      workload.call();
      long firstCallAtMs = System.currentTimeMillis();
      answer(new StartupTimes(mainAtMs - jvmStartMs, firstCallAtMs - jvmStartMs).toLine());
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String command;
      while ((command = commands.readLine()) != null) {
        String[] w = command.trim().split("\\s+");
        switch (w[0]) {
          case "warm-up" -> answer(WarmUp.run(workload::call, Integer.parseInt(w[1]), Integer.parseInt(w[2])).toLine());
          case "measure" -> answer(workload.slice(Integer.parseInt(w[1]), Integer.parseInt(w[2]), Integer.parseInt(w[3]))
              .toLine());
          case "ttft" -> answer(workload.firstChunkTimes(Integer.parseInt(w[1])).toLine());
          case WorkloadCommand.EXIT -> {
            answer(new WorkloadExit(workload.calls).toLine());
            return;
          }
          default -> throw new IllegalArgumentException("unknown command '" + command + "'; " + WorkloadCommand.USAGE);
        }
      }
    } finally {
      System.err.println("response checksum " + workload.sink);
      workload.close();
      client.close();
    }
  }

  private static void answer(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private void call() {
    if (stream) {
      streamedCall();
      return;
    }
    ChatCompletion completion = client.chat().completions().create(params);
    sink += completion.id().length() + completion.choices().size();
    calls++;
  }

  /**
   * One streamed call read to its end, as an application shows a reply while it arrives; returns the
   * nanoseconds from the call to its first chunk, as the application sees them.
   */
  private long streamedCall() {
    long start = System.nanoTime();
    try (StreamResponse<ChatCompletionChunk> response = client.chat().completions().createStreaming(params)) {
      Iterator<ChatCompletionChunk> chunks = response.stream().iterator();
      ChatCompletionChunk first = chunks.next();
      long firstChunkNanos = System.nanoTime() - start;
      sink += first.id().length();
      while (chunks.hasNext()) {
        sink += chunks.next().choices().size();
      }
      calls++;
      return firstChunkNanos;
    }
  }

  private FirstChunkTimes firstChunkTimes(int n) {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      nanos[i] = streamedCall();
    }
    return FirstChunkTimes.ofNanos(nanos);
  }

  private SliceResult slice(int sliceCalls, int threads, int leadInCalls) throws Exception {
    for (int i = 0; i < leadInCalls; i++) {
      call();
    }
    Histogram latencyNanos = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    long jitStart = WarmUp.jitMillis();
    ProcessCpu cpuStart = ProcessCpu.now();
    long start = System.nanoTime();
    int made = threads <= 1 ? timedCalls(sliceCalls, latencyNanos) : timedCallsOnThreads(sliceCalls, threads, latencyNanos);
    long wallNanos = System.nanoTime() - start;
    ProcessCpu cpuEnd = ProcessCpu.now();
    long cpuNanos = cpuStart.nanosUntil(cpuEnd);
    return new SliceResult(Math.max(1, threads), made, wallNanos / 1000.0, cpuNanos / 1000.0,
        latencyNanos.getValueAtPercentile(50) / 1000.0, latencyNanos.getValueAtPercentile(99) / 1000.0,
        WarmUp.jitMillis() - jitStart, cpuStart.splitUntil(cpuEnd));
  }

  private int timedCalls(int n, Histogram latencyNanos) {
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      call();
      latencyNanos.recordValue(System.nanoTime() - start);
    }
    return n;
  }

  /**
   * Several threads sharing one client: CPU-bound on one CPU, so an agent's CPU cost shows here. The
   * pool lives across slices, so its threads (and their CPU counters) are not made anew each time.
   */
  private int timedCallsOnThreads(int n, int threads, Histogram latencyNanos) throws Exception {
    if (pool == null || poolThreads != threads) {
      close();
      pool = Executors.newFixedThreadPool(threads);
      poolThreads = threads;
    }
    int perThread = n / threads;
    List<Callable<Worker>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(() -> {
        Worker own = new Worker(new Histogram(TimeUnit.SECONDS.toNanos(30), 3));
        for (int i = 0; i < perThread; i++) {
          long start = System.nanoTime();
          ChatCompletion completion = client.chat().completions().create(params);
          own.latencyNanos.recordValue(System.nanoTime() - start);
          own.sink += completion.id().length() + completion.choices().size();
        }
        return own;
      });
    }
    for (Future<Worker> done : pool.invokeAll(workers)) {
      Worker worker = done.get();
      latencyNanos.add(worker.latencyNanos);
      sink += worker.sink;
    }
    calls += (long) perThread * threads;
    return perThread * threads;
  }

  /** One thread's share of a multi-threaded slice, merged on the caller's thread afterwards. */
  private static final class Worker {
    final Histogram latencyNanos;
    long sink;

    Worker(Histogram latencyNanos) {
      this.latencyNanos = latencyNanos;
    }
  }

  private void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    pool = null;
  }
}

package io.tollgate.benchmarks;

/**
 * The workload's sizes, given as program arguments rather than -D flags so that every child JVM of
 * the benchmark has byte-for-byte the same JVM options apart from its -javaagent.
 *
 * @param warmupCalls calls always made before measuring
 * @param warmupSeconds after those, at most this long warming up further until the JIT goes quiet; 0 for none
 * @param waitAfterWarmUp print {@link ChatWorkload#WARMED} after the warm-up and wait for a line on
 *     stdin, so the orchestrator can pin this JVM to its CPU before measuring
 */
public record WorkloadOptions(String baseUrl, int warmupCalls, int warmupSeconds, int measuredCalls, int mtThreads,
    int mtCalls, boolean waitAfterWarmUp) {

  public static WorkloadOptions parse(String[] args) {
    String baseUrl = null;
    int warmup = 5000;
    int warmupSeconds = 0;
    int calls = 2000;
    int threads = 4;
    int mtCalls = 2000;
    boolean waitAfterWarmUp = false;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--base-url" -> baseUrl = value;
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(value);
        case "--calls" -> calls = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--mt-calls" -> mtCalls = Integer.parseInt(value);
        case "--wait-after-warm-up" -> waitAfterWarmUp = Boolean.parseBoolean(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
      }
      i++;
    }
    if (baseUrl == null || calls < 1 || warmup < 0 || warmupSeconds < 0 || threads < 0 || mtCalls < 0) {
      throw new IllegalArgumentException(USAGE);
    }
    return new WorkloadOptions(baseUrl, warmup, warmupSeconds, calls, threads, mtCalls, waitAfterWarmUp);
  }

  public String[] toArgs() {
    return new String[] {"--base-url", baseUrl, "--warmup", Integer.toString(warmupCalls),
        "--warmup-seconds", Integer.toString(warmupSeconds), "--calls", Integer.toString(measuredCalls),
        "--threads", Integer.toString(mtThreads), "--mt-calls", Integer.toString(mtCalls),
        "--wait-after-warm-up", Boolean.toString(waitAfterWarmUp)};
  }

  /** Calls per thread in the multi-threaded phase; the remainder of an uneven split is not made. */
  public int mtCallsPerThread() {
    return mtThreads == 0 ? 0 : mtCalls / mtThreads;
  }

  private static final String USAGE = "usage: ChatWorkload --base-url URL [--warmup N] [--warmup-seconds S]"
      + " [--calls N>0] [--threads N] [--mt-calls N] [--wait-after-warm-up true]";
}

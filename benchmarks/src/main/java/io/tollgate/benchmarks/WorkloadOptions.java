package io.tollgate.benchmarks;

/**
 * The workload's sizes, given as program arguments rather than -D flags so that every child JVM of
 * the benchmark has byte-for-byte the same JVM options apart from its -javaagent.
 */
public record WorkloadOptions(String baseUrl, int warmupCalls, int measuredCalls, int mtThreads, int mtCalls) {

  public static WorkloadOptions parse(String[] args) {
    String baseUrl = null;
    int warmup = 3000;
    int calls = 4000;
    int threads = 4;
    int mtCalls = 4000;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--base-url" -> baseUrl = value;
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--calls" -> calls = Integer.parseInt(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--mt-calls" -> mtCalls = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
      }
      i++;
    }
    if (baseUrl == null || calls < 1 || warmup < 0 || threads < 0 || mtCalls < 0) {
      throw new IllegalArgumentException(USAGE);
    }
    return new WorkloadOptions(baseUrl, warmup, calls, threads, mtCalls);
  }

  public String[] toArgs() {
    return new String[] {"--base-url", baseUrl, "--warmup", Integer.toString(warmupCalls),
        "--calls", Integer.toString(measuredCalls), "--threads", Integer.toString(mtThreads),
        "--mt-calls", Integer.toString(mtCalls)};
  }

  /** Calls per thread in the multi-threaded phase; the remainder of an uneven split is not made. */
  public int mtCallsPerThread() {
    return mtThreads == 0 ? 0 : mtCalls / mtThreads;
  }

  private static final String USAGE =
      "usage: ChatWorkload --base-url URL [--warmup N] [--calls N>0] [--threads N] [--mt-calls N]";
}

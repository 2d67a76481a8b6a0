package io.tollgate.benchmarks;

import java.util.Locale;

/**
 * The commands the orchestrator writes, one a line, to a workload JVM's stdin; the JVM answers each with
 * one line on stdout. A JVM does nothing between commands, so while one JVM measures the others idle.
 */
final class WorkloadCommand {
  static final String USAGE = "'warm-up MIN_CALLS MAX_SECONDS' (answers WARMED), "
      + "'measure CALLS THREADS LEAD_IN_CALLS' (answers SLICE), 'ttft CALLS' (streamed calls; answers TTFT), "
      + "'exit' (answers DONE)";

  private WorkloadCommand() {}

  static String warmUp(int minimumCalls, int maxSeconds) {
    return "warm-up " + minimumCalls + " " + maxSeconds;
  }

  /** {@code leadInCalls} unmeasured calls first, to refill caches the JVMs that ran meanwhile evicted. */
  static String measure(int calls, int threads, int leadInCalls) {
    return String.format(Locale.ROOT, "measure %d %d %d", calls, threads, leadInCalls);
  }

  /** {@code calls} streamed calls, each timed to its first chunk. */
  static String ttft(int calls) {
    return "ttft " + calls;
  }

  static final String EXIT = "exit";
}

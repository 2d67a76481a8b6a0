package io.tollgate.benchmarks;

/**
 * One child JVM's outcome: what it measured, how many requests the loopback server saw from it, for
 * the Tollgate variant how many call records the agent wrote to its ledger (-1 where no agent records),
 * and how much of the machine other programs took meanwhile (NaN where unknown).
 */
public record WorkloadRun(Variant variant, int round, WorkloadResult result, long serverRequests, long ledgerLines,
    double othersLoadPercent) {

  /** The name the run's files in the run folder start with. */
  public static String fileStem(Variant variant, int round) {
    return "round-" + (round + 1) + "-" + variant.slug();
  }

  public String describe() {
    WorkloadResult r = result;
    return String.format(java.util.Locale.ROOT,
        "round %d  %-14s warm-up %5d calls %4.1f s%s  p50 %6.1f us  p99 %7.1f us  cpu %6.1f us/call  1T %5.0f/s  %dT %5.0f/s (cpu %6.1f us/call)"
            + "  main %4d ms  1st call %5d ms  JIT in loop %4d ms  other programs %3.0f%%  server saw %d/%d%s",
        round + 1, variant.label, r.warmupCalls(), r.warmupMs() / 1000.0, r.warmupSettled() ? "" : " (JIT still busy)",
        r.p50Us(), r.p99Us(), r.singleThreadCpuUsPerCall(), r.singleThreadCallsPerSecond(),
        r.mtThreads(), r.multiThreadCallsPerSecond(), r.multiThreadCpuUsPerCall(), r.jvmToMainMs(), r.jvmToFirstCallMs(),
        r.measuredJitMs(), othersLoadPercent, serverRequests, r.totalCalls(), ledgerLines >= 0 ? "  ledger " + ledgerLines : "");
  }
}

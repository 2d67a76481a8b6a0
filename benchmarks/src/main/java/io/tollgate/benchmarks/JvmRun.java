package io.tollgate.benchmarks;

import java.util.Locale;

/**
 * The account of one workload JVM over its life: its start-up times (in the start-up set
 * {@code startupSet}), its warm-up (null for a JVM started only to time its start), the calls it says it
 * made, the requests the server saw while it was the one working, and for Tollgate the call records in
 * its ledger (-1 where no agent records).
 */
public record JvmRun(Variant variant, String name, int startupSet, StartupTimes startup, WarmUp.Outcome warmUp,
    long totalCalls, long serverRequests, long ledgerLines) {

  /** Not part of the start-up sets: the JVM that warms the server up. */
  static final int NO_STARTUP_SET = -1;

  public String describe() {
    String warm = warmUp == null ? "start-up only"
        : String.format(Locale.ROOT, "warm-up %d calls %.1f s%s", warmUp.calls(), warmUp.millis() / 1000.0,
            warmUp.settled() ? "" : " (JIT still busy)");
    return String.format(Locale.ROOT, "%-22s %-14s main %4d ms  1st call %5d ms  %s  server saw %d/%d%s", name,
        variant.label, startup.jvmToMainMs(), startup.jvmToFirstCallMs(), warm, serverRequests, totalCalls,
        ledgerLines >= 0 ? "  ledger " + ledgerLines : "");
  }
}

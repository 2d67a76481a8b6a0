package io.tollgate.benchmarks;

import java.util.Map;

/**
 * A workload JVM's last line: every call it made in its life (first call, warm-up, slices with their
 * unmeasured lead-in calls), which the server's request count and the Tollgate ledger must match.
 */
public record WorkloadExit(long totalCalls) {
  static final String WORD = "DONE";

  String toLine() {
    return ProtocolLine.format(WORD, Map.of("total_calls", totalCalls));
  }

  static WorkloadExit parse(String line) {
    return new WorkloadExit(ProtocolLine.parse(WORD, line).whole("total_calls"));
  }
}

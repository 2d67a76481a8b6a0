package io.tollgate.benchmarks;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One variant over all rounds, each number the median over rounds, so that one round disturbed by
 * something else on the machine does not move the result.
 */
public record VariantSummary(
    Variant variant,
    int runs,
    double p50Us,
    double p99Us,
    double cpuUsPerCall,
    double singleThreadCallsPerSecond,
    double multiThreadCallsPerSecond,
    int mtThreads,
    double jvmToMainMs,
    double jvmToFirstCallMs,
    long callsMade,
    long ledgerLines) {

  public static VariantSummary of(Variant variant, List<WorkloadRun> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs for " + variant);
    }
    return new VariantSummary(
        variant,
        runs.size(),
        median(runs, r -> r.result().p50Us()),
        median(runs, r -> r.result().p99Us()),
        median(runs, r -> r.result().singleThreadCpuUsPerCall()),
        median(runs, r -> r.result().singleThreadCallsPerSecond()),
        median(runs, r -> r.result().multiThreadCallsPerSecond()),
        runs.get(0).result().mtThreads(),
        median(runs, r -> r.result().jvmToMainMs()),
        median(runs, r -> r.result().jvmToFirstCallMs()),
        runs.stream().mapToLong(r -> r.result().totalCalls()).sum(),
        runs.stream().allMatch(r -> r.ledgerLines() < 0) ? -1 : runs.stream().mapToLong(WorkloadRun::ledgerLines).sum());
  }

  static <T> double median(List<T> items, ToDoubleFunction<T> value) {
    double[] values = items.stream().mapToDouble(value).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}

package io.tollgate.benchmarks;

import java.util.List;

/**
 * Everything a benchmark run measured: every workload JVM's account, every recorded slice, and for each
 * cycle the share of the machine that other programs took while it ran (NaN where unknown).
 */
public record Measurements(List<JvmRun> jvms, List<Slice> slices, List<Double> cycleOthersPercent) {
  public Measurements {
    jvms = List.copyOf(jvms);
    slices = List.copyOf(slices);
    cycleOthersPercent = List.copyOf(cycleOthersPercent);
  }

  List<Slice> singleThreadSlices() {
    return slices.stream().filter(s -> !s.multiThreaded()).toList();
  }

  List<Slice> multiThreadSlices() {
    return slices.stream().filter(Slice::multiThreaded).toList();
  }

  /** The JVMs whose starts were timed side by side, one of each configuration per set. */
  List<JvmRun> startupJvms() {
    return jvms.stream().filter(j -> j.startupSet() != JvmRun.NO_STARTUP_SET).toList();
  }
}

package io.tollgate.benchmarks;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What an agent costs relative to no agent. Each per-call number is the median over cycles of the
 * difference (or ratio) between the agent JVM's slice and the no-agent JVM's slice of the same cycle,
 * measured about a second apart, so the machine's drift over minutes cancels out of each pair. The
 * start-up numbers are the median over start-up sets of the same difference. Throughput is no agent's
 * mean time per call over the agent's, in percent.
 */
public record AgentCost(
    Variant variant,
    int pairedCycles,
    double addedP50Us,
    double addedP99Us,
    double addedCpuUsPerCall,
    double singleThreadThroughputPercent,
    double multiThreadThroughputPercent,
    double startupToMainDeltaMs,
    double startupToFirstCallDeltaMs) {

  public static AgentCost of(Variant variant, Measurements m) {
    List<Slice> single = m.singleThreadSlices();
    int pairs = CyclePairs.compare(single, Slice::variant, Slice::cycle, variant, Variant.NO_AGENT, (a, b) -> 0).length;
    if (pairs == 0) {
      throw new IllegalArgumentException("no cycle has both " + variant + " and no agent");
    }
    return new AgentCost(
        variant,
        pairs,
        sliceDelta(single, variant, SliceResult::p50Us),
        sliceDelta(single, variant, SliceResult::p99Us),
        sliceDelta(single, variant, SliceResult::cpuUsPerCall),
        throughputPercent(single, variant),
        throughputPercent(m.multiThreadSlices(), variant),
        startupDelta(m.startupJvms(), variant, StartupTimes::jvmToMainMs),
        startupDelta(m.startupJvms(), variant, StartupTimes::jvmToFirstCallMs));
  }

  private static double sliceDelta(List<Slice> slices, Variant variant, ToDoubleFunction<SliceResult> value) {
    return CyclePairs.medianDifference(slices, Slice::variant, Slice::cycle, variant, Variant.NO_AGENT,
        s -> value.applyAsDouble(s.result()));
  }

  /** NaN where no slices of that kind ran (no multi-threaded phase). */
  static double throughputPercent(List<Slice> slices, Variant variant) {
    return Median.of(CyclePairs.compare(slices, Slice::variant, Slice::cycle, variant, Variant.NO_AGENT,
        (agent, none) -> 100 * none.result().meanUsPerCall() / agent.result().meanUsPerCall()));
  }

  private static double startupDelta(List<JvmRun> jvms, Variant variant, ToDoubleFunction<StartupTimes> value) {
    return CyclePairs.medianDifference(jvms, JvmRun::variant, JvmRun::startupSet, variant, Variant.NO_AGENT,
        j -> value.applyAsDouble(j.startup()));
  }
}

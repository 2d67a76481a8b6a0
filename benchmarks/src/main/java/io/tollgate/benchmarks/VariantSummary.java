package io.tollgate.benchmarks;

import java.util.List;

/**
 * One configuration's absolute numbers, each the median over its slices (latency, CPU and the part of it the agent's
 * own threads, the GC and the JIT used, throughput) or
 * over its timed starts; plus the calls its JVMs made and, for Tollgate, the records its ledgers hold.
 * These drift with the machine; the comparisons in {@link AgentCost} do not.
 */
public record VariantSummary(
    Variant variant,
    int jvms,
    int slices,
    double p50Us,
    double p99Us,
    double cpuUsPerCall,
    double agentCpuUsPerCall,
    double gcCpuUsPerCall,
    double jitCpuUsPerCall,
    double singleThreadCallsPerSecond,
    double multiThreadCallsPerSecond,
    double jvmToMainMs,
    double jvmToFirstCallMs,
    long callsMade,
    long ledgerLines) {

  public static VariantSummary of(Variant variant, Measurements m) {
    List<SliceResult> single = m.singleThreadSlices().stream().filter(s -> s.variant() == variant).map(Slice::result).toList();
    List<SliceResult> multi = m.multiThreadSlices().stream().filter(s -> s.variant() == variant).map(Slice::result).toList();
    List<JvmRun> starts = m.startupJvms().stream().filter(j -> j.variant() == variant).toList();
    List<JvmRun> jvms = m.jvms().stream().filter(j -> j.variant() == variant).toList();
    if (single.isEmpty() || starts.isEmpty()) {
      throw new IllegalArgumentException("no slices or starts for " + variant);
    }
    return new VariantSummary(
        variant,
        jvms.size(),
        single.size(),
        Median.of(single, SliceResult::p50Us),
        Median.of(single, SliceResult::p99Us),
        Median.of(single, SliceResult::cpuUsPerCall),
        Median.of(single, SliceResult::agentCpuUsPerCall),
        Median.of(single, SliceResult::gcCpuUsPerCall),
        Median.of(single, SliceResult::jitCpuUsPerCall),
        Median.of(single, SliceResult::callsPerSecond),
        Median.of(multi, SliceResult::callsPerSecond),
        Median.of(starts, j -> j.startup().jvmToMainMs()),
        Median.of(starts, j -> j.startup().jvmToFirstCallMs()),
        jvms.stream().mapToLong(JvmRun::totalCalls).sum(),
        jvms.stream().allMatch(j -> j.ledgerLines() < 0) ? -1 : jvms.stream().mapToLong(JvmRun::ledgerLines).sum());
  }
}

package io.tollgate.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one measurement slice of one workload JVM measured: {@code calls} calls on {@code threads}
 * threads sharing the client. Wall and CPU time are totals over the slice; CPU is the whole process's
 * (the agent's own threads, GC and JIT included), so work an agent hands to a background thread counts.
 * {@code jitMs} is JIT compile time during the slice: well above zero means the JVM was not warm. {@code split}
 * says how much of the CPU the agent's own threads, the GC and the JIT used.
 */
public record SliceResult(int threads, int calls, double wallUs, double cpuUs, double p50Us, double p99Us, long jitMs,
    CpuSplit split) {
  static final String WORD = "SLICE";

  double agentCpuUsPerCall() {
    return split.agentUs() / calls;
  }

  double gcCpuUsPerCall() {
    return split.gcUs() / calls;
  }

  double jitCpuUsPerCall() {
    return split.jitUs() / calls;
  }

  public double meanUsPerCall() {
    return wallUs / calls;
  }

  public double cpuUsPerCall() {
    return cpuUs / calls;
  }

  public double callsPerSecond() {
    return calls * 1e6 / wallUs;
  }

  String toLine() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("threads", threads);
    f.put("calls", calls);
    f.put("wall_us", wallUs);
    f.put("cpu_us", cpuUs);
    f.put("p50_us", p50Us);
    f.put("p99_us", p99Us);
    f.put("jit_ms", jitMs);
    f.put("agent_cpu_us", split.agentUs());
    f.put("gc_cpu_us", split.gcUs());
    f.put("jit_cpu_us", split.jitUs());
    return ProtocolLine.format(WORD, f);
  }

  static SliceResult parse(String line) {
    ProtocolLine p = ProtocolLine.parse(WORD, line);
    return new SliceResult((int) p.whole("threads"), (int) p.whole("calls"), p.real("wall_us"), p.real("cpu_us"),
        p.real("p50_us"), p.real("p99_us"), p.whole("jit_ms"),
        new CpuSplit(p.real("agent_cpu_us"), p.real("gc_cpu_us"), p.real("jit_cpu_us")));
  }
}

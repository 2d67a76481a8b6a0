package io.tollgate.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the measurements into the table of absolute numbers, the table of costs relative to no agent, and
 * the checks: Tollgate recorded every call, the server saw every call, Tollgate adds no more time per
 * call than the OTel agent, and keeps at least the configured share of the no-agent throughput.
 */
final class OverheadReport {
  /** Other programs' share of the machine below which a run counts as undisturbed. */
  static final double QUIET_PERCENT = 10;

  private final BenchSettings settings;
  private final Measurements m;
  private final Map<Variant, VariantSummary> summaries = new EnumMap<>(Variant.class);
  private final Map<Variant, AgentCost> costs = new EnumMap<>(Variant.class);
  private final String mt;

  OverheadReport(BenchSettings settings, Measurements measurements) {
    this.settings = settings;
    this.m = measurements;
    for (Variant variant : Variant.values()) {
      summaries.put(variant, VariantSummary.of(variant, m));
    }
    for (Variant agent : List.of(Variant.TOLLGATE, Variant.OTEL)) {
      costs.put(agent, AgentCost.of(agent, m));
    }
    mt = settings.mtThreads() + "T";
  }

  Table absolute() {
    Table table = new Table("configuration", "p50 us/call", "p99 us/call", "CPU us/call", "calls/s 1T", "calls/s " + mt,
        "JVM start->main ms", "JVM start->1st call ms");
    for (VariantSummary s : summaries.values()) {
      table.row(s.variant().label, f1(s.p50Us()), f1(s.p99Us()), f1(s.cpuUsPerCall()), f0(s.singleThreadCallsPerSecond()),
          f0(s.multiThreadCallsPerSecond()), f0(s.jvmToMainMs()), f0(s.jvmToFirstCallMs()));
    }
    return table;
  }

  /** Where each configuration's CPU per call goes (single-thread slices); the application's share is the rest. */
  Table cpuSplit() {
    Table table = new Table("CPU us/call by thread", "whole process", "application", "agent's own threads", "GC", "JIT");
    for (VariantSummary s : summaries.values()) {
      double rest = s.cpuUsPerCall() - s.agentCpuUsPerCall() - s.gcCpuUsPerCall() - s.jitCpuUsPerCall();
      table.row(s.variant().label, f1(s.cpuUsPerCall()), f1(rest), f1(s.agentCpuUsPerCall()), f1(s.gcCpuUsPerCall()),
          f1(s.jitCpuUsPerCall()));
    }
    return table;
  }

  Table relative() {
    Table table = new Table("vs no agent", "+us/call p50", "+us/call p99", "+CPU us/call", "throughput 1T",
        "throughput " + mt, "+ms to main", "+ms to 1st call");
    for (AgentCost c : costs.values()) {
      table.row(c.variant().label, signed(c.addedP50Us()), signed(c.addedP99Us()), signed(c.addedCpuUsPerCall()),
          percent(c.singleThreadThroughputPercent()), percent(c.multiThreadThroughputPercent()),
          signed0(c.startupToMainDeltaMs()), signed0(c.startupToFirstCallDeltaMs()));
    }
    return table;
  }

  List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    List<JvmRun> tollgateJvms = m.jvms().stream().filter(j -> j.variant() == Variant.TOLLGATE).toList();
    // without this a broken agent, one that instruments nothing, would be the cheapest agent of all
    List<String> ledgerMisses = tollgateJvms.stream().filter(j -> j.ledgerLines() != j.totalCalls())
        .map(j -> j.name() + ": " + j.ledgerLines() + " of " + j.totalCalls() + " (see "
            + settings.runDir().resolve(j.name() + ".err") + ")").toList();
    VariantSummary tollgateSummary = summaries.get(Variant.TOLLGATE);
    checks.add(new Check("Tollgate recorded every call in its ledger", ledgerMisses.isEmpty(), ledgerMisses.isEmpty()
        ? tollgateSummary.ledgerLines() + " ledger records = " + tollgateSummary.callsMade() + " calls made, in "
            + tollgateJvms.size() + " JVMs"
        : "records missing, " + String.join("; ", ledgerMisses)));

    List<String> unseen = m.jvms().stream().filter(j -> j.serverRequests() != j.totalCalls())
        .map(j -> j.name() + ": " + j.serverRequests() + " of " + j.totalCalls()).toList();
    checks.add(new Check("the server received exactly the calls each JVM reports", unseen.isEmpty(), unseen.isEmpty()
        ? m.jvms().stream().mapToLong(JvmRun::serverRequests).sum() + " requests from " + m.jvms().size() + " JVMs"
        : String.join("; ", unseen)));

    AgentCost tollgate = costs.get(Variant.TOLLGATE);
    AgentCost otel = costs.get(Variant.OTEL);
    double[] tollgateMinusOtel = CyclePairs.compare(m.singleThreadSlices(), Slice::variant, Slice::cycle, Variant.TOLLGATE,
        Variant.OTEL, (t, o) -> t.result().p50Us() - o.result().p50Us());
    long tollgateNoSlower = Arrays.stream(tollgateMinusOtel).filter(d -> d <= 0).count();
    checks.add(new Check("Tollgate adds no more time per call than the OTel agent (p50)",
        tollgate.addedP50Us() <= otel.addedP50Us(),
        signed(tollgate.addedP50Us()) + " us vs " + signed(otel.addedP50Us()) + " us; Tollgate's p50 at most OTel's in "
            + tollgateNoSlower + " of " + tollgateMinusOtel.length + " cycles"));

    double min = settings.minThroughputPercent();
    checks.add(new Check("Tollgate single-thread throughput >= " + f0(min) + "% of no agent",
        tollgate.singleThreadThroughputPercent() >= min, percent(tollgate.singleThreadThroughputPercent())));
    if (settings.multiThreaded()) {
      checks.add(new Check("Tollgate " + settings.mtThreads() + "-thread throughput >= " + f0(min) + "% of no agent",
          tollgate.multiThreadThroughputPercent() >= min, percent(tollgate.multiThreadThroughputPercent())));
    }
    return checks;
  }

  /** How much other programs and the JIT disturbed the run, since that decides how far to trust it. */
  String disturbance() {
    long unsettled = m.jvms().stream().filter(j -> j.warmUp() != null && !j.warmUp().settled()).count();
    long warmed = m.jvms().stream().filter(j -> j.warmUp() != null).count();
    long jitSlices = m.slices().stream().filter(s -> s.result().jitMs() > 0).count();
    long jitMs = m.slices().stream().mapToLong(s -> s.result().jitMs()).sum();
    double sliceMs = m.slices().stream().mapToDouble(s -> s.result().wallUs() / 1000).sum();
    String jit = String.format(Locale.ROOT, " The JIT compiled during %d of %d slices, %d ms of their %.0f ms.", jitSlices,
        m.slices().size(), jitMs, sliceMs)
        + (unsettled == 0 ? "" : " " + unsettled + " of " + warmed + " JVMs were still compiling when their"
            + " warm-up time ran out (raise -DwarmupSeconds).");
    double[] known = m.cycleOthersPercent().stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
    if (known.length == 0) {
      return "Load from other programs: unknown (no /proc/stat)." + jit;
    }
    double median = Median.of(known);
    double max = Arrays.stream(known).max().orElse(0);
    String measured = String.format(Locale.ROOT, "Load from other programs during the cycles: median %.0f%%, max %.0f%%"
        + " of the machine.", median, max);
    return (median > QUIET_PERCENT || max > 3 * QUIET_PERCENT
        ? measured + " WARNING: the machine was busy; differences of this size may be noise. Rerun when it is quiet."
        : measured) + jit;
  }

  boolean allHold() {
    return checks().stream().allMatch(Check::holds);
  }

  String toText() {
    StringBuilder out = new StringBuilder();
    out.append(absolute().toText()).append('\n').append(relative().toText()).append('\n')
        .append(cpuSplit().toText()).append('\n');
    checks().forEach(c -> out.append(c.toText()).append('\n'));
    out.append(disturbance()).append('\n');
    out.append(allHold() ? "OVERALL: all checks hold\n" : "OVERALL: some checks FAILED\n");
    return out.toString();
  }

  String toMarkdown(String environment) {
    StringBuilder out = new StringBuilder("# Tollgate end-to-end overhead\n\n");
    out.append(environment).append("  \n").append(settings.describe()).append("\n\n");
    out.append("Each absolute number is the median over a configuration's slices (start-up: over its timed starts)."
        + " Each cost is the median over cycles of the difference (or ratio) between the agent's slice and the no-agent"
        + " slice of the same cycle, which ran about a second apart, so the machine's slow drift cancels out. Latency"
        + " and CPU are per call of the single-thread slices; CPU counts the whole workload process. Throughput is no"
        + " agent's mean time per call over the agent's.\n\n");
    out.append(absolute().toMarkdown()).append('\n').append(relative().toMarkdown()).append('\n')
        .append(cpuSplit().toMarkdown()).append('\n');
    checks().forEach(c -> out.append(c.toMarkdown()).append('\n'));
    out.append('\n').append(disturbance()).append('\n');
    out.append(allHold() ? "\n**Overall: all checks hold.**\n" : "\n**Overall: some checks FAILED.**\n");
    out.append("\n## JVMs, in the order they ended\n\n```\n");
    m.jvms().forEach(j -> out.append(j.describe()).append('\n'));
    out.append("```\n\n## Cycles\n\nSingle-thread p50 us/call").append(settings.multiThreaded()
        ? " and " + mt + " mean us/call" : "").append(" of each configuration, in the order they ran.\n\n```\n");
    cycleLines().forEach(line -> out.append(line).append('\n'));
    out.append("```\n");
    return out.toString();
  }

  private List<String> cycleLines() {
    List<String> lines = new ArrayList<>();
    for (int cycle = 0; cycle < m.cycleOthersPercent().size(); cycle++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "cycle %3d ", cycle + 1));
      for (Slice s : m.singleThreadSlices()) {
        if (s.cycle() == cycle) {
          line.append(String.format(Locale.ROOT, " %s %6.1f", s.variant().slug(), s.result().p50Us()));
        }
      }
      for (Slice s : m.multiThreadSlices()) {
        if (s.cycle() == cycle) {
          line.append(String.format(Locale.ROOT, "  %s %s %6.1f", mt, s.variant().slug(), s.result().meanUsPerCall()));
        }
      }
      lines.add(line.append(String.format(Locale.ROOT, "  other programs %.0f%%", m.cycleOthersPercent().get(cycle)))
          .toString());
    }
    return lines;
  }

  private static String f0(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f1(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.1f", v);
  }

  private static String signed0(double v) {
    return String.format(Locale.ROOT, "%+.0f", v);
  }
}

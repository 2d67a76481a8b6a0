package io.tollgate.benchmarks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the runs into the table of absolute numbers, the table of costs relative to no agent, and
 * the checks: Tollgate recorded every call, adds no more time per call than the OTel agent, and keeps
 * at least the configured share of the no-agent throughput.
 */
final class OverheadReport {
  private final BenchSettings settings;
  private final List<WorkloadRun> runs;
  private final Map<Variant, VariantSummary> summaries = new EnumMap<>(Variant.class);
  private final Map<Variant, AgentCost> costs = new EnumMap<>(Variant.class);
  private final int mtThreads;

  OverheadReport(BenchSettings settings, List<WorkloadRun> runs) {
    this.settings = settings;
    this.runs = List.copyOf(runs);
    for (Variant variant : Variant.values()) {
      summaries.put(variant, VariantSummary.of(variant, runs.stream().filter(r -> r.variant() == variant).toList()));
    }
    for (Variant agent : List.of(Variant.TOLLGATE, Variant.OTEL)) {
      costs.put(agent, AgentCost.of(agent, runs));
    }
    mtThreads = summaries.get(Variant.NO_AGENT).mtThreads();
  }

  Table absolute() {
    Table table = new Table("configuration", "p50 us/call", "p99 us/call", "CPU us/call", "calls/s 1T",
        "calls/s " + mtThreads + "T", "JVM start->main ms", "JVM start->1st call ms");
    for (VariantSummary s : summaries.values()) {
      table.row(s.variant().label, f1(s.p50Us()), f1(s.p99Us()), f1(s.cpuUsPerCall()), f0(s.singleThreadCallsPerSecond()),
          f0(s.multiThreadCallsPerSecond()), f0(s.jvmToMainMs()), f0(s.jvmToFirstCallMs()));
    }
    return table;
  }

  Table relative() {
    Table table = new Table("vs no agent", "+us/call p50", "+us/call p99", "+CPU us/call", "throughput 1T",
        "throughput " + mtThreads + "T", "+ms to main", "+ms to 1st call");
    for (AgentCost c : costs.values()) {
      table.row(c.variant().label, signed(c.addedP50Us()), signed(c.addedP99Us()), signed(c.addedCpuUsPerCall()),
          f1(c.singleThreadThroughputPercent()) + "%", f1(c.multiThreadThroughputPercent()) + "%",
          signed0(c.startupToMainDeltaMs()), signed0(c.startupToFirstCallDeltaMs()));
    }
    return table;
  }

  List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    VariantSummary tollgateRuns = summaries.get(Variant.TOLLGATE);
    // without this a broken agent, one that instruments nothing, would be the cheapest agent of all
    List<String> ledgerMisses = runs.stream().filter(r -> r.variant() == Variant.TOLLGATE)
        .filter(r -> r.ledgerLines() != r.result().totalCalls())
        .map(r -> "round " + (r.round() + 1) + ": " + r.ledgerLines() + " of " + r.result().totalCalls() + " (see "
            + settings.runDir().resolve(WorkloadRun.fileStem(Variant.TOLLGATE, r.round()) + ".err") + ")")
        .toList();
    checks.add(new Check("Tollgate recorded every call in its ledger", ledgerMisses.isEmpty(), ledgerMisses.isEmpty()
        ? tollgateRuns.ledgerLines() + " ledger records = " + tollgateRuns.callsMade() + " calls made, in "
            + tollgateRuns.runs() + " JVMs"
        : "records missing, " + String.join("; ", ledgerMisses)));

    List<String> unseen = runs.stream().filter(r -> r.serverRequests() != r.result().totalCalls())
        .map(r -> r.variant().label + " round " + (r.round() + 1) + ": " + r.serverRequests() + " of "
            + r.result().totalCalls()).toList();
    checks.add(new Check("the server received exactly the calls each JVM reports", unseen.isEmpty(), unseen.isEmpty()
        ? runs.stream().mapToLong(WorkloadRun::serverRequests).sum() + " requests from " + runs.size() + " JVMs"
        : String.join("; ", unseen)));

    AgentCost tollgate = costs.get(Variant.TOLLGATE);
    AgentCost otel = costs.get(Variant.OTEL);
    checks.add(new Check("Tollgate adds no more time per call than the OTel agent (p50)",
        tollgate.addedP50Us() <= otel.addedP50Us(),
        signed(tollgate.addedP50Us()) + " us vs " + signed(otel.addedP50Us()) + " us"));

    double min = settings.minThroughputPercent();
    checks.add(new Check("Tollgate single-thread throughput >= " + f0(min) + "% of no agent",
        tollgate.singleThreadThroughputPercent() >= min, f1(tollgate.singleThreadThroughputPercent()) + "%"));
    if (mtThreads > 0) {
      checks.add(new Check("Tollgate " + mtThreads + "-thread throughput >= " + f0(min) + "% of no agent",
          tollgate.multiThreadThroughputPercent() >= min, f1(tollgate.multiThreadThroughputPercent()) + "%"));
    }
    return checks;
  }

  /** How much other programs and the JIT disturbed the runs, since that decides how far to trust them. */
  String disturbance() {
    List<WorkloadRun> known = runs.stream().filter(r -> !Double.isNaN(r.othersLoadPercent())).toList();
    long unsettled = runs.stream().filter(r -> !r.result().warmupSettled()).count();
    double jitMs = VariantSummary.median(runs, r -> r.result().measuredJitMs());
    double loopMs = VariantSummary.median(runs, r -> 1000 * r.result().measuredCalls() / r.result().singleThreadCallsPerSecond());
    String warmUps = String.format(Locale.ROOT, " The JIT compiled for a median %.0f ms of a %.0f ms measured loop.", jitMs, loopMs)
        + (unsettled == 0 ? "" : " " + unsettled + " of " + runs.size() + " JVMs were still compiling when their"
            + " warm-up time ran out (raise -DwarmupSeconds).");
    if (known.isEmpty()) {
      return "Load from other programs: unknown (no /proc/stat)." + warmUps;
    }
    double median = VariantSummary.median(known, WorkloadRun::othersLoadPercent);
    double max = known.stream().mapToDouble(WorkloadRun::othersLoadPercent).max().orElse(0);
    String measured = String.format(Locale.ROOT, "Load from other programs during the runs: median %.0f%%, max %.0f%%"
        + " of the machine.", median, max);
    return (median > QUIET_PERCENT || max > 3 * QUIET_PERCENT
        ? measured + " WARNING: the machine was busy; differences of this size may be noise. Rerun when it is quiet."
        : measured) + warmUps;
  }

  /** Other programs' share of the machine below which a run counts as undisturbed. */
  static final double QUIET_PERCENT = 10;

  boolean allHold() {
    return checks().stream().allMatch(Check::holds);
  }

  String toText() {
    StringBuilder out = new StringBuilder();
    out.append(absolute().toText()).append('\n').append(relative().toText()).append('\n');
    checks().forEach(c -> out.append(c.toText()).append('\n'));
    out.append(disturbance()).append('\n');
    out.append(allHold() ? "OVERALL: all checks hold\n" : "OVERALL: some checks FAILED\n");
    return out.toString();
  }

  String toMarkdown(String environment) {
    StringBuilder out = new StringBuilder("# Tollgate end-to-end overhead\n\n");
    out.append(environment).append("  \n").append(settings.describe()).append("\n\n");
    out.append("Each absolute number is the median over rounds; each cost is the median over rounds of the"
        + " difference (or ratio) to the no-agent JVM of the same round. Latency and CPU are per call of the"
        + " single-thread loop; CPU counts the whole workload process.\n\n");
    out.append(absolute().toMarkdown()).append('\n').append(relative().toMarkdown()).append('\n');
    checks().forEach(c -> out.append(c.toMarkdown()).append('\n'));
    out.append('\n').append(disturbance()).append('\n');
    out.append(allHold() ? "\n**Overall: all checks hold.**\n" : "\n**Overall: some checks FAILED.**\n");
    out.append("\n## Runs, in the order they ran\n\n```\n");
    runs.forEach(r -> out.append(r.describe()).append('\n'));
    out.append("```\n");
    return out.toString();
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.1f", v);
  }

  private static String signed0(double v) {
    return String.format(Locale.ROOT, "%+.0f", v);
  }
}

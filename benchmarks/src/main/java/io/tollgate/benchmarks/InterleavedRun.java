package io.tollgate.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's sequence of work. The machine's speed drifts over minutes by more than the agents
 * cost, so the three configurations are never measured minutes apart: one JVM of each is warmed up and
 * then kept waiting, and the measurement is many short cycles in which the three JVMs take turns, one
 * slice each, the others idle meanwhile. Each agent is then compared with the no-agent slice of the same
 * cycle ({@link AgentCost}).
 *
 * <ol>
 *   <li>one unmeasured no-agent JVM warms the loopback server's code, so no configuration meets it cold;
 *   <li>start-up sets: one JVM of each configuration started and ended in turn, timing its start;
 *   <li>the three measured JVMs are started one by one, then warmed up one by one (unpinned, so the JIT
 *       has both cores), then pinned to the workload CPU ({@link CpuPinning});
 *   <li>unrecorded cycles until the JIT is quiet again, then the recorded cycles;
 *   <li>every JVM is asked to exit, and its calls are checked against the server and the ledger.
 * </ol>
 */
final class InterleavedRun {
  private final BenchSettings settings;
  private final WorkloadLauncher launcher;
  private final CpuPinning pinning;
  private final PrintStream progress;
  private final List<JvmRun> jvms = new ArrayList<>();
  private final List<Slice> slices = new ArrayList<>();
  private final List<Double> cycleOthersPercent = new ArrayList<>();

  InterleavedRun(BenchSettings settings, WorkloadLauncher launcher, CpuPinning pinning, PrintStream progress) {
    this.settings = settings;
    this.launcher = launcher;
    this.pinning = pinning;
    this.progress = progress;
  }

  Measurements run() throws IOException, InterruptedException {
    WorkloadProcess serverWarmUp = launcher.start(Variant.NO_AGENT, "server-warm-up");
    try (serverWarmUp) {
      WarmUp.Outcome outcome = warmUp(serverWarmUp, 5000, 0);
      record(launcher.finish(serverWarmUp, JvmRun.NO_STARTUP_SET, outcome));
    }
    for (int set = 0; set < settings.startupSets(); set++) {
      for (Variant variant : SliceSchedule.order(set)) {
        try (WorkloadProcess child = launcher.start(variant, "startup-" + (set + 1) + "-" + variant.slug())) {
          record(launcher.finish(child, set, null));
        }
      }
    }
    Map<Variant, WorkloadProcess> children = new EnumMap<>(Variant.class);
    try {
      for (Variant variant : Variant.values()) {
        children.put(variant, launcher.start(variant, "measured-" + variant.slug()));
      }
      Map<Variant, WarmUp.Outcome> warmUps = new EnumMap<>(Variant.class);
      for (Variant variant : Variant.values()) {
        WarmUp.Outcome outcome = warmUp(children.get(variant), settings.warmupCalls(), settings.warmupSeconds());
        warmUps.put(variant, outcome);
        progress.printf(Locale.ROOT, "warmed up %-14s %d calls in %.1f s%s%n", variant.label, outcome.calls(),
            outcome.millis() / 1000.0, outcome.settled() ? "" : " (JIT still busy)");
      }
      for (WorkloadProcess child : children.values()) {
        pinning.pinForMeasurement(child.pid());
      }
      settle(children);
      for (int cycle = 0; cycle < settings.cycles(); cycle++) {
        cycle(cycle, children, true);
        if ((cycle + 1) % 10 == 0 || cycle + 1 == settings.cycles()) {
          progress.println(progressLine(cycle));
        }
      }
      for (Variant variant : Variant.values()) {
        record(launcher.finish(children.get(variant), JvmRun.NO_STARTUP_SET, warmUps.get(variant)));
      }
    } finally {
      children.values().forEach(WorkloadProcess::close);
      pinning.release();
    }
    return new Measurements(jvms, slices, cycleOthersPercent);
  }

  private WarmUp.Outcome warmUp(WorkloadProcess child, int minimumCalls, int maxSeconds)
      throws IOException, InterruptedException {
    return WarmUp.Outcome.parse(child.command(WorkloadCommand.warmUp(minimumCalls, maxSeconds), WarmUp.Outcome.WORD,
        maxSeconds + settings.commandTimeoutSeconds()));
  }

  /**
   * The warm-up was single-threaded and on both CPUs; the multi-threaded slices and the move to one CPU
   * set the JIT compiling again for a few cycles, in every JVM. Those cycles are run but not recorded,
   * until two in a row spent under 3% of their time compiling, as in {@link WarmUp}.
   */
  private void settle(Map<Variant, WorkloadProcess> children) throws IOException, InterruptedException {
    int quietCycles = 0;
    int cycles = 0;
    while (quietCycles < WarmUp.QUIET_BLOCKS_NEEDED && cycles < MAX_SETTLING_CYCLES) {
      List<Slice> measured = cycle(cycles++, children, false);
      double jitMs = measured.stream().mapToLong(s -> s.result().jitMs()).sum();
      double wallMs = measured.stream().mapToDouble(s -> s.result().wallUs() / 1000).sum();
      quietCycles = jitMs <= WarmUp.QUIET_SHARE * wallMs ? quietCycles + 1 : 0;
    }
    progress.println("settled on the measuring CPU in " + cycles + " unrecorded cycles"
        + (quietCycles < WarmUp.QUIET_BLOCKS_NEEDED ? " (JIT still busy)" : ""));
  }

  private static final int MAX_SETTLING_CYCLES = 20;

  /** One slice of each configuration in this cycle's order, single-threaded first, then multi-threaded. */
  private List<Slice> cycle(int cycle, Map<Variant, WorkloadProcess> children, boolean recorded)
      throws IOException, InterruptedException {
    List<Long> pids = children.values().stream().map(WorkloadProcess::pid).toList();
    MachineLoad before = MachineLoad.now(pids);
    long start = System.nanoTime();
    List<Variant> order = SliceSchedule.order(cycle);
    List<Slice> measured = new ArrayList<>();
    for (int position = 0; position < order.size(); position++) {
      measured.add(measure(children, order.get(position), cycle, position, settings.sliceCalls(), 1));
    }
    if (settings.multiThreaded()) {
      for (int position = 0; position < order.size(); position++) {
        measured.add(measure(children, order.get(position), cycle, position, settings.mtSliceCalls(), settings.mtThreads()));
      }
    }
    if (recorded) {
      slices.addAll(measured);
      cycleOthersPercent.add(before.othersPercent(MachineLoad.now(pids), System.nanoTime() - start));
    }
    return measured;
  }

  private Slice measure(Map<Variant, WorkloadProcess> children, Variant variant, int cycle, int position, int calls,
      int threads) throws IOException, InterruptedException {
    String answer = children.get(variant).command(WorkloadCommand.measure(calls, threads, settings.leadInCalls()),
        SliceResult.WORD, settings.commandTimeoutSeconds());
    return new Slice(variant, cycle, position, SliceResult.parse(answer));
  }

  private void record(JvmRun jvm) {
    jvms.add(jvm);
    progress.println(jvm.describe());
  }

  /** The last ten cycles' medians, so drift shows while the run goes on. */
  private String progressLine(int lastCycle) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "cycles %3d-%3d  p50 us/call", Math.max(1, lastCycle - 8),
        lastCycle + 1));
    for (Variant variant : Variant.values()) {
      double p50 = Median.of(slices.stream().filter(s -> s.variant() == variant && !s.multiThreaded()
          && s.cycle() > lastCycle - 10).map(Slice::result).toList(), SliceResult::p50Us);
      line.append(String.format(Locale.ROOT, "  %s %.1f", variant.label, p50));
    }
    return line.toString();
  }
}

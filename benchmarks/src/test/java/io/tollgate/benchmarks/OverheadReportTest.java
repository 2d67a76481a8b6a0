package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadReportTest {
  private static final int CYCLES = 6;
  private static final BenchSettings SETTINGS = new BenchSettings(CYCLES, 100, 10, 4, 100, 2, 10, 0, 4,
      List.of("-Xmx64m"), Path.of("tollgate.jar"), Path.of("otel.jar"), Path.of("target"), 60, 97, false);

  /**
   * The machine slows down steeply from cycle to cycle (no agent from 150 to 400 us per call), far more
   * than either agent costs; each agent costs a constant amount on top within a cycle.
   */
  static Measurements measurements(long tollgateLedgerLines, double tollgateAddsUs, double otelAddsUs) {
    List<Slice> slices = new ArrayList<>();
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      double none = 150 + 50 * cycle;
      List<Variant> order = SliceSchedule.order(cycle);
      for (Variant v : Variant.values()) {
        double us = none + (v == Variant.TOLLGATE ? tollgateAddsUs : v == Variant.OTEL ? otelAddsUs : 0);
        CpuSplit split = new CpuSplit(v == Variant.TOLLGATE ? 100 * tollgateAddsUs : 0, 100 * 2.0, 0);
        slices.add(new Slice(v, cycle, order.indexOf(v), new SliceResult(1, 100, 100 * us, 100 * us, us, 4 * us, 0, split)));
        slices.add(new Slice(v, cycle, order.indexOf(v), new SliceResult(4, 100, 100 * us / 2, 100 * us, us * 2, 8 * us, 0, CpuSplit.UNKNOWN)));
      }
    }
    List<JvmRun> jvms = new ArrayList<>();
    for (int set = 0; set < 2; set++) {
      jvms.add(new JvmRun(Variant.NO_AGENT, "startup-none", set, new StartupTimes(20 + set, 2000), null, 1, 1, -1));
      jvms.add(new JvmRun(Variant.TOLLGATE, "startup-tollgate", set, new StartupTimes(900 + set, 3000), null, 1, 1, 1));
      jvms.add(new JvmRun(Variant.OTEL, "startup-otel", set, new StartupTimes(4000, 7000), null, 1, 1, -1));
    }
    WarmUp.Outcome warm = new WarmUp.Outcome(20000, 12000, true);
    jvms.add(new JvmRun(Variant.NO_AGENT, "measured-none", JvmRun.NO_STARTUP_SET, new StartupTimes(20, 2000), warm, 21301, 21301, -1));
    jvms.add(new JvmRun(Variant.TOLLGATE, "measured-tollgate", JvmRun.NO_STARTUP_SET, new StartupTimes(900, 3000), warm,
        21301, 21301, tollgateLedgerLines));
    jvms.add(new JvmRun(Variant.OTEL, "measured-otel", JvmRun.NO_STARTUP_SET, new StartupTimes(4000, 7000), warm, 21301, 21301, -1));
    return new Measurements(jvms, slices, List.of(1.0, 2.0, 1.0, 0.0, 3.0, 2.0));
  }

  @Test
  void costsArePairedWithTheNoAgentSliceOfTheSameCycleSoDriftCancels() {
    AgentCost tollgate = AgentCost.of(Variant.TOLLGATE, measurements(21301, 5, 20));

    assertEquals(CYCLES, tollgate.pairedCycles());
    assertEquals(5.0, tollgate.addedP50Us(), 1e-9);
    assertEquals(5.0, tollgate.addedCpuUsPerCall(), 1e-9);
    assertEquals(880.0, tollgate.startupToMainDeltaMs(), 1e-9);
    assertEquals(1000.0, tollgate.startupToFirstCallDeltaMs(), 1e-9);
  }

  @Test
  void throughputIsNoAgentTimePerCallOverTheAgentsWithinEachCycle() {
    AgentCost otel = AgentCost.of(Variant.OTEL, measurements(21301, 5, 20));

    // per cycle 150+50c over 170+50c: cycles 0..5 give 88.2, 90.0, 91.3, 92.3, 93.1, 93.8; median of the middle two
    assertEquals(100 * (0.5 * 250 / 270 + 0.5 * 300 / 320), otel.singleThreadThroughputPercent(), 1e-9);
    assertEquals(otel.singleThreadThroughputPercent(), otel.multiThreadThroughputPercent(), 1e-9);
  }

  @Test
  void theCpuSplitSaysWhatTheAgentsOwnThreadsAndTheGcUsed() {
    String table = new OverheadReport(SETTINGS, measurements(21301, 5, 20)).cpuSplit().toText();
    String row = table.lines().filter(l -> l.startsWith(Variant.TOLLGATE.label)).findFirst().orElseThrow();
    List<String> words = List.of(row.trim().split("\\s+"));
    // per call: the median slice's whole process (155..405 us over six cycles: 280), of which Tollgate's threads 5
    // and the GC 2, so the application 273
    assertEquals(List.of("280.0", "273.0", "5.0", "2.0", "0.0"), words.subList(words.size() - 5, words.size()), table);
  }

  @Test
  void holdsWhenTollgateRecordsEverythingAndIsCheaper() {
    OverheadReport report = new OverheadReport(SETTINGS, measurements(21301, 1, 20));

    assertTrue(report.allHold(), report.toText());
  }

  @Test
  void failsWhenTheLedgerMissesCalls() {
    // a broken agent that records nothing costs nothing: it must not pass
    OverheadReport report = new OverheadReport(SETTINGS, measurements(0, 0, 20));

    assertFalse(report.allHold());
    assertFalse(report.checks().get(0).holds());
  }

  @Test
  void failsWhenTollgateAddsMoreThanTheOtelAgent() {
    assertFalse(new OverheadReport(SETTINGS, measurements(21301, 25, 20)).allHold());
  }

  @Test
  void markdownListsEveryCycle() {
    String markdown = new OverheadReport(SETTINGS, measurements(21301, 1, 20)).toMarkdown("test machine");

    assertTrue(markdown.contains("cycle   6 "), markdown);
  }
}

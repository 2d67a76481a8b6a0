package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverheadReportTest {
  private static final BenchSettings SETTINGS = new BenchSettings(3, 10, 0, 100, 4, 100, 4, List.of("-Xmx64m"),
      Path.of("tollgate.jar"), Path.of("otel.jar"), Path.of("target"), 60, 97, false);

  private static WorkloadResult result(double p50Us, double callsPerSecond, long mainMs) {
    return new WorkloadResult(10, 5, true, 100, 4, 100, 211, mainMs, mainMs + 1000, p50Us, p50Us * 4, p50Us, callsPerSecond,
        callsPerSecond * 2, p50Us, p50Us / 2, 0, 3000);
  }

  private static List<WorkloadRun> runs(long tollgateLedgerLines, double tollgateP50, double otelP50) {
    List<WorkloadRun> runs = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      runs.add(new WorkloadRun(Variant.NO_AGENT, round, result(500 + round, 2000, 20), 211, -1, 0));
      runs.add(new WorkloadRun(Variant.TOLLGATE, round, result(tollgateP50 + round, 1990, 900), 211, tollgateLedgerLines, 0));
      runs.add(new WorkloadRun(Variant.OTEL, round, result(otelP50 + round, 1900, 4000), 211, -1, 0));
    }
    return runs;
  }

  @Test
  void costsArePairedWithTheNoAgentRunOfTheSameRound() {
    AgentCost tollgate = AgentCost.of(Variant.TOLLGATE, runs(211, 510, 540));

    assertEquals(10.0, tollgate.addedP50Us(), 1e-9);
    assertEquals(99.5, tollgate.singleThreadThroughputPercent(), 1e-9);
    assertEquals(880.0, tollgate.startupToMainDeltaMs(), 1e-9);
  }

  @Test
  void holdsWhenTollgateRecordsEverythingAndIsCheaper() {
    assertTrue(new OverheadReport(SETTINGS, runs(211, 510, 540)).allHold());
  }

  @Test
  void failsWhenTheLedgerMissesCalls() {
    // a broken agent that records nothing costs nothing: it must not pass
    OverheadReport report = new OverheadReport(SETTINGS, runs(0, 500, 540));

    assertFalse(report.allHold());
    assertFalse(report.checks().get(0).holds());
  }

  @Test
  void failsWhenTollgateAddsMoreThanTheOtelAgent() {
    assertFalse(new OverheadReport(SETTINGS, runs(211, 560, 540)).allHold());
  }
}

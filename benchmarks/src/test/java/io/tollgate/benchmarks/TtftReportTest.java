package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TtftReportTest {
  @Test
  void percentilesOverAllStreamsAndRatiosAgainstNoAgent() {
    TtftReport report = new TtftReport();
    report.addCycle(new FirstChunkTimes(new double[] {100, 200, 300, 400, 500}), new FirstChunkTimes(new double[] {110, 220, 330, 440, 550}));
    report.addCycle(new FirstChunkTimes(new double[] {100, 100, 100, 100, 1000}), new FirstChunkTimes(new double[] {100, 100, 100, 100, 100}));
    assertEquals(100, report.p(Variant.NO_AGENT, 50), "nearest rank over the ten no-agent streams");
    assertEquals(500, report.p(Variant.NO_AGENT, 90));
    assertEquals(100, report.p(Variant.TOLLGATE, 50));
    assertEquals(440, report.p(Variant.TOLLGATE, 90));
    assertEquals(440 / 500.0, report.ratio(90), 1e-9);
    assertEquals((330 / 300.0 + 1.0) / 2, report.medianCycleRatio(), 1e-9);
    String table = report.table().toText();
    assertTrue(table.contains("Tollgate / no agent") && table.contains("0.880"), table);
  }

  @Test
  void answerLineRoundTrips() {
    FirstChunkTimes times = FirstChunkTimes.ofNanos(new long[] {123_400, 5_000_000});
    assertEquals(java.util.List.of(123.4, 5000.0),
        java.util.Arrays.stream(FirstChunkTimes.parse(times.toLine()).micros()).boxed().toList());
  }
}

package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.benchmarks.TtftReport.Series;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TtftReportTest {
  private static FirstChunkTimes times(double... micros) {
    return new FirstChunkTimes(micros);
  }

  @Test
  void percentilesOverAllStreamsAndRatiosAgainstNoAgent() {
    TtftReport report = new TtftReport();
    report.addCycle(times(100, 200, 300, 400, 500), times(100, 200, 300, 400, 500), times(110, 220, 330, 440, 550));
    report.addCycle(times(100, 100, 100, 100, 1000), times(100, 100, 100, 100, 1000), times(100, 100, 100, 100, 100));
    assertEquals(100, report.p(Series.NO_AGENT, 50), "nearest rank over the ten no-agent streams");
    assertEquals(500, report.p(Series.NO_AGENT, 90));
    assertEquals(100, report.p(Series.TOLLGATE, 50));
    assertEquals(440, report.p(Series.TOLLGATE, 90));
    assertEquals(440 / 500.0, report.ratio(Series.TOLLGATE, 90), 1e-9);
    assertEquals((330 / 300.0 + 1.0) / 2, report.medianCycleRatio(Series.TOLLGATE), 1e-9);
    assertEquals(1.0, report.medianCycleRatio(Series.CONTROL), 1e-9);
    String table = report.table().toText();
    assertTrue(table.contains("Tollgate / no agent") && table.contains("0.880"), table);
  }

  /** Noisy cycles: a 5% slower Tollgate stands out from the control; one as fast as no agent does not. */
  @Test
  void tellsAddedDelayFromNoise() {
    SplittableRandom random = new SplittableRandom(3);
    TtftReport slower = new TtftReport();
    TtftReport same = new TtftReport();
    for (int c = 0; c < 40; c++) {
      double drift = 200 * (1 + 0.3 * random.nextDouble()); // the machine's speed in this cycle
      double[] none = slice(random, drift);
      double[] control = slice(random, drift);
      slower.addCycle(times(none), times(control), times(scaled(slice(random, drift), 1.05)));
      same.addCycle(times(none), times(control), times(slice(random, drift)));
    }
    assertFalse(slower.withinNoise(), slower.verdict());
    assertTrue(slower.verdict().endsWith(": added delay beyond noise"), slower.verdict());
    assertTrue(same.withinNoise(), same.verdict());
    assertTrue(same.verdict().endsWith(": no added delay distinguishable from noise"), same.verdict());
  }

  private static double[] slice(SplittableRandom random, double typical) {
    double[] us = new double[100];
    for (int i = 0; i < us.length; i++) {
      us[i] = typical * (1 + 0.1 * random.nextGaussian());
    }
    return us;
  }

  private static double[] scaled(double[] values, double by) {
    return java.util.Arrays.stream(values).map(v -> v * by).toArray();
  }

  @Test
  void answerLineRoundTrips() {
    FirstChunkTimes times = FirstChunkTimes.ofNanos(new long[] {123_400, 5_000_000});
    assertEquals(java.util.List.of(123.4, 5000.0),
        java.util.Arrays.stream(FirstChunkTimes.parse(times.toLine()).micros()).boxed().toList());
  }
}

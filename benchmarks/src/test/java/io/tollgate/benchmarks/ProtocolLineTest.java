package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolLineTest {

  @Test
  void answerLinesRoundTrip() {
    SliceResult slice = new SliceResult(4, 500, 123456.5, 98765.25, 180.125, 950.5, 3, new CpuSplit(3750.5, 812.25, 90));
    StartupTimes startup = new StartupTimes(21, 2270);
    WarmUp.Outcome warmUp = new WarmUp.Outcome(23000, 14200, false);
    WorkloadExit exit = new WorkloadExit(41001);

    assertEquals(slice, SliceResult.parse(slice.toLine()));
    assertEquals(7.501, slice.agentCpuUsPerCall(), 1e-9);
    SliceResult unknown = new SliceResult(1, 10, 1000, 800, 90, 200, 0, CpuSplit.UNKNOWN);
    assertTrue(Double.isNaN(SliceResult.parse(unknown.toLine()).split().gcUs()), "no /proc: the split is unknown, not 0");
    assertEquals(startup, StartupTimes.parse(startup.toLine()));
    assertEquals(warmUp, WarmUp.Outcome.parse(warmUp.toLine()));
    assertEquals(exit, WorkloadExit.parse(exit.toLine()));
  }

  @Test
  void perCallFiguresComeFromTheSlicesTotals() {
    SliceResult slice = new SliceResult(1, 400, 80_000, 60_000, 190, 400, 0, CpuSplit.UNKNOWN);

    assertEquals(200, slice.meanUsPerCall(), 1e-9);
    assertEquals(150, slice.cpuUsPerCall(), 1e-9);
    assertEquals(5000, slice.callsPerSecond(), 1e-9);
  }

  @Test
  void otherLinesAreNotAnswers() {
    assertFalse(ProtocolLine.is(SliceResult.WORD, "SLICES are nice"));
    assertTrue(ProtocolLine.is(WorkloadExit.WORD, "DONE total_calls=3"));
    assertThrows(IllegalArgumentException.class, () -> SliceResult.parse("SLICE calls=3"));
  }
}

package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CyclePairsTest {
  record Point(Variant variant, int cycle, double value) {}

  @Test
  void comparesOnlyWithinTheSameCycleAndSkipsIncompleteCycles() {
    List<Point> points = List.of(
        new Point(Variant.NO_AGENT, 0, 100), new Point(Variant.TOLLGATE, 0, 103),
        new Point(Variant.TOLLGATE, 1, 400), new Point(Variant.NO_AGENT, 1, 390),
        new Point(Variant.TOLLGATE, 2, 999), // no partner in cycle 2
        new Point(Variant.NO_AGENT, 3, 200), new Point(Variant.OTEL, 3, 1), new Point(Variant.TOLLGATE, 3, 207));

    double[] differences = CyclePairs.compare(points, Point::variant, Point::cycle, Variant.TOLLGATE, Variant.NO_AGENT,
        (t, n) -> t.value() - n.value());

    assertArrayEquals(new double[] {3, 10, 7}, differences, 1e-9);
    assertEquals(7, CyclePairs.medianDifference(points, Point::variant, Point::cycle, Variant.TOLLGATE, Variant.NO_AGENT,
        Point::value), 1e-9);
  }

  @Test
  void medianOfOddAndEvenCountsAndNothing() {
    assertEquals(3, Median.of(5, 1, 3), 1e-9);
    assertEquals(2.5, Median.of(4, 1, 3, 2), 1e-9);
    assertTrue(Double.isNaN(Median.of()));
  }

  @Test
  void everySixCyclesEachConfigurationTakesEachPositionTwice() {
    for (Variant v : Variant.values()) {
      int[] positions = new int[3];
      for (int cycle = 0; cycle < 6; cycle++) {
        positions[SliceSchedule.order(cycle).indexOf(v)]++;
      }
      assertArrayEquals(new int[] {2, 2, 2}, positions, v.label);
    }
    assertEquals(SliceSchedule.order(0), SliceSchedule.order(-6));
  }
}

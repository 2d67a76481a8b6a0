package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;

class RankTestTest {
  @Test
  void separatedSamplesGiveASmallPValueOneWayAndALargeOneTheOther() {
    double[] low = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] high = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    assertTrue(RankTest.greaterThan(high, low) < 0.001);
    assertTrue(RankTest.greaterThan(low, high) > 0.999);
  }

  /** Without ties and far from the continuity correction's reach, half of commons-math's two-sided p-value. */
  @Test
  void agreesWithTheTwoSidedTestHalved() {
    double[] a = {1.1, 2.3, 3.2, 4.8, 5.5, 6.1, 7.9, 8.4, 9.0, 10.6, 11.2, 12.7, 13.3, 14.1, 15.8, 16.2, 17.5, 18.9, 19.4, 20.0, 21.3};
    double[] b = {0.5, 1.7, 2.2, 2.9, 3.6, 4.1, 5.0, 5.9, 6.6, 7.2, 8.0, 8.8, 9.5, 10.1, 11.0, 11.8, 12.4, 13.0, 13.9, 14.6, 15.2};
    double twoSided = new MannWhitneyUTest().mannWhitneyUTest(a, b);
    assertEquals(twoSided / 2, RankTest.greaterThan(a, b), 0.01);
  }

  @Test
  void allEqualIsNoEvidence() {
    assertEquals(0.5, RankTest.greaterThan(new double[] {1, 1, 1}, new double[] {1, 1}), 1e-12);
  }
}

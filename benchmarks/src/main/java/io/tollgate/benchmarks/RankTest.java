package io.tollgate.benchmarks;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The Mann-Whitney U test, one-sided (commons-math's is two-sided only), normal approximation with mid-ranks for
 * ties, the tie correction and a continuity correction.
 */
final class RankTest {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private RankTest() {}

  /** The p-value for "values of {@code a} tend to be greater than those of {@code b}". */
  static double greaterThan(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    double[] pooled = new double[n1 + n2];
    System.arraycopy(a, 0, pooled, 0, n1);
    System.arraycopy(b, 0, pooled, n1, n2);
    double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(pooled);
    double rankSumA = 0;
    for (int i = 0; i < n1; i++) {
      rankSumA += ranks[i];
    }
    double u = rankSumA - n1 * (n1 + 1) / 2.0;
    double n = n1 + n2;
    double variance = n1 * (double) n2 / 12 * ((n + 1) - tieTerm(pooled) / (n * (n - 1)));
    if (variance <= 0) {
      return 0.5; // every value equal: no evidence either way
    }
    double z = (u - n1 * (double) n2 / 2 - 0.5) / Math.sqrt(variance);
    return 1 - STANDARD_NORMAL.cumulativeProbability(z);
  }

  /** Sum of t^3 - t over groups of t equal values. */
  private static double tieTerm(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    double sum = 0;
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      double t = j - i;
      sum += t * t * t - t;
      i = j;
    }
    return sum;
  }
}

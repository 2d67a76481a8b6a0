package io.tollgate.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Time to first chunk with no agent, with Tollgate, and from a second no-agent JVM (the control), from slices the
 * three JVMs measured in turns: percentiles over all streamed calls, and per cycle the p50 ratio of Tollgate and of
 * the control over no agent, which drift between cycles does not move. The control is what noise alone gives;
 * Tollgate adds delay beyond noise when its p50 stands above the control's in the same cycles (a one-sided
 * Wilcoxon signed-rank test over the cycles).
 */
final class TtftReport {
  /** One-sided significance at which a difference from the control is called beyond noise. */
  static final double ALPHA = 0.05;

  private final List<double[]> noAgent = new ArrayList<>();
  private final List<double[]> control = new ArrayList<>();
  private final List<double[]> tollgate = new ArrayList<>();

  /** One cycle: each JVM's slice, measured one right after another. */
  void addCycle(FirstChunkTimes withoutAgent, FirstChunkTimes secondWithoutAgent, FirstChunkTimes withTollgate) {
    noAgent.add(withoutAgent.micros());
    control.add(secondWithoutAgent.micros());
    tollgate.add(withTollgate.micros());
  }

  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length); // nearest rank
    return sorted[Math.max(0, rank - 1)];
  }

  private static double[] all(List<double[]> slices) {
    return slices.stream().flatMapToDouble(Arrays::stream).toArray();
  }

  double p(Series series, double p) {
    return percentile(all(slices(series)), p);
  }

  double ratio(Series series, double p) {
    return p(series, p) / p(Series.NO_AGENT, p);
  }

  /** Per cycle: the series' p50 over no agent's p50 in the same cycle. */
  double[] cycleRatios(Series series) {
    List<double[]> s = slices(series);
    double[] ratios = new double[noAgent.size()];
    for (int c = 0; c < ratios.length; c++) {
      ratios[c] = percentile(s.get(c), 50) / percentile(noAgent.get(c), 50);
    }
    return ratios;
  }

  double medianCycleRatio(Series series) {
    return Median.of(cycleRatios(series));
  }

  /**
   * Probability of Tollgate's per-cycle p50s standing this far above the control's, cycle by cycle, if Tollgate
   * added nothing: the Wilcoxon signed-rank test on the pairs (both measured in the same cycle), one-sided.
   */
  double pValue() {
    double[] tollgateP50 = cycleP50(Series.TOLLGATE);
    double[] controlP50 = cycleP50(Series.CONTROL);
    double twoSided = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(tollgateP50, controlP50, false);
    // the side is the test's own: the positive differences' rank sum against the negative ones'
    double[] differences = java.util.stream.IntStream.range(0, tollgateP50.length)
        .mapToDouble(c -> tollgateP50[c] - controlP50[c]).filter(d -> d != 0).toArray();
    double[] ranks = new org.apache.commons.math3.stat.ranking.NaturalRanking()
        .rank(java.util.Arrays.stream(differences).map(Math::abs).toArray());
    double above = 0;
    double below = 0;
    for (int i = 0; i < differences.length; i++) {
      if (differences[i] > 0) {
        above += ranks[i];
      } else {
        below += ranks[i];
      }
    }
    return above > below ? twoSided / 2 : 1 - twoSided / 2;
  }

  private double[] cycleP50(Series series) {
    return slices(series).stream().mapToDouble(slice -> percentile(slice, 50)).toArray();
  }

  boolean withinNoise() {
    return pValue() >= ALPHA;
  }

  Table table() {
    Table t = new Table("configuration", "streams", "p50 TTFT us", "p90 TTFT us", "median per-cycle p50 ratio");
    for (Series s : Series.values()) {
      t.row(s.label, String.valueOf(all(slices(s)).length), us(p(s, 50)), us(p(s, 90)),
          s == Series.NO_AGENT ? "1" : times(medianCycleRatio(s)));
    }
    t.row("Tollgate / no agent", "", times(ratio(Series.TOLLGATE, 50)), times(ratio(Series.TOLLGATE, 90)), "");
    t.row("control / no agent", "", times(ratio(Series.CONTROL, 50)), times(ratio(Series.CONTROL, 90)), "");
    return t;
  }

  String verdict() {
    double[] c = cycleRatios(Series.CONTROL);
    return String.format(Locale.ROOT, "per-cycle p50 ratio over %d cycles: Tollgate %.3f, control (no agent again) %.3f"
            + " (its middle 80%%: %.3f to %.3f); Tollgate above the control, cycle by cycle, with p = %.3f: %s",
        noAgent.size(), medianCycleRatio(Series.TOLLGATE), Median.of(c), percentile(c, 10), percentile(c, 90), pValue(),
        withinNoise() ? "no added delay distinguishable from noise" : "added delay beyond noise");
  }

  private List<double[]> slices(Series series) {
    return switch (series) {
      case NO_AGENT -> noAgent;
      case CONTROL -> control;
      case TOLLGATE -> tollgate;
    };
  }

  private static String us(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String times(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  enum Series {
    NO_AGENT("no agent"),
    CONTROL("no agent (control)"),
    TOLLGATE("Tollgate agent");

    final String label;

    Series(String label) {
      this.label = label;
    }
  }
}

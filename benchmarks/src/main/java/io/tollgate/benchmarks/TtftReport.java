package io.tollgate.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Time to first chunk with no agent and with Tollgate, from slices the two JVMs measured in turns:
 * percentiles over all streamed calls, and the median over cycles of the per-cycle p50 ratio, which
 * drift between cycles does not move.
 */
final class TtftReport {
  private final List<double[]> noAgent = new ArrayList<>();
  private final List<double[]> tollgate = new ArrayList<>();

  /** One cycle: each JVM's slice, measured one right after the other. */
  void addCycle(FirstChunkTimes withoutAgent, FirstChunkTimes withTollgate) {
    noAgent.add(withoutAgent.micros());
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

  double p(Variant variant, double p) {
    return percentile(all(variant == Variant.TOLLGATE ? tollgate : noAgent), p);
  }

  double ratio(double p) {
    return p(Variant.TOLLGATE, p) / p(Variant.NO_AGENT, p);
  }

  /** Median over cycles of Tollgate's p50 over no agent's p50 in the same cycle. */
  double medianCycleRatio() {
    double[] ratios = new double[noAgent.size()];
    for (int c = 0; c < ratios.length; c++) {
      ratios[c] = percentile(tollgate.get(c), 50) / percentile(noAgent.get(c), 50);
    }
    return Median.of(ratios);
  }

  Table table() {
    Table t = new Table("configuration", "streams", "p50 TTFT us", "p90 TTFT us");
    for (Variant v : List.of(Variant.NO_AGENT, Variant.TOLLGATE)) {
      t.row(v.label, String.valueOf(all(v == Variant.TOLLGATE ? tollgate : noAgent).length), us(p(v, 50)), us(p(v, 90)));
    }
    t.row("Tollgate / no agent", "", times(ratio(50)), times(ratio(90)));
    return t;
  }

  String verdict() {
    return String.format(Locale.ROOT, "median over %d cycles of the per-cycle p50 ratio (Tollgate / no agent): %.3f",
        noAgent.size(), medianCycleRatio());
  }

  private static String us(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String times(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}

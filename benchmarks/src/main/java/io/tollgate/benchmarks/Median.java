package io.tollgate.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians: one disturbed slice or start among many does not move them. */
final class Median {
  private Median() {}

  static double of(double... values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static <T> double of(List<T> items, ToDoubleFunction<T> value) {
    return of(items.stream().mapToDouble(value).toArray());
  }
}

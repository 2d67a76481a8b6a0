package io.tollgate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Pairs two configurations' measurements taken in the same cycle (slices) or the same set of starts,
 * and compares each pair. Both halves of a pair ran within about a second of each other, so a drift of
 * the machine's speed over minutes moves both alike and drops out of the comparison, while it would
 * swamp a comparison of whole-run averages.
 */
final class CyclePairs {
  private CyclePairs() {}

  /**
   * {@code compare(a, b)} for every group that holds one item of {@code a} and one of {@code b}, in group
   * order; a group missing either is skipped.
   */
  static <T> double[] compare(List<T> items, Function<T, Variant> variantOf, ToIntFunction<T> groupOf, Variant a,
      Variant b, ToDoubleBiFunction<T, T> compare) {
    Map<Integer, T> ofA = new TreeMap<>();
    Map<Integer, T> ofB = new TreeMap<>();
    for (T item : items) {
      Variant v = variantOf.apply(item);
      if (v == a) {
        ofA.put(groupOf.applyAsInt(item), item);
      } else if (v == b) {
        ofB.put(groupOf.applyAsInt(item), item);
      }
    }
    List<Double> results = new ArrayList<>();
    ofA.forEach((group, itemA) -> {
      T itemB = ofB.get(group);
      if (itemB != null) {
        results.add(compare.applyAsDouble(itemA, itemB));
      }
    });
    return results.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The median over groups of {@code value(a) - value(b)}. */
  static <T> double medianDifference(List<T> items, Function<T, Variant> variantOf, ToIntFunction<T> groupOf,
      Variant a, Variant b, ToDoubleFunction<T> value) {
    return Median.of(compare(items, variantOf, groupOf, a, b, (x, y) -> value.applyAsDouble(x) - value.applyAsDouble(y)));
  }
}

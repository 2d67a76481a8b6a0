package io.tollgate.benchmarks;

import java.util.List;

/**
 * The order in which the configurations measure within each cycle. It runs through all six orders of
 * the three in turn, so over every six cycles each configuration is first, second and last equally
 * often and follows each other one equally often: a slice after the OTel JVM (which leaves the most
 * in the caches) or at the start of a cycle is no more often one configuration's than another's.
 */
final class SliceSchedule {
  private static final List<List<Variant>> ORDERS = List.of(
      List.of(Variant.NO_AGENT, Variant.TOLLGATE, Variant.OTEL),
      List.of(Variant.TOLLGATE, Variant.OTEL, Variant.NO_AGENT),
      List.of(Variant.OTEL, Variant.NO_AGENT, Variant.TOLLGATE),
      List.of(Variant.NO_AGENT, Variant.OTEL, Variant.TOLLGATE),
      List.of(Variant.OTEL, Variant.TOLLGATE, Variant.NO_AGENT),
      List.of(Variant.TOLLGATE, Variant.NO_AGENT, Variant.OTEL));

  private SliceSchedule() {}

  static List<Variant> order(int cycle) {
    return ORDERS.get(Math.floorMod(cycle, ORDERS.size()));
  }
}

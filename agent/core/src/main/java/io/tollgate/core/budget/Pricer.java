package io.tollgate.core.budget;

/** Prices a worst case: the engine knows budgets, not catalogs. */
public interface Pricer {
  /** USD per input token and per output token for this model now; null when it has no price. */
  double[] ratesPerToken(String pricingFamily, String model);
}

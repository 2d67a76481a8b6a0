package io.tollgate.core.budget;

/** Prices a worst case: the engine knows budgets, not catalogs. */
public interface Pricer {
  /**
   * USD per input token and per output token for this model now, for a prompt of
   * {@code inputTokens} (a long-context tier can depend on it); null when the model has no price.
   */
  double[] ratesPerToken(String pricingFamily, String model, long inputTokens);
}

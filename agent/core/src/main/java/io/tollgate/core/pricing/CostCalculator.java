package io.tollgate.core.pricing;

import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices one call's usage with the catalog rates in force when the call was made. A model the
 * catalog does not know is {@link Cost.Status#UNPRICED unpriced}, never a silent zero.
 */
public final class CostCalculator {

  private static final double TOKENS_PER_RATE_UNIT = 1_000_000d;

  private final PricingCatalog catalog;

  public CostCalculator(PricingCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * @param usage token counts with {@code inputTokens} including cached reads and writes, and
   *     {@code outputTokens} including reasoning (billed at the output rate)
   * @param at when the call was made; picks the price period
   */
  public Cost price(String providerFamily, String model, Usage usage, Instant at) {
    Objects.requireNonNull(usage, "usage");
    Optional<ModelPrice> found = catalog.find(providerFamily, model, at);
    if (found.isEmpty()) {
      return Cost.unpriced(catalog.currency());
    }
    ModelPrice rates = found.get();
    // each cached token is billed once: at the read or write rate, not also as plain input
    double input = usage.uncachedInputTokens() * rates.inputPerMillion() / TOKENS_PER_RATE_UNIT;
    double cacheRead =
        usage.cacheReadInputTokens() * rates.cachedInputPerMillion() / TOKENS_PER_RATE_UNIT;
    double cacheWrite =
        (usage.cacheWrite5mInputTokens() * rates.cacheWrite5mPerMillion()
                + usage.cacheWrite1hInputTokens() * rates.cacheWrite1hPerMillion())
            / TOKENS_PER_RATE_UNIT;
    double output = usage.outputTokens() * rates.outputPerMillion() / TOKENS_PER_RATE_UNIT;
    double amount = input + cacheRead + cacheWrite + output;
    return new Cost(
        amount, catalog.currency(), Cost.Status.PRICED, input, cacheRead, cacheWrite, output);
  }
}

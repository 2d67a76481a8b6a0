package io.tollgate.core.budget;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.function.Supplier;

/** Prices worst cases with the same catalog (override file included) as the cost records. */
public final class CatalogPricer implements Pricer {
  private static final long OUTPUT_PROBE = 1_000_000;

  private final Supplier<CostCalculator> calculator;

  public CatalogPricer(Supplier<CostCalculator> calculator) {
    this.calculator = calculator;
  }

  @Override
  public double[] ratesPerToken(String pricingFamily, String model, long inputTokens) {
    Instant now = Instant.now();
    long input = Math.max(1, inputTokens);
    Cost in = calculator.get().price(pricingFamily, model, new Usage(input, 0, 0, 0, 0, 0), now);
    if (!in.priced()) {
      return null;
    }
    // priced beside the same prompt, so a long-context tier that the prompt triggers applies to output too
    Cost both = calculator.get().price(pricingFamily, model, new Usage(input, OUTPUT_PROBE, 0, 0, 0, 0), now);
    return new double[] {in.amount() / input, (both.amount() - in.amount()) / OUTPUT_PROBE};
  }
}

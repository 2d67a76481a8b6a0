package io.tollgate.core.budget;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.function.Supplier;

/** Prices worst cases with the same catalog (override file included) as the cost records. */
public final class CatalogPricer implements Pricer {
  private static final Usage MILLION_IN = new Usage(1_000_000, 0, 0, 0, 0, 0);
  private static final Usage MILLION_OUT = new Usage(0, 1_000_000, 0, 0, 0, 0);

  private final Supplier<CostCalculator> calculator;

  public CatalogPricer(Supplier<CostCalculator> calculator) {
    this.calculator = calculator;
  }

  @Override
  public double[] ratesPerToken(String pricingFamily, String model) {
    Instant now = Instant.now();
    Cost in = calculator.get().price(pricingFamily, model, MILLION_IN, now);
    if (!in.priced()) {
      return null;
    }
    Cost out = calculator.get().price(pricingFamily, model, MILLION_OUT, now);
    return new double[] {in.amount() / 1e6, out.amount() / 1e6};
  }
}

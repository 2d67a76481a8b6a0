package io.tollgate.core.budget;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.ModelPrice;
import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Prices worst cases with the same catalog (override file included) as the cost records. A model's
 * per-token rates are kept for a second, and only while the catalog in force is the same one, so
 * the reservation on every call costs a map lookup; a prompt above the model's long-context
 * threshold is priced in full.
 */
public final class CatalogPricer implements Pricer {
  private static final long OUTPUT_PROBE = 1_000_000;
  private static final long INPUT_PROBE = 1_000;
  private static final long KEEP_NANOS = 1_000_000_000L;
  private static final int MAX_MODELS = 4096;

  private final Supplier<CostCalculator> calculator;
  // family, then model: no key is built per call
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Cached>> cache = new ConcurrentHashMap<>();

  private record Cached(CostCalculator from, long atNanos, double[] rates, long longContextAbove) {}

  public CatalogPricer(Supplier<CostCalculator> calculator) {
    this.calculator = calculator;
  }

  @Override
  public double[] ratesPerToken(String pricingFamily, String model, long inputTokens) {
    CostCalculator current = calculator.get();
    ConcurrentHashMap<String, Cached> models = cache.get(pricingFamily);
    if (models == null) {
      models = cache.computeIfAbsent(pricingFamily, f -> new ConcurrentHashMap<>());
    }
    Cached c = models.get(model);
    long now = System.nanoTime();
    if (c == null || c.from != current || now - c.atNanos > KEEP_NANOS) {
      c = compute(current, pricingFamily, model, now);
      if (models.size() >= MAX_MODELS) {
        models.clear();
      }
      models.put(model, c);
    }
    if (inputTokens > c.longContextAbove) {
      return rates(current, pricingFamily, model, inputTokens);
    }
    return c.rates;
  }

  private static Cached compute(CostCalculator calc, String family, String model, long now) {
    Optional<ModelPrice> price = calc.catalog().find(family, model, Instant.now());
    long above = price.map(p -> p.longContext() == null ? Long.MAX_VALUE : p.longContext().aboveInputTokens()).orElse(Long.MAX_VALUE);
    return new Cached(calc, now, rates(calc, family, model, Math.min(INPUT_PROBE, above)), above);
  }

  private static double[] rates(CostCalculator calc, String family, String model, long inputTokens) {
    Instant now = Instant.now();
    long input = Math.max(1, inputTokens);
    Cost in = calc.price(family, model, new Usage(input, 0, 0, 0, 0, 0), now);
    if (!in.priced()) {
      return null;
    }
    // priced beside the same prompt, so a long-context tier that the prompt triggers applies to output too
    Cost both = calc.price(family, model, new Usage(input, OUTPUT_PROBE, 0, 0, 0, 0), now);
    return new double[] {in.amount() / input, (both.amount() - in.amount()) / OUTPUT_PROBE};
  }
}

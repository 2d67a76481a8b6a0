package io.tollgate.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tollgate.core.usage.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Expected costs are worked out by hand from the providers' published rates (USD per 1M tokens),
 * never by calling the calculator.
 */
class CostCalculatorTest {

  private static final double USD_TOLERANCE = 1e-9;
  private static final double M = 1_000_000;
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private final CostCalculator calculator = new CostCalculator(PricingCatalog.bundled());

  @Test
  void gpt4oPlainCall() {
    // gpt-4o: $2.50 input, $10.00 output
    Cost cost = calculator.price("openai", "gpt-4o", new Usage(1_000, 500, 0, 0, 0, 0), NOW);

    double input = 1_000 * 2.50 / M; // 0.0025
    double output = 500 * 10.00 / M; // 0.005
    assertPriced(cost, input, 0, 0, output);
    assertEquals(0.0075, cost.amount(), USD_TOLERANCE);
  }

  @Test
  void gpt4oCachedTokensAreBilledOnceAtTheCachedRate() {
    // 1200 input tokens of which 1024 were cached: 176 at $2.50, 1024 at $1.25; 300 output at $10
    Cost cost = calculator.price("openai", "gpt-4o", new Usage(1_200, 300, 1_024, 0, 0, 0), NOW);

    double input = 176 * 2.50 / M; // 0.00044
    double cacheRead = 1_024 * 1.25 / M; // 0.00128
    double output = 300 * 10.00 / M; // 0.003
    assertPriced(cost, input, cacheRead, 0, output);
    assertEquals(0.00472, cost.amount(), USD_TOLERANCE);
  }

  @Test
  void claudeSonnet45WithCacheReadAnd5mAnd1hWrites() {
    // claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 5m write, $6 1h write, $15 output.
    // 10,000 input = 1,000 uncached + 6,000 read + 2,000 written (5m) + 1,000 written (1h);
    // 800 output of which 200 reasoning (billed as output).
    Usage usage = new Usage(10_000, 800, 6_000, 2_000, 1_000, 200);
    Cost cost = calculator.price("anthropic", "claude-sonnet-4-5-20250929", usage, NOW);

    double input = 1_000 * 3.00 / M; // 0.003
    double cacheRead = 6_000 * 0.30 / M; // 0.0018
    double cacheWrite = 2_000 * 3.75 / M + 1_000 * 6.00 / M; // 0.0075 + 0.006
    double output = 800 * 15.00 / M; // 0.012
    assertPriced(cost, input, cacheRead, cacheWrite, output);
    assertEquals(0.0303, cost.amount(), USD_TOLERANCE);
  }

  @Test
  void unknownModelIsUnpricedNotFree() {
    Usage usage = new Usage(1_000, 1_000, 0, 0, 0, 0);

    Cost unknownModel = calculator.price("openai", "gpt-99-turbo", usage, NOW);
    Cost unknownProvider = calculator.price("mistral_ai", "mistral-large", usage, NOW);

    for (Cost cost : new Cost[] {unknownModel, unknownProvider}) {
      assertEquals(Cost.Status.UNPRICED, cost.status());
      assertNull(cost.amount());
      assertNull(cost.input());
      assertNull(cost.output());
      assertEquals("USD", cost.currency());
    }
  }

  @Test
  void o3IsPricedAtTheRateInForceWhenTheCallWasMade() {
    Usage usage = new Usage(1_000, 1_000, 0, 0, 0, 0);

    // launch price until the 2025-06-10 cut: $10 input, $40 output
    Cost before = calculator.price("openai", "o3", usage, Instant.parse("2025-06-09T23:59:59Z"));
    assertEquals(1_000 * 10.00 / M + 1_000 * 40.00 / M, before.amount(), USD_TOLERANCE); // 0.05

    // from 2025-06-10 (UTC): $2 input, $8 output
    Cost after = calculator.price("openai", "o3", usage, Instant.parse("2025-06-10T00:00:00Z"));
    assertEquals(1_000 * 2.00 / M + 1_000 * 8.00 / M, after.amount(), USD_TOLERANCE); // 0.01

    // a dated snapshot follows the same periods
    Cost snapshot = calculator.price("openai", "o3-2025-04-16", usage, NOW);
    assertEquals(0.01, snapshot.amount(), USD_TOLERANCE);
  }

  @Test
  void callBeforeTheFirstPricePeriodIsUnpriced() {
    // o3's first period starts 2025-04-16
    Cost cost =
        calculator.price(
            "openai", "o3", new Usage(1, 1, 0, 0, 0, 0), Instant.parse("2025-04-15T12:00:00Z"));

    assertEquals(Cost.Status.UNPRICED, cost.status());
    assertNull(cost.amount());
  }

  @Test
  void zeroUsageOfAKnownModelIsPricedAtZero() {
    Cost cost = calculator.price("openai", "gpt-4o-mini", Usage.ZERO, NOW);

    assertEquals(Cost.Status.PRICED, cost.status());
    assertEquals(0.0, cost.amount(), 0.0);
  }

  private static void assertPriced(
      Cost cost, double input, double cacheRead, double cacheWrite, double output) {
    assertEquals(Cost.Status.PRICED, cost.status());
    assertEquals("USD", cost.currency());
    assertEquals(input, cost.input(), USD_TOLERANCE, "input");
    assertEquals(cacheRead, cost.cacheRead(), USD_TOLERANCE, "cacheRead");
    assertEquals(cacheWrite, cost.cacheWrite(), USD_TOLERANCE, "cacheWrite");
    assertEquals(output, cost.output(), USD_TOLERANCE, "output");
    assertEquals(input + cacheRead + cacheWrite + output, cost.amount(), USD_TOLERANCE, "amount");
  }
}

package io.tollgate.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.usage.Usage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Catalog v2 rules with usage given directly: Gemini and Bedrock prices (no wire format of theirs
 * here), batch pricing for batch results, negotiated discounts, and v1 files still read as before.
 * Expected amounts come from the published per-million rates written out here.
 */
class PricingV2Test {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private static final CostCalculator BUNDLED = new CostCalculator(PricingCatalog.bundled());

  private static double usd(long tokens, double perMillion) {
    return tokens * perMillion / 1_000_000d;
  }

  private static PricingCatalog parse(String json) {
    return PricingCatalog.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void geminiProLongContextIsAllOrNothing() {
    Cost below = BUNDLED.price("gemini", "gemini-2.5-pro", new Usage(200_000, 1_000, 50_000, 0, 0, 400), NOW);
    assertEquals(usd(150_000, 1.25) + usd(50_000, 0.125) + usd(1_000, 10.00), below.amount(), 1e-9);
    Cost above = BUNDLED.price("gemini", "gemini-2.5-pro", new Usage(200_001, 1_000, 50_000, 0, 0, 400), NOW);
    assertEquals(usd(150_001, 2.50) + usd(50_000, 0.25) + usd(1_000, 15.00), above.amount(), 1e-9);
    assertTrue(above.applied().longContext());
  }

  @Test
  void vertexProviderNameAndPublisherPathFindGeminiPrices() {
    Cost cost = BUNDLED.price("gcp.vertex_ai", "publishers/google/models/gemini-2.5-flash", new Usage(10_000, 2_000, 0, 0, 0, 0), NOW);
    assertEquals(usd(10_000, 0.30) + usd(2_000, 2.50), cost.amount(), 1e-9);
    Cost preview = BUNDLED.price("gemini", "gemini-3-pro-preview", new Usage(300_000, 1_000, 0, 0, 0, 0), NOW);
    assertEquals(usd(300_000, 4.00) + usd(1_000, 18.00), preview.amount(), 1e-9);
  }

  @Test
  void bedrockInferenceProfilesPriceGlobalBelowRegional() {
    Usage usage = new Usage(10_000, 1_000, 4_000, 2_000, 0, 0);
    Cost global = BUNDLED.price("aws.bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", usage, NOW);
    assertEquals(usd(4_000, 3.00) + usd(4_000, 0.30) + usd(2_000, 3.75) + usd(1_000, 15.00), global.amount(), 1e-9);
    // a geographic profile falls back to the in-region id and its 10% premium
    Cost us = BUNDLED.price("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", usage, NOW);
    assertEquals(usd(4_000, 3.30) + usd(4_000, 0.33) + usd(2_000, 4.125) + usd(1_000, 16.50), us.amount(), 1e-9);
    Cost nova = BUNDLED.price("bedrock", "us.amazon.nova-lite-v1:0", new Usage(1_000_000, 100_000, 0, 0, 0, 0), NOW);
    assertEquals(usd(1_000_000, 0.06) + usd(100_000, 0.24), nova.amount(), 1e-9);
  }

  @Test
  void batchResultsArePricedAtTheBatchTier() {
    Usage usage = new Usage(20_000, 3_000, 10_000, 0, 0, 0);
    Cost batch = BUNDLED.price(PriceQuery.of("anthropic", "claude-sonnet-4-6", usage, NOW).atTier("batch"));
    assertEquals(0.5 * (usd(10_000, 3.00) + usd(10_000, 0.30) + usd(3_000, 15.00)), batch.amount(), 1e-9);
    assertEquals("batch", batch.applied().serviceTier());
    Cost geminiBatch = BUNDLED.price(PriceQuery.of("gemini", "gemini-2.0-flash", usage.withAudio(0, 0, 0), NOW).atTier("batch"));
    assertEquals(0.5 * (usd(20_000, 0.10) + usd(3_000, 0.40)), geminiBatch.amount(), 1e-9);
  }

  @Test
  void aTierTheModelDoesNotOfferIsPricedStandard() {
    Cost cost = BUNDLED.price(PriceQuery.of("openai", "gpt-4o-mini", new Usage(1_000, 100, 0, 0, 0, 0), NOW).atTier("flex"));
    assertEquals(usd(1_000, 0.15) + usd(100, 0.60), cost.amount(), 1e-9);
    assertEquals("standard", cost.applied().serviceTier());
  }

  @Test
  void imageTokensAtTheirOwnRates() {
    Usage usage = new Usage(1_500, 4_160, 0, 0, 0, 0).withImages(1_000, 4_160);
    Cost cost = BUNDLED.price("openai", "gpt-image-1", usage, NOW);
    assertEquals(usd(500, 5.00) + usd(1_000, 10.00) + usd(4_160, 40.00), cost.amount(), 1e-9);
  }

  private static final String OVERRIDE = """
      {"schema": "tollgate.pricing/v2", "currency": "USD", "updated": "2026-11-23",
       "discounts": [
         {"provider": "openai", "multiplier": 0.8},
         {"provider": "anthropic", "model": "claude-sonnet-4-5", "multiplier": 0.7, "note": "2026 contract"}],
       "models": []}
      """;

  @Test
  void negotiatedDiscountsScaleEveryPartAndAModelBeatsItsProvider() {
    CostCalculator calc = new CostCalculator(PricingCatalog.bundled().overlay(parse(OVERRIDE)));
    Usage usage = new Usage(1_200, 300, 1_024, 0, 0, 0);
    Cost openai = calc.price("openai", "gpt-4o", usage, NOW);
    assertEquals(0.8 * (usd(176, 2.50) + usd(1_024, 1.25) + usd(300, 10.00)), openai.amount(), 1e-9);
    assertEquals(0.8 * usd(300, 10.00), openai.output(), 1e-12);
    assertEquals(0.8, openai.applied().discount());
    // the dated id resolves to the same entry as the alias the discount names
    Cost sonnet = calc.price("anthropic", "claude-sonnet-4-5-20250929", usage, NOW);
    assertEquals(0.7 * (usd(176, 3.00) + usd(1_024, 0.30) + usd(300, 15.00)), sonnet.amount(), 1e-9);
    Cost haiku = calc.price("anthropic", "claude-haiku-4-5", usage, NOW);
    assertNull(haiku.applied().discount(), "no discount for other Anthropic models");
  }

  @Test
  void aV1FileIsReadAsBeforeAndItsV2FieldsAreReportedNotUsed() {
    PricingCatalog v1 = parse("""
        {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
         "models": [{"provider": "openai", "id": "m", "prices": [
           {"effective": "2026-01-01", "input": 1.0, "output": 2.0,
            "long_context": {"above_input_tokens": 10, "input": 9.0, "output": 9.0}}]}]}
        """);
    Cost cost = new CostCalculator(v1).price("openai", "m", new Usage(1_000, 1_000, 0, 0, 0, 0), NOW);
    assertEquals(usd(1_000, 1.0) + usd(1_000, 2.0), cost.amount(), 1e-9);
    assertFalse(cost.applied().longContext());
    assertEquals(List.of("models[0].prices[0].long_context"), v1.unknownFields());
  }

  @Test
  void v2MistakesAreNamed() {
    String period = "{\"schema\": \"tollgate.pricing/v2\", \"currency\": \"USD\", \"updated\": \"2026-11-23\", "
        + "\"models\": [{\"provider\": \"openai\", \"id\": \"m\", \"prices\": [{\"effective\": \"2026-01-01\", \"input\": 1.0, \"output\": 2.0, %s}]}]}";
    assertMessage("service_tiers.flex: gives a \"multiplier\" and rates",
        period.formatted("\"service_tiers\": {\"flex\": {\"multiplier\": 0.5, \"input\": 1.0}}"));
    assertMessage("service_tiers.turbo: unknown service tier",
        period.formatted("\"service_tiers\": {\"turbo\": {\"multiplier\": 0.5}}"));
    assertMessage("long_context: \"above_input_tokens\" must be a whole number > 0",
        period.formatted("\"long_context\": {\"input\": 2.0, \"output\": 4.0}"));
    assertMessage("discounts[0]: \"multiplier\" must be a number > 0",
        "{\"schema\": \"tollgate.pricing/v2\", \"currency\": \"USD\", \"updated\": \"2026-11-23\", "
            + "\"discounts\": [{\"provider\": \"openai\", \"multiplier\": 0}], \"models\": []}");
  }

  private static void assertMessage(String expected, String json) {
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}

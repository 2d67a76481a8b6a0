package io.tollgate.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks over the whole catalog shipped in the agent jar. */
class BundledCatalogTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private final PricingCatalog catalog = PricingCatalog.bundled();

  @Test
  void isLoadedOnce() {
    assertSame(catalog, PricingCatalog.bundled());
  }

  @Test
  void everyPeriodHasAnEffectiveDateAndPositiveInputAndOutputRates() {
    List<ModelPrice> prices = catalog.allPrices();
    assertFalse(prices.isEmpty());
    for (ModelPrice price : prices) {
      String what = price.providerFamily() + " " + price.model() + " " + price.effective();
      assertNotNull(price.effective(), what);
      assertTrue(price.inputPerMillion() > 0, what + " input");
      assertTrue(price.outputPerMillion() > 0, what + " output");
      assertTrue(price.cachedInputPerMillion() > 0, what + " cached_input");
      assertTrue(price.cacheWrite5mPerMillion() > 0, what + " cache_write_5m");
      assertTrue(price.cacheWrite1hPerMillion() > 0, what + " cache_write_1h");
      assertTrue(price.effective().isBefore(LocalDate.of(2026, 11, 24)), what + " in the future");
    }
    assertEquals("USD", catalog.currency());
  }

  @Test
  void usesOnlyFieldsThisReaderKnows() {
    // a typo such as "cached_imput" would otherwise silently fall back to the input rate
    assertEquals(List.of(), catalog.unknownFields());
  }

  @Test
  void everyIdAndAliasResolvesToItsOwnEntry() {
    for (PricedModel model : catalog.models()) {
      Instant afterStart =
          model.periods().get(0).effective().atStartOfDay(ZoneOffset.UTC).toInstant();
      for (String name : concat(model.id(), model.aliases())) {
        ModelPrice found = catalog.find(model.providerFamily(), name, afterStart).orElseThrow();
        assertEquals(model.id(), found.model(), name);
      }
    }
  }

  @Test
  void pricesEveryModelTollgateListsAsSupported() {
    List<String> openai =
        List.of(
            "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "o1", "o1-mini",
            "o3", "o3-mini", "o4-mini", "o3-pro", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5.1",
            "gpt-5.2", "gpt-5.4", "gpt-5.4-mini", "gpt-5.4-nano", "gpt-5.5", "gpt-5.6-sol",
            "gpt-5.6-terra", "gpt-5.6-luna", "text-embedding-3-small", "text-embedding-3-large",
            "text-embedding-ada-002");
    List<String> anthropic =
        List.of(
            "claude-3-haiku-20240307", "claude-3-opus-20240229", "claude-3-5-haiku-20241022",
            "claude-3-5-sonnet-20241022", "claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514",
            "claude-sonnet-4-5", "claude-opus-4-20250514", "claude-opus-4-1", "claude-opus-4-5",
            "claude-haiku-4-5", "claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-4-7",
            "claude-opus-4-8");
    openai.forEach(m -> assertTrue(catalog.find("openai", m, NOW).isPresent(), m));
    anthropic.forEach(m -> assertTrue(catalog.find("anthropic", m, NOW).isPresent(), m));
  }

  @Test
  void anthropicCacheRatesFollowThePublishedMultiples() {
    // cache read 0.1x, 5m write 1.25x, 1h write 2x input; Claude 3 Haiku is the published exception
    for (ModelPrice p : catalog.allPrices()) {
      if (!p.providerFamily().equals("anthropic") || p.model().equals("claude-3-haiku-20240307")) {
        continue;
      }
      assertEquals(p.inputPerMillion() * 0.10, p.cachedInputPerMillion(), 1e-12, p.model());
      assertEquals(p.inputPerMillion() * 1.25, p.cacheWrite5mPerMillion(), 1e-12, p.model());
      assertEquals(p.inputPerMillion() * 2.00, p.cacheWrite1hPerMillion(), 1e-12, p.model());
    }
  }

  private static List<String> concat(String id, List<String> aliases) {
    java.util.ArrayList<String> names = new java.util.ArrayList<>(aliases);
    names.add(0, id);
    return names;
  }
}

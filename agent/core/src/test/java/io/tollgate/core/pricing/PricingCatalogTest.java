package io.tollgate.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PricingCatalogTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private final PricingCatalog bundled = PricingCatalog.bundled();

  @Test
  void listedDatedSnapshotsAndAliasesResolveToTheirEntry() {
    assertEquals("gpt-4o", modelFound("openai", "gpt-4o-2024-11-20"));
    assertEquals("gpt-4o", modelFound("openai", "gpt-4o-2024-08-06"));
    assertEquals("claude-3-5-sonnet-20241022", modelFound("anthropic", "claude-3-5-sonnet-latest"));
    assertEquals("claude-sonnet-4-5-20250929", modelFound("anthropic", "claude-sonnet-4-5"));
    assertEquals("gpt-5.6-sol", modelFound("openai", "gpt-5.6"));
  }

  @Test
  void unlistedSnapshotNamesFallBackToTheirBaseEntry() {
    assertEquals("gpt-4o", modelFound("openai", "gpt-4o-2025-06-30"));
    assertEquals("gpt-4.1-mini", modelFound("openai", "gpt-4.1-mini-latest"));
    assertEquals("claude-haiku-4-5-20251001", modelFound("anthropic", "claude-haiku-4-5-20991231"));
    assertEquals("claude-opus-4-8", modelFound("anthropic", "claude-opus-4-8-20260528"));
  }

  @Test
  void aListedSnapshotWinsOverItsBaseName() {
    // the May 2024 snapshot kept its launch price; stripping its date would make it cheaper
    ModelPrice price = bundled.find("openai", "gpt-4o-2024-05-13", NOW).orElseThrow();
    assertEquals("gpt-4o-2024-05-13", price.model());
    assertEquals(5.00, price.inputPerMillion());
  }

  @Test
  void lookupIgnoresCaseAndAProviderPrefix() {
    assertEquals("gpt-4o", modelFound("OpenAI", "GPT-4o"));
    assertEquals("gpt-4o", modelFound("openai", "openai/gpt-4o"));
    assertEquals("gpt-4o", modelFound("openai", " openai/gpt-4o-2024-08-06 "));
    assertEquals("claude-opus-4-5-20251101", modelFound("anthropic", "anthropic/Claude-Opus-4-5"));
  }

  @Test
  void aModelIsOnlyFoundUnderItsOwnProviderFamily() {
    assertTrue(bundled.find("anthropic", "gpt-4o", NOW).isEmpty());
    assertTrue(bundled.find("openai", "claude-sonnet-4-5", NOW).isEmpty());
    assertTrue(bundled.find(null, "gpt-4o", NOW).isEmpty());
    assertTrue(bundled.find("openai", null, NOW).isEmpty());
  }

  @Test
  void anEntryNamedByTheOpenTelemetryProviderNameIsFoundUnderItsFamily() {
    // an override file may well use the names the ledger shows for Vertex AI and Bedrock calls
    PricingCatalog catalog =
        parse(
            """
            {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
             "models": [
               {"provider": "gcp.vertex_ai", "id": "my-tuned-gemini", "prices": [
                 {"effective": "2026-01-01", "input": 1.0, "output": 4.0}]},
               {"provider": "aws.bedrock", "id": "my-imported-model", "prices": [
                 {"effective": "2026-01-01", "input": 2.0, "output": 8.0}]}
             ]}
            """);

    assertEquals(1.0, catalog.find("gemini", "my-tuned-gemini", NOW).orElseThrow().inputPerMillion());
    assertEquals(1.0, catalog.find("gcp.vertex_ai", "my-tuned-gemini", NOW).orElseThrow().inputPerMillion());
    assertEquals(2.0, catalog.find("aws.bedrock", "my-imported-model", NOW).orElseThrow().inputPerMillion());
  }

  @Test
  void absentCacheRatesDefaultToTheInputRate() {
    PricingCatalog catalog =
        parse(
            """
            {
              "schema": "tollgate.pricing/v1",
              "currency": "USD",
              "updated": "2026-11-23",
              "models": [
                {"provider": "openai", "id": "m", "prices": [
                  {"effective": "2026-01-01", "input": 2.0, "output": 8.0}
                ]}
              ]
            }
            """);

    ModelPrice price = catalog.find("openai", "m", NOW).orElseThrow();
    assertEquals(2.0, price.cachedInputPerMillion());
    assertEquals(2.0, price.cacheWrite5mPerMillion());
    assertEquals(2.0, price.cacheWrite1hPerMillion());
    assertEquals(LocalDate.parse("2026-01-01"), price.effective());
  }

  @Test
  void periodsMayBeListedInAnyOrder() {
    PricingCatalog catalog =
        parse(
            """
            {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
             "models": [{"provider": "openai", "id": "m", "prices": [
               {"effective": "2026-06-01", "input": 1.0, "output": 4.0},
               {"effective": "2026-01-01", "input": 2.0, "output": 8.0}
             ]}]}
            """);

    assertEquals(2.0, inputRate(catalog, "2026-05-31T23:59:59Z"));
    assertEquals(1.0, inputRate(catalog, "2026-06-01T00:00:00Z"));
    assertTrue(catalog.find("openai", "m", Instant.parse("2025-12-31T23:59:59Z")).isEmpty());
  }

  @Test
  void corruptJsonNamesLineAndColumn() {
    // line 3 lacks its comma; Jackson notices at the start of line 4
    String json =
        """
        {
          "schema": "tollgate.pricing/v1",
          "currency": "USD"
          "updated": "2026-11-23",
          "models": []
        }
        """;

    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(json));
    assertTrue(e.getMessage().contains("line 4, column 3"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void missingRateNamesTheModelThePeriodAndTheLine() {
    String json =
        """
        {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
         "models": [
           {"provider": "openai", "id": "ok", "prices": [
             {"effective": "2026-01-01", "input": 1.0, "output": 2.0}]},
           {"provider": "openai", "id": "broken", "prices": [
             {"effective": "2026-01-01", "output": 2.0}]}
         ]}
        """;

    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(json));
    assertEquals(
        "pricing catalog: models[1] \"broken\" (line 5, column 4), prices[0]: "
            + "missing required rate \"input\"",
        e.getMessage());
  }

  @Test
  void badValuesAreRejectedWithTheirPath() {
    assertMessage(
        "\"effective\" must be an ISO date",
        """
        {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
         "models": [{"provider": "openai", "id": "m", "prices": [
           {"effective": "2026-13-01", "input": 1.0, "output": 2.0}]}]}
        """);
    assertMessage(
        "\"input\" must be a number >= 0, was \"2.50\"",
        """
        {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
         "models": [{"provider": "openai", "id": "m", "prices": [
           {"effective": "2026-01-01", "input": "2.50", "output": 2.0}]}]}
        """);
    assertMessage(
        "name \"M-2026-01-01\" is already used by openai model \"m\"",
        """
        {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
         "models": [
           {"provider": "openai", "id": "m", "aliases": ["m-2026-01-01"], "prices": [
             {"effective": "2026-01-01", "input": 1.0, "output": 2.0}]},
           {"provider": "openai", "id": "M-2026-01-01", "prices": [
             {"effective": "2026-01-01", "input": 1.0, "output": 2.0}]}]}
        """);
  }

  @Test
  void duplicateKeysAreRejectedWithTheirPosition() {
    assertMessage(
        "Duplicate field 'input'",
        """
        {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
         "models": [{"provider": "openai", "id": "m", "prices": [
           {"effective": "2026-01-01", "input": 1.0, "input": 9.0, "output": 2.0}]}]}
        """);
  }

  @Test
  void anotherSchemaVersionIsRefused() {
    assertMessage(
        "\"schema\" is \"tollgate.pricing/v3\"; this agent reads \"tollgate.pricing/v2\" and \"tollgate.pricing/v1\"",
        """
        {"schema": "tollgate.pricing/v3", "currency": "USD", "updated": "2026-11-23", "models": []}
        """);
  }

  @Test
  void unknownFieldsAreSkippedAndReported() {
    PricingCatalog catalog =
        parse(
            """
            {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23",
             "source": "test",
             "models": [{"provider": "openai", "id": "m", "family": "x", "prices": [
               {"effective": "2026-01-01", "input": 1.0, "output": 2.0,
                "long_context": {"threshold_input_tokens": 272000, "input": 2.0, "output": 3.0}}]}]}
            """);

    assertEquals(1.0, inputRate(catalog, "2026-11-23T00:00:00Z"));
    assertEquals(
        List.of("source", "models[0].prices[0].long_context", "models[0].family"),
        catalog.unknownFields());
  }

  private String modelFound(String provider, String model) {
    Optional<ModelPrice> price = bundled.find(provider, model, NOW);
    assertTrue(price.isPresent(), provider + " " + model + " not found");
    return price.get().model();
  }

  private static double inputRate(PricingCatalog catalog, String at) {
    return catalog.find("openai", "m", Instant.parse(at)).orElseThrow().inputPerMillion();
  }

  private static void assertMessage(String expectedPart, String json) {
    CatalogFormatException e = assertThrows(CatalogFormatException.class, () -> parse(json));
    assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
  }

  private static PricingCatalog parse(String json) {
    return PricingCatalog.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}

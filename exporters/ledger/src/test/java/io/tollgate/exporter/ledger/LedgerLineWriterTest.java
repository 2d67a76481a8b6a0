package io.tollgate.exporter.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.budget.BudgetAlert;
import io.tollgate.core.record.BudgetInfo;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.CostSource;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerLineWriterTest {
  private static CostRecord record(Usage usage, Cost cost, String note) {
    return record(usage, cost, note, null);
  }

  private static CostRecord record(Usage usage, Cost cost, String note, BudgetInfo budget) {
    return new CostRecord("id-1", Instant.parse("2026-11-23T10:00:00.123456Z"), "checkout", "openai", "chat",
        "chat.completions", "gpt-4o", "gpt-4o-2024-08-06", "api.openai.com", 443, false, usage,
        CostSource.PROVIDER, cost, note, 812.4, null, Outcome.OK, 200, null, 1, "chatcmpl-1", List.of("stop"),
        300L, null, null, null, 0, Map.of("team", "search"), budget, null, null);
  }

  @Test
  void writesTheContractFieldsWithPlainDecimals() throws Exception {
    String line = LedgerLineWriter.toLine(record(new Usage(1200, 300, 1024, 0, 0, 0),
        new Cost(0.00472, "USD", Cost.Status.PRICED, 0.00044, 0.00128, 0.0, 0.003), null));
    assertTrue(line.contains("\"amount\":0.00472"), line);
    assertTrue(!line.contains("E-"), "no exponent notation: " + line);
    JsonNode n = new ObjectMapper().readTree(line);
    assertEquals("tollgate.ledger/v1", n.get("schema").asText());
    assertEquals("2026-11-23T10:00:00.123Z", n.get("ts").asText());
    assertEquals(1200, n.get("usage").get("input_tokens").asInt());
    assertEquals(1024, n.get("usage").get("cache_read_input_tokens").asInt());
    assertEquals("priced", n.get("cost").get("status").asText());
    assertEquals(0.00128, n.get("cost").get("breakdown").get("cache_read").asDouble());
    assertEquals(812.4, n.get("latency_ms").asDouble());
    assertTrue(n.get("ttft_ms").isNull());
    assertEquals("search", n.get("attributes").get("team").asText());
    assertTrue(n.get("budget").isNull(), "no policy in force: budget is null");
  }

  @Test
  void budgetSaysWhatTheEngineDidToTheRequest() throws Exception {
    BudgetInfo clamp = new BudgetInfo("clamp", List.of("team-daily"), null, null,
        List.of(new BudgetAlert("team-daily", "search", 90, 93.5)), null, null, true);
    JsonNode n = new ObjectMapper().readTree(LedgerLineWriter.toLine(
        record(new Usage(10, 1, 0, 0, 0, 0), new Cost(0.0, "USD", Cost.Status.PRICED, 0.0, 0.0, 0.0, 0.0), null, clamp)));
    assertEquals("clamp", n.get("budget").get("decision").asText());
    assertEquals("team-daily", n.get("budget").get("budgets").get(0).asText());
    assertTrue(n.get("budget").get("requested_max_tokens").isNull(), "the application had set no max tokens");
    assertEquals(90, n.get("budget").get("alerts").get(0).get("threshold_percent").asInt());
  }

  @Test
  void unpricedHasNullAmountNeverZero() throws Exception {
    JsonNode n = new ObjectMapper().readTree(LedgerLineWriter.toLine(
        record(new Usage(10, 1, 0, 0, 0, 0), Cost.unpriced("USD"), "model_not_in_catalog")));
    assertTrue(n.get("cost").get("amount").isNull());
    assertEquals("unpriced", n.get("cost").get("status").asText());
    assertEquals("model_not_in_catalog", n.get("cost").get("note").asText());
  }

  @Test
  void recordsTheTierLongContextAndDiscountThePriceWasTakenAt() throws Exception {
    Cost cost = new Cost(0.0025, "USD", Cost.Status.PRICED, 0.001, 0.0, 0.0, 0.0015,
        new Cost.Applied("flex", true, 0.8));
    JsonNode c = new ObjectMapper().readTree(LedgerLineWriter.toLine(record(new Usage(300_000, 10, 0, 0, 0, 0), cost, null))).get("cost");
    assertEquals("flex", c.get("service_tier").asText());
    assertTrue(c.get("long_context").asBoolean());
    assertEquals(0.8, c.get("discount").asDouble());
    JsonNode plain = new ObjectMapper().readTree(LedgerLineWriter.toLine(record(new Usage(10, 1, 0, 0, 0, 0),
        new Cost(0.1, "USD", Cost.Status.PRICED, 0.05, 0.0, 0.0, 0.05, new Cost.Applied("standard", false, null)), null))).get("cost");
    assertEquals("standard", plain.get("service_tier").asText());
    assertTrue(!plain.has("discount"), "no discount field when none applied");
  }
}

package io.tollgate.exporter.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.CostSource;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.usage.Usage;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A call through a self-hosted server to the in-process engine: one call, one cost, however many records. */
class SelfHostedSummaryTest {
  private static CostRecord clientCall(String provider, Cost cost, String note) {
    return new CostRecord("id", Instant.now(), "svc", provider, "chat", "chat.completions", "tiny-llama", "tiny-llama",
        "127.0.0.1", 18080, false, new Usage(40, 8, 32, 0, 0, 0), CostSource.PROVIDER, cost, note, 12.5, null,
        Outcome.OK, 200, null, 1, "chatcmpl-1", List.of("stop"), null, null, null, null, 0, Map.of(), null, null, null);
  }

  private static String summaryOf(CostRecord... records) {
    ExitSummarySink summary = new ExitSummarySink(new PrintStream(PrintStream.nullOutputStream()), null, () -> 0, () -> 0, 10);
    for (CostRecord r : records) {
      summary.accept(r);
    }
    return summary.render();
  }

  @Test
  void theTotalCountsTheEngineRecordOnceAndTheClientSideIsNoCatalogGap() {
    String text = summaryOf(clientCall("gpu-box", Cost.unpriced("USD"), CostRecord.SELF_HOSTED), CallLinesTest.engineCall(32));
    String total = text.lines().filter(l -> l.startsWith("  total")).findFirst().orElseThrow();
    // 10 CPU-seconds at 0.36 USD per hour, one call of 40 in and 8 out
    assertEquals(List.of("total", "1", "0", "40", "32", "8", "0.001000"), List.of(total.trim().split(" +")), text);
    assertFalse(text.contains("unpriced"), "a self-hosted call is not a missing price: " + text);
    List<String> lines = text.lines().toList();
    int below = lines.indexOf(total) + 1;
    assertTrue(lines.get(below).contains("client side of self-hosted servers"), text);
    assertTrue(lines.get(below + 1).matches(" +gpu-box +tiny-llama +1 +0 +40 +32 +8 +self-hosted"), text);
    String listed = lines.stream().filter(l -> l.contains("gpu-box") && l.contains("ms")).findFirst().orElseThrow();
    assertTrue(listed.contains(" self-hosted  ok"), "the call listing names why it has no amount: " + listed);
  }

  @Test
  void latencyCountsTheApplicationsCallsAndTheEngineApart() {
    String text = summaryOf(clientCall("gpu-box", Cost.unpriced("USD"), CostRecord.SELF_HOSTED), CallLinesTest.engineCall(32));
    String latency = text.lines().filter(l -> l.startsWith("  latency ")).findFirst().orElseThrow();
    String engine = text.lines().filter(l -> l.startsWith("  engine latency ")).findFirst().orElseThrow();
    assertTrue(latency.contains("p50      12.5 ms") && latency.endsWith("(1)"), text);
    assertTrue(engine.endsWith("(1)"), text);
  }

  @Test
  void aModelMissingFromTheCatalogIsStillListedAsUnpriced() {
    String text = summaryOf(clientCall("openai", Cost.unpriced("USD"), "model_not_in_catalog"));
    assertTrue(text.contains("unpriced calls (no cost known, never counted as $0): 1"), text);
    assertFalse(text.contains("self-hosted"), text);
  }
}

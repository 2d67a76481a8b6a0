package io.tollgate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.record.CostRecord;
import org.junit.jupiter.api.Test;

/** Each benchmark does the export thread's real work: a priced record of the call, written as a line. */
class ExportThreadBenchmarkTest {
  @Test
  void theCallIsBuiltPricedAndWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ExportThreadBenchmark b = new ExportThreadBenchmark();
    ExportThreadBenchmark.Ledger ledger = new ExportThreadBenchmark.Ledger();
    java.nio.file.Path file = dir.resolve("ledger.jsonl");
    ledger.open(file);
    PerCallBenchmark.Agent agent = new PerCallBenchmark.Agent();
    agent.setUp();
    CostRecord record = b.callThenExport(agent, ledger);
    assertEquals("gpt-4o-mini", record.requestModel());
    assertTrue(record.cost().priced(), "priced: " + record.cost());
    assertEquals(14, record.usage().inputTokens());

    ExportThreadBenchmark.OneRecord one = new ExportThreadBenchmark.OneRecord();
    one.build();
    assertTrue(b.ledgerLine(one, ledger).cost().priced());
    ledger.close();
    java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
    assertEquals(2, lines.size(), "one ledger line per benchmarked export: " + lines);
    assertTrue(lines.stream().allMatch(l -> l.contains("\"request_model\":\"gpt-4o-mini\"")), lines.toString());

    Cost cost = b.priceSnapshotName(new ExportThreadBenchmark.Pricing());
    assertTrue(cost.priced(), "a dated snapshot resolves to its entry: " + cost);
  }
}

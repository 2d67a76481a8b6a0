package io.tollgate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.record.CostRecord;
import org.junit.jupiter.api.Test;

/** Each benchmark does the export thread's real work: a priced record of the call, written as a line. */
class ExportThreadBenchmarkTest {
  @Test
  void theCallIsBuiltPricedAndWritten() throws Exception {
    ExportThreadBenchmark b = new ExportThreadBenchmark();
    ExportThreadBenchmark.Ledger ledger = new ExportThreadBenchmark.Ledger();
    ledger.open();
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

    Cost cost = b.priceSnapshotName(new ExportThreadBenchmark.Pricing());
    assertTrue(cost.priced(), "a dated snapshot resolves to its entry: " + cost);
  }
}

package io.tollgate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.Outcome;
import org.junit.jupiter.api.Test;

/** The benchmarked call is the real one: the application gets the provider's bytes and one priced record comes out. */
class PerCallBenchmarkTest {
  @Test
  void eachCallSendsTheSameBytesAndIsRecordedWithItsUsage() throws Exception {
    PerCallBenchmark.AgentBuildingRecords agent = new PerCallBenchmark.AgentBuildingRecords();
    agent.setUp();
    for (int i = 0; i < 3; i++) {
      agent.lastRecord = null;
      int seen = PerCallBenchmark.call(agent);
      assertEquals(FakeProviderChain.RESPONSE.length + FakeProviderChain.REQUEST.length, seen);
      CostRecord record = agent.lastRecord;
      assertEquals("gpt-4o-mini", record.requestModel());
      assertEquals("gpt-4o-mini-2024-07-18", record.responseModel());
      assertEquals(14, record.usage().inputTokens());
      assertEquals(7, record.usage().outputTokens());
      assertEquals(64L, record.requestMaxTokens());
      assertEquals(Outcome.OK, record.outcome());
      assertTrue(record.cost().priced());
    }
  }

  @Test
  void withoutBuildingEveryCallIsQueuedForExport() throws Exception {
    PerCallBenchmark.Agent agent = new PerCallBenchmark.Agent();
    agent.setUp();
    for (int i = 0; i < 5; i++) {
      PerCallBenchmark.call(agent);
    }
    assertEquals(5, agent.queued);
    assertEquals(14, agent.lastQueued.get().usage().inputTokens());
  }
}

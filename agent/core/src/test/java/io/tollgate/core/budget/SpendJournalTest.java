package io.tollgate.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.core.budget.journal.SpendJournal;
import io.tollgate.core.budget.policy.PolicyParser;
import io.tollgate.core.log.LineFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpendJournalTest {
  static final byte[] POLICY = """
      version: 1
      budgets:
        - name: m
          limit: {usd: 10}
          window: calendar-month
          per: team
      """.getBytes(StandardCharsets.UTF_8);

  final AtomicLong clock = new AtomicLong(1_764_000_000_000L);

  BudgetEngine engine() throws Exception {
    BudgetEngine e = new BudgetEngine(BudgetEngineTest.PRICES, clock::get, false);
    e.install(PolicyParser.parse(POLICY));
    return e;
  }

  @Test
  void settledSpendAndInFlightWorstCaseSurviveARestart(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("journal.jsonl");
    BudgetEngine before = engine();
    SpendJournal journal = new SpendJournal(new LineFile(path, false));
    before.setJournal(journal);
    before.admit(BudgetEngineTest.call("gpt-4o", 1000, 1000L, Map.of("team", "a"))).reservation().settle(new Amount(0.004, 1500, 1));
    before.admit(BudgetEngineTest.call("gpt-4o", 1000, 1000L, Map.of("team", "a"))).reservation().release();
    before.admit(BudgetEngineTest.call("gpt-4o", 1000, 1000L, Map.of("team", "b"))); // in flight when "killed"
    journal.flush();
    Files.writeString(path, "{\"op\":\"S\",\"id\":\"torn", java.nio.file.StandardOpenOption.APPEND);

    BudgetEngine after = engine();
    assertEquals(2, new SpendJournal(new LineFile(path, false)).restoreInto(after, clock.get()));
    var states = after.states();
    assertEquals("a", states.get(0).scopeValue());
    assertEquals(0.004, states.get(0).spent().usd(), 1e-12);
    assertEquals(0.0125, states.get(1).spent().usd(), 1e-12); // worst case of the call in flight
    assertEquals(2, Files.readAllLines(path).size()); // compacted
  }
}

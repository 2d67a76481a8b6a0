package io.tollgate.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.budget.Amount;
import io.tollgate.core.budget.CallFacts;
import io.tollgate.core.call.CallTrackerImpl;
import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PricingCatalog;
import io.tollgate.core.record.ResourceInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class BudgetSetupTest {
  static final String POLICY = """
      version: 1
      budgets:
        - name: monthly
          limit: {usd: 1.00}
          window: calendar-month
      """;

  @TempDir Path dir;

  static CallFacts call() {
    return new CallFacts("openai", "gpt-4o", 1000, null, 1000L, 1, Map.of("provider", "openai", "model", "gpt-4o"), false);
  }

  /** One agent run: its budget setup, on its own housekeeping thread (stopped at the end of {@code run}). */
  void run(Path policy, ThrowingConsumer<BudgetSetup> run) throws Exception {
    Map<String, String> config = Map.of("policy.path", policy.toString(), "policy.reload-seconds", "1",
        "budget.journal-path", dir.resolve("journal.jsonl").toString(), "policy.audit-path", dir.resolve("audit.jsonl").toString());
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
    try {
      run.accept(BudgetSetup.install(AgentConfig.of(config), ResourceInfo.from(Map.of(), Map.of()),
          () -> new CostCalculator(PricingCatalog.bundled()), new CallTrackerImpl(null, null, false), housekeeping));
    } finally {
      housekeeping.shutdownNow();
    }
  }

  /**
   * The audit log and journal cannot be written where configured (a read-only working directory): the budgets are
   * enforced all the same, the files going to this user's temp folder, rather than the agent not starting at all.
   */
  @Test
  void budgetsAreEnforcedWhenTheirFilesCannotBeWrittenWhereConfigured() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
    String journalName = "journal-" + System.nanoTime() + ".jsonl";
    Map<String, String> config = Map.of("policy.path", policy.toString(),
        "budget.journal-path", notAFolder.resolve(journalName).toString(),
        "policy.audit-path", notAFolder.resolve("audit.jsonl").toString());
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
    try {
      BudgetSetup budgets = BudgetSetup.install(AgentConfig.of(config), ResourceInfo.from(Map.of(), Map.of()),
          () -> new CostCalculator(PricingCatalog.bundled()), new CallTrackerImpl(null, null, false), housekeeping);
      assertNotNull(budgets.engine().policy());
      budgets.engine().admit(call()).reservation().settle(new Amount(1.00, 2000, 1));
      assertTrue(budgets.engine().admit(call()).blocked());
      budgets.flush();
      assertTrue(Files.size(FallbackFiles.path(journalName)) > 0, "the spend is journalled in the fallback place");
    } finally {
      housekeeping.shutdownNow();
      Files.deleteIfExists(FallbackFiles.path(journalName));
    }
  }

  @Test
  void aMisspeltBlockModeIsAnErrorNotTheOtherMode() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    Map<String, String> config = Map.of("policy.path", policy.toString(), "policy.block-mode", "exeption",
        "budget.journal-path", dir.resolve("journal.jsonl").toString(), "policy.audit-path", dir.resolve("audit.jsonl").toString());
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
    try {
      io.tollgate.core.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
          io.tollgate.core.config.ConfigException.class, () -> BudgetSetup.install(AgentConfig.of(config),
              ResourceInfo.from(Map.of(), Map.of()), () -> new CostCalculator(PricingCatalog.bundled()),
              new CallTrackerImpl(null, null, false), housekeeping));
      assertTrue(e.getMessage().contains("policy.block-mode") && e.getMessage().contains("exeption"), e.getMessage());
    } finally {
      housekeeping.shutdownNow();
    }
  }

  interface ThrowingConsumer<T> {
    void accept(T t) throws Exception;
  }

  @Test
  @Timeout(60)
  void theJournalsSpendCountsOnceAPolicyBrokenAtStartUpIsFixed() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    run(policy, budgets -> {
      budgets.engine().admit(call()).reservation().settle(new Amount(1.00, 2000, 1)); // the month's $1.00 spent
      assertTrue(budgets.engine().admit(call()).blocked());
      budgets.flush();
    });

    Files.writeString(policy, POLICY + "  oops: [\n"); // broken while the application restarts
    run(policy, budgets -> {
      Files.writeString(policy, POLICY);
      Files.setLastModifiedTime(policy, FileTime.fromMillis(System.currentTimeMillis() + 5000));
      for (int i = 0; i < 100 && budgets.engine().policy() == null; i++) {
        Thread.sleep(100);
      }
      assertNotNull(budgets.engine().policy(), "the fixed file is loaded");
      assertTrue(budgets.engine().admit(call()).blocked(), "the month's $1.00 is still spent");
      assertEquals(1.00, budgets.engine().states().get(0).spent().usd(), 1e-12);
    });
  }
}

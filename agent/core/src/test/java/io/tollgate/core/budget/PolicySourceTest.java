package io.tollgate.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.budget.audit.AuditLog;
import io.tollgate.core.budget.policy.PolicySource;
import io.tollgate.core.log.LineFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicySourceTest {
  @TempDir Path dir;

  private void write(Path file, String yaml, long second) throws Exception {
    Files.writeString(file, yaml);
    Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + second * 1000));
  }

  @Test
  void reloadsOnChangeAndKeepsTheLastGoodPolicyWhenTheNewOneIsBroken() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Path auditFile = dir.resolve("audit.jsonl");
    AuditLog audit = new AuditLog(new LineFile(auditFile, false));
    BudgetEngine engine = new BudgetEngine(BudgetEngineTest.PRICES, System::currentTimeMillis, false);
    PolicySource source = new PolicySource(policy, null, engine, audit);

    write(policy, "version: 1\nbudgets:\n  - name: a\n    limit: {usd: 1}\n    window: calendar-day\n", 1);
    assertTrue(source.reloadIfChanged());
    assertFalse(source.reloadIfChanged(), "unchanged file: nothing to do");

    write(policy, "version: 1\nbudgets:\n  - name: b\n    limit: {usd: 2}\n    window: calendar-day\n", 2);
    assertTrue(source.reloadIfChanged());
    assertEquals("b", engine.policy().budgets().get(0).name());

    write(policy, "version: 1\nbudgets:\n  - name: c\n    limit: {usd: 2}\n    window: weekly\n", 3);
    assertFalse(source.reloadIfChanged());
    assertEquals("b", engine.policy().budgets().get(0).name(), "the last good policy stays in force");

    audit.flush();
    List<String> lines = Files.readAllLines(auditFile);
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).contains("\"policy_loaded\""), lines.get(0));
    assertTrue(lines.get(1).contains("\"policy_reloaded\""), lines.get(1));
    assertTrue(lines.get(2).contains("\"policy_rejected\"") && lines.get(2).contains("line 3") && lines.get(2).contains("weekly"), lines.get(2));
  }
}

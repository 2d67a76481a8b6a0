package io.tollgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {
  @TempDir Path dir;

  @Test
  void precedenceAgentArgsThenSystemPropertiesThenEnvThenFile() throws Exception {
    Path yaml = dir.resolve("tollgate.yaml");
    Files.writeString(yaml, "tollgate:\n  ledger:\n    path: /from/file\n  summary:\n    enabled: false\n"
        + "  providers:\n    openai:\n      base-urls: [http://a/v1, http://b/v1]\n  log:\n    level: warn\n");
    AgentConfig c = AgentConfig.load("config=" + yaml + ",ledger.path=/from/args",
        Map.of("TOLLGATE_SUMMARY_ENABLED", "true", "TOLLGATE_LOG_LEVEL", "debug"),
        Map.of("tollgate.log.level", "error"));
    assertEquals("/from/args", c.get("ledger.path"));
    assertEquals("error", c.get("log.level"));
    assertEquals(true, c.getBoolean("summary.enabled", false));
    assertEquals(List.of("http://a/v1", "http://b/v1"), c.getList("providers.openai.base-urls"));
  }

  @Test
  void unreadableFileAndBadNumbersAreClearErrors() {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> AgentConfig.load("config=" + dir.resolve("nope.yaml"), Map.of(), Map.of()));
    assertEquals(true, missing.getMessage().contains("nope.yaml"));
    AgentConfig c = AgentConfig.of(Map.of("export.queue-size", "lots"));
    ConfigException bad = assertThrows(ConfigException.class, () -> c.getInt("export.queue-size", 1));
    assertEquals(true, bad.getMessage().contains("tollgate.export.queue-size"));
  }

  @Test
  void anyKeyCanBeSetFromTheEnvironmentHyphensIncluded() throws Exception {
    Path yaml = dir.resolve("tollgate.yaml");
    Files.writeString(yaml, "export:\n  queue-size: 10\n");
    AgentConfig c = AgentConfig.load("config=" + yaml, Map.of(
        "TOLLGATE_POLICY_PUBLIC_KEY", "k.pem",
        "TOLLGATE_POLICY_FAIL_CLOSED", "true",
        "TOLLGATE_EXPORT_QUEUE_SIZE", "20",
        "TOLLGATE_PROVIDERS_OPENAI_BASE_URLS", "http://x/v1,http://y/v1",
        "TOLLGATE_PROVIDERS_DEEPSEEK_FORMAT", "openai"), Map.of());
    assertEquals("k.pem", c.get("policy.public-key"), "a required policy signature is not skipped");
    assertEquals(true, c.getBoolean("policy.fail-closed", false));
    assertEquals(20, c.getInt("export.queue-size", 1), "the environment still beats the file");
    assertEquals(List.of("http://x/v1", "http://y/v1"), c.getList("providers.openai.base-urls"));
    assertEquals("openai", c.withPrefix("providers").get("deepseek.format"), "sections set only in the environment are listed");
    AgentConfig over = AgentConfig.load("export.queue-size=30", Map.of("TOLLGATE_EXPORT_QUEUE_SIZE", "20"),
        Map.of("tollgate.export.queue-size", "25"));
    assertEquals(30, over.getInt("export.queue-size", 1), "agent arguments, then system properties, then the environment");
  }

  @Test
  void agentArgumentsKeepEveryItemOfAListAndSayWhatTheyCannotRead() {
    AgentConfig c = AgentConfig.load("providers.openai.base-urls=http://a/v1,http://b/v1?x=1,http://c/v1,"
        + "ledger.path=/l.jsonl", Map.of(), Map.of());
    assertEquals(List.of("http://a/v1", "http://b/v1?x=1", "http://c/v1"), c.getList("providers.openai.base-urls"));
    assertEquals("/l.jsonl", c.get("ledger.path"));
    List<String> warnings = new ArrayList<>();
    assertEquals(Map.of("ledger.path", "/l"), AgentArgs.parse("oops,=x,tollgate.ledger.path=/l,", warnings::add));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("'oops'") && warnings.get(0).contains("'=x'"), warnings.toString());
    AgentArgs.parse("a=1,b=http://b/v1?x=1", warnings::add);
    assertEquals(1, warnings.size(), "nothing to say about arguments that were read");
  }

  @ParameterizedTest
  @CsvSource({"export.queue-size, 0", "export.queue-size, -5", "pricing.reload-seconds, 0", "policy.reload-seconds, 0",
      "budget.journal-flush-ms, 0", "calls.abandon-after-seconds, 0", "summary.calls, -1", "log.level, verbose",
      "policy.fail-closed, yes", "policy.fail-closed, 1", "ledger.enabled, on", "streaming.inject-usage, no"})
  void badValuesAreErrorsNamingTheSettingAndTheValue(String key, String value) {
    ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.load(key + "=" + value, Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("tollgate." + key) && e.getMessage().contains("'" + value + "'"), e.getMessage());
  }

  @Test
  void goodValuesStillRead() {
    AgentConfig c = AgentConfig.load("policy.fail-closed=TRUE,ledger.enabled=False,log.level=DEBUG,summary.calls=0",
        Map.of(), Map.of());
    assertEquals(true, c.getBoolean("policy.fail-closed", false));
    assertEquals(false, c.getBoolean("ledger.enabled", true));
    assertEquals(0, c.getInt("summary.calls", 3));
    assertThrows(ConfigException.class, () -> AgentConfig.of(Map.of("providers.x.self-hosted", "yes"))
        .getBoolean("providers.x.self-hosted", false), "booleans read later are strict too");
  }

  @Test
  void aFileKeyMayCarryTheTollgatePrefix() throws Exception {
    Path yaml = dir.resolve("tollgate.yaml");
    Files.writeString(yaml, "tollgate.ledger.path: /from/file\nsummary.enabled: false\n");
    AgentConfig c = AgentConfig.load("config=" + yaml, Map.of(), Map.of());
    assertEquals("/from/file", c.get("ledger.path"));
    assertEquals(false, c.getBoolean("summary.enabled", true));
    Path section = dir.resolve("section.yaml");
    Files.writeString(section, "tollgate:\n  summary:\n    enabled: false\ntollgate.ledger.path: /p\nlog:\n  level: verbose\n");
    AgentConfig s = AgentConfig.load("config=" + section, Map.of(), Map.of());
    assertEquals("/p", s.get("ledger.path"));
    assertEquals(null, s.get("log.level"), "beside a tollgate: section other top-level keys belong to someone else");
  }
}

package io.tollgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}

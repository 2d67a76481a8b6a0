package io.tollgate.core.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.usage.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingOverrideTest {
  @TempDir Path dir;

  private static final Usage MILLION_IN = new Usage(1_000_000, 0, 0, 0, 0, 0);
  private static final Instant NOW = Instant.parse("2026-11-23T00:00:00Z");

  private static String catalog(String id, double input) {
    return "{\"schema\":\"tollgate.pricing/v1\",\"currency\":\"USD\",\"updated\":\"2026-11-01\",\"models\":[{\"provider\":\"openai\",\"id\":\"" + id
        + "\",\"prices\":[{\"effective\":\"2024-01-01\",\"input\":" + input + ",\"output\":1.0}]}]}";
  }

  private static void write(Path file, String text, int second) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
  }

  @Test
  void overrideMergesOverTheBundledCatalogAndReloadsOnChange() throws Exception {
    Path file = dir.resolve("prices.json");
    write(file, catalog("gpt-4o", 2.0), 1);
    PricingOverride override = new PricingOverride(file, PricingCatalog.bundled());
    override.reloadIfChanged();
    assertEquals(2.0, override.get().price("openai", "gpt-4o", MILLION_IN, NOW).amount(), 1e-12, "negotiated rate wins");
    assertEquals(0.15, override.get().price("openai", "gpt-4o-mini", MILLION_IN, NOW).amount(), 1e-12, "others untouched");
    assertEquals(2.0, override.get().price("openai", "gpt-4o-2024-08-06", MILLION_IN, NOW).amount(), 1e-12,
        "snapshots of an overridden model follow it");

    write(file, catalog("gpt-4o", 1.5) + " ", 2);
    override.reloadIfChanged();
    assertEquals(1.5, override.get().price("openai", "gpt-4o", MILLION_IN, NOW).amount(), 1e-12, "no restart needed");

    write(file, "{\"schema\":\"tollgate.pricing/v1\",\n\"currency\":\"USD\",\"updated\":\"2026-11-01\",\n\"models\":[{\"provider\":\"openai\",\"id\":\"x\",}]}", 3);
    override.reloadIfChanged();
    assertEquals(1.5, override.get().price("openai", "gpt-4o", MILLION_IN, NOW).amount(), 1e-12, "the last good catalog stays");
    assertTrue(override.lastError().contains("line 3"), override.lastError());

    write(file, catalog("gpt-4o", 1.0), 4);
    override.reloadIfChanged();
    assertNull(override.lastError());
    assertEquals(1.0, override.get().price("openai", "gpt-4o", MILLION_IN, NOW).amount(), 1e-12);
  }
}

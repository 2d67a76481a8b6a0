package io.tollgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar tollgate-agent.jar price ...}, the packaged jar as a person runs it. */
class AgentCliTest {
  private record Run(int exit, String out) {}

  private static Run cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(AgentJvm.JDK17.resolve("bin/java").toString(), "-jar", AgentJvm.agentJar().toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  @Test
  void pricesACallByHand() throws Exception {
    Run r = cli("price", "--model", "gpt-4o-2024-08-06", "--input", "1200", "--cached", "1024", "--output", "300");
    assertEquals(0, r.exit(), r.out());
    // (1200-1024) x $2.50 + 1024 x $1.25 + 300 x $10 per million
    assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "%.6f", 176 * 2.5 / 1e6 + 1024 * 1.25 / 1e6 + 300 * 10.0 / 1e6)), r.out());
    assertTrue(r.out().contains("-> gpt-4o (openai)"), r.out());
  }

  @Test
  void unknownModelAndBadInputAreClear() throws Exception {
    Run unknown = cli("price", "--model", "acme-finetune", "--input", "10");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.out().contains("not in the pricing catalog"), unknown.out());
    Run bad = cli("price", "--model", "gpt-4o", "--input", "lots");
    assertEquals(2, bad.exit());
    assertTrue(bad.out().contains("--input must be a whole number"), bad.out());
  }

  @Test
  void aBadDateCatalogOrTierIsOneLineNamingTheOption(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path broken = java.nio.file.Files.writeString(dir.resolve("bad.json"), "{bad");
    for (List<String> option : List.of(List.of("--at", "2026-13-01"), List.of("--pricing", broken.toString()),
        List.of("--pricing", dir.resolve("missing.json").toString()), List.of("--tier", "ultra"))) {
      List<String> args = new ArrayList<>(List.of("price", "--model", "gpt-4o", "--input", "10"));
      args.addAll(option);
      Run r = cli(args.toArray(String[]::new));
      assertEquals(2, r.exit(), r.out());
      assertEquals(1, r.out().lines().count(), "one line, no stack trace: " + r.out());
      assertTrue(r.out().startsWith("error: " + option.get(0)), r.out());
    }
    assertTrue(cli("price", "--model", "gpt-4o", "--input", "10", "--tier", "ultra").out()
        .contains("standard, batch, flex, priority"), "the known tiers are named");
  }

  @Test
  void showsTheTierLongContextAndDiscountApplied(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Run flex = cli("price", "--model", "gpt-5", "--input", "10000", "--cached", "2000", "--output", "1000", "--tier", "flex");
    assertEquals(0, flex.exit(), flex.out());
    assertTrue(flex.out().contains("service tier: flex"), flex.out());
    // flex is billed at batch rates: half of $1.25 / $0.125 / $10 per million
    assertTrue(flex.out().contains(String.format(java.util.Locale.ROOT, "%.6f",
        0.5 * (8000 * 1.25 / 1e6 + 2000 * 0.125 / 1e6 + 1000 * 10.0 / 1e6))), flex.out());

    java.nio.file.Path override = dir.resolve("discounts.json");
    java.nio.file.Files.writeString(override, """
        {"schema": "tollgate.pricing/v2", "currency": "USD", "updated": "2026-11-23",
         "discounts": [{"provider": "anthropic", "model": "claude-sonnet-4-5", "multiplier": 0.7}], "models": []}
        """);
    Run longContext = cli("price", "--model", "claude-sonnet-4-5-20250929", "--input", "250000", "--cache-write-1h", "50000",
        "--output", "2000", "--pricing", override.toString(), "--at", "2026-01-15");
    assertEquals(0, longContext.exit(), longContext.out());
    assertTrue(longContext.out().contains("long context"), longContext.out());
    assertTrue(longContext.out().contains("negotiated discount x0.7"), longContext.out());
    // over 200K: $6 input, $12 1-hour write, $22.50 output, then x0.7
    assertTrue(longContext.out().contains(String.format(java.util.Locale.ROOT, "%.6f",
        0.7 * (200000 * 6.0 / 1e6 + 50000 * 12.0 / 1e6 + 2000 * 22.5 / 1e6))), longContext.out());
  }
}

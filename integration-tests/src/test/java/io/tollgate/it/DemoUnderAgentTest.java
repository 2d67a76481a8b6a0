package io.tollgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: the demo jar with the agent and the demo's own settings file. Its exit summary
 * lists each call from both sides and counts each call's cost once.
 */
class DemoUnderAgentTest {
  private static final Path DEMO = Path.of(System.getProperty("tollgate.demo.dir", "../sample-apps/local-chat"));

  @TempDir Path dir;

  @Test
  void theSummaryListsEachCallsClientAndEngineRecordsAndCountsItsCostOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path ledger = dir.resolve("ledger.jsonl");
    AgentJvm.Result result = AgentJvm.jar(DEMO.resolve("target/local-chat-demo.jar"))
        .agentArg("config", DEMO.resolve("tollgate-demo.yaml").toAbsolutePath().toString())
        // a free port instead of the file's 18080, which something else on the machine may hold
        .agentArg("providers.demo-server.base-urls", "http://127.0.0.1:" + port + "/v1")
        .agentArg("ledger.path", ledger.toString())
        .args("--port", String.valueOf(port))
        .run(Duration.ofSeconds(120))
        .assertSucceeded();
    assertTrue(result.stdout().contains("streamed: "), result.toString());

    List<JsonNode> records = Ledger.read(ledger);
    List<JsonNode> engine = records.stream().filter(r -> r.get("provider").asText().equals("local")).toList();
    List<JsonNode> client = records.stream().filter(r -> r.get("provider").asText().equals("demo-server")).toList();
    assertEquals(3, engine.size(), records.toString());
    assertEquals(3, client.size(), records.toString());
    for (JsonNode c : client) {
      assertEquals("unpriced", c.get("cost").get("status").asText(), c.toString());
      assertEquals("self_hosted", c.get("cost").get("note").asText(), c.toString());
      assertTrue(c.get("cost").get("amount").isNull(), "never $0: " + c);
    }
    double engineCost = engine.stream().mapToDouble(e -> e.get("cost").get("amount").asDouble()).sum();
    assertTrue(engineCost > 0, engine.toString());

    String summary = result.stderr();
    String total = summary.lines().filter(l -> l.startsWith("  total")).findFirst().orElseThrow(() -> new AssertionError(summary));
    List<String> totals = List.of(total.trim().split(" +"));
    assertEquals("3", totals.get(1), "three calls, each counted once: " + summary);
    assertEquals(String.format(Locale.ROOT, "%.6f", engineCost), totals.get(6), summary);
    assertFalse(summary.contains("unpriced"), "no call is a catalog gap: " + summary);
    assertFalse(summary.contains("not in the pricing catalog"), summary);

    List<String> listed = summary.lines().filter(l -> l.matches(" {4}[0-9a-f]{8} .*")).toList();
    assertEquals(6, listed.size(), summary);
    assertEquals(3, listed.stream().filter(l -> l.contains(" local ") && l.contains(", cpu ")).count(), summary);
    assertEquals(3, listed.stream().filter(l -> l.contains(" demo-server ") && l.contains(" self-hosted ")).count(), summary);
    assertEquals(2, listed.stream().filter(l -> l.contains("prefix cache hit")).count(),
        "the second and third calls reuse the shared system prompt: " + summary);
    assertEquals(2, listed.stream().filter(l -> l.contains(", stream")).count(), "one streamed call, both sides: " + summary);
  }
}

package io.tollgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.it.app.LocalInferenceApp;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tollgate's own engine served in-process and called with the real openai-java SDK under the real agent: each
 * call leaves the client's record and the engine's record, in one trace, the engine's priced by its CPU time.
 */
class LocalInferenceUnderAgentTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void clientAndEngineRecordsShareATraceAndTheEngineCountsPrefixReuse(int jdk) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path ledger = dir.resolve("ledger.jsonl");
    // a USD budget no API call could pass: the self-hosted server's calls count $0 against it (their model is in no
    // catalog, which the default policy would otherwise block as unpriced)
    Path policy = dir.resolve("policy.yaml");
    java.nio.file.Files.writeString(policy, """
        version: 1
        budgets:
          - name: api-dollars
            limit: {usd: 0.000001}
            window: calendar-month
        """);
    AgentJvm.Result result = AgentJvm.main(LocalInferenceApp.class)
        .javaHome(jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25)
        .agentArg("providers.self-hosted.format", "openai")
        .agentArg("providers.self-hosted.base-urls", "http://127.0.0.1:" + port + "/v1")
        .agentArg("providers.self-hosted.self-hosted", "true")
        .agentArg("local.cpu-rate-per-hour", "0.10")
        .agentArg("ledger.path", ledger.toString())
        .agentArg("policy.path", policy.toString())
        .agentArg("policy.audit-path", dir.resolve("audit.jsonl").toString())
        .agentArg("budget.journal-path", dir.resolve("journal.jsonl").toString())
        .args(String.valueOf(port))
        .run(Duration.ofSeconds(120))
        .assertSucceeded();
    assertEquals(2, result.stdout().lines().filter(l -> l.startsWith("RESULT ok")).count(), result.toString());
    List<JsonNode> records = Ledger.read(ledger);
    assertEquals(4, records.size(), result.toString());
    List<JsonNode> engine = records.stream().filter(r -> r.get("provider").asText().equals("local")).toList();
    List<JsonNode> client = records.stream().filter(r -> r.get("provider").asText().equals("self-hosted")).toList();
    assertEquals(2, engine.size(), records.toString());
    assertEquals(2, client.size(), records.toString());
    for (JsonNode e : engine) {
      JsonNode c = client.stream().filter(r -> r.get("trace_id").asText().equals(e.get("trace_id").asText()))
          .findFirst().orElseThrow(() -> new AssertionError("no client record in the engine's trace: " + records));
      assertEquals(c.get("span_id").asText(), e.get("parent_span_id").asText(), "the engine's span is the client's child");
      // both sides count the same tokens: the client read them from the server's usage
      assertEquals(c.get("usage").get("input_tokens").asLong(), e.get("usage").get("input_tokens").asLong());
      assertEquals(c.get("usage").get("output_tokens").asLong(), e.get("usage").get("output_tokens").asLong());
      assertEquals(c.get("usage").get("cache_read_input_tokens").asLong(), e.get("local").get("reused_tokens").asLong());
      // the client side is costed by the engine: no catalog price, no $0, and no catalog-gap warning
      assertEquals("unpriced", c.get("cost").get("status").asText(), c.toString());
      assertEquals("self_hosted", c.get("cost").get("note").asText(), c.toString());
      assertTrue(c.get("cost").get("amount").isNull(), c.toString());
      assertEquals("allow", c.get("budget").get("decision").asText(), c.toString());
      assertEquals("local", e.get("cost").get("source").asText());
      assertEquals("priced", e.get("cost").get("status").asText());
      double cpuSeconds = e.get("local").get("cpu_seconds").asDouble();
      assertTrue(cpuSeconds > 0, e.toString());
      assertEquals(cpuSeconds / 3600 * 0.10, e.get("cost").get("amount").asDouble(), 1e-9);
      assertTrue(e.get("local").get("prefill_ms").asDouble() > 0, e.toString());
      assertTrue(e.get("ttft_ms").asDouble() > 0, e.toString());
      assertTrue(e.get("local").get("backend").asText().startsWith("cpu"), e.toString());
    }
    assertFalse(result.stderr().contains("pricing catalog"), result.stderr());
    JsonNode first = engine.get(0), second = engine.get(1);
    assertFalse(first.get("local").get("cache_hit").asBoolean() && first.get("local").get("reused_tokens").asLong() > 1,
        "the first call has nothing long to reuse: " + first);
    assertTrue(second.get("local").get("cache_hit").asBoolean(), second.toString());
    assertTrue(second.get("local").get("reused_tokens").asLong() > 20, "the shared system prompt is reused: " + second);
  }
}

package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.geminiGenerate;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.geminiStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.tollgate.it.app.GeminiApp;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.Reply;
import io.tollgate.testing.loopback.UsagePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real google-genai SDK (through OkHttp) under the real agent, against the loopback's Gemini endpoints. */
class GeminiCallsTest {
  private static final double EPS = 1e-9;
  /** USD per million tokens, this test's own prices (not the bundled catalog's). */
  private static final double FLASH_IN = 0.30, FLASH_CACHED = 0.03, FLASH_OUT = 2.50;
  private static final double PRO_IN = 1.25, PRO_CACHED = 0.125, PRO_OUT = 10.0;

  @TempDir Path dir;

  private Path pricing() throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, """
        {"schema": "tollgate.pricing/v1", "currency": "USD", "updated": "2026-11-23", "models": [
          {"provider": "gemini", "id": "gemini-2.5-flash",
           "prices": [{"effective": "2025-06-17", "input": %s, "cached_input": %s, "output": %s}]},
          {"provider": "gemini", "id": "gemini-2.5-pro",
           "prices": [{"effective": "2025-06-17", "input": %s, "cached_input": %s, "output": %s}]}
        ]}""".formatted(FLASH_IN, FLASH_CACHED, FLASH_OUT, PRO_IN, PRO_CACHED, PRO_OUT));
    return file;
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void generateAndStreamAreCostedFromUsageMetadata(int jdk) throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(geminiGenerate("gemini-2.5-flash"),
          Reply.ok().usage(UsagePlan.of(5000, 300).withCachedTokens(4096).withReasoningTokens(220)));
      server.script(geminiStream("gemini-2.5-pro"),
          Reply.ok().usage(UsagePlan.of(900, 700).withReasoningTokens(500)),   // stream
          Reply.ok().usage(UsagePlan.of(400, 80)));                            // stream-cancel
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(GeminiApp.class)
          .javaHome(jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25)
          .agentArg("providers.gemini.base-urls", server.baseUrl())
          .agentArg("pricing.path", pricing().toString())
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl(), "generate", "stream", "stream-cancel")
          .run(Duration.ofSeconds(90))
          .assertSucceeded();
      assertTrue(result.stdout().contains("RESULT generate ok Hello from the loopback server."), result.toString());
      assertTrue(result.stdout().contains("RESULT stream ok read 5 chunks: Hello from the loopback server."), result.toString());
      String cancelLine = resultLine(result, "stream-cancel");
      assertTrue(cancelLine.startsWith("RESULT stream-cancel ok read 3 chunks: "), result.toString());
      String textSeen = cancelLine.substring(cancelLine.indexOf("chunks: ") + "chunks: ".length());
      assertTrue(server.receivedRequests(geminiStream("gemini-2.5-pro")).get(0).query().contains("alt=sse"),
          "the SDK streams over SSE");
      List<JsonNode> r = Ledger.read(ledger);
      assertEquals(3, r.size(), result.toString());

      // output = candidates + thoughts; input includes the cached tokens
      JsonNode generate = r.get(0);
      assertCall(generate, "generateContent", "gemini-2.5-flash", false);
      assertUsage(generate, 5000, 300, 4096, 220);
      assertEquals("provider", generate.get("cost").get("source").asText());
      assertEquals(1024, generate.get("request_max_tokens").asInt());
      assertTrue(generate.get("response_id").asText().startsWith("r"), generate.toString());
      assertCost(generate, (5000 - 4096) * FLASH_IN / 1e6 + 4096 * FLASH_CACHED / 1e6 + 300 * FLASH_OUT / 1e6);

      // every chunk carries the running total: the last one is the bill, not their sum
      JsonNode stream = r.get(1);
      assertCall(stream, "streamGenerateContent", "gemini-2.5-pro", true);
      assertUsage(stream, 900, 700, 0, 500);
      assertEquals("provider", stream.get("cost").get("source").asText());
      double ttft = stream.get("ttft_ms").asDouble();
      assertTrue(ttft > 0 && ttft <= stream.get("latency_ms").asDouble(), stream.toString());
      assertCost(stream, 900 * PRO_IN / 1e6 + 700 * PRO_OUT / 1e6);

      // closed after 3 chunks: the running total so far is not claimed; Tollgate counts, with o200k as a labelled proxy
      JsonNode cancelled = r.get(2);
      assertCall(cancelled, "streamGenerateContent", "gemini-2.5-pro", true);
      assertEquals("cancelled", cancelled.get("outcome").asText(), cancelled.toString());
      assertTrue(cancelled.get("ttft_ms").asDouble() > 0, cancelled.toString());
      Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
      long input = o200k.countTokensOrdinary("Tell me a story.") + 3 + 1 + 3; // one message, its role, reply priming
      long output = o200k.countTokensOrdinary(textSeen);
      assertTrue(output > 0, textSeen);
      assertEquals(input, cancelled.get("usage").get("input_tokens").asLong(), cancelled.toString());
      assertEquals(output, cancelled.get("usage").get("output_tokens").asLong(), cancelled.toString());
      assertEquals("estimated", cancelled.get("cost").get("source").asText());
      assertEquals("estimated_o200k_base_proxy_no_public_tokenizer", cancelled.get("cost").get("note").asText());
      assertCost(cancelled, input * PRO_IN / 1e6 + output * PRO_OUT / 1e6);
    }
  }

  /** Vertex AI's path through the same SDK, and a stream without alt=sse (one JSON array) through plain OkHttp. */
  @Test
  void vertexPathsAndJsonArrayStreams() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.usagePlan(UsagePlan.of(120, 30).withReasoningTokens(10));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(GeminiApp.class)
          .agentArg("providers.gemini.base-urls", server.baseUrl())
          .agentArg("providers.vertex.format", "gemini")
          .agentArg("providers.vertex.name", "gcp.vertex_ai")
          .agentArg("providers.vertex.base-urls", server.baseUrl() + "/v1beta1/projects/acme/locations/us-central1")
          .agentArg("pricing.path", pricing().toString())
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl(), "vertex", "json-array-stream")
          .run(Duration.ofSeconds(90))
          .assertSucceeded();
      List<JsonNode> r = Ledger.read(ledger);
      assertEquals(2, r.size(), result.toString() + "\nreceived: " + server.requestCounts());

      JsonNode vertex = r.get(0);
      assertEquals("gcp.vertex_ai", vertex.get("provider").asText(), vertex.toString());
      assertEquals("gemini-2.5-flash", vertex.get("request_model").asText(), vertex.toString());
      assertUsage(vertex, 120, 30, 0, 10);
      assertCost(vertex, 120 * FLASH_IN / 1e6 + 30 * FLASH_OUT / 1e6);

      JsonNode array = r.get(1);
      assertCall(array, "streamGenerateContent", "gemini-2.5-flash", true);
      assertUsage(array, 120, 30, 0, 10);
      assertTrue(array.get("ttft_ms").asDouble() > 0, array.toString());
      assertCost(array, 120 * FLASH_IN / 1e6 + 30 * FLASH_OUT / 1e6);
    }
  }

  private static String resultLine(AgentJvm.Result result, String scenario) {
    return result.stdout().lines().filter(l -> l.startsWith("RESULT " + scenario + " ")).findFirst()
        .orElseThrow(() -> new AssertionError(result.toString()));
  }

  private static void assertCall(JsonNode line, String api, String model, boolean stream) {
    String ctx = line.toString();
    assertEquals("gcp.gemini", line.get("provider").asText(), ctx);
    assertEquals("generate_content", line.get("operation").asText(), ctx);
    assertEquals(api, line.get("api").asText(), ctx);
    assertEquals(model, line.get("request_model").asText(), ctx);
    assertEquals(model, line.get("response_model").asText(), ctx);
    assertEquals(stream, line.get("stream").asBoolean(), ctx);
  }

  private static void assertUsage(JsonNode line, long input, long output, long cacheRead, long reasoning) {
    String ctx = line.toString();
    assertEquals("ok", line.get("outcome").asText(), ctx);
    assertEquals(input, line.get("usage").get("input_tokens").asLong(), ctx);
    assertEquals(output, line.get("usage").get("output_tokens").asLong(), ctx);
    assertEquals(cacheRead, line.get("usage").get("cache_read_input_tokens").asLong(), ctx);
    assertEquals(reasoning, line.get("usage").get("reasoning_output_tokens").asLong(), ctx);
  }

  private static void assertCost(JsonNode line, double expected) {
    assertEquals(expected, line.get("cost").get("amount").asDouble(), EPS, line.toString());
  }
}

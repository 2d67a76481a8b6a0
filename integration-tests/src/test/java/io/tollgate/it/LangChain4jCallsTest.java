package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.CHAT_COMPLETIONS;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.MESSAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import io.tollgate.it.app.LangChain4jApp;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.Reply;
import io.tollgate.testing.loopback.UsagePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real LangChain4j 1.x (OpenAI and Anthropic models, on its default JDK HttpClient transport)
 * in a separate JVM with the real agent jar. Expected costs are computed here from the published
 * per-million rates: gpt-4o-mini $0.15 in, $0.075 cached, $0.60 out; claude-sonnet-4-5 $3 in, $15 out.
 */
class LangChain4jCallsTest {
  private static final double EPS = 1e-9;

  @TempDir Path dir;

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void chatAndStreamingModelsAreCosted(int jdk) throws Exception {
    Path javaHome = jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25;
    assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no JDK " + jdk + " at " + javaHome);
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(CHAT_COMPLETIONS,
          Reply.ok().usage(UsagePlan.of(1200, 80).withCachedTokens(1024)),  // chat
          Reply.ok().usage(UsagePlan.of(640, 120)),                           // stream
          // paced like a model generating, so the application's cancel lands mid-stream
          Reply.ok().usage(UsagePlan.of(300, 40)).eventInterval(Duration.ofMillis(150))); // stream-cancel
      server.script(MESSAGES, Reply.ok().usage(UsagePlan.of(50, 400)));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(LangChain4jApp.class)
          .javaHome(javaHome)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("providers.anthropic.base-urls", server.anthropicBaseUrl() + "/v1")
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl(), "chat", "stream", "stream-cancel", "anthropic-stream")
          .run(Duration.ofSeconds(90))
          .assertSucceeded();
      Map<String, String> results = result.stdout().lines().filter(l -> l.startsWith("RESULT "))
          .map(l -> l.substring("RESULT ".length()).split(" ", 2))
          .collect(Collectors.toMap(p -> p[0], p -> p[1]));
      assertEquals("ok 1200 in 80 out: Hello from the loopback server.", results.get("chat"), result.toString());
      assertEquals("ok 5 partials, 640 in 120 out: Hello from the loopback server.", results.get("stream"), result.toString());
      assertEquals("ok cancelled after 3 partials: Hello from the", results.get("stream-cancel"), result.toString());
      assertTrue(results.get("anthropic-stream").startsWith("ok "), result.toString());
      String streamRequest = server.receivedRequests(CHAT_COMPLETIONS).get(1).body();
      assertTrue(streamRequest.replaceAll("\\s", "").contains("\"include_usage\":true"),
          "LangChain4j asks for usage itself, so Tollgate leaves its request alone: " + streamRequest);

      List<JsonNode> r = Ledger.read(ledger);
      assertEquals(4, r.size(), result.toString());
      JsonNode chat = r.get(0);
      assertCall(chat, "gpt-4o-mini", "ok", false, 1200, 80);
      assertEquals(1024, chat.get("usage").get("cache_read_input_tokens").asLong(), chat.toString());
      assertCost(chat, (1200 - 1024) * 0.15 / 1e6 + 1024 * 0.075 / 1e6 + 80 * 0.60 / 1e6, "provider");

      JsonNode stream = r.get(1);
      assertCall(stream, "gpt-4o-mini", "ok", true, 640, 120);
      assertCost(stream, 640 * 0.15 / 1e6 + 120 * 0.60 / 1e6, "provider");

      // cut short by the application: no usage arrived, so the text it received is counted (o200k)
      JsonNode cancelled = r.get(2);
      var o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
      long input = o200k.countTokensOrdinary("Stream please.") + 3 + 1 + 3; // one message, its role, reply priming
      long output = o200k.countTokensOrdinary("Hello from the");
      assertCall(cancelled, "gpt-4o-mini", "cancelled", true, input, output);
      assertCost(cancelled, input * 0.15 / 1e6 + output * 0.60 / 1e6, "estimated");

      // the base URLs are configured, so each request carries the W3C traceparent of its record's span
      for (int i = 0; i < 3; i++) {
        assertTraceParent(r.get(i), server.receivedRequests(CHAT_COMPLETIONS).get(i).header("traceparent"));
      }
      assertTraceParent(r.get(3), server.receivedRequests(MESSAGES).get(0).header("traceparent"));

      JsonNode anthropic = r.get(3);
      assertCall(anthropic, "claude-sonnet-4-5", "ok", true, 50, 400);
      assertEquals("anthropic", anthropic.get("provider").asText(), anthropic.toString());
      assertCost(anthropic, 50 * 3.0 / 1e6 + 400 * 15.0 / 1e6, "provider");
    }
  }

  private static void assertTraceParent(JsonNode line, String sent) {
    assertEquals("00-" + line.get("trace_id").asText() + "-" + line.get("span_id").asText() + "-01", sent, line.toString());
  }

  private static void assertCall(JsonNode line, String model, String outcome, boolean stream, long input, long output) {
    String ctx = line.toString();
    assertEquals(model, line.get("request_model").asText(), ctx);
    assertEquals(model, line.get("response_model").asText(), ctx);
    assertEquals(outcome, line.get("outcome").asText(), ctx);
    assertEquals(stream, line.get("stream").asBoolean(), ctx);
    assertEquals(input, line.get("usage").get("input_tokens").asLong(), ctx);
    assertEquals(output, line.get("usage").get("output_tokens").asLong(), ctx);
    if (stream) {
      double ttft = line.get("ttft_ms").asDouble();
      assertTrue(ttft > 0 && ttft <= line.get("latency_ms").asDouble(), ctx);
    }
  }

  private static void assertCost(JsonNode line, double expected, String source) {
    assertEquals(source, line.get("cost").get("source").asText(), line.toString());
    assertEquals(expected, line.get("cost").get("amount").asDouble(), EPS, line.toString());
  }
}

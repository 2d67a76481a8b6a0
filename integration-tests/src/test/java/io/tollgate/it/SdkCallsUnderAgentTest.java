package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.CHAT_COMPLETIONS;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.EMBEDDINGS;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.MESSAGES;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.RESPONSES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.it.app.ScenarioApp;
import io.tollgate.testing.loopback.MetricPointView;
import io.tollgate.testing.loopback.OtlpHttpReceiver;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.Reply;
import io.tollgate.testing.loopback.SpanView;
import io.tollgate.testing.loopback.UsagePlan;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real openai-java 4.x and anthropic-java 3.x SDKs (plus raw OkHttp and the JDK HttpClient) in
 * a separate JVM with the real agent jar, against a loopback provider and a real OTLP receiver.
 * Expected costs are computed here by hand from the providers' published per-million rates.
 */
class SdkCallsUnderAgentTest {
  private static final double EPS = 1e-9;
  private static final String[] SCENARIOS = {
      "chat", "chat-cached", "responses", "embeddings", "anthropic-cache",
      "chat-400", "chat-500", "chat-retry", "async-retry", "raw-okhttp", "jdk-http", "jdk-http-async", "chat-stream"};

  @TempDir Path dir;

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void everyCallIsRecordedOncePricedAndExported(int jdk) throws Exception {
    Path javaHome = jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25;
    assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no JDK " + jdk + " at " + javaHome);
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start();
         OtlpHttpReceiver otlp = OtlpHttpReceiver.start()) {
      scriptProviders(server);
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .javaHome(javaHome)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("providers.anthropic.base-urls", server.anthropicBaseUrl() + "/v1")
          .agentArg("ledger.path", ledger.toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
          .env("OTEL_BSP_SCHEDULE_DELAY", "100")
          .env("OTEL_SERVICE_NAME", "checkout")
          // a bare % (not percent-encoding) must not stop the agent; settings meant for another agent in the same
          // JVM (an X-Ray propagator, a Prometheus exporter) must not switch Tollgate's export off
          .env("OTEL_RESOURCE_ATTRIBUTES", "team=search,deployment.environment=production,sampling=50%")
          .env("OTEL_PROPAGATORS", "tracecontext,baggage,xray")
          .env("OTEL_METRICS_EXPORTER", "prometheus")
          .args(server.baseUrl())
          .args(SCENARIOS)
          .run(Duration.ofSeconds(90))
          .assertSucceeded();

      assertApplicationSawWhatItWouldWithoutAgent(result.stdout());
      List<JsonNode> records = Ledger.read(ledger);
      assertEquals(SCENARIOS.length, records.size(), "one ledger line per LLM call, none for /health\n" + result);
      Map<String, Long> received = server.requestCounts();
      assertEquals(12L, received.get(CHAT_COMPLETIONS), "retries reach the server; " + received);
      assertFalse(server.receivedRequests().stream().anyMatch(r -> r.header("x-tollgate-call") != null),
          "the logical-call header never reaches the wire");

      checkLedger(records);
      checkSummary(result.stderr());
      checkSpans(otlp.awaitSpans(SCENARIOS.length, Duration.ofSeconds(10)));
      checkMetrics(otlp, ledger);
    }
  }

  /** Nothing listens at the provider's address: the JDK client's calls are recorded with the connection's failure. */
  @Test
  void aJdkCallThatCannotConnectIsRecordedWithItsCause() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String baseUrl = "http://127.0.0.1:" + closedPort;
    Path ledger = dir.resolve("ledger.jsonl");
    AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
        .agentArg("providers.openai.base-urls", baseUrl + "/v1")
        .agentArg("ledger.path", ledger.toString())
        .args(baseUrl, "jdk-http", "jdk-http-async")
        .run(Duration.ofSeconds(60))
        .assertSucceeded();
    assertTrue(result.stdout().contains("RESULT jdk-http threw java.net.ConnectException"), result.toString());
    List<JsonNode> records = Ledger.read(ledger);
    assertEquals(2, records.size(), result.toString());
    for (JsonNode r : records) {
      assertEquals("error", r.get("outcome").asText(), r.toString());
      assertEquals("java.net.ConnectException", r.get("error_type").asText(), r.toString());
    }
  }

  /**
   * An async SDK call to an endpoint Tollgate does not record (here: a backend that signs every header, as Bedrock's
   * does) is sent exactly as the SDK made it: no header of Tollgate's was there to be signed and then stripped.
   */
  @Test
  void anAsyncCallToAnUnrecordedEndpointCarriesNoHeaderOfOurs() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(MESSAGES, Reply.ok().usage(UsagePlan.of(10, 5)));
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("ledger.path", dir.resolve("ledger.jsonl").toString())
          .args(server.baseUrl(), "anthropic-signed-async")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      assertTrue(result.stdout().contains("RESULT anthropic-signed-async ok"), result.toString());
      String signed = server.receivedRequests(MESSAGES).get(0).header("x-signed-headers");
      assertTrue(signed != null && !signed.contains("x-tollgate-call"), "signed: " + signed);
    }
  }

  private static void scriptProviders(ProviderLoopbackServer server) {
    server.script(CHAT_COMPLETIONS,
        Reply.ok().usage(UsagePlan.of(1200, 300)),                                            // chat
        Reply.ok().usage(UsagePlan.of(2000, 100).withCachedTokens(1536)).model("gpt-4o-2024-08-06"), // chat-cached
        Reply.status(400),                                                                   // chat-400
        Reply.status(500).header("x-should-retry", "false"),                                  // chat-500
        Reply.status(500), Reply.ok().usage(UsagePlan.of(100, 20)),                           // chat-retry
        Reply.status(503), Reply.ok().usage(UsagePlan.of(70, 7)),                             // async-retry
        Reply.ok().usage(UsagePlan.of(30, 3)),                                                // raw-okhttp
        Reply.ok().usage(UsagePlan.of(50, 10)),                                               // jdk-http
        Reply.ok().usage(UsagePlan.of(40, 4)),                                                // jdk-http-async
        Reply.ok());                                                                         // chat-stream
    server.script(RESPONSES, Reply.ok().usage(UsagePlan.of(900, 650).withCachedTokens(100).withReasoningTokens(400)));
    server.script(EMBEDDINGS, Reply.ok().usage(UsagePlan.of(64, 0)));
    server.script(MESSAGES, Reply.ok().usage(UsagePlan.of(100, 250)
        .withCacheReadInputTokens(2000).withCacheCreation5mInputTokens(500).withCacheCreation1hInputTokens(300)));
  }

  private static void assertApplicationSawWhatItWouldWithoutAgent(String stdout) {
    Map<String, String> results = stdout.lines().filter(l -> l.startsWith("RESULT "))
        .map(l -> l.substring("RESULT ".length()).split(" ", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p[1]));
    for (String ok : List.of("chat", "chat-cached", "responses", "embeddings", "anthropic-cache", "chat-retry", "async-retry")) {
      assertTrue(results.get(ok).startsWith("ok "), ok + ": " + results.get(ok));
    }
    assertTrue(results.get("chat-400").contains("BadRequestException"), results.get("chat-400"));
    assertTrue(results.get("chat-500").contains("InternalServerException"), results.get("chat-500"));
    assertTrue(results.get("raw-okhttp").startsWith("ok 200") && results.get("raw-okhttp").endsWith("non-LLM 404"), results.get("raw-okhttp"));
    assertTrue(results.get("jdk-http").startsWith("ok 200"), results.get("jdk-http"));
    assertTrue(results.get("jdk-http-async").startsWith("ok 200"), results.get("jdk-http-async"));
    assertTrue(results.get("chat-stream").matches("ok \\d+ chunks: .+"), results.get("chat-stream"));
  }

  private static void checkLedger(List<JsonNode> r) {
    for (JsonNode line : r) {
      assertEquals("tollgate.ledger/v1", line.get("schema").asText());
      assertEquals("checkout", line.get("service").asText());
      assertEquals("search", line.get("attributes").get("team").asText());
      assertEquals("production", line.get("attributes").get("deployment.environment").asText());
      assertTrue(line.get("latency_ms").asDouble() > 0, line.toString());
    }
    // chat: gpt-4o-mini $0.15 in, $0.60 out per million
    expect(r.get(0), "openai", "chat", "gpt-4o-mini", 1200, 300, 0, 0, "ok", 200, 1);
    assertCost(r.get(0), 1200 * 0.15 / 1e6 + 300 * 0.60 / 1e6);
    // chat-cached: gpt-4o $2.50 in, $1.25 cached, $10 out; priced by the dated snapshot the provider answered with
    expect(r.get(1), "openai", "chat", "gpt-4o", 2000, 100, 1536, 0, "ok", 200, 1);
    assertEquals("gpt-4o-2024-08-06", r.get(1).get("response_model").asText());
    assertCost(r.get(1), (2000 - 1536) * 2.50 / 1e6 + 1536 * 1.25 / 1e6 + 100 * 10.0 / 1e6);
    // responses: gpt-4.1 $2 in, $0.50 cached, $8 out; reasoning is part of output
    expect(r.get(2), "openai", "chat", "gpt-4.1", 900, 650, 100, 0, "ok", 200, 1);
    assertEquals("responses", r.get(2).get("api").asText());
    assertEquals(400, r.get(2).get("usage").get("reasoning_output_tokens").asLong());
    assertCost(r.get(2), 800 * 2.0 / 1e6 + 100 * 0.50 / 1e6 + 650 * 8.0 / 1e6);
    // embeddings: $0.02 per million
    expect(r.get(3), "openai", "embeddings", "text-embedding-3-small", 64, 0, 0, 0, "ok", 200, 1);
    assertCost(r.get(3), 64 * 0.02 / 1e6);
    // anthropic: input includes cache read and both cache writes; $3 in, $0.30 read, $3.75 5m write, $6 1h write, $15 out
    expect(r.get(4), "anthropic", "chat", "claude-sonnet-4-5", 100 + 2000 + 500 + 300, 250, 2000, 800, "ok", 200, 1);
    assertCost(r.get(4), 100 * 3.0 / 1e6 + 2000 * 0.30 / 1e6 + 500 * 3.75 / 1e6 + 300 * 6.0 / 1e6 + 250 * 15.0 / 1e6);
    // errors: one attempt each, nothing billed
    expect(r.get(5), "openai", "chat", "gpt-4o-mini", -1, -1, -1, -1, "error", 400, 1);
    assertEquals(0.0, r.get(5).get("cost").get("amount").asDouble());
    assertFalse(r.get(5).get("error_type").isNull());
    expect(r.get(6), "openai", "chat", "gpt-4o-mini", -1, -1, -1, -1, "error", 500, 1);
    // 500 then 200: one call with two attempts, priced once
    expect(r.get(7), "openai", "chat", "gpt-4o-mini", 100, 20, 0, 0, "ok", 200, 2);
    assertCost(r.get(7), 100 * 0.15 / 1e6 + 20 * 0.60 / 1e6);
    expect(r.get(8), "openai", "chat", "gpt-4o-mini", 70, 7, 0, 0, "ok", 200, 2);
    expect(r.get(9), "openai", "chat", "gpt-4o-mini", 30, 3, 0, 0, "ok", 200, 1);
    expect(r.get(10), "openai", "chat", "gpt-4o-mini", 50, 10, 0, 0, "ok", 200, 1);
    assertEquals(64, r.get(10).get("request_max_tokens").asInt(), "request facts read from the JDK client's body");
    expect(r.get(11), "openai", "chat", "gpt-4o-mini", 40, 4, 0, 0, "ok", 200, 1);
    // a stream whose request did not ask for usage: Tollgate asked for it, and prices the provider's numbers
    JsonNode stream = r.get(12);
    assertTrue(stream.get("stream").asBoolean(), stream.toString());
    assertEquals("ok", stream.get("outcome").asText());
    assertEquals(12, stream.get("usage").get("input_tokens").asLong(), stream.toString());
    assertEquals(5, stream.get("usage").get("output_tokens").asLong(), stream.toString());
    assertEquals("provider", stream.get("cost").get("source").asText());
    assertEquals(12 * 0.15 / 1e6 + 5 * 0.60 / 1e6, stream.get("cost").get("amount").asDouble(), EPS);
    assertTrue(stream.get("ttft_ms").asDouble() > 0, stream.toString());
  }

  private static void expect(JsonNode line, String provider, String operation, String model, long input, long output,
      long cacheRead, long cacheWrite, String outcome, int status, int attempts) {
    String ctx = line.toString();
    assertEquals(provider, line.get("provider").asText(), ctx);
    assertEquals(operation, line.get("operation").asText(), ctx);
    assertEquals(model, line.get("request_model").asText(), ctx);
    assertEquals(outcome, line.get("outcome").asText(), ctx);
    assertEquals(status, line.get("http_status").asInt(), ctx);
    assertEquals(attempts, line.get("attempts").asInt(), ctx);
    assertFalse(line.get("stream").asBoolean(), ctx);
    assertTrue(line.get("ttft_ms").isNull(), ctx);
    if (input < 0) {
      assertTrue(line.get("usage").isNull(), ctx);
      return;
    }
    JsonNode u = line.get("usage");
    assertEquals(input, u.get("input_tokens").asLong(), ctx);
    assertEquals(output, u.get("output_tokens").asLong(), ctx);
    assertEquals(cacheRead, u.get("cache_read_input_tokens").asLong(), ctx);
    assertEquals(cacheWrite, u.get("cache_write_input_tokens").asLong(), ctx);
    assertEquals("provider", line.get("cost").get("source").asText(), ctx);
    assertEquals("priced", line.get("cost").get("status").asText(), ctx);
  }

  private static void assertCost(JsonNode line, double expected) {
    assertEquals(expected, line.get("cost").get("amount").asDouble(), EPS, line.toString());
    assertEquals("USD", line.get("cost").get("currency").asText());
  }

  private static void checkSummary(String stderr) {
    assertTrue(stderr.contains("[tollgate] LLM cost summary"), stderr);
    assertTrue(stderr.lines().anyMatch(l -> l.contains("claude-sonnet-4-5") && l.contains("0.008325")), stderr);
    assertFalse(stderr.contains("internal errors"), stderr);
  }

  private static void checkSpans(List<SpanView> spans) {
    assertEquals(SCENARIOS.length, spans.size(), "one span per call: " + spans);
    SpanView chat = spans.stream().filter(s -> s.name().equals("chat gpt-4o-mini")
        && Long.valueOf(1200).equals(s.attribute("gen_ai.usage.input_tokens"))).findFirst().orElseThrow();
    assertEquals("CLIENT", chat.kind());
    assertEquals("openai", chat.attribute("gen_ai.provider.name"));
    assertEquals("chat", chat.attribute("gen_ai.operation.name"));
    assertEquals("gpt-4o-mini", chat.attribute("gen_ai.response.model"));
    assertEquals(300L, chat.attribute("gen_ai.usage.output_tokens"));
    assertEquals(1200 * 0.15 / 1e6 + 300 * 0.60 / 1e6, (Double) chat.attribute("gen_ai.usage.cost.amount"), EPS);
    assertEquals("USD", chat.attribute("gen_ai.usage.cost.currency"));
    assertEquals("local", chat.attribute("gen_ai.usage.cost.source"), "the amount was computed by Tollgate");
    assertEquals("provider", chat.attribute("tollgate.cost.source"), "from the usage the provider reported");
    assertEquals("checkout", chat.resourceAttributes().get("service.name"));
    assertEquals("search", chat.resourceAttributes().get("team"));
    assertEquals("50%", chat.resourceAttributes().get("sampling"));
    assertTrue(chat.durationNanos() > 0);

    SpanView anthropic = spans.stream().filter(s -> s.name().equals("chat claude-sonnet-4-5")).findFirst().orElseThrow();
    assertEquals(2900L, anthropic.attribute("gen_ai.usage.input_tokens"));
    assertEquals(2000L, anthropic.attribute("gen_ai.usage.cache_read.input_tokens"));
    assertEquals(800L, anthropic.attribute("gen_ai.usage.cache_creation.input_tokens"));

    SpanView embeddings = spans.stream().filter(s -> s.name().equals("embeddings text-embedding-3-small")).findFirst().orElseThrow();
    assertEquals(64L, embeddings.attribute("gen_ai.usage.input_tokens"));

    long errors = spans.stream().filter(s -> "ERROR".equals(s.statusCode())).count();
    assertEquals(2, errors, "the 400 and the 500");
    SpanView serverError = spans.stream().filter(s -> Long.valueOf(500).equals(s.attribute("http.response.status_code"))).findFirst().orElseThrow();
    assertEquals("server_error", serverError.attribute("error.type"), "the provider's error type");
    assertNull(chat.attribute("error.type"));
  }

  private static void checkMetrics(OtlpHttpReceiver otlp, Path ledgerFile) throws java.io.IOException {
    List<MetricPointView> cost = otlp.latestMetricPoints("tollgate.cost");
    double miniInput = cost.stream().filter(p -> "gpt-4o-mini".equals(p.attribute("gen_ai.response.model"))
        && "input".equals(p.attribute("tollgate.cost.kind"))).mapToDouble(MetricPointView::value).sum();
    double ledgerMiniInput = 0;
    for (JsonNode line : Ledger.read(ledgerFile)) {
      if ("gpt-4o-mini".equals(line.get("response_model").asText(null)) && line.get("cost").get("breakdown").isObject()) {
        ledgerMiniInput += line.get("cost").get("breakdown").get("input").asDouble();
      }
    }
    assertEquals(ledgerMiniInput, miniInput, EPS, "the cost metric adds up to the ledger: " + cost);
    assertTrue(miniInput > (1200 + 100 + 70 + 30 + 50 + 40) * 0.15 / 1e6 - EPS);
    assertTrue(cost.stream().allMatch(p -> "USD".equals(p.unit())));
    assertTrue(cost.stream().anyMatch(p -> "cache_write".equals(p.attribute("tollgate.cost.kind"))
        && "anthropic".equals(p.attribute("gen_ai.provider.name"))));

    List<MetricPointView> tokens = otlp.latestMetricPoints("gen_ai.client.token.usage");
    long inputPoints = tokens.stream().filter(p -> "input".equals(p.attribute("gen_ai.token.type"))).mapToLong(MetricPointView::count).sum();
    assertEquals(11, inputPoints, "every call with usage, reported or estimated: " + tokens);
    assertEquals(MetricPointView.Type.HISTOGRAM, tokens.get(0).type());
    assertEquals(List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0,
        4194304.0, 16777216.0, 67108864.0), tokens.get(0).explicitBounds());

    List<MetricPointView> duration = otlp.latestMetricPoints("gen_ai.client.operation.duration");
    assertEquals(SCENARIOS.length, duration.stream().mapToLong(MetricPointView::count).sum());
    assertEquals("s", duration.get(0).unit());
  }
}

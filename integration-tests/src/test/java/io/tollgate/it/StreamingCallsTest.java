package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.CHAT_COMPLETIONS;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.MESSAGES;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.RESPONSES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.tollgate.it.app.ScenarioApp;
import io.tollgate.testing.loopback.OtlpHttpReceiver;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.Reply;
import io.tollgate.testing.loopback.UsagePlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streamed calls through the real SDKs and the JDK client: usage from the stream, time to first chunk, cancellation. */
class StreamingCallsTest {
  private static final double EPS = 1e-9;

  @TempDir Path dir;

  @Test
  void streamedCallsAreCostedFromTheUsageTheStreamCarries() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start();
         OtlpHttpReceiver otlp = OtlpHttpReceiver.start()) {
      server.script(CHAT_COMPLETIONS,
          Reply.ok().usage(UsagePlan.of(800, 90).withCachedTokens(512)),   // chat-stream-usage
          Reply.ok().usage(UsagePlan.of(300, 40)));                         // chat-stream-cancel
      server.script(RESPONSES, Reply.ok().usage(UsagePlan.of(700, 300).withReasoningTokens(120)));
      server.script(MESSAGES, Reply.ok().usage(UsagePlan.of(50, 400)
          .withCacheReadInputTokens(1000).withCacheCreation1hInputTokens(200)));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("providers.anthropic.base-urls", server.anthropicBaseUrl() + "/v1")
          .agentArg("ledger.path", ledger.toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
          .args(server.baseUrl(), "chat-stream-usage", "responses-stream", "anthropic-stream", "chat-stream-cancel")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      assertTrue(result.stdout().contains("RESULT chat-stream-usage ok 200"), result.toString());
      String cancelLine = result.stdout().lines().filter(l -> l.startsWith("RESULT chat-stream-cancel ok closed after 3 chunks: "))
          .findFirst().orElseThrow(() -> new AssertionError(result.toString()));
      String textSeen = cancelLine.substring(cancelLine.indexOf("chunks: ") + "chunks: ".length());
      List<JsonNode> r = Ledger.read(ledger);
      assertEquals(4, r.size(), result.toString());

      JsonNode chat = r.get(0);
      streamOk(chat, "gpt-4o-mini", 800, 90, 512);
      assertCost(chat, (800 - 512) * 0.15 / 1e6 + 512 * 0.075 / 1e6 + 90 * 0.60 / 1e6);

      JsonNode responses = r.get(1);
      streamOk(responses, "gpt-4.1", 700, 300, 0);
      assertEquals(120, responses.get("usage").get("reasoning_output_tokens").asInt());
      assertCost(responses, 700 * 2.0 / 1e6 + 300 * 8.0 / 1e6);

      // message_delta's output count is cumulative: it replaces message_start's, it is not added to it
      JsonNode anthropic = r.get(2);
      streamOk(anthropic, "claude-sonnet-4-5", 50 + 1000 + 200, 400, 1000);
      assertEquals(200, anthropic.get("usage").get("cache_write_1h_input_tokens").asInt());
      assertCost(anthropic, 50 * 3.0 / 1e6 + 1000 * 0.30 / 1e6 + 200 * 6.0 / 1e6 + 400 * 15.0 / 1e6);

      // cut short: no usage arrived, so Tollgate counts it (o200k for gpt-4o-mini) and says so
      JsonNode cancelled = r.get(3);
      assertEquals("cancelled", cancelled.get("outcome").asText(), cancelled.toString());
      assertTrue(cancelled.get("ttft_ms").asDouble() > 0);
      Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
      long input = o200k.countTokensOrdinary("Stream please.") + 3 + 1 + 3; // one message, its role, reply priming
      long output = o200k.countTokensOrdinary(textSeen);
      assertTrue(output > 0, textSeen);
      assertEquals(input, cancelled.get("usage").get("input_tokens").asLong(), cancelled.toString());
      assertEquals(output, cancelled.get("usage").get("output_tokens").asLong(), cancelled.toString());
      assertEquals("estimated", cancelled.get("cost").get("source").asText());
      assertEquals("estimated_o200k_base", cancelled.get("cost").get("note").asText());
      assertCost(cancelled, input * 0.15 / 1e6 + output * 0.60 / 1e6);

      assertTrue(result.stderr().lines().anyMatch(l -> l.contains("time to first chunk") && l.contains("p99") && l.endsWith("(4)")),
          "the exit summary gives percentiles for the 4 streams\n" + result);
      assertEquals(4, otlp.awaitSpans(4, Duration.ofSeconds(10)).size());
      assertTrue(otlp.spans().stream().allMatch(s -> s.attribute("gen_ai.response.time_to_first_chunk") instanceof Double));
      assertEquals(4, otlp.latestMetricPoints("gen_ai.client.operation.time_to_first_chunk").stream()
          .mapToLong(p -> p.count()).sum());
      assertTrue(otlp.latestMetricPoints("gen_ai.client.operation.time_per_output_chunk").stream()
          .mapToLong(p -> p.count()).sum() >= 3);
    }
  }

  /**
   * The server closes the connection mid-answer: both SDKs end their streams as if all was well, so the record is
   * what tells. An error, with the output counted from the text received; Anthropic's input and cache counts (from
   * message_start) stand, its first output count does not.
   */
  @Test
  void aStreamTheServerCutsShortIsAnErrorWithItsOutputCountedFromTheTextReceived() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(300, 40)).truncateStreamAfter(4));
      server.script(MESSAGES, Reply.ok().usage(UsagePlan.of(2000, 400).withCacheReadInputTokens(1000)).truncateStreamAfter(6));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("providers.anthropic.base-urls", server.anthropicBaseUrl() + "/v1")
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl(), "chat-stream", "anthropic-stream")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      String chatText = textSeen(result, "chat-stream");
      String anthropicText = textSeen(result, "anthropic-stream");
      List<JsonNode> r = Ledger.read(ledger);
      assertEquals(2, r.size(), result.toString());
      Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

      JsonNode chat = r.get(0);
      assertEquals("error", chat.get("outcome").asText(), chat.toString());
      assertEquals("stream_cut_short", chat.get("error_type").asText(), chat.toString());
      assertEquals("estimated", chat.get("cost").get("source").asText(), chat.toString());
      assertEquals(o200k.countTokensOrdinary(chatText), chat.get("usage").get("output_tokens").asLong(), chat.toString());

      JsonNode claude = r.get(1);
      assertEquals("error", claude.get("outcome").asText(), claude.toString());
      assertEquals("stream_cut_short", claude.get("error_type").asText(), claude.toString());
      assertEquals(2000 + 1000, claude.get("usage").get("input_tokens").asLong(), "message_start's counts stand: " + claude);
      assertEquals(1000, claude.get("usage").get("cache_read_input_tokens").asLong(), claude.toString());
      long output = o200k.countTokensOrdinary(anthropicText);
      assertTrue(output > 1, anthropicText);
      assertEquals(output, claude.get("usage").get("output_tokens").asLong(), claude.toString());
      assertEquals("estimated", claude.get("cost").get("source").asText(), claude.toString());
      assertEquals("estimated_output_o200k_base_proxy_no_public_tokenizer", claude.get("cost").get("note").asText());
      assertCost(claude, 2000 * 3.0 / 1e6 + 1000 * 0.30 / 1e6 + output * 15.0 / 1e6);
    }
  }

  /** The text the application read, as its scenario printed it ({@code RESULT <scenario> ok <n> chunks: <text>}). */
  private static String textSeen(AgentJvm.Result result, String scenario) {
    String prefix = "RESULT " + scenario + " ok ";
    return result.stdout().lines().filter(l -> l.startsWith(prefix) && l.contains(": "))
        .map(l -> l.substring(l.indexOf(": ") + 2))
        .findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + "\n" + result));
  }

  /**
   * A stream the application neither reads to its end nor closes is still recorded (and its budget reservation
   * settled): once it has been quiet for {@code calls.abandon-after-seconds}, or at the latest when the JVM exits.
   */
  @Test
  void aStreamTheApplicationNeverClosesIsRecordedWhenItGoesQuietOrAtExit() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(300, 40)), Reply.ok().usage(UsagePlan.of(300, 40)));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .agentArg("calls.abandon-after-seconds", "1")
          // the first is left for the sweep to find during the pause; the second is still open at exit
          .args(server.baseUrl(), "chat-stream-left-open", "pause-3s", "chat-stream-left-open")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      List<String> seen = result.stdout().lines().filter(l -> l.startsWith("RESULT chat-stream-left-open ok left open after 2 chunks: "))
          .map(l -> l.substring(l.indexOf("chunks: ") + "chunks: ".length())).toList();
      assertEquals(2, seen.size(), result.toString());
      List<JsonNode> r = Ledger.read(ledger);
      assertEquals(2, r.size(), result.toString());
      assertEquals("abandoned", r.get(0).get("error_type").asText(), r.get(0).toString());
      assertEquals("unfinished_at_exit", r.get(1).get("error_type").asText(), r.get(1).toString());
      Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
      for (int i = 0; i < 2; i++) {
        JsonNode call = r.get(i);
        assertEquals("cancelled", call.get("outcome").asText(), call.toString());
        assertEquals("estimated", call.get("cost").get("source").asText(), call.toString());
        long output = o200k.countTokensOrdinary(seen.get(i));
        assertTrue(output > 0, seen.get(i));
        assertEquals(output, call.get("usage").get("output_tokens").asLong(), call.toString());
        assertTrue(call.get("ttft_ms").asDouble() > 0, call.toString());
      }
    }
  }

  /**
   * openai-java does not ask a stream for usage. Tollgate asks for it, and the application still
   * reads exactly the chunks it reads without the agent (the usage-only chunk is taken out).
   */
  @Test
  void usageIsAskedForWithoutTheApplicationSeingTheExtraChunk() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      String withoutAgent = resultLine(AgentJvm.main(ScenarioApp.class).withoutAgent()
          .args(server.baseUrl(), "chat-stream").run(Duration.ofSeconds(60)).assertSucceeded(), "chat-stream");
      assertTrue(!server.receivedRequests(CHAT_COMPLETIONS).get(0).body().contains("include_usage"));
      server.reset();
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(321, 54)));
      Path ledger = dir.resolve("ledger.jsonl");
      String withAgent = resultLine(AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl(), "chat-stream").run(Duration.ofSeconds(60)).assertSucceeded(), "chat-stream");
      assertEquals(withoutAgent, withAgent, "the application reads the same chunks and text");
      assertTrue(server.receivedRequests(CHAT_COMPLETIONS).get(0).body().contains("\"include_usage\":true"),
          "Tollgate asked for usage on the wire");
      JsonNode line = Ledger.read(ledger).get(0);
      streamOk(line, "gpt-4o-mini", 321, 54, 0);
      assertCost(line, 321 * 0.15 / 1e6 + 54 * 0.60 / 1e6);
    }
  }

  private static final String[] JDK_STREAMS = {
      "jdk-stream-input-stream", "jdk-stream-lines", "jdk-stream-string", "jdk-stream-line-subscriber", "jdk-stream-async-bytes"};

  /**
   * The same through the JDK client, for each body handler shape: the application receives the same
   * bytes (lines) as without the agent, and the ledger has the provider's usage Tollgate asked for.
   */
  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void jdkClientStreamsReadTheSameWhileUsageIsAskedFor(int jdk) throws Exception {
    Path javaHome = jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25;
    assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no JDK " + jdk + " at " + javaHome);
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      // paced, so events arrive in separate reads and the usage-only one on its own
      Reply paced = Reply.ok().usage(UsagePlan.of(321, 54)).eventInterval(Duration.ofMillis(10));
      for (String ignored : JDK_STREAMS) {
        server.script(CHAT_COMPLETIONS, paced);
      }
      AgentJvm.Result without = AgentJvm.main(ScenarioApp.class).withoutAgent().javaHome(javaHome)
          .args(server.baseUrl()).args(JDK_STREAMS).run(Duration.ofSeconds(60)).assertSucceeded();
      assertTrue(server.receivedRequests(CHAT_COMPLETIONS).stream().noneMatch(r -> r.body().contains("include_usage")));
      server.reset();
      for (String ignored : JDK_STREAMS) {
        server.script(CHAT_COMPLETIONS, paced);
      }
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result with = AgentJvm.main(ScenarioApp.class).javaHome(javaHome)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl()).args(JDK_STREAMS).run(Duration.ofSeconds(60)).assertSucceeded();
      assertTrue(server.receivedRequests(CHAT_COMPLETIONS).stream().allMatch(r -> r.body().contains("\"include_usage\":true")),
          "Tollgate asked for usage on the wire");
      for (String scenario : JDK_STREAMS) {
        String seenWithout = received(without, scenario);
        String seenWith = received(with, scenario);
        assertTrue(seenWithout.contains("data: [DONE]") && !seenWithout.contains("usage"), seenWithout);
        // the server's random id and clock are the only bytes allowed to differ between the two runs
        assertEquals(withoutServerIds(seenWithout), withoutServerIds(seenWith), scenario);
      }
      List<JsonNode> lines = Ledger.read(ledger);
      assertEquals(JDK_STREAMS.length, lines.size(), with.toString());
      for (JsonNode line : lines) {
        streamOk(line, "gpt-4o-mini", 321, 54, 0);
        assertCost(line, 321 * 0.15 / 1e6 + 54 * 0.60 / 1e6);
      }
    }
  }

  /**
   * Lines may end in CR alone, as the SSE specification allows: the usage-only chunk is still taken out, through the
   * JDK client and OkHttp (openai-java) alike, and the ledger has the usage it carried.
   */
  @Test
  void aStreamWithLinesEndingInCrReadsTheSameWhileUsageIsAskedFor() throws Exception {
    String[] jdk = {"jdk-stream-input-stream", "jdk-stream-string"};
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      Reply cr = Reply.ok().usage(UsagePlan.of(321, 54)).eventInterval(Duration.ofMillis(10)).lineEnd("\r");
      Path ledger = dir.resolve("ledger.jsonl");
      Runs runs = withoutAndWithAgent(server, new String[] {jdk[0], jdk[1], "chat-stream"}, ledger, cr, cr, cr);
      AgentJvm.Result without = runs.without();
      AgentJvm.Result with = runs.with();
      assertTrue(server.receivedRequests(CHAT_COMPLETIONS).stream().allMatch(r -> r.body().contains("\"include_usage\":true")));
      for (String scenario : jdk) {
        String seenWithout = received(without, scenario);
        assertTrue(seenWithout.contains("data: [DONE]\r\r") && !seenWithout.contains("usage"), seenWithout);
        assertEquals(withoutServerIds(seenWithout), withoutServerIds(received(with, scenario)), scenario);
      }
      assertEquals(resultLine(without, "chat-stream"), resultLine(with, "chat-stream"), "openai-java reads the same chunks");
      List<JsonNode> lines = Ledger.read(ledger);
      assertEquals(3, lines.size(), with.toString());
      for (JsonNode line : lines) {
        streamOk(line, "gpt-4o-mini", 321, 54, 0);
      }
    }
  }

  /**
   * Through a plain OkHttp client: a stream the server sends whole, with a Content-Length, reads with {@code bytes()}
   * while usage is asked for (what the application reads is shorter than that length); an answer the application
   * asks to have gzipped reaches it as it came (through OkHttp and the JDK client), nothing asked for on its behalf,
   * and Tollgate reads a decoded copy.
   */
  @Test
  void okHttpAnswersSentWithALengthOrCompressedReadTheSame() throws Exception {
    String[] scenarios = {"okhttp-stream-bytes", "okhttp-gzip-stream", "okhttp-gzip-json", "jdk-gzip-stream"};
    Reply whole = Reply.ok().usage(UsagePlan.of(321, 54)).sentWhole();
    Reply gzip = Reply.ok().usage(UsagePlan.of(321, 54)).eventInterval(Duration.ofMillis(10)).gzip();
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      Path ledger = dir.resolve("ledger.jsonl");
      Runs runs = withoutAndWithAgent(server, scenarios, ledger, whole, gzip, gzip, gzip);
      AgentJvm.Result without = runs.without();
      AgentJvm.Result with = runs.with();
      List<String> sent = server.receivedRequests(CHAT_COMPLETIONS).stream().map(r -> r.body()).toList();
      assertTrue(sent.get(0).contains("\"include_usage\":true"), "Tollgate asked for usage on the wire");
      assertTrue(!sent.get(1).contains("include_usage"), "an answer that could come compressed is asked for nothing");
      assertTrue(!sent.get(3).contains("include_usage"), "nor through the JDK client");
      for (String scenario : scenarios) {
        String seenWithout = received(without, scenario);
        assertTrue(seenWithout.contains("gpt-4o-mini") && !seenWithout.contains("\"usage\":null"), seenWithout);
        assertEquals(withoutServerIds(seenWithout), withoutServerIds(received(with, scenario)), scenario);
      }
      List<JsonNode> lines = Ledger.read(ledger);
      assertEquals(4, lines.size(), with.toString());
      streamOk(lines.get(0), "gpt-4o-mini", 321, 54, 0);
      JsonNode gzipStream = lines.get(1);
      assertEquals("ok", gzipStream.get("outcome").asText(), gzipStream.toString());
      assertEquals("estimated", gzipStream.get("cost").get("source").asText(), "not asked for usage: " + gzipStream);
      assertTrue(gzipStream.get("usage").get("output_tokens").asLong() > 0, gzipStream.toString());
      JsonNode gzipJson = lines.get(2);
      assertEquals("ok", gzipJson.get("outcome").asText(), gzipJson.toString());
      assertEquals(321, gzipJson.get("usage").get("input_tokens").asLong(), gzipJson.toString());
      assertEquals(54, gzipJson.get("usage").get("output_tokens").asLong(), gzipJson.toString());
      assertCost(gzipJson, 321 * 0.15 / 1e6 + 54 * 0.60 / 1e6);
      JsonNode jdkGzipStream = lines.get(3);
      assertEquals("ok", jdkGzipStream.get("outcome").asText(), jdkGzipStream.toString());
      assertEquals("estimated", jdkGzipStream.get("cost").get("source").asText(), jdkGzipStream.toString());
      assertTrue(jdkGzipStream.get("usage").get("output_tokens").asLong() > 0, "read through a decoded copy: " + jdkGzipStream);
    }
  }

  private record Runs(AgentJvm.Result without, AgentJvm.Result with) {}

  /**
   * The scenarios run without the agent, then with it (its ledger at {@code ledger}), the server scripted with the same
   * chat replies each time; what the server received is the second run's.
   */
  private static Runs withoutAndWithAgent(ProviderLoopbackServer server, String[] scenarios, Path ledger, Reply... replies)
      throws Exception {
    server.script(CHAT_COMPLETIONS, replies);
    AgentJvm.Result without = AgentJvm.main(ScenarioApp.class).withoutAgent()
        .args(server.baseUrl()).args(scenarios).run(Duration.ofSeconds(60)).assertSucceeded();
    server.reset();
    server.script(CHAT_COMPLETIONS, replies);
    AgentJvm.Result with = AgentJvm.main(ScenarioApp.class)
        .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
        .agentArg("ledger.path", ledger.toString())
        .args(server.baseUrl()).args(scenarios).run(Duration.ofSeconds(60)).assertSucceeded();
    return new Runs(without, with);
  }

  private static String received(AgentJvm.Result result, String scenario) {
    String line = resultLine(result, scenario);
    assertTrue(line.startsWith("RESULT " + scenario + " ok "), result.toString());
    return new String(Base64.getDecoder().decode(line.substring(("RESULT " + scenario + " ok ").length())), StandardCharsets.UTF_8);
  }

  private static String withoutServerIds(String stream) {
    return stream.replaceAll("chatcmpl-[A-Za-z0-9]+", "chatcmpl-ID").replaceAll("\"created\":\\d+", "\"created\":0");
  }

  /** OkHttp (openai-java) and the JDK client (lines): the request goes out as written, the stream is estimated. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"chat-stream", "jdk-stream-lines"})
  void injectionCanBeTurnedOff(String scenario) throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .agentArg("streaming.inject-usage", "false")
          .args(server.baseUrl(), scenario).run(Duration.ofSeconds(60)).assertSucceeded();
      assertTrue(!server.receivedRequests(CHAT_COMPLETIONS).get(0).body().contains("include_usage"));
      JsonNode line = Ledger.read(ledger).get(0);
      assertEquals("ok", line.get("outcome").asText(), line.toString());
      assertEquals("estimated", line.get("cost").get("source").asText(), line.toString());
    }
  }

  private static String resultLine(AgentJvm.Result result, String scenario) {
    return result.stdout().lines().filter(l -> l.startsWith("RESULT " + scenario + " ")).findFirst()
        .orElseThrow(() -> new AssertionError(result.toString()));
  }

  private static void streamOk(JsonNode line, String model, long input, long output, long cacheRead) {
    String ctx = line.toString();
    assertTrue(line.get("stream").asBoolean(), ctx);
    assertEquals("ok", line.get("outcome").asText(), ctx);
    assertEquals(model, line.get("request_model").asText(), ctx);
    assertEquals(input, line.get("usage").get("input_tokens").asLong(), ctx);
    assertEquals(output, line.get("usage").get("output_tokens").asLong(), ctx);
    assertEquals(cacheRead, line.get("usage").get("cache_read_input_tokens").asLong(), ctx);
    assertEquals("provider", line.get("cost").get("source").asText(), ctx);
    double ttft = line.get("ttft_ms").asDouble();
    assertTrue(ttft > 0 && ttft <= line.get("latency_ms").asDouble(), ctx);
  }

  private static void assertCost(JsonNode line, double expected) {
    assertEquals(expected, line.get("cost").get("amount").asDouble(), EPS, line.toString());
  }
}

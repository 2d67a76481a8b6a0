package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.CHAT_COMPLETIONS;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.MESSAGES;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.it.app.OwnLibrariesApp;
import io.tollgate.it.app.ScenarioApp;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.Reply;
import io.tollgate.testing.loopback.UsagePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent stays out of the application's way: its libraries, its threads, its exceptions. */
class AgentIsolationTest {
  @TempDir Path dir;

  /**
   * The collector is down: the application's exit is not held for the OTLP exporter's retries (it was held about
   * 20 s), and the ledger and the exit summary are written all the same.
   */
  @Test
  void anUnreachableCollectorDoesNotHoldTheJvmsExit() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(1000, 100)));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1") // nothing listens on port 1
          .args(server.baseUrl(), "chat")
          .run(Duration.ofSeconds(15)) // a hang check, not a speed target: a held exit took 25-30 s
          .assertSucceeded();
      assertEquals(1, Ledger.read(ledger).size(), result.toString());
      assertTrue(result.stderr().contains("LLM cost summary"), result.toString());
    }
  }

  /**
   * A runtime jlinked without {@code java.net.http} (a slim container image): the JDK client's instrumentation is
   * left out, and the openai-java calls (OkHttp) are recorded all the same.
   */
  @Test
  void aRuntimeWithoutTheJdkHttpClientStillRecordsOkHttpCalls() throws Exception {
    Path jlink = AgentJvm.JDK17.resolve("bin/jlink");
    assumeTrue(Files.isExecutable(jlink), "no jlink in " + AgentJvm.JDK17);
    Path runtime = dir.resolve("runtime");
    Process link = new ProcessBuilder(jlink.toString(), "--add-modules",
        "java.base,java.instrument,java.logging,java.management,java.naming,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported",
        "--no-header-files", "--no-man-pages", "--output", runtime.toString())
        .redirectErrorStream(true).start();
    String linked = new String(link.getInputStream().readAllBytes());
    assertEquals(0, link.waitFor(), linked);
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(1000, 100)));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .javaHome(runtime)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl(), "chat")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      assertFalse(result.stderr().contains("agent not started"), result.toString());
      List<JsonNode> lines = Ledger.read(ledger);
      assertEquals(1, lines.size(), result.toString());
      assertEquals(1000, lines.get(0).get("usage").get("input_tokens").asLong(), lines.get(0).toString());
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void applicationWithItsOwnJacksonAndOpenTelemetryVersionsIsUnaffected(int jdk) throws Exception {
    Path javaHome = jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25;
    assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no JDK " + jdk + " at " + javaHome);
    List<String> classpath = new ArrayList<>();
    for (String entry : AgentJvm.applicationClasspath()) {
      String name = Path.of(entry).getFileName().toString();
      if (!name.startsWith("jackson-") && !name.startsWith("opentelemetry-")) {
        classpath.add(entry);
      }
    }
    try (Stream<Path> alt = Files.list(Path.of(System.getProperty("tollgate.alt.libs")))) {
      alt.forEach(p -> classpath.add(p.toString()));
    }
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(1000, 100)),
          Reply.status(500), Reply.ok().usage(UsagePlan.of(10, 1)));
      server.script(MESSAGES, Reply.ok().usage(UsagePlan.of(10, 20).withCacheReadInputTokens(30)));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(OwnLibrariesApp.class)
          .javaHome(javaHome)
          .classpath(classpath)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("providers.anthropic.base-urls", server.anthropicBaseUrl() + "/v1")
          .agentArg("ledger.path", ledger.toString())
          .args(server.baseUrl(), "chat", "chat-retry", "responses", "embeddings", "anthropic-cache", "jdk-http")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      assertTrue(result.stdout().contains("APP jackson=2.15.4 otel-sdk=1.40.0 app-spans=1"), result.toString());
      assertEquals(6, result.stdout().lines().filter(l -> l.startsWith("RESULT ") && l.contains(" ok ")).count(), result.toString());
      List<JsonNode> records = Ledger.read(ledger);
      assertEquals(6, records.size(), result.toString());
      assertEquals(1000 * 0.15 / 1e6 + 100 * 0.60 / 1e6, records.get(0).get("cost").get("amount").asDouble(), 1e-9);
      assertEquals(2, records.get(1).get("attempts").asInt());
      assertEquals(10 + 30, records.get(4).get("usage").get("input_tokens").asInt(), "anthropic input includes cache reads");
    }
  }

  @Test
  void failureInsideTollgateNeverReachesTheApplication() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .agentArg("internal.fault", "response")
          .args(server.baseUrl(), "chat", "chat-retry", "jdk-http", "raw-okhttp")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      for (String scenario : List.of("chat", "chat-retry", "jdk-http", "raw-okhttp")) {
        assertTrue(result.stdout().contains("RESULT " + scenario + " ok"), result.toString());
      }
      assertEquals(4, server.requestCount(CHAT_COMPLETIONS), "each call went through exactly once");
      assertTrue(Ledger.read(ledger).isEmpty(), "calls whose recording failed are left unrecorded, not half-recorded");
      assertTrue(result.stderr().contains("tollgate internal errors: 4"), "the failures are counted\n" + result);
      assertTrue(result.stderr().contains("internal failure in response"), result.toString());
    }
  }

  @Test
  void aSecondJavaagentIsReportedAndTheFirstOnesSettingsStand() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      Path ledger = dir.resolve("ledger.jsonl");
      Path secondLedger = dir.resolve("second.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .jvmArgs("-javaagent:" + AgentJvm.agentJar() + "=ledger.path=" + secondLedger) // as if from JAVA_TOOL_OPTIONS
          .args(server.baseUrl(), "chat")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      assertTrue(result.stdout().contains("RESULT chat ok"), result.toString());
      assertEquals(1, Ledger.read(ledger).size(), result.toString());
      assertFalse(Files.exists(secondLedger), result.toString());
      List<String> said = result.stderr().lines().filter(l -> l.contains("already started")).toList();
      assertEquals(1, said.size(), result.toString());
      assertTrue(said.get(0).contains("ignored") && said.get(0).contains(secondLedger.toString()), result.toString());
    }
  }

  @Test
  void agentThatCannotStartLeavesTheApplicationRunning() throws IOException, InterruptedException {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start()) {
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .agentArg("providers.openai.base-urls", "not a url")
          .args(server.baseUrl(), "chat")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      assertTrue(result.stdout().contains("RESULT chat ok"), result.toString());
      assertTrue(result.stderr().contains("[tollgate] ERROR agent not started"), result.toString());
      assertTrue(result.stderr().contains("base-urls"), "the error names the setting\n" + result);
      assertFalse(result.stderr().contains("LLM cost summary"), result.toString());
    }
  }
}

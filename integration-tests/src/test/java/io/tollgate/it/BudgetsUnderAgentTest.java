package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.CHAT_COMPLETIONS;
import static io.tollgate.testing.loopback.ProviderLoopbackServer.MESSAGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.it.app.BudgetApp;
import io.tollgate.it.app.ScenarioApp;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.UsagePlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budget policies enforced by the real agent on the real openai-java and anthropic-java SDKs,
 * against a loopback provider that counts every request that reaches it.
 */
class BudgetsUnderAgentTest {
  // gpt-4o: $2.50 input, $10 output per million; the loopback reports 20 prompt and 100 completion tokens
  private static final double CALL_COST = 20 * 2.50 / 1e6 + 100 * 10.0 / 1e6;
  private static final UsagePlan USAGE = UsagePlan.of(20, 100);

  @TempDir Path dir;

  private Path policy(String yaml) throws Exception {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  /** A policy of one daily budget, e.g. {@code oneBudget("one-call", "{requests: 1}", "block")}. */
  private Path oneBudget(String name, String limit, String action) throws Exception {
    return policy("version: 1\nbudgets:\n  - name: " + name + "\n    limit: " + limit + "\n    window: calendar-day\n"
        + "    action: " + action + "\n");
  }

  private AgentJvm app(ProviderLoopbackServer server, Path policy, String... steps) {
    return app(BudgetApp.class, server, policy, steps);
  }

  private AgentJvm app(Class<?> main, ProviderLoopbackServer server, Path policy, String... steps) {
    return AgentJvm.main(main)
        .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
        .agentArg("providers.anthropic.base-urls", server.anthropicBaseUrl() + "/v1")
        .agentArg("ledger.path", dir.resolve("ledger.jsonl").toString())
        .agentArg("policy.path", policy.toString())
        .agentArg("policy.audit-path", dir.resolve("audit.jsonl").toString())
        .agentArg("budget.journal-path", dir.resolve("journal.jsonl").toString())
        .agentArg("summary.enabled", "false")
        .args(server.baseUrl())
        .args(steps);
  }

  @Test
  void concurrentCallsNeverSpendPastTheBudget() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = policy("""
          version: 1
          budgets:
            - name: one-dollar
              limit: {usd: 1.00}
              window: calendar-month
          """);
      String out = app(server, policy, "concurrent:64:20").run(Duration.ofSeconds(120)).assertSucceeded().stdout();
      Matcher m = Pattern.compile("RESULT concurrent ok=(\\d+) blocked=(\\d+) other=(\\d+)").matcher(out);
      assertTrue(m.find(), out);
      int ok = Integer.parseInt(m.group(1));
      int blocked = Integer.parseInt(m.group(2));
      assertEquals(0, Integer.parseInt(m.group(3)), out);
      assertEquals(64 * 20, ok + blocked);
      assertTrue(blocked > 0 && ok > 0, out);
      assertEquals(ok, server.requestCount(CHAT_COMPLETIONS), "blocked calls sent nothing");

      List<JsonNode> ledger = Ledger.read(dir.resolve("ledger.jsonl"));
      double spent = 0;
      int blockedRecords = 0;
      for (JsonNode r : ledger) {
        spent += r.get("cost").get("amount").asDouble();
        if (r.get("outcome").asText().equals("blocked")) {
          blockedRecords++;
          assertEquals("one-dollar", r.get("budget").get("blocked_by").asText());
        } else {
          assertEquals("allow", r.get("budget").get("decision").asText());
        }
      }
      assertEquals(blocked, blockedRecords);
      assertEquals(ok * CALL_COST, spent, 1e-9);
      assertTrue(spent <= 1.00 + 1e-9, "spent " + spent);
      assertEquals(spent, budgetsCommandSpend(policy), 1e-6, "the budget's spend is the ledger's total");
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void blockedCallsFailFastWithoutRetryAndNameTheBudget(int jdk) throws Exception {
    Path javaHome = jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25;
    assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no JDK " + jdk + " at " + javaHome);
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = policy("""
          version: 1
          budgets:
            - name: two-calls
              limit: {requests: 2}
              window: calendar-day
          """);
      String out = app(server, policy, "openai", "anthropic", "openai:300", "anthropic:300", "langchain4j:300")
          .javaHome(javaHome).run(Duration.ofSeconds(90)).assertSucceeded().stdout();
      List<String> results = out.lines().filter(l -> l.startsWith("RESULT")).toList();
      assertTrue(results.get(0).contains(" ok ") && results.get(1).contains(" ok "), out);
      List<String> blocked = results.subList(2, 902);
      for (String b : blocked) {
        assertTrue(b.contains("threw com.openai.errors.RateLimitException") || b.contains("threw com.anthropic.errors.RateLimitException")
            || b.contains("threw dev.langchain4j.exception.NonRetriableException"), b);
        assertTrue(b.contains("'two-calls'") && b.contains("limit 2 requests"), b);
      }
      // a JVM's first calls load classes and run interpreted (the first allowed call takes about a second, the
      // first blocks a few ms); the last 100 of each SDK's 300 show what a block costs once the JIT has run
      double openai = medianMillis(blocked.subList(200, 300));
      double anthropic = medianMillis(blocked.subList(500, 600));
      double langchain4j = medianMillis(blocked.subList(800, 900));
      System.out.printf("median block, warm: openai-java %.3f ms, anthropic-java %.3f ms, LangChain4j %.3f ms%n", openai, anthropic, langchain4j);
      // not a speed target: a block the SDK treated as retryable would sleep its backoff (openai-java and
      // anthropic-java start at 0.5 s), so a median far below that shows no SDK waited before giving up
      assertTrue(openai < 250.0, "openai blocks: " + blocked.subList(200, 300));
      assertTrue(anthropic < 250.0, "anthropic blocks: " + blocked.subList(500, 600));
      assertTrue(langchain4j < 250.0, "LangChain4j blocks: " + blocked.subList(800, 900));
      List<JsonNode> blockedRecords = Ledger.read(dir.resolve("ledger.jsonl")).stream()
          .filter(r -> r.get("outcome").asText().equals("blocked")).toList();
      assertEquals(900, blockedRecords.size(), "one record per blocked call: no SDK retried a block");
      assertTrue(blockedRecords.stream().allMatch(r -> r.get("attempts").asInt() == 1), "a block is one attempt");
      assertEquals(1, server.requestCount(CHAT_COMPLETIONS), "no retry of a blocked call reaches the server");
      assertEquals(1, server.requestCount(MESSAGES));
    }
  }

  /**
   * A JDK client application whose body handler refuses any status but 200: a blocked call fails as a 429 refused by
   * that handler would (send throws an IOException, sendAsync's future fails), and still never reaches the provider.
   */
  @Test
  void aJdkBlockStandsWhenTheApplicationsHandlerRefusesThe429() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = oneBudget("one-call", "{requests: 1}", "block");
      String out = app(ScenarioApp.class, server, policy, "jdk-strict-handler", "jdk-strict-handler", "jdk-strict-handler-async")
          .run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertEquals(List.of("RESULT jdk-strict-handler ok 200",
          "RESULT jdk-strict-handler threw java.io.IOException: refused status 429",
          "RESULT jdk-strict-handler-async threw java.util.concurrent.CompletionException: java.lang.IllegalStateException: refused status 429"),
          out.lines().filter(l -> l.startsWith("RESULT")).toList(), out);
      assertEquals(1, server.requestCount(CHAT_COMPLETIONS), "the blocked calls sent nothing");
      assertEquals(List.of("ok", "blocked", "blocked"),
          Ledger.read(dir.resolve("ledger.jsonl")).stream().map(r -> r.get("outcome").asText()).toList());
    }
  }

  /**
   * A JDK request body that can be read only once (declared length or not) is left to the send: the application's
   * call goes through with its body, and a budget without a cost limit admits it unread.
   */
  @Test
  void aOneShotJdkBodyIsSentUnreadAndAdmitted() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = oneBudget("few-calls", "{requests: 5}", "block");
      String out = app(ScenarioApp.class, server, policy, "jdk-one-shot-body").run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertTrue(out.contains("RESULT jdk-one-shot-body ok 200, body read 1 time(s)"), out);
      assertTrue(server.receivedRequests(CHAT_COMPLETIONS).get(0).body().contains("\"content\":\"hi\""), "the body went out whole");
      JsonNode record = Ledger.read(dir.resolve("ledger.jsonl")).get(0);
      assertEquals("ok", record.get("outcome").asText(), record.toString());
      assertEquals("allow", record.get("budget").get("decision").asText(), record.toString());
    }
  }

  @Test
  void exceptionModeThrowsBudgetExceededException() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = policy("""
          version: 1
          budgets:
            - name: none-left
              limit: {usd: 0.000001}
              window: rolling-hour
          """);
      String out = app(server, policy, "openai", "openai-async", "okhttp-enqueue").agentArg("policy.block-mode", "exception")
          .run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertTrue(out.contains("budget-exception budget=none-left"), out);
      // an enqueued call gets the 429 of response mode: its exception could reach it only as an IOException, retried
      assertTrue(out.lines().anyMatch(l -> l.startsWith("RESULT openai-async ")
          && l.contains("threw com.openai.errors.RateLimitException") && l.contains("'none-left'")), out);
      assertTrue(out.contains("RESULT okhttp-enqueue") && out.contains("ok onResponse 429"), out);
      assertTrue(!out.contains("UNCAUGHT"), "no dispatcher thread killed\n" + out);
      assertEquals(0, server.requestCount());
      List<JsonNode> records = Ledger.read(dir.resolve("ledger.jsonl"));
      assertEquals(List.of("blocked", "blocked", "blocked"), records.stream().map(r -> r.get("outcome").asText()).toList());
      assertTrue(records.stream().allMatch(r -> r.get("attempts").asInt() == 1), "never retried: " + records);
    }
  }

  @Test
  void clampAndDowngradeChangeTheRequestOnTheWire() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path clampPolicy = policy("""
          version: 1
          budgets:
            - name: clamped
              limit: {usd: 0.01}
              window: calendar-day
              action: clamp
          """);
      app(server, clampPolicy, "clamp").run(Duration.ofSeconds(60)).assertSucceeded();
      JsonNode sent = new ObjectMapper().readTree(server.receivedRequests(CHAT_COMPLETIONS).get(0).body());
      long clampedTo = sent.get("max_completion_tokens").asLong();
      assertTrue(clampedTo < 4000 && clampedTo > 900, sent.toString()); // (0.01 - prompt bound) / $10 per M
      JsonNode record = Ledger.read(dir.resolve("ledger.jsonl")).get(0);
      assertEquals("clamp", record.get("budget").get("decision").asText());
      assertEquals(4000, record.get("budget").get("requested_max_tokens").asLong());
      assertEquals(clampedTo, record.get("request_max_tokens").asLong());

      server.reset();
      Files.delete(dir.resolve("ledger.jsonl"));
      Files.delete(dir.resolve("journal.jsonl"));
      Path downgradePolicy = policy("""
          version: 1
          budgets:
            - name: cheap
              limit: {usd: 0.001}
              window: calendar-day
              action: downgrade
              downgrade-to: gpt-4o-mini
          """);
      app(server, downgradePolicy, "downgrade").run(Duration.ofSeconds(60)).assertSucceeded();
      sent = new ObjectMapper().readTree(server.receivedRequests(CHAT_COMPLETIONS).get(0).body());
      assertEquals("gpt-4o-mini", sent.get("model").asText());
      record = Ledger.read(dir.resolve("ledger.jsonl")).get(0);
      assertEquals("downgrade", record.get("budget").get("decision").asText());
      assertEquals("gpt-4o", record.get("budget").get("requested_model").asText());
      assertEquals("gpt-4o-mini", record.get("request_model").asText());
    }
  }

  /**
   * A clamp changes a JDK stream's request whose application asked for usage itself: Tollgate has nothing to undo in
   * the answer, which passes as it came, with no internal failure of Tollgate's along the way.
   */
  @Test
  void aClampedJdkStreamPassesAsItCame() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = oneBudget("clamped", "{usd: 0.001}", "clamp");
      AgentJvm.Result result = app(ScenarioApp.class, server, policy, "chat-stream-usage").run(Duration.ofSeconds(60)).assertSucceeded();
      assertTrue(result.stdout().contains("RESULT chat-stream-usage ok 200 "), result.toString());
      assertTrue(result.stderr().lines().noneMatch(l -> l.contains("internal failure")), result.stderr());
      JsonNode record = Ledger.read(dir.resolve("ledger.jsonl")).get(0);
      assertEquals("clamp", record.get("budget").get("decision").asText(), record.toString());
      assertEquals("ok", record.get("outcome").asText(), record.toString());
      assertEquals(100, record.get("usage").get("output_tokens").asLong(), "the usage the application asked for: " + record);
    }
  }

  @Test
  void perTeamBudgetsFollowTheApiScopeAndSpendSurvivesARestart() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = policy("""
          version: 1
          budgets:
            - name: per-team
              limit: {requests: 2}
              window: calendar-month
              per: team
          """);
      String first = app(server, policy, "team:search", "team:ads").run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertTrue(first.contains("RESULT team-search") && !first.contains("threw"), first);
      String second = app(server, policy, "team:search", "team:search", "team:ads").run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      List<String> results = second.lines().filter(l -> l.startsWith("RESULT")).toList();
      assertTrue(results.get(0).contains(" ok "), second);
      assertTrue(results.get(1).contains("threw") && results.get(1).contains("for 'search'"), "the restart kept search's first call: " + second);
      assertTrue(results.get(2).contains(" ok "), second);
      JsonNode record = Ledger.read(dir.resolve("ledger.jsonl")).get(0);
      assertEquals("search", record.get("attributes").get("team").asText());
    }
  }

  @Test
  void mdcAndBaggageKeysAttributeCallsToBudgetsAndTheLedger() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = policy("""
          version: 1
          budgets:
            - name: per-tenant
              limit: {requests: 1}
              window: calendar-day
              per: tenant
          """);
      String out = app(server, policy, "baggage:acme", "baggage:acme", "baggage:globex", "mdc:search")
          .agentArg("attribution.mdc-keys", "team").agentArg("attribution.baggage-keys", "tenant")
          .run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      List<String> results = out.lines().filter(l -> l.startsWith("RESULT")).toList();
      assertTrue(results.get(0).contains(" ok ") && results.get(2).contains(" ok "), out);
      assertTrue(results.get(1).contains("threw") && results.get(1).contains("for 'acme'"), out);
      List<JsonNode> ledger = Ledger.read(dir.resolve("ledger.jsonl"));
      assertEquals("acme", ledger.get(0).get("attributes").get("tenant").asText());
      assertEquals("search", ledger.get(3).get("attributes").get("team").asText(), "from the SLF4J MDC");
    }
  }

  @Test
  void killMinus9UnderLoadLosesAtMostTheLastFlushInterval() throws Exception {
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      Path policy = policy("""
          version: 1
          budgets:
            - name: big
              limit: {usd: 1000}
              window: calendar-month
          """);
      Process jvm = app(server, policy, "load:8").start(dir.resolve("out.txt"), dir.resolve("err.txt"));
      long startBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (server.requestCount(CHAT_COMPLETIONS) < 20 && System.nanoTime() < startBy) {
        Thread.sleep(20);
      }
      List<long[]> samples = new ArrayList<>(); // {nanoTime, requests received}
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (System.nanoTime() < until) {
        samples.add(new long[] {System.nanoTime(), server.requestCount(CHAT_COMPLETIONS)});
        Thread.sleep(20);
      }
      long killedAt = System.nanoTime();
      jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
      jvm.waitFor(10, TimeUnit.SECONDS);
      long margin = TimeUnit.MILLISECONDS.toNanos(500); // README: the last 100 ms flush interval, plus scheduling slack
      long safe = 0;
      for (long[] s : samples) {
        if (s[0] <= killedAt - margin) {
          safe = s[1];
        }
      }
      long served = server.requestCount(CHAT_COMPLETIONS);
      assertTrue(safe > 50, "the load ran: " + safe + " calls");
      String state = budgetsCommand(policy);
      Matcher m = Pattern.compile("\\((\\d+) call\\(s\\)\\)").matcher(state);
      assertTrue(m.find(), state);
      long restored = Long.parseLong(m.group(1));
      assertTrue(restored >= safe, "journal kept " + restored + " of the " + safe + " calls sent 500 ms before the kill (" + served + " in all)");
      // calls whose end was not journaled count at their worst case: spend is never under the truth
      assertTrue(budgetsCommandSpend(policy) >= safe * CALL_COST - 1e-9, state);
    }
  }

  @Test
  void tamperedOrUnsignedPolicyIsRefusedAndAudited() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start().usagePlan(USAGE)) {
      String yaml = """
          version: 1
          budgets:
            - name: signed-budget
              limit: {requests: 1}
              window: calendar-day
          """;
      Path policy = policy(yaml);
      // unsigned: refused; with fail-closed every call is blocked
      String unsigned = app(server, policy, "openai").agentArg("policy.public-key", publicKey).agentArg("policy.fail-closed", "true")
          .run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertTrue(unsigned.contains("threw") && unsigned.contains("policy:unavailable"), unsigned);
      assertEquals(0, server.requestCount());
      // the same settings from the environment: TOLLGATE_POLICY_PUBLIC_KEY is policy.public-key, not skipped
      String unsignedFromEnv = app(server, policy, "openai").env("TOLLGATE_POLICY_PUBLIC_KEY", publicKey)
          .env("TOLLGATE_POLICY_FAIL_CLOSED", "true").run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertTrue(unsignedFromEnv.contains("policy:unavailable"), unsignedFromEnv);
      assertEquals(0, server.requestCount());

      Files.writeString(dir.resolve("policy.yaml.sig"), sign(yaml.getBytes(StandardCharsets.UTF_8), keys));
      String signed = app(server, policy, "openai", "openai").agentArg("policy.public-key", publicKey)
          .run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertTrue(signed.contains(" ok ") && signed.contains("'signed-budget'"), signed);

      Files.writeString(policy, yaml.replace("requests: 1", "requests: 1000")); // tampered after signing
      String tampered = app(server, policy, "openai").agentArg("policy.public-key", publicKey).agentArg("policy.fail-closed", "true")
          .run(Duration.ofSeconds(60)).assertSucceeded().stdout();
      assertTrue(tampered.contains("policy:unavailable"), "the tampered limit never applied: " + tampered);
      assertEquals(1, server.requestCount(CHAT_COMPLETIONS));

      List<JsonNode> audit = Ledger.read(dir.resolve("audit.jsonl"));
      List<String> events = audit.stream().map(a -> a.get("event").asText()).toList();
      assertTrue(events.contains("policy_loaded") && events.contains("policy_rejected") && events.contains("block"), events.toString());
      assertTrue(audit.stream().anyMatch(a -> a.get("event").asText().equals("policy_rejected")
          && a.get("error").asText().contains("does not match")), audit.toString());
    }
  }

  private static String sign(byte[] bytes, KeyPair keys) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(keys.getPrivate());
    s.update(bytes);
    return Base64.getEncoder().encodeToString(s.sign());
  }

  private static double medianMillis(List<String> results) {
    double[] ms = results.stream().mapToDouble(BudgetsUnderAgentTest::millis).sorted().toArray();
    return ms[ms.length / 2];
  }

  private static double millis(String result) {
    Matcher m = Pattern.compile("RESULT \\S+ ([0-9.]+)ms").matcher(result);
    assertTrue(m.find(), result);
    return Double.parseDouble(m.group(1));
  }

  private String budgetsCommand(Path policy) throws Exception {
    Process p = new ProcessBuilder(AgentJvm.JDK17.resolve("bin/java").toString(), "-jar", AgentJvm.agentJar().toString(),
        "budgets", "--policy", policy.toString(), "--journal", dir.resolve("journal.jsonl").toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  private double budgetsCommandSpend(Path policy) throws Exception {
    String out = budgetsCommand(policy);
    Matcher m = Pattern.compile("calendar-month\\s+\\$[0-9.]+\\s+\\$([0-9.]+)").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(1));
  }
}

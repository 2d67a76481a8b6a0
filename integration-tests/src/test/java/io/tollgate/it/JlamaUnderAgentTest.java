package io.tollgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * Jlama generating with a tiny random-weight Llama model written at test time, under the real agent: one
 * {@code local} record per generate call, with the token counts and timings Jlama's own Response reports, priced
 * by its CPU time; a call Jlama refuses is recorded as an error.
 */
class JlamaUnderAgentTest {
  private static final Pattern RESPONSE = Pattern.compile(
      "RESPONSE prompt_tokens=(\\d+) generated_tokens=(\\d+) prompt_ms=(\\d+) generate_ms=(\\d+) finish=(\\w+)");
  private static final double RATE = 0.10;

  @TempDir Path dir;

  // JDK 25 only: Jlama 0.8 is built for Java 20 (class file version 64) and needs jdk.incubator.vector
  @Test
  void eachGenerateIsOneLocalRecordWithJlamasOwnFigures() throws Exception {
    Path ledger = dir.resolve("ledger.jsonl");
    AgentJvm.Result result = runJlamaApp(ledger);
    List<Matcher> responses = result.stdout().lines().map(RESPONSE::matcher).filter(Matcher::matches).toList();
    assertEquals(2, responses.size(), result.toString());
    assertTrue(result.stdout().contains("REFUSED"), result.toString());

    List<JsonNode> records = Ledger.read(ledger);
    assertEquals(3, records.size(), result + "\n" + records);
    for (int i = 0; i < 2; i++) {
      Matcher jlama = responses.get(i);
      JsonNode r = records.get(i);
      assertEquals("local", r.get("provider").asText(), r.toString());
      assertEquals("jlama", r.get("local").get("engine").asText(), r.toString());
      assertEquals("tiny-llama", r.get("response_model").asText(), r.toString());
      assertTrue(r.get("local").get("backend").asText().startsWith("cpu ("), r.toString());
      assertEquals("ok", r.get("outcome").asText(), r.toString());
      assertEquals(Long.parseLong(jlama.group(1)), r.get("usage").get("input_tokens").asLong(), r.toString());
      assertEquals(Long.parseLong(jlama.group(2)), r.get("usage").get("output_tokens").asLong(), r.toString());
      assertEquals(Double.parseDouble(jlama.group(3)), r.get("local").get("prefill_ms").asDouble(), r.toString());
      assertEquals(Double.parseDouble(jlama.group(4)), r.get("local").get("decode_ms").asDouble(), r.toString());
      assertTrue(r.get("ttft_ms").asDouble() >= r.get("local").get("prefill_ms").asDouble(), r.toString());
      assertTrue(r.get("ttft_ms").asDouble() < r.get("latency_ms").asDouble(), r.toString());

      double cpuSeconds = r.get("local").get("cpu_seconds").asDouble();
      assertTrue(cpuSeconds > 0, r.toString());
      // Jlama's workers and the caller cannot have used more than every core for the whole call
      double wallSeconds = r.get("latency_ms").asDouble() / 1000;
      assertTrue(cpuSeconds <= wallSeconds * Runtime.getRuntime().availableProcessors() * 1.05, r.toString());
      assertEquals("local", r.get("cost").get("source").asText(), r.toString());
      assertEquals(cpuSeconds * RATE / 3600, r.get("cost").get("amount").asDouble(), 1e-12, r.toString());
    }
    JsonNode refused = records.get(2);
    assertEquals("error", refused.get("outcome").asText(), refused.toString());
    assertEquals(IllegalArgumentException.class.getName(), refused.get("error_type").asText(), refused.toString());
    assertEquals("jlama", refused.get("local").get("engine").asText(), refused.toString());
  }

  /**
   * Two calls at the same time share Jlama's workers: each is charged part of their CPU time, not all of it, so the
   * records' CPU seconds add up to no more than the process used while they ran, nor than their callers and the
   * fork-join workers used (charging each call for every worker's time overshoots the latter by the overlap).
   */
  @Test
  void concurrentCallsShareTheWorkersCpu() throws Exception {
    Path ledger = dir.resolve("ledger.jsonl");
    AgentJvm.Result result = runJlamaApp(ledger, "concurrent");
    Matcher used = Pattern.compile("CONCURRENT process_cpu_ns=(\\d+) callers_cpu_ns=(\\d+) workers_cpu_ns=(\\d+)")
        .matcher(result.stdout());
    assertTrue(used.find(), result.toString());
    double processSeconds = Long.parseLong(used.group(1)) / 1e9;
    double threadsSeconds = (Long.parseLong(used.group(2)) + Long.parseLong(used.group(3))) / 1e9;

    List<JsonNode> records = Ledger.read(ledger);
    assertEquals(3, records.size(), result + "\n" + records); // the call alone, then the two together
    double charged = 0;
    for (JsonNode r : records.subList(1, 3)) {
      assertEquals("ok", r.get("outcome").asText(), r.toString());
      double cpuSeconds = r.get("local").get("cpu_seconds").asDouble();
      assertTrue(cpuSeconds > 0, r.toString());
      assertEquals(cpuSeconds * RATE / 3600, r.get("cost").get("amount").asDouble(), 1e-12, r.toString());
      charged += cpuSeconds;
    }
    String figures = "charged " + charged + " s of CPU; the process used " + processSeconds + " s, the callers and"
        + " workers " + threadsSeconds + " s\n" + records;
    // the process's CPU clock moves in 10 ms ticks on Linux
    assertTrue(charged <= processSeconds + 0.02, figures);
    assertTrue(charged <= threadsSeconds, figures);
    // and the workers' time is charged at all (the callers alone are a small part: they wait on the workers)
    assertTrue(charged >= 0.5 * threadsSeconds, figures);
  }

  private AgentJvm.Result runJlamaApp(Path ledger, String... mode) throws Exception {
    assumeTrue(Files.isExecutable(AgentJvm.JDK25.resolve("bin/java")), "no JDK 25 at " + AgentJvm.JDK25);
    List<String> jlamaLibs;
    try (Stream<Path> jars = Files.list(Path.of(System.getProperty("tollgate.jlama.libs")))) {
      jlamaLibs = jars.map(Path::toString).toList();
    }
    List<String> args = new java.util.ArrayList<>(List.of(dir.toString()));
    args.addAll(List.of(mode));
    return AgentJvm.sourceFile(Path.of("src/test/jlama/JlamaApp.java"))
        .javaHome(AgentJvm.JDK25)
        .jvmArgs("--add-modules", "jdk.incubator.vector")
        .classpath(jlamaLibs)
        .agentArg("local.cpu-rate-per-hour", String.valueOf(RATE))
        .agentArg("ledger.path", ledger.toString())
        .args(args.toArray(String[]::new))
        .run(Duration.ofSeconds(180))
        .assertSucceeded();
  }
}

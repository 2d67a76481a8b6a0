package io.tollgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's size and inputs, from -D system properties so both {@code run-overhead.sh -Dcalls=...}
 * and {@code mvn ... exec:exec -Dcalls=...} can set them. Defaults keep a run near three minutes on
 * two cores.
 *
 * <p>Most of a child's time is warm-up ({@link WarmUp}): at least {@code warmup} calls, then up to
 * {@code warmupSeconds} more until the JIT is quiet.
 */
public record BenchSettings(
    int rounds,
    int warmupCalls,
    int warmupSeconds,
    int calls,
    int mtThreads,
    int mtCalls,
    int serverThreads,
    List<String> childJvmArgs,
    Path tollgateAgentJar,
    Path otelAgentJar,
    Path outDir,
    long childTimeoutSeconds,
    double minThroughputPercent,
    boolean pin) {

  /**
   * Fixed heap so GC sizing cannot differ between variants (an agent's own allocations would
   * otherwise change heap ergonomics); the same list goes to every child.
   */
  static final String DEFAULT_CHILD_JVM_ARGS = "-Xms512m -Xmx512m -XX:+UseG1GC";

  public static BenchSettings fromSystemProperties() {
    Path out = Path.of(System.getProperty("bench.out", "target")).toAbsolutePath().normalize();
    return new BenchSettings(
        Integer.getInteger("rounds", 3),
        Integer.getInteger("warmup", 5000),
        Integer.getInteger("warmupSeconds", 20),
        Integer.getInteger("calls", 4000),
        Integer.getInteger("threads", 4),
        Integer.getInteger("mtCalls", 4000),
        Integer.getInteger("serverThreads", 4),
        Arrays.stream(System.getProperty("childJvmArgs", DEFAULT_CHILD_JVM_ARGS).trim().split("\\s+"))
            .filter(s -> !s.isEmpty()).toList(),
        Path.of(System.getProperty("tollgate.agent.jar", "../agent/target/tollgate-agent.jar")).toAbsolutePath().normalize(),
        Path.of(System.getProperty("otel.agent.jar", out.resolve("agents/opentelemetry-javaagent.jar").toString()))
            .toAbsolutePath().normalize(),
        out,
        Long.getLong("childTimeoutSeconds", 600),
        Double.parseDouble(System.getProperty("minThroughputPercent", "97")),
        Boolean.parseBoolean(System.getProperty("pin", "true")));
  }

  /** Fails with a message that says how to get what is missing. */
  private void requireInputs() {
    if (!Files.isRegularFile(tollgateAgentJar)) {
      throw new IllegalStateException("Tollgate agent jar not found at " + tollgateAgentJar
          + "; build it with `mvn -q install -DskipTests` in the repository root or set -Dtollgate.agent.jar=");
    }
    if (!Files.isRegularFile(otelAgentJar)) {
      throw new IllegalStateException("OpenTelemetry agent jar not found at " + otelAgentJar
          + "; `mvn -f benchmarks/pom.xml package` copies it there, or set -Dotel.agent.jar=");
    }
    if (rounds < 1 || calls < 1) {
      throw new IllegalStateException("rounds and calls must be at least 1");
    }
  }

  /**
   * Checks the inputs, empties the output folder of an earlier run, and returns settings that use a
   * private copy of the Tollgate agent jar: other builds in the repository may rewrite
   * agent/target/tollgate-agent.jar while the benchmark runs, and every round must run the same agent.
   */
  public BenchSettings withAgentSnapshots() throws IOException {
    requireInputs();
    Path runDir = outDir.resolve("overhead");
    if (Files.isDirectory(runDir)) {
      try (Stream<Path> old = Files.list(runDir)) {
        for (Path file : old.toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
    Files.createDirectories(runDir);
    Path copy = runDir.resolve("tollgate-agent.jar");
    Files.copy(tollgateAgentJar, copy, StandardCopyOption.REPLACE_EXISTING);
    return new BenchSettings(rounds, warmupCalls, warmupSeconds, calls, mtThreads, mtCalls, serverThreads,
        childJvmArgs, copy, otelAgentJar, outDir, childTimeoutSeconds, minThroughputPercent, pin);
  }

  public Path runDir() {
    return outDir.resolve("overhead");
  }

  public WorkloadOptions workloadOptions(String baseUrl) {
    return new WorkloadOptions(baseUrl, warmupCalls, warmupSeconds, calls, mtThreads, mtCalls, true);
  }

  public String describe() {
    return rounds + " rounds x 3 JVMs; per JVM: 1 first call, warm-up of " + warmupCalls + " calls + up to "
        + warmupSeconds + " s until the JIT is quiet, " + calls
        + " measured single-thread + " + (mtThreads == 0 ? 0 : mtCalls / mtThreads * mtThreads) + " on " + mtThreads
        + " threads (1T / " + mtThreads + "T below); child JVM flags: " + String.join(" ", childJvmArgs);
  }
}

package io.tollgate.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark's size and inputs, from -D system properties so both {@code run-overhead.sh -Dcalls=...}
 * and {@code mvn ... exec:exec -Dcalls=...} can set them. Defaults keep a run near three minutes on
 * two cores.
 *
 * <p>The warm-up is long because the openai-java stack keeps the JIT busy for many thousand calls
 * (seconds of compile time on two cores); measured calls taken earlier would mostly time the compiler.
 */
public record BenchSettings(
    int rounds,
    int warmupCalls,
    int calls,
    int mtThreads,
    int mtCalls,
    int serverThreads,
    List<String> childJvmArgs,
    Path tollgateAgentJar,
    Path otelAgentJar,
    Path outDir,
    long childTimeoutSeconds,
    double minThroughputPercent) {

  /**
   * Fixed heap so GC sizing cannot differ between variants (an agent's own allocations would
   * otherwise change heap ergonomics); the same list goes to every child.
   */
  static final String DEFAULT_CHILD_JVM_ARGS = "-Xms512m -Xmx512m -XX:+UseG1GC";

  public static BenchSettings fromSystemProperties() {
    Path out = Path.of(System.getProperty("bench.out", "target")).toAbsolutePath().normalize();
    return new BenchSettings(
        Integer.getInteger("rounds", 3),
        Integer.getInteger("warmup", 10000),
        Integer.getInteger("calls", 3000),
        Integer.getInteger("threads", 4),
        Integer.getInteger("mtCalls", 3000),
        Integer.getInteger("serverThreads", 4),
        Arrays.stream(System.getProperty("childJvmArgs", DEFAULT_CHILD_JVM_ARGS).trim().split("\\s+"))
            .filter(s -> !s.isEmpty()).toList(),
        Path.of(System.getProperty("tollgate.agent.jar", "../agent/target/tollgate-agent.jar")).toAbsolutePath().normalize(),
        Path.of(System.getProperty("otel.agent.jar", out.resolve("agents/opentelemetry-javaagent.jar").toString()))
            .toAbsolutePath().normalize(),
        out,
        Long.getLong("childTimeoutSeconds", 600),
        Double.parseDouble(System.getProperty("minThroughputPercent", "97")));
  }

  /** Fails with a message that says how to get what is missing. */
  public void requireInputs() {
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

  public WorkloadOptions workloadOptions(String baseUrl) {
    return new WorkloadOptions(baseUrl, warmupCalls, calls, mtThreads, mtCalls);
  }

  public String describe() {
    return rounds + " rounds x 3 JVMs; per JVM: 1 first call + " + warmupCalls + " warm-up + " + calls
        + " measured single-thread + " + (mtThreads == 0 ? 0 : mtCalls / mtThreads * mtThreads) + " on " + mtThreads
        + " threads; child JVM flags: " + String.join(" ", childJvmArgs);
  }
}

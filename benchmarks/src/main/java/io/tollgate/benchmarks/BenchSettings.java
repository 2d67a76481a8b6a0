package io.tollgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's size and inputs, from -D system properties so both {@code run-overhead.sh -Dcycles=...}
 * and {@code mvn ... exec:exec -Dcycles=...} can set them. Defaults keep a run near three minutes on
 * two cores.
 *
 * <p>Most of a workload JVM's time is warm-up ({@link WarmUp}): at least {@code warmup} calls, then up
 * to {@code warmupSeconds} more until the JIT is quiet. The measurement itself is {@code cycles} cycles,
 * in each of which every configuration measures one slice of {@code sliceCalls} single-thread calls
 * and one of {@code mtSliceCalls} calls on {@code threads} threads, each slice after {@code leadInCalls}
 * unmeasured calls.
 */
public record BenchSettings(
    int cycles,
    int sliceCalls,
    int leadInCalls,
    int mtThreads,
    int mtSliceCalls,
    int startupSets,
    int warmupCalls,
    int warmupSeconds,
    int serverThreads,
    List<String> childJvmArgs,
    Path tollgateAgentJar,
    Path otelAgentJar,
    Path outDir,
    long commandTimeoutSeconds,
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
        Integer.getInteger("cycles", 60),
        Integer.getInteger("sliceCalls", 500),
        Integer.getInteger("leadInCalls", 50),
        Integer.getInteger("threads", 4),
        Integer.getInteger("mtSliceCalls", 500),
        Integer.getInteger("startups", 3),
        Integer.getInteger("warmup", 5000),
        Integer.getInteger("warmupSeconds", 20),
        Integer.getInteger("serverThreads", 4),
        Arrays.stream(System.getProperty("childJvmArgs", DEFAULT_CHILD_JVM_ARGS).trim().split("\\s+"))
            .filter(s -> !s.isEmpty()).toList(),
        Path.of(System.getProperty("tollgate.agent.jar", "../agent/target/tollgate-agent.jar")).toAbsolutePath().normalize(),
        Path.of(System.getProperty("otel.agent.jar", out.resolve("agents/opentelemetry-javaagent.jar").toString()))
            .toAbsolutePath().normalize(),
        out,
        Long.getLong("commandTimeoutSeconds", 120),
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
    if (cycles < 1 || sliceCalls < 1 || startupSets < 1 || leadInCalls < 0 || mtThreads < 0
        || (mtThreads > 1 && mtSliceCalls < mtThreads)) {
      throw new IllegalStateException("cycles, sliceCalls and startups must be at least 1, leadInCalls at least 0,"
          + " and mtSliceCalls at least threads");
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
    return new BenchSettings(cycles, sliceCalls, leadInCalls, mtThreads, mtSliceCalls, startupSets, warmupCalls,
        warmupSeconds, serverThreads, childJvmArgs, copy, otelAgentJar, outDir, commandTimeoutSeconds,
        minThroughputPercent, pin);
  }

  /** The same settings writing under another folder, so one benchmark's run does not clear another's files. */
  public BenchSettings withOutDir(Path dir) {
    return new BenchSettings(cycles, sliceCalls, leadInCalls, mtThreads, mtSliceCalls, startupSets, warmupCalls,
        warmupSeconds, serverThreads, childJvmArgs, tollgateAgentJar, otelAgentJar, dir, commandTimeoutSeconds,
        minThroughputPercent, pin);
  }

  public Path runDir() {
    return outDir.resolve("overhead");
  }

  /** Whether the multi-threaded slices run: they need at least two threads. */
  public boolean multiThreaded() {
    return mtThreads > 1;
  }

  /** Calls one multi-threaded slice makes: the remainder of an uneven split among threads is not made. */
  public int mtCallsMade() {
    return mtSliceCalls / mtThreads * mtThreads;
  }

  public String describe() {
    return cycles + " cycles, each one slice per configuration of " + sliceCalls + " single-thread calls"
        + (multiThreaded() ? " and one of " + mtCallsMade() + " calls on " + mtThreads + " threads" : "")
        + " (after " + leadInCalls + " unmeasured calls each), the three JVMs taking turns; per JVM first a warm-up of "
        + warmupCalls + " calls + up to " + warmupSeconds + " s until the JIT is quiet; start-up timed in " + startupSets
        + " sets of 3 JVMs; child JVM flags: " + String.join(" ", childJvmArgs);
  }
}

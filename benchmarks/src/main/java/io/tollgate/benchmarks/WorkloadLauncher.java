package io.tollgate.benchmarks;

import io.tollgate.testing.loopback.ProviderLoopbackServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Starts {@link ChatWorkload} in a child JVM for one {@link Variant}. Every child gets the same java
 * binary, JVM flags, class path and program arguments; only the -javaagent (and, for the OTel agent,
 * the OTEL_*_EXPORTER=none variables it reads) differ. Between the child's warm-up and its measurement
 * the launcher pins it to its CPU ({@link CpuPinning}).
 */
final class WorkloadLauncher {
  private final BenchSettings settings;
  private final ProviderLoopbackServer server;
  private final CpuPinning pinning;
  private final Path logDir;
  /** The orchestrator's own class path: it was started on the module's runtime class path. */
  private final String classPath = System.getProperty("java.class.path");
  private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  WorkloadLauncher(BenchSettings settings, ProviderLoopbackServer server, CpuPinning pinning) {
    this.settings = settings;
    this.server = server;
    this.pinning = pinning;
    this.logDir = settings.runDir();
  }

  WorkloadRun run(Variant variant, int round) throws IOException, InterruptedException {
    return run(variant, round, WorkloadRun.fileStem(variant, round), settings.workloadOptions(server.openAiBaseUrl()));
  }

  /**
   * One unmeasured no-agent JVM before the rounds, so the loopback server in this process is JIT-compiled
   * before anything is measured: otherwise the first JVM of round 1 would pay for a cold server.
   */
  void warmUpServer() throws IOException, InterruptedException {
    WorkloadOptions measured = settings.workloadOptions(server.openAiBaseUrl());
    run(Variant.NO_AGENT, -1, "server-warm-up", new WorkloadOptions(measured.baseUrl(), 5000, 0, 1,
        measured.mtThreads(), measured.mtCalls(), measured.waitAfterWarmUp()));
  }

  private WorkloadRun run(Variant variant, int round, String name, WorkloadOptions options)
      throws IOException, InterruptedException {
    Path ledger = logDir.resolve(name + "-ledger.jsonl");
    Path stdout = logDir.resolve(name + ".out");
    Path stderr = logDir.resolve(name + ".err");
    Files.deleteIfExists(ledger);

    List<String> command = new ArrayList<>();
    command.add(javaBin);
    command.addAll(settings.childJvmArgs());
    agentOption(variant, ledger).ifPresent(command::add);
    command.add("-cp");
    command.add(classPath);
    command.add(ChatWorkload.class.getName());
    command.addAll(List.of(options.toArgs()));

    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
    cleanEnvironment(builder.environment());
    if (variant == Variant.OTEL) {
      // instrument and build spans, but export nothing: no collector is needed and none is contacted
      builder.environment().put("OTEL_TRACES_EXPORTER", "none");
      builder.environment().put("OTEL_METRICS_EXPORTER", "none");
      builder.environment().put("OTEL_LOGS_EXPORTER", "none");
    }

    long requestsBefore = server.requestCount();
    MachineLoad loadBefore = MachineLoad.now();
    long wallStart = System.nanoTime();
    pinning.release();
    Process process = builder.start();
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture.runAsync(() -> {
      if (process.isAlive()) {
        timedOut.set(true);
        process.destroyForcibly();
      }
    }, CompletableFuture.delayedExecutor(settings.childTimeoutSeconds(), TimeUnit.SECONDS));

    Optional<WorkloadResult> result;
    try {
      result = followOutput(process, stdout);
      process.waitFor();
    } finally {
      pinning.release();
    }
    long wallNanos = System.nanoTime() - wallStart;
    MachineLoad loadAfter = MachineLoad.now();
    long serverRequests = server.requestCount() - requestsBefore;
    if (timedOut.get()) {
      throw new IllegalStateException(name + " ran past " + settings.childTimeoutSeconds() + " s; see " + stderr);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(stderr));
    }
    WorkloadResult measured = result.orElseThrow(() ->
        new IllegalStateException(name + " printed no RESULT line; see " + stdout + " and " + stderr));
    // the child has exited, so the agent's shutdown hook has flushed the ledger
    long ledgerLines = variant == Variant.TOLLGATE ? countRecords(ledger) : -1;
    double othersPercent = loadBefore.othersPercent(loadAfter, measured.processCpuMs() * 1_000_000, wallNanos);
    return new WorkloadRun(variant, round, measured, serverRequests, ledgerLines, othersPercent);
  }

  /**
   * Copies the child's stdout to its log file; at the warm-up mark pins the child and lets it go on;
   * returns the result line.
   */
  private Optional<WorkloadResult> followOutput(Process process, Path log) throws IOException, InterruptedException {
    WorkloadResult result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer copy = Files.newBufferedWriter(log);
        OutputStream in = process.getOutputStream()) {
      String line;
      while ((line = out.readLine()) != null) {
        copy.write(line + "\n");
        if (line.equals(ChatWorkload.WARMED)) {
          pinning.pinForMeasurement(process.pid());
          in.write("go\n".getBytes(StandardCharsets.UTF_8));
          in.flush();
        } else if (line.startsWith(WorkloadResult.PREFIX)) {
          result = WorkloadResult.parse(line);
        }
      }
    }
    return Optional.ofNullable(result);
  }

  private Optional<String> agentOption(Variant variant, Path ledger) {
    return switch (variant) {
      case NO_AGENT -> Optional.empty();
      case TOLLGATE -> Optional.of("-javaagent:" + settings.tollgateAgentJar()
          + "=providers.openai.base-urls=" + server.openAiBaseUrl() + ",ledger.path=" + ledger + ",summary.enabled=false");
      case OTEL -> Optional.of("-javaagent:" + settings.otelAgentJar());
    };
  }

  /** Nothing inherited from the caller's shell may configure a JVM or an agent behind our back. */
  private static void cleanEnvironment(Map<String, String> env) {
    env.keySet().removeIf(key -> key.startsWith("OTEL_") || key.startsWith("TOLLGATE_")
        || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS") || key.equals("_JAVA_OPTIONS"));
  }

  /** Ledger lines that record a call to the workload's model: a blank or foreign line is not a recorded call. */
  private static long countRecords(Path ledger) throws IOException {
    if (!Files.exists(ledger)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(ledger)) {
      return lines.filter(l -> l.contains("\"" + ChatWorkload.MODEL + "\"")).count();
    }
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}

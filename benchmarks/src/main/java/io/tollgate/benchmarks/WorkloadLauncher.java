package io.tollgate.benchmarks;

import io.tollgate.testing.loopback.ProviderLoopbackServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts {@link ChatWorkload} in a child JVM for one {@link Variant}, and ends it. Every child gets the
 * same java binary, JVM flags, class path and program arguments; only the -javaagent (and, for the OTel
 * agent, the OTEL_*_EXPORTER=none variables it reads) differ.
 */
final class WorkloadLauncher {
  private final BenchSettings settings;
  private final ProviderLoopbackServer server;
  private final Path logDir;
  private final boolean stream;
  /** {@code -DtollgateOptions=key=value,...}: more agent options, to compare Tollgate's own settings. */
  private static final String EXTRA_TOLLGATE_OPTIONS = System.getProperty("tollgateOptions", "");
  /** The orchestrator's own class path: it was started on the module's runtime class path. */
  private final String classPath = System.getProperty("java.class.path");
  private final String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  WorkloadLauncher(BenchSettings settings, ProviderLoopbackServer server) {
    this(settings, server, false);
  }

  /** @param stream the children make streamed calls ({@code createStreaming}) */
  WorkloadLauncher(BenchSettings settings, ProviderLoopbackServer server, boolean stream) {
    this.settings = settings;
    this.server = server;
    this.logDir = settings.runDir();
    this.stream = stream;
  }

  /** Starts the JVM and returns once it has made its first call; its files in the run folder start with {@code name}. */
  WorkloadProcess start(Variant variant, String name) throws IOException, InterruptedException {
    Path ledger = ledger(name);
    Files.deleteIfExists(ledger);
    List<String> command = new ArrayList<>();
    command.add(javaBin);
    command.addAll(settings.childJvmArgs());
    agentOption(variant, ledger).ifPresent(command::add);
    command.add("-cp");
    command.add(classPath);
    command.add(ChatWorkload.class.getName());
    command.addAll(List.of(new WorkloadOptions(server.openAiBaseUrl(), stream).toArgs()));

    ProcessBuilder builder = new ProcessBuilder(command);
    cleanEnvironment(builder.environment());
    if (variant == Variant.OTEL) {
      // instrument and build spans, but export nothing: no collector is needed and none is contacted
      builder.environment().put("OTEL_TRACES_EXPORTER", "none");
      builder.environment().put("OTEL_METRICS_EXPORTER", "none");
      builder.environment().put("OTEL_LOGS_EXPORTER", "none");
    }
    return WorkloadProcess.start(builder, variant, name, logDir.resolve(name + ".out"), logDir.resolve(name + ".err"),
        server::requestCount, settings.commandTimeoutSeconds());
  }

  /** Ends the JVM and accounts for it; {@code warmUp} null for a JVM that only had its start timed. */
  JvmRun finish(WorkloadProcess child, int startupSet, WarmUp.Outcome warmUp) throws IOException, InterruptedException {
    WorkloadExit exit = child.exit(settings.commandTimeoutSeconds());
    // the child has exited, so the agent's shutdown hook has flushed the ledger
    long ledgerLines = child.variant == Variant.TOLLGATE ? countRecords(ledger(child.name)) : -1;
    return new JvmRun(child.variant, child.name, startupSet, child.startup(), warmUp, exit.totalCalls(),
        child.serverRequests(), ledgerLines);
  }

  Path ledger(String name) {
    return logDir.resolve(name + "-ledger.jsonl");
  }

  private Optional<String> agentOption(Variant variant, Path ledger) {
    return switch (variant) {
      case NO_AGENT -> Optional.empty();
      case TOLLGATE -> Optional.of("-javaagent:" + settings.tollgateAgentJar()
          + "=providers.openai.base-urls=" + server.openAiBaseUrl() + ",ledger.path=" + ledger + ",summary.enabled=false"
          + (EXTRA_TOLLGATE_OPTIONS.isEmpty() ? "" : "," + EXTRA_TOLLGATE_OPTIONS));
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
}

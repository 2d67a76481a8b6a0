package io.tollgate.benchmarks;

import io.tollgate.testing.loopback.ProviderLoopbackServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@link ChatWorkload} with no agent, with Tollgate and with the OpenTelemetry Java agent, each in
 * its own JVM, against one loopback OpenAI server in this process; the three JVMs take turns measuring
 * short slices ({@link InterleavedRun}) so the machine's drift falls on all of them alike; then prints
 * the comparison and writes it to {@code overhead-results.md}. Exits 1 when a check fails, 2 when the
 * benchmark could not run.
 */
public final class OverheadBenchmark {
  private OverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchSettings requested = BenchSettings.fromSystemProperties();
    BenchSettings settings;
    try {
      settings = requested.withAgentSnapshots();
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("Tollgate overhead benchmark: " + settings.describe());
    System.out.println("Tollgate agent: " + settings.tollgateAgentJar() + " (copy of " + requested.tollgateAgentJar()
        + ", built " + Files.getLastModifiedTime(requested.tollgateAgentJar()) + ")");
    System.out.println("OTel agent:     " + settings.otelAgentJar());
    primePageCache(settings);
    String environment = environment(); // before pinning, which hides the other CPUs from this process
    CpuPinning pinning = CpuPinning.detect(settings.pin());
    System.out.println(pinning.describe());

    Measurements measurements;
    long started = System.nanoTime();
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start(0, settings.serverThreads())) {
      System.out.println("loopback OpenAI API: " + server.openAiBaseUrl());
      measurements = new InterleavedRun(settings, new WorkloadLauncher(settings, server), pinning, System.out).run();
    } catch (IllegalStateException e) {
      System.err.println("benchmark aborted: " + e.getMessage());
      System.exit(2);
      return;
    }

    OverheadReport report = new OverheadReport(settings, measurements);
    environment += "; " + pinning.describe() + "; wall time " + (System.nanoTime() - started) / 1_000_000_000 + " s";
    System.out.println();
    System.out.println(environment);
    System.out.print(report.toText());
    Path markdown = settings.outDir().resolve("overhead-results.md");
    Files.writeString(markdown, report.toMarkdown(environment));
    System.out.println("written to " + markdown);
    System.exit(report.allHold() ? 0 : 1);
  }

  private static String environment() {
    return "Java " + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.name") + "), "
        + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch");
  }

  /**
   * Reads every jar once so the first child JVM does not pay for a cold disk cache that the later
   * ones do not: that would be charged to whichever variant happens to run first.
   */
  private static void primePageCache(BenchSettings settings) throws IOException {
    List<Path> jars = new ArrayList<>(List.of(settings.tollgateAgentJar(), settings.otelAgentJar()));
    Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
        .filter(Files::isRegularFile).forEach(jars::add);
    byte[] buffer = new byte[1 << 16];
    for (Path jar : jars) {
      try (InputStream in = Files.newInputStream(jar)) {
        while (in.read(buffer) >= 0) {
          // discard: only the read matters
        }
      }
    }
  }
}

package io.tollgate.benchmarks;

import io.tollgate.testing.loopback.ProviderLoopbackServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Time to first chunk of openai-java streamed chat completions ({@code createStreaming}) against the
 * loopback server, with no agent, with no agent again (the control, which shows what noise alone does) and with
 * Tollgate: three live JVMs, warmed up, then taking turns measuring {@code ttftStreams} streams each for
 * {@code ttftCycles} cycles (order rotating), so drift falls on all alike. Prints p50/p90, the ratios and whether
 * Tollgate's ratios stand out from the control's; writes {@code ttft-results.md}; exits 1 when Tollgate's ledger
 * misses a call, 2 when the benchmark could not run.
 */
public final class TtftBenchmark {
  private TtftBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchSettings requested = BenchSettings.fromSystemProperties();
    Path outDir = requested.outDir();
    int cycles = Integer.getInteger("ttftCycles", 60);
    int streams = Integer.getInteger("ttftStreams", 200);
    BenchSettings settings;
    try {
      settings = requested.withOutDir(outDir.resolve("ttft")).withAgentSnapshots();
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    CpuPinning pinning = CpuPinning.detect(settings.pin());
    String setup = String.format("%d cycles of %d streams per configuration, after a warm-up of %d calls + up to %d s;"
        + " child JVM flags: %s; Java %s; %d CPUs; %s", cycles, streams, settings.warmupCalls(), settings.warmupSeconds(),
        String.join(" ", settings.childJvmArgs()), System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(), pinning.describe());
    System.out.println("Tollgate time-to-first-chunk benchmark: " + setup);

    TtftReport report = new TtftReport();
    List<JvmRun> runs;
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start(0, settings.serverThreads())) {
      WorkloadLauncher launcher = new WorkloadLauncher(settings, server, true);
      try (WorkloadProcess none = launcher.start(Variant.NO_AGENT, "ttft-no-agent");
          WorkloadProcess control = launcher.start(Variant.NO_AGENT, "ttft-no-agent-control");
          WorkloadProcess tollgate = launcher.start(Variant.TOLLGATE, "ttft-tollgate")) {
        long warmTimeout = settings.commandTimeoutSeconds() + settings.warmupSeconds();
        String warm = WorkloadCommand.warmUp(settings.warmupCalls(), settings.warmupSeconds());
        WarmUp.Outcome noneWarm = WarmUp.Outcome.parse(none.command(warm, WarmUp.Outcome.WORD, warmTimeout));
        WarmUp.Outcome controlWarm = WarmUp.Outcome.parse(control.command(warm, WarmUp.Outcome.WORD, warmTimeout));
        WarmUp.Outcome tollgateWarm = WarmUp.Outcome.parse(tollgate.command(warm, WarmUp.Outcome.WORD, warmTimeout));
        WorkloadProcess[] jvms = {none, control, tollgate};
        try {
          for (WorkloadProcess jvm : jvms) {
            pinning.pinForMeasurement(jvm.pid()); // as the overhead benchmark: unpinned, latency moved by a quarter
          }
          for (int c = 0; c < cycles; c++) {
            // each JVM takes each place in the order equally often
            FirstChunkTimes[] times = new FirstChunkTimes[jvms.length];
            for (int k = 0; k < jvms.length; k++) {
              int j = (c + k) % jvms.length;
              times[j] = measure(jvms[j], streams, settings);
            }
            report.addCycle(times[0], times[1], times[2]);
            if ((c + 1) % 10 == 0) {
              System.out.printf("cycle %d: p50 no agent %.1f us, control %.1f us, Tollgate %.1f us%n", c + 1,
                  TtftReport.percentile(times[0].micros(), 50), TtftReport.percentile(times[1].micros(), 50),
                  TtftReport.percentile(times[2].micros(), 50));
            }
          }
        } finally {
          pinning.release();
        }
        runs = List.of(launcher.finish(none, JvmRun.NO_STARTUP_SET, noneWarm),
            launcher.finish(control, JvmRun.NO_STARTUP_SET, controlWarm),
            launcher.finish(tollgate, JvmRun.NO_STARTUP_SET, tollgateWarm));
      }
    } catch (IllegalStateException e) {
      System.err.println("benchmark aborted: " + e.getMessage());
      System.exit(2);
      return;
    }

    JvmRun tollgateRun = runs.get(2);
    boolean recorded = tollgateRun.ledgerLines() == tollgateRun.totalCalls();
    String check = (recorded ? "PASS" : "FAIL") + " Tollgate recorded every streamed call in its ledger ("
        + tollgateRun.ledgerLines() + " of " + tollgateRun.totalCalls() + ")";
    StringBuilder text = new StringBuilder();
    runs.forEach(r -> text.append(r.describe()).append('\n'));
    text.append('\n').append(report.table().toText()).append(report.verdict()).append('\n').append(check).append('\n');
    System.out.println();
    System.out.print(text);
    Path markdown = outDir.resolve("ttft-results.md");
    Files.writeString(markdown, "# Time to first chunk\n\n" + setup + "\n\n" + report.table().toMarkdown() + "\n"
        + report.verdict() + "\n\n" + check + "\n\n```\n" + text + "```\n");
    System.out.println("written to " + markdown);
    System.exit(recorded ? 0 : 1);
  }

  private static FirstChunkTimes measure(WorkloadProcess child, int streams, BenchSettings settings) throws Exception {
    return FirstChunkTimes.parse(child.command(WorkloadCommand.ttft(streams), FirstChunkTimes.WORD,
        settings.commandTimeoutSeconds()));
  }
}

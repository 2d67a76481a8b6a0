package io.tollgate.it;

import static io.tollgate.testing.loopback.ProviderLoopbackServer.CHAT_COMPLETIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tollgate.it.app.GpuApp;
import io.tollgate.it.app.ScenarioApp;
import io.tollgate.testing.loopback.MetricPointView;
import io.tollgate.testing.loopback.OtlpHttpReceiver;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.Reply;
import io.tollgate.testing.loopback.UsagePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GPU probe under the real agent on a machine without a GPU: the no-GPU path, the nvidia-smi fallback, JNA's isolation. */
class GpuProbeUnderAgentTest {
  private static final Path RECORDED = Path.of("../gpu-probe/src/test/resources/nvidia-smi");
  private static final long MIB = 1024L * 1024L;

  @TempDir Path dir;

  private static Path javaHome(int jdk) {
    Path home = jdk == 17 ? AgentJvm.JDK17 : AgentJvm.JDK25;
    assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no JDK " + jdk + " at " + home);
    return home;
  }

  private static List<String> agentLines(String stderr) {
    return stderr.lines().filter(l -> l.contains("[tollgate]")).toList();
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void withoutGpuOneInfoLineAndTheApplicationRunsAsBefore(int jdk) throws Exception {
    assumeFalse(Files.exists(Path.of("/proc/driver/nvidia/version")), "this machine has an NVIDIA driver");
    try (ProviderLoopbackServer server = ProviderLoopbackServer.start();
         OtlpHttpReceiver otlp = OtlpHttpReceiver.start()) {
      server.script(CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(100, 10)));
      Path ledger = dir.resolve("ledger.jsonl");
      AgentJvm.Result result = AgentJvm.main(ScenarioApp.class)
          .javaHome(javaHome(jdk))
          .agentArg("providers.openai.base-urls", server.openAiBaseUrl())
          .agentArg("ledger.path", ledger.toString())
          .agentArg("gpu.period", "100ms")
          .env("PATH", "/usr/bin:/bin")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
          // the pause lets the export thread deliver while the application runs, which lowers its priority
          .args(server.baseUrl(), "chat", "pause-3s")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();

      List<String> gpuLines = agentLines(result.stderr()).stream().filter(l -> l.contains("GPU")).toList();
      assertEquals(1, gpuLines.size(), result.toString());
      assertTrue(gpuLines.get(0).contains(" INFO GpuProbe: no GPU metrics: no NVIDIA driver is loaded"), gpuLines.get(0));
      assertTrue(gpuLines.get(0).endsWith("and nvidia-smi is not on PATH"), gpuLines.get(0));
      assertFalse(result.stderr().contains("restricted method"),
          "no native library is loaded without a driver, nor to lower the export thread's priority\n" + result);
      assertEquals(2, agentLines(result.stderr()).size(), "nothing else from the agent but the exit summary's heading\n" + result);
      assertEquals(1, Ledger.read(ledger).size(), "the LLM call is recorded as before\n" + result);
      otlp.awaitSpans(1, Duration.ofSeconds(10));
      assertTrue(otlp.metricNames().contains("gen_ai.client.operation.duration"), otlp.metricNames().toString());
      assertTrue(otlp.metricNames().stream().noneMatch(n -> n.startsWith("hw.")), otlp.metricNames().toString());
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void nvidiaSmiOnPathIsPolledAndItsReadingsReachOtlp(int jdk) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path smi = bin.resolve("nvidia-smi");
    // answers the query, once or in loop mode, from what a real H100 printed under load
    Files.copy(RECORDED.resolveSibling("nvidia-smi-stand-in.sh"), smi);
    Files.copy(RECORDED.resolve("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.csv"), bin.resolve("nvidia-smi.csv"));
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (OtlpHttpReceiver otlp = OtlpHttpReceiver.start()) {
      AgentJvm.Result result = AgentJvm.main(GpuApp.class)
          .javaHome(javaHome(jdk))
          .agentArg("ledger.enabled", "false")
          .agentArg("gpu.period", "100ms")
          .env("PATH", bin + ":/usr/bin:/bin")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint())
          .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
          .args("2500")
          .run(Duration.ofSeconds(60))
          .assertSucceeded();
      assertTrue(result.stdout().contains("APP done"), result.toString());
      assertTrue(result.stderr().contains("INFO GpuProbe: sampling 1 GPU(s) through nvidia-smi every 100 ms: NVIDIA H100 80GB HBM3"),
          result.toString());
      assertFalse(result.stderr().contains("no GPU metrics"), result.toString());
      assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(smi.toString())),
          "the looping nvidia-smi ended with the JVM");

      MetricPointView utilization = single(otlp, "hw.gpu.utilization");
      assertEquals(1.0, utilization.value(), 1e-9);
      assertEquals("general", utilization.attribute("hw.gpu.task"));
      assertEquals("gpu", utilization.attribute("hw.type"));
      assertEquals("GPU-00000000-0000-0000-0000-000000000000", utilization.attribute("hw.id"));
      assertEquals("gpu0", utilization.attribute("hw.name"));
      assertEquals("NVIDIA", utilization.attribute("hw.vendor"));
      assertEquals("NVIDIA H100 80GB HBM3", utilization.attribute("hw.model"));
      assertEquals("590.48.01", utilization.attribute("hw.driver_version"));
      assertEquals(0.11, single(otlp, "hw.gpu.memory.utilization").value(), 1e-9);
      assertEquals(19818 * MIB, single(otlp, "hw.gpu.memory.usage").value(), 0.5);
      assertEquals(81559 * MIB, single(otlp, "hw.gpu.memory.limit").value(), 0.5);
      assertEquals(631.95, single(otlp, "hw.power").value(), 1e-9);
      MetricPointView energy = single(otlp, "hw.energy");
      assertEquals(MetricPointView.Type.SUM, energy.type());
      // 631.95 W integrated from the first read to the last export, about two seconds
      assertTrue(energy.value() > 631.95 * 0.5 && energy.value() < 631.95 * 10, "energy " + energy.value());
    }
  }

  private static MetricPointView single(OtlpHttpReceiver otlp, String name) {
    List<MetricPointView> points = otlp.latestMetricPoints(name);
    assertEquals(1, points.size(), name + ": " + points + " of " + otlp.metricNames());
    return points.get(0);
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(ints = {17, 25})
  void theApplicationsOwnJnaAndItsSettingsDoNotMeetTheAgents(int jdk) throws Exception {
    // libc stands in for NVML: the agent's JNA must load its own native stub to look nvmlInit_v2 up in it
    AgentJvm.Result withAppJna = AgentJvm.main(GpuApp.class)
        .javaHome(javaHome(jdk))
        .agentArg("ledger.enabled", "false")
        .agentArg("gpu.nvml.library", "c")
        .env("PATH", "/usr/bin:/bin")
        .args("500", "jna")
        .run(Duration.ofSeconds(60))
        .assertSucceeded();
    assertTrue(withAppJna.stdout().contains("APP jna=5.13.0 getpid-matches=true"), withAppJna.toString());
    assertTrue(withAppJna.stderr().contains("NVML is not usable: Error looking up function 'nvmlInit_v2'"), withAppJna.toString());

    // settings meant for the application's JNA would stop ours from unpacking its stub if it read them
    AgentJvm.Result withAppSettings = AgentJvm.main(GpuApp.class)
        .javaHome(javaHome(jdk))
        .agentArg("ledger.enabled", "false")
        .agentArg("gpu.nvml.library", "c")
        .env("PATH", "/usr/bin:/bin")
        .env("JAVA_TOOL_OPTIONS", "-Djna.noclasspath=true -Djna.nosys=false -Djna.boot.library.path=" + dir)
        .args("500")
        .run(Duration.ofSeconds(60))
        .assertSucceeded();
    assertTrue(withAppSettings.stderr().contains("NVML is not usable: Error looking up function 'nvmlInit_v2'"), withAppSettings.toString());
  }
}

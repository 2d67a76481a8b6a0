package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source selection with real processes and a real native library (libc stands in for a missing NVML). */
class GpuProbeTest {
  @TempDir Path dir;

  private static <T> String stderrOf(Supplier<T> action, Object[] result) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      result[0] = action.get();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutNvmlOrNvidiaSmiOneInfoLineSaysWhy() {
    // libc loads through JNA's native stub but has no nvmlInit_v2: JNA works, NVML is missing
    GpuSettings settings = new GpuSettings("auto", Duration.ofSeconds(1), "c", dir.resolve("nvidia-smi").toString());
    Object[] sampler = new Object[1];
    String log = stderrOf(() -> GpuProbe.open(settings), sampler);
    assertNull(sampler[0]);
    assertEquals(1, log.lines().count(), log);
    assertTrue(log.contains(" INFO GpuProbe: no GPU metrics: NVML is not usable: Error looking up function 'nvmlInit_v2'"), log);
    assertTrue(log.contains("undefined symbol"), "the lookup reached the native library\n" + log);
    assertTrue(log.contains("is not on PATH"), log);
  }

  @Test
  void nvidiaSmiIsTheFallbackAndItsEnergyIsIntegrated() throws Exception {
    Path smi = StandInNvidiaSmi.emulator(dir, "nvidia-smi", "bpytop-issue-26__gtx-1080ti-and-gtx-1060__load.csv");
    GpuSettings settings = new GpuSettings("auto", Duration.ofMillis(100), "c", smi.toString());
    Object[] result = new Object[1];
    String log = stderrOf(() -> GpuProbe.open(settings), result);
    try (GpuSampler sampler = (GpuSampler) result[0]) {
      assertNotNull(sampler, log);
      assertEquals("", log, "the probe's own line is logged by the caller once sampling starts");
      assertEquals("nvidia-smi", sampler.source());
      assertEquals(2, sampler.latest().devices().size());
      Thread.sleep(500);
      sampler.sample();
      double joules = sampler.latest().device(0).energyJoules();
      assertTrue(joules > 280.72 * 0.2 && joules < 280.72 * 5, "about 280.72 W times the time between the reads: " + joules);
      assertEquals(121.51, sampler.latest().device(1).powerWatts(), 1e-9);
      assertEquals(0, sampler.failures());
    }
  }

  @Test
  void aFailingNvidiaSmiIsReportedWithItsOutput() throws Exception {
    Path smi = StandInNvidiaSmi.script(dir, "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"\nexit 9");
    Object[] result = new Object[1];
    String log = stderrOf(() -> GpuProbe.open(new GpuSettings("true", Duration.ofSeconds(1), "c", smi.toString())), result);
    assertNull(result[0]);
    assertTrue(log.contains(" WARN GpuProbe: no GPU metrics: ") && log.contains("couldn't communicate with the NVIDIA driver"), log);
  }
}

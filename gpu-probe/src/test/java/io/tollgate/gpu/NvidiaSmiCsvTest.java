package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on real nvidia-smi outputs recorded by others (see resources/nvidia-smi/README.md). */
class NvidiaSmiCsvTest {
  private static final long MIB = 1024L * 1024L;
  private static final double EPS = 1e-9;

  static String recorded(String name) throws IOException {
    try (InputStream in = NvidiaSmiCsvTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void h100UnderLoadWithTwoHundredColumnsAndUnits() throws IOException {
    List<GpuReading> gpus = NvidiaSmiCsv.parse(recorded("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__load.csv"));
    assertEquals(1, gpus.size());
    GpuReading h100 = gpus.get(0);
    assertEquals(0, h100.index());
    assertEquals("GPU-00000000-0000-0000-0000-000000000000", h100.id());
    assertEquals("NVIDIA H100 80GB HBM3", h100.name());
    assertEquals("590.48.01", h100.driverVersion());
    assertEquals(1.00, h100.utilization(), EPS);
    assertEquals(0.11, h100.memoryUtilization(), EPS);
    assertEquals(19818 * MIB, h100.memoryUsedBytes());
    assertEquals(81559 * MIB, h100.memoryTotalBytes());
    assertEquals(631.95, h100.powerWatts(), EPS);
    assertEquals(59.0, h100.temperatureCelsius(), EPS);
    assertNull(h100.energyJoules(), "nvidia-smi has no energy counter; the reader integrates power");
  }

  @Test
  void idleH100() throws IOException {
    GpuReading h100 = NvidiaSmiCsv.parse(recorded("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01__idle.csv")).get(0);
    assertEquals(0.0, h100.utilization(), EPS);
    assertEquals(0L, h100.memoryUsedBytes());
    assertEquals(69.85, h100.powerWatts(), EPS);
  }

  @Test
  void migModeReportsNoUtilization() throws IOException {
    GpuReading h200 = NvidiaSmiCsv.parse(recorded("linux-x86_64__nvidia-h200-mig__590.48.01__load.csv")).get(0);
    assertEquals("NVIDIA H200", h200.name());
    assertNull(h200.utilization(), "[N/A] is no value, not 0");
    assertNull(h200.memoryUtilization());
    assertEquals(16959 * MIB, h200.memoryUsedBytes());
    assertEquals(295.01, h200.powerWatts(), EPS);
  }

  @Test
  void l40sAndWindowsRtx2080() throws IOException {
    GpuReading l40s = NvidiaSmiCsv.parse(recorded("linux-x86_64__nvidia-l40s__595.80__load.csv")).get(0);
    assertEquals("NVIDIA L40S", l40s.name());
    assertEquals(0.09, l40s.utilization(), EPS);
    assertEquals(110.23, l40s.powerWatts(), EPS);
    GpuReading rtx = NvidiaSmiCsv.parse(recorded("windows-x86_64__nvidia-geforce-rtx-2080-super__591.86__load.csv")).get(0);
    assertEquals("NVIDIA GeForce RTX 2080 SUPER", rtx.name());
    assertEquals(8192 * MIB, rtx.memoryTotalBytes());
    assertEquals(97.43, rtx.powerWatts(), EPS);
    assertEquals("591.86", rtx.driverVersion());
  }

  @Test
  void twoGpusWithoutIndexOrUuidColumns() throws IOException {
    List<GpuReading> gpus = NvidiaSmiCsv.parse(recorded("bpytop-issue-26__gtx-1080ti-and-gtx-1060__load.csv"));
    assertEquals(2, gpus.size());
    assertEquals(0, gpus.get(0).index());
    assertEquals("gpu0", gpus.get(0).id());
    assertEquals("GeForce GTX 1080 Ti", gpus.get(0).name());
    assertEquals(280.72, gpus.get(0).powerWatts(), EPS);
    assertEquals(1, gpus.get(1).index());
    assertEquals("GeForce GTX 1060 6GB", gpus.get(1).name());
    assertEquals(5479 * MIB, gpus.get(1).memoryUsedBytes());
    assertEquals(121.51, gpus.get(1).powerWatts(), EPS);
    assertEquals(64.0, gpus.get(1).temperatureCelsius(), EPS);
    assertNull(gpus.get(1).driverVersion());
  }

  @Test
  void noHeaderNoUnitsWithTheQueryFieldList() throws IOException {
    List<String> query = List.of("power.limit", "power.min_limit", "power.max_limit", "memory.total", "vbios_version",
        "driver_version", "name", "gpu_uuid", "power.draw", "temperature.gpu", "temperature.memory",
        "clocks.current.graphics", "clocks.sm", "clocks.mem", "utilization.gpu", "utilization.memory", "fan.speed",
        "pcie.link.width.current", "pstate");
    GpuReading rtx = NvidiaSmiCsv.parse(query, recorded("gpu-utils-issue-83__rtx-2080__noheader-nounits.csv")).get(0);
    assertEquals("GPU-22b2c6ac-2d49-4863-197c-9c469071178a", rtx.id(), "gpu_uuid is uuid");
    assertEquals("GeForce RTX 2080", rtx.name());
    assertEquals("440.64", rtx.driverVersion());
    assertEquals(7979 * MIB, rtx.memoryTotalBytes());
    assertNull(rtx.memoryUsedBytes(), "not queried");
    assertEquals(176.98, rtx.powerWatts(), EPS);
    assertEquals(0.86, rtx.utilization(), EPS);
    assertEquals(0.55, rtx.memoryUtilization(), EPS);
  }

  @Test
  void aRowThatDoesNotFitTheHeaderIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> NvidiaSmiCsv.parse("index, name\n0, A, B\n"));
    assertEquals(List.of(), NvidiaSmiCsv.parse(""));
  }
}

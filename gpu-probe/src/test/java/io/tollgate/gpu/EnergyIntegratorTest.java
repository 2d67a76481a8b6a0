package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyIntegratorTest {
  static GpuReading gpu(int index, Double watts, Double joules) {
    return new GpuReading(index, "gpu" + index, "NVIDIA H100 80GB HBM3", "590.48.01", 0.5, 0.1, 1L, 2L, watts, joules, 40.0, null);
  }

  @Test
  void integratesPowerByTheTrapezoidRulePerDevice() {
    EnergyIntegrator energy = new EnergyIntegrator();
    long s = 1_000_000_000L;
    GpuSnapshot first = energy.fill(new GpuSnapshot(0, "nvidia-smi", List.of(gpu(0, 100.0, null), gpu(1, 50.0, null))));
    assertEquals(0.0, first.device(0).energyJoules());
    GpuSnapshot second = energy.fill(new GpuSnapshot(2 * s, "nvidia-smi", List.of(gpu(0, 300.0, null), gpu(1, 50.0, null))));
    assertEquals(400.0, second.device(0).energyJoules(), 1e-9, "mean of 100 W and 300 W over 2 s");
    assertEquals(100.0, second.device(1).energyJoules(), 1e-9);
    GpuSnapshot third = energy.fill(new GpuSnapshot(3 * s, "nvidia-smi", List.of(gpu(0, 300.0, null), gpu(1, 50.0, null))));
    assertEquals(700.0, third.device(0).energyJoules(), 1e-9);
  }

  @Test
  void aDeviceCounterIsKept() {
    EnergyIntegrator energy = new EnergyIntegrator();
    GpuSnapshot s = energy.fill(new GpuSnapshot(5, "nvml", List.of(gpu(0, 100.0, 12345.678))));
    assertEquals(12345.678, s.device(0).energyJoules());
  }
}

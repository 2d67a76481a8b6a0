package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.local.GpuMeter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler's readings reach the agent's local-call recorder as a call's GPU share. */
class AttributedGpuMeterTest {

  /** A device drawing a steady 200 W: its energy counter is 200 J per second of the JVM's clock. */
  private static GpuReader steady(Double watts) {
    return new GpuReader() {
      @Override public String source() { return "scripted"; }
      @Override public GpuSnapshot read() {
        long now = System.nanoTime();
        return new GpuSnapshot(now, "scripted", List.of(EnergyIntegratorTest.gpu(0, watts, watts == null ? null : watts * now / 1e9)));
      }
    };
  }

  @Test
  void aCallAloneOnTheDeviceGetsAllItsTimeAndEnergy() throws Exception {
    GpuSampler sampler = new GpuSampler(steady(200.0));
    sampler.sample();
    AttributedGpuMeter meter = new AttributedGpuMeter(sampler);
    Object token = meter.begin();
    Thread.sleep(50);
    sampler.sample();
    GpuMeter.GpuShare share = meter.end(token);
    assertTrue(share.gpuSeconds() >= 0.05 && share.gpuSeconds() < 5, "gpu seconds " + share.gpuSeconds());
    assertEquals(200 * share.gpuSeconds(), share.energyJoules(), 200 * share.gpuSeconds() * 0.05);
    assertEquals("NVIDIA H100 80GB HBM3", share.deviceModel());
  }

  @Test
  void noEnergyReadingIsNullNotZero() throws Exception {
    GpuSampler sampler = new GpuSampler(steady(null));
    sampler.sample();
    AttributedGpuMeter meter = new AttributedGpuMeter(sampler);
    Object token = meter.begin();
    sampler.sample();
    assertNull(meter.end(token).energyJoules());
  }
}

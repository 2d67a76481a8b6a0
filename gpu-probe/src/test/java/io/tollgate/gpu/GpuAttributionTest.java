package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attribution over a scripted sample sequence: a device's energy counter read once a second. */
class GpuAttributionTest {
  private static final long S = 1_000_000_000L;
  private static final double EPS = 1e-6;

  private final AtomicLong clock = new AtomicLong();
  private final SampleHistory history = new SampleHistory(16, 2);
  private GpuSnapshot latest;
  private GpuAttribution attribution;

  @BeforeEach
  void samples() {
    // energy 0, 100, 400, 700, 800 J at t = 0..4 s; power as a sampler would read it
    double[] joules = {0, 100, 400, 700, 800};
    double[] watts = {100, 100, 300, 300, 100};
    for (int t = 0; t < joules.length; t++) {
      latest = new GpuSnapshot(t * S, "nvml", List.of(EnergyIntegratorTest.gpu(0, watts[t], joules[t])));
      history.add(latest);
    }
    attribution = new GpuAttribution(history, () -> latest, clock::get);
  }

  private GpuAttribution.Token beginAt(double seconds) {
    clock.set((long) (seconds * S));
    return attribution.begin(0);
  }

  private GpuUsage endAt(double seconds, GpuAttribution.Token token) {
    clock.set((long) (seconds * S));
    return attribution.end(token);
  }

  @Test
  void aLoneRequestGetsTheEnergyBetweenItsEndsInterpolatedBetweenSamples() {
    GpuUsage usage = endAt(2.5, beginAt(0.5));
    assertEquals(2.0, usage.gpuSeconds(), EPS);
    assertEquals(550 - 50, usage.energyJoules(), EPS, "E(2.5) = 400 + 0.5 * 300, E(0.5) = 50");
    assertEquals("NVIDIA H100 80GB HBM3", usage.deviceModel());
  }

  @Test
  void overlappingRequestsShareTheOverlapAndAddUpToTheDevice() {
    GpuAttribution.Token a = beginAt(0);
    GpuAttribution.Token b = beginAt(1);
    GpuUsage usageB = endAt(3, b);
    GpuUsage usageA = endAt(4, a);
    assertEquals(1.0, usageB.gpuSeconds(), EPS, "two seconds, shared with A");
    assertEquals((700 - 100) / 2.0, usageB.energyJoules(), EPS);
    assertEquals(1 + 1 + 1, usageA.gpuSeconds(), EPS);
    assertEquals(100 + 300 + 100, usageA.energyJoules(), EPS);
    assertEquals(800, usageA.energyJoules() + usageB.energyJoules(), EPS, "nothing counted twice or lost");
  }

  @Test
  void staggeredRequestsEndingInAnyOrder() {
    GpuAttribution.Token a = beginAt(0);
    GpuAttribution.Token b = beginAt(1);
    GpuUsage usageA = endAt(2, a);
    GpuAttribution.Token c = beginAt(2);
    GpuUsage usageB = endAt(3, b);
    GpuUsage usageC = endAt(4, c);
    assertEquals(100 + 300 / 2.0, usageA.energyJoules(), EPS);
    assertEquals(300 / 2.0 + 300 / 2.0, usageB.energyJoules(), EPS);
    assertEquals(300 / 2.0 + 100, usageC.energyJoules(), EPS);
    assertEquals(4.0, usageA.gpuSeconds() + usageB.gpuSeconds() + usageC.gpuSeconds(), EPS);
  }

  @Test
  void pastTheNewestSampleEnergyRunsOnAtTheLastPower() {
    GpuUsage usage = endAt(6, beginAt(4));
    assertEquals(2 * 100, usage.energyJoules(), EPS);
  }

  @Test
  void aTokenEndsOnce() {
    GpuAttribution.Token a = beginAt(0);
    endAt(1, a);
    assertThrows(IllegalArgumentException.class, () -> attribution.end(a));
  }

  @Test
  void withoutEnergyReadingsEnergyIsUnknownNotZero() {
    SampleHistory empty = new SampleHistory(4, 1);
    GpuAttribution none = new GpuAttribution(empty, () -> null, clock::get);
    GpuAttribution.Token t = none.begin(0);
    clock.addAndGet(S);
    GpuUsage usage = none.end(t);
    assertEquals(1.0, usage.gpuSeconds(), EPS);
    assertTrue(Double.isNaN(usage.energyJoules()));
  }
}

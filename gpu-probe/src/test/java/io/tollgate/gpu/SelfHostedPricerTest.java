package io.tollgate.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfHostedPricerTest {
  private static final double EPS = 1e-12;

  private final SelfHostedPricer pricer = SelfHostedPricer.from(AgentConfig.of(Map.of(
      "gpu.rates.h100", "2.50",
      "gpu.rates.H100 80GB HBM3", "3.00",
      "gpu.rates.l40s", "1.20",
      "gpu.energy-price-per-kwh", "0.30",
      "local.cpu-rate-per-hour", "0.04")));

  @Test
  void gpuTimeAtTheLongestMatchingModelRatePlusEnergy() {
    // 90 GPU-seconds on an H100 80GB HBM3 at $3.00/h, 720 kJ = 0.2 kWh at $0.30
    SelfHostedPricer.SelfHostedCost cost = pricer.price(new GpuUsage(90, 720_000, "NVIDIA H100 80GB HBM3"));
    assertEquals(90 / 3600.0 * 3.00, cost.gpuTime(), EPS);
    assertEquals(0.2 * 0.30, cost.energy(), EPS);
    assertEquals(0.075 + 0.06, cost.amount(), EPS);
    assertEquals(2.50, pricer.hourlyRate("NVIDIA H100 PCIe"), EPS);
    assertEquals(1.20, pricer.hourlyRate("nvidia l40s"), EPS);
  }

  @Test
  void aDeviceWithoutARateIsPricedByEnergyOnly() {
    SelfHostedPricer.SelfHostedCost cost = pricer.price(new GpuUsage(3600, 3.6e6, "NVIDIA A10"));
    assertNull(cost.gpuTime());
    assertEquals(0.30, cost.amount(), EPS);
  }

  @Test
  void nothingConfiguredIsUnpricedNeverZero() {
    SelfHostedPricer none = SelfHostedPricer.from(AgentConfig.of(Map.of()));
    assertNull(none.price(new GpuUsage(10, 1000, "NVIDIA H100")).amount());
    assertNull(none.priceCpu(10));
    assertNull(pricer.price(new GpuUsage(10, Double.NaN, "NVIDIA A10")).amount(), "no rate, no energy reading");
  }

  @Test
  void cpuOnlyInference() {
    assertEquals(1800 / 3600.0 * 0.04, pricer.priceCpu(1800), EPS);
  }

  @Test
  void aBadRateNamesTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> SelfHostedPricer.from(AgentConfig.of(Map.of("gpu.rates.h100", "two"))));
    assertEquals("tollgate.gpu.rates.h100 must be a non-negative number (USD), not 'two'", e.getMessage());
  }
}

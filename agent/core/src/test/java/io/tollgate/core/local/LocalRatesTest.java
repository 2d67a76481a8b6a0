package io.tollgate.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalRatesTest {
  private static final double EPS = 1e-12;

  private final LocalRates rates = LocalRates.from(AgentConfig.of(Map.of(
      "gpu.rates.h100", "2.50",
      "gpu.rates.H100 80GB HBM3", "3.00",
      "gpu.rates.l40s", "1.20",
      "gpu.energy-price-per-kwh", "0.30",
      "local.cpu-rate-per-hour", "0.04")));

  @Test
  void gpuTimeAtTheLongestMatchingModelRateCaseInsensitive() {
    assertEquals(90 / 3600.0 * 3.00, rates.compute(0, share(90, 720_000.0, "NVIDIA H100 80GB HBM3")), EPS);
    assertEquals(3600 / 3600.0 * 2.50, rates.compute(0, share(3600, null, "NVIDIA H100 PCIe")), EPS);
    assertEquals(1.20, rates.compute(0, share(3600, null, "nvidia L40S")), EPS);
    assertNull(rates.compute(0, share(3600, null, "NVIDIA A10")));
  }

  @Test
  void energyAtThePricePerKwh() {
    assertEquals(0.2 * 0.30, rates.energy(share(90, 720_000.0, "NVIDIA A10")), EPS); // 720 kJ = 0.2 kWh
    assertNull(rates.energy(share(90, null, "NVIDIA A10")), "no energy reading");
  }

  @Test
  void cpuOnlyInferenceAtTheCoreHourRate() {
    assertEquals(1800 / 3600.0 * 0.04, rates.compute(1800, null), EPS);
  }

  @Test
  void nothingConfiguredIsNoPriceNeverZero() {
    LocalRates none = LocalRates.from(AgentConfig.of(Map.of()));
    assertNull(none.compute(10, null));
    assertNull(none.compute(10, share(10, 1000.0, "NVIDIA H100")));
    assertNull(none.energy(share(10, 1000.0, "NVIDIA H100")));
  }

  @Test
  void aBadRateNamesTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> LocalRates.from(AgentConfig.of(Map.of("gpu.rates.h100", "two"))));
    assertEquals("tollgate.gpu.rates.h100: 'two' is not a rate in USD", e.getMessage());
  }

  private static GpuMeter.GpuShare share(double seconds, Double joules, String model) {
    return new GpuMeter.GpuShare(seconds, joules, model);
  }
}

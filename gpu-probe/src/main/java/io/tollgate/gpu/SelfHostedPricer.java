package io.tollgate.gpu;

import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prices in-process inference by what it used: GPU-seconds at the hourly rate configured for the
 * device model ({@code tollgate.gpu.rates.<model substring>=2.50}, USD per hour; the longest
 * substring found in the device's name wins, case-insensitive), energy at
 * {@code tollgate.gpu.energy-price-per-kwh}, and CPU-only inference at
 * {@code tollgate.local.cpu-rate-per-hour} per CPU-second.
 */
public final class SelfHostedPricer {
  /**
   * @param amount USD; null when nothing applicable is priced, never a silent 0
   * @param gpuTime USD for the GPU-seconds; null when no rate matches the device
   * @param energy USD for the energy; null without an energy price or energy reading
   */
  public record SelfHostedCost(Double amount, Double gpuTime, Double energy) {}

  private final Map<String, Double> hourlyRates;
  private final Double energyPerKwh;
  private final Double cpuPerHour;

  public SelfHostedPricer(Map<String, Double> hourlyRatesByModel, Double energyPricePerKwh, Double cpuRatePerHour) {
    this.hourlyRates = new LinkedHashMap<>();
    hourlyRatesByModel.forEach((model, rate) -> hourlyRates.put(model.toLowerCase(Locale.ROOT), rate));
    this.energyPerKwh = energyPricePerKwh;
    this.cpuPerHour = cpuRatePerHour;
  }

  public static SelfHostedPricer from(AgentConfig config) {
    Map<String, Double> rates = new LinkedHashMap<>();
    config.withPrefix("gpu.rates").forEach((model, rate) -> rates.put(model, amount("gpu.rates." + model, rate)));
    return new SelfHostedPricer(rates, amount("gpu.energy-price-per-kwh", config.get("gpu.energy-price-per-kwh")),
        amount("local.cpu-rate-per-hour", config.get("local.cpu-rate-per-hour")));
  }

  private static Double amount(String key, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double v = Double.parseDouble(value.trim());
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException("tollgate." + key + " must be a non-negative number (USD), not '" + value + "'", e);
    }
  }

  /** The hourly rate configured for a device model, or null. */
  public Double hourlyRate(String deviceModel) {
    if (deviceModel == null) {
      return null;
    }
    String model = deviceModel.toLowerCase(Locale.ROOT);
    String best = null;
    for (String key : hourlyRates.keySet()) {
      if (model.contains(key) && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    return best == null ? null : hourlyRates.get(best);
  }

  public SelfHostedCost price(GpuUsage usage) {
    Double rate = hourlyRate(usage.deviceModel());
    Double gpuTime = rate == null ? null : usage.gpuSeconds() / 3600.0 * rate;
    Double energy = energyPerKwh == null || Double.isNaN(usage.energyJoules()) ? null
        : usage.energyJoules() / 3.6e6 * energyPerKwh;
    Double amount = gpuTime == null && energy == null ? null
        : (gpuTime == null ? 0.0 : gpuTime) + (energy == null ? 0.0 : energy);
    return new SelfHostedCost(amount, gpuTime, energy);
  }

  /** USD for CPU-only inference; null without {@code tollgate.local.cpu-rate-per-hour}. */
  public Double priceCpu(double cpuSeconds) {
    return cpuPerHour == null ? null : cpuSeconds / 3600.0 * cpuPerHour;
  }
}

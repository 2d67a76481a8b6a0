package io.tollgate.core.local;

import io.tollgate.core.config.AgentConfig;
import java.util.Locale;
import java.util.Map;

/**
 * What self-hosted compute costs, as the operator configures it (there is no public price list for one's own
 * hardware): {@code local.cpu-rate-per-hour} (USD per CPU-core hour), {@code gpu.rates.<model substring>} (USD per
 * GPU hour, matched against the device model, longest substring first) and {@code gpu.energy-price-per-kwh}.
 */
public final class LocalRates {
  private final Double cpuPerHour;
  private final Map<String, Double> gpuPerHour;
  private final Double energyPerKwh;

  public LocalRates(Double cpuPerHour, Map<String, Double> gpuPerHour, Double energyPerKwh) {
    this.cpuPerHour = cpuPerHour;
    this.gpuPerHour = Map.copyOf(gpuPerHour);
    this.energyPerKwh = energyPerKwh;
  }

  public static LocalRates from(AgentConfig config) {
    Map<String, Double> gpu = new java.util.HashMap<>();
    config.withPrefix("gpu.rates").forEach((model, rate) -> gpu.put(model.toLowerCase(Locale.ROOT), rate("gpu.rates." + model, rate)));
    return new LocalRates(rate("local.cpu-rate-per-hour", config.get("local.cpu-rate-per-hour")), gpu,
        rate("gpu.energy-price-per-kwh", config.get("gpu.energy-price-per-kwh")));
  }

  private static Double rate(String key, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double d = Double.parseDouble(value.trim());
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException("negative or not finite");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new io.tollgate.core.config.ConfigException("tollgate." + key + ": '" + value + "' is not a rate in USD", e);
    }
  }

  /** CPU or GPU time cost, or null when the matching rate is not configured. */
  public Double compute(double cpuSeconds, GpuMeter.GpuShare gpu) {
    if (gpu != null) {
      Double rate = gpuRate(gpu.deviceModel());
      return rate == null ? null : gpu.gpuSeconds() / 3600.0 * rate;
    }
    return cpuPerHour == null ? null : cpuSeconds / 3600.0 * cpuPerHour;
  }

  public Double energy(GpuMeter.GpuShare gpu) {
    if (gpu == null || gpu.energyJoules() == null || energyPerKwh == null) {
      return null;
    }
    return gpu.energyJoules() / 3_600_000.0 * energyPerKwh;
  }

  private Double gpuRate(String deviceModel) {
    String model = deviceModel == null ? "" : deviceModel.toLowerCase(Locale.ROOT);
    String best = null;
    for (String key : gpuPerHour.keySet()) {
      if (model.contains(key) && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    return best == null ? null : gpuPerHour.get(best);
  }
}

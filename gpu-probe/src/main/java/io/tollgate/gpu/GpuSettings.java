package io.tollgate.gpu;

import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.config.ConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code tollgate.gpu.*} settings.
 *
 * @param enabled {@code auto} (sample when a GPU is found), {@code true} (the same, but say it louder when none is), {@code false}
 * @param nvmlLibrary the NVML library to load instead of the driver's usual names
 * @param nvidiaSmi the fallback command, looked up on PATH when not a path
 */
public record GpuSettings(String enabled, Duration period, String nvmlLibrary, String nvidiaSmi) {
  public static GpuSettings from(AgentConfig config) {
    String enabled = config.get("gpu.enabled", "auto").toLowerCase(Locale.ROOT);
    if (!enabled.equals("auto") && !enabled.equals("true") && !enabled.equals("false")) {
      throw new ConfigException("tollgate.gpu.enabled must be auto, true or false, not '" + enabled + "'", null);
    }
    return new GpuSettings(enabled, period(config.get("gpu.period", "1s")), config.get("gpu.nvml.library"),
        config.get("gpu.nvidia-smi", "nvidia-smi"));
  }

  /** {@code 1s}, {@code 100ms}, {@code 2m}; a bare number is milliseconds. At least 10 ms. */
  static Duration period(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      } else if (t.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      } else {
        d = Duration.ofMillis(Long.parseLong(t));
      }
      if (d.toMillis() < 10) {
        throw new ConfigException("tollgate.gpu.period must be at least 10ms, not '" + text + "'", null);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new ConfigException("tollgate.gpu.period must be a duration such as 1s or 100ms, not '" + text + "'", e);
    }
  }

  public boolean off() {
    return enabled.equals("false");
  }
}

package io.tollgate.gpu;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import java.util.function.Supplier;

/**
 * The OpenTelemetry hardware metrics for GPUs ({@code hw.gpu.*}, {@code hw.power},
 * {@code hw.energy}), as observable instruments that read the sampler's latest snapshot: an export
 * never waits for a sample.
 */
public final class HardwareMetrics {
  static final AttributeKey<String> HW_ID = AttributeKey.stringKey("hw.id");
  static final AttributeKey<String> HW_TYPE = AttributeKey.stringKey("hw.type");
  static final AttributeKey<String> HW_NAME = AttributeKey.stringKey("hw.name");
  static final AttributeKey<String> HW_VENDOR = AttributeKey.stringKey("hw.vendor");
  static final AttributeKey<String> HW_MODEL = AttributeKey.stringKey("hw.model");
  static final AttributeKey<String> HW_DRIVER_VERSION = AttributeKey.stringKey("hw.driver_version");
  static final AttributeKey<String> HW_GPU_TASK = AttributeKey.stringKey("hw.gpu.task");

  private HardwareMetrics() {}

  public static void register(Meter meter, Supplier<GpuSnapshot> latest) {
    meter.gaugeBuilder("hw.gpu.utilization").setUnit("1")
        .setDescription("Fraction of time the GPU was busy with kernels").buildWithCallback(m -> {
          for (GpuReading d : devices(latest)) {
            if (d.utilization() != null) {
              m.record(d.utilization(), attributes(d).put(HW_GPU_TASK, "general").build());
            }
          }
        });
    meter.gaugeBuilder("hw.gpu.memory.utilization").setUnit("1")
        .setDescription("Fraction of time the GPU memory was read or written").buildWithCallback(m -> {
          for (GpuReading d : devices(latest)) {
            if (d.memoryUtilization() != null) {
              m.record(d.memoryUtilization(), attributes(d).build());
            }
          }
        });
    meter.upDownCounterBuilder("hw.gpu.memory.usage").setUnit("By")
        .setDescription("GPU memory in use").buildWithCallback(m -> {
          for (GpuReading d : devices(latest)) {
            if (d.memoryUsedBytes() != null) {
              m.record(d.memoryUsedBytes(), attributes(d).build());
            }
          }
        });
    meter.upDownCounterBuilder("hw.gpu.memory.limit").setUnit("By")
        .setDescription("GPU memory installed").buildWithCallback(m -> {
          for (GpuReading d : devices(latest)) {
            if (d.memoryTotalBytes() != null) {
              m.record(d.memoryTotalBytes(), attributes(d).build());
            }
          }
        });
    meter.gaugeBuilder("hw.power").setUnit("W")
        .setDescription("Power drawn by the GPU").buildWithCallback(m -> {
          for (GpuReading d : devices(latest)) {
            if (d.powerWatts() != null) {
              m.record(d.powerWatts(), attributes(d).build());
            }
          }
        });
    meter.counterBuilder("hw.energy").ofDoubles().setUnit("J")
        .setDescription("Energy used by the GPU").buildWithCallback(m -> {
          for (GpuReading d : devices(latest)) {
            if (d.energyJoules() != null) {
              m.record(d.energyJoules(), attributes(d).build());
            }
          }
        });
    meter.gaugeBuilder("tollgate.gpu.process.utilization").setUnit("1")
        .setDescription("This process's share of the GPU's compute").buildWithCallback(m -> {
          for (GpuReading d : devices(latest)) {
            if (d.processUtilization() != null) {
              m.record(d.processUtilization(), attributes(d).build());
            }
          }
        });
  }

  private static java.util.List<GpuReading> devices(Supplier<GpuSnapshot> latest) {
    GpuSnapshot s = latest.get();
    return s == null ? java.util.List.of() : s.devices();
  }

  private static AttributesBuilder attributes(GpuReading d) {
    AttributesBuilder a = Attributes.builder()
        .put(HW_ID, d.id())
        .put(HW_TYPE, "gpu")
        .put(HW_NAME, "gpu" + d.index())
        .put(HW_VENDOR, "NVIDIA");
    if (d.name() != null) {
      a.put(HW_MODEL, d.name());
    }
    if (d.driverVersion() != null) {
      a.put(HW_DRIVER_VERSION, d.driverVersion());
    }
    return a;
  }
}

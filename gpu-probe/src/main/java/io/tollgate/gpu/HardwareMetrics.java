package io.tollgate.gpu;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import java.util.function.BiConsumer;
import java.util.function.Function;
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
        .setDescription("Fraction of time the GPU was busy with kernels")
        .buildWithCallback(m -> each(latest, GpuReading::utilization,
            (d, v) -> m.record(v, attributes(d).put(HW_GPU_TASK, "general").build())));
    meter.gaugeBuilder("hw.gpu.memory.utilization").setUnit("1")
        .setDescription("Fraction of time the GPU memory was read or written")
        .buildWithCallback(m -> each(latest, GpuReading::memoryUtilization, (d, v) -> m.record(v, attributes(d).build())));
    meter.upDownCounterBuilder("hw.gpu.memory.usage").setUnit("By").setDescription("GPU memory in use")
        .buildWithCallback(m -> each(latest, GpuReading::memoryUsedBytes, (d, v) -> m.record(v, attributes(d).build())));
    meter.upDownCounterBuilder("hw.gpu.memory.limit").setUnit("By").setDescription("GPU memory installed")
        .buildWithCallback(m -> each(latest, GpuReading::memoryTotalBytes, (d, v) -> m.record(v, attributes(d).build())));
    meter.gaugeBuilder("hw.power").setUnit("W").setDescription("Power drawn by the GPU")
        .buildWithCallback(m -> each(latest, GpuReading::powerWatts, (d, v) -> m.record(v, attributes(d).build())));
    meter.counterBuilder("hw.energy").ofDoubles().setUnit("J").setDescription("Energy used by the GPU")
        .buildWithCallback(m -> each(latest, GpuReading::energyJoules, (d, v) -> m.record(v, attributes(d).build())));
    meter.gaugeBuilder("tollgate.gpu.process.utilization").setUnit("1")
        .setDescription("This process's share of the GPU's compute")
        .buildWithCallback(m -> each(latest, GpuReading::processUtilization, (d, v) -> m.record(v, attributes(d).build())));
  }

  /** Hands each device's value, where it has one, to {@code record}. */
  private static <T> void each(Supplier<GpuSnapshot> latest, Function<GpuReading, T> value, BiConsumer<GpuReading, T> record) {
    GpuSnapshot s = latest.get();
    if (s == null) {
      return;
    }
    for (GpuReading d : s.devices()) {
      T v = value.apply(d);
      if (v != null) {
        record.accept(d, v);
      }
    }
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

package io.tollgate.gpu;

import java.util.List;

/**
 * Every device read in one sampling pass.
 *
 * @param nanoTime {@link System#nanoTime()} when the pass ended
 * @param source {@code nvml} or {@code nvidia-smi}
 */
public record GpuSnapshot(long nanoTime, String source, List<GpuReading> devices) {
  public GpuSnapshot {
    devices = List.copyOf(devices);
  }

  /** The device with this index, or null. */
  public GpuReading device(int index) {
    for (GpuReading d : devices) {
      if (d.index() == index) {
        return d;
      }
    }
    return null;
  }
}

package io.tollgate.gpu;

import java.util.List;
import java.util.TreeMap;

/**
 * The newest reading of each device as lines of a source arrive one by one, each with its energy
 * integrated from power up to its own arrival. The snapshot is rebuilt only after a new reading,
 * so a sampler that reads faster than the source gets the same snapshot again.
 */
final class LatestReadings {
  private final String source;
  private final EnergyIntegrator energy = new EnergyIntegrator();
  private final TreeMap<Integer, GpuReading> byIndex = new TreeMap<>();
  private long newestNanos;
  private GpuSnapshot snapshot;

  LatestReadings(String source) {
    this.source = source;
  }

  /** True when this reading ends a block: nvidia-smi prints the devices in index order, once per period. */
  synchronized boolean put(GpuReading reading, long nanoTime) {
    byIndex.put(reading.index(), energy.fill(reading, nanoTime));
    newestNanos = nanoTime;
    snapshot = null;
    return reading.index() == byIndex.lastKey();
  }

  /** Every device's newest reading, timed at the newest of them; empty before the first. */
  synchronized GpuSnapshot snapshot() {
    if (snapshot == null) {
      snapshot = new GpuSnapshot(newestNanos, source, List.copyOf(byIndex.values()));
    }
    return snapshot;
  }

  /** {@link System#nanoTime()} of the newest reading. */
  synchronized long newestNanos() {
    return newestNanos;
  }
}

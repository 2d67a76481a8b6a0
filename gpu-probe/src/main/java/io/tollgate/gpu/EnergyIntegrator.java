package io.tollgate.gpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Energy for devices whose source gives power but no energy counter (nvidia-smi, GPUs before
 * Volta): power integrated over time by the trapezoid rule, per device, from the first reading.
 * A device's own counter is left as it is.
 */
final class EnergyIntegrator {
  private record Point(long nanoTime, double watts, double joules) {}

  private final Map<String, Point> last = new HashMap<>();

  GpuSnapshot fill(GpuSnapshot snapshot) {
    List<GpuReading> out = new ArrayList<>(snapshot.devices().size());
    for (GpuReading d : snapshot.devices()) {
      out.add(fill(d, snapshot.nanoTime()));
    }
    return new GpuSnapshot(snapshot.nanoTime(), snapshot.source(), out);
  }

  /** One device read at {@code nanoTime}, with the energy integrated up to then. */
  GpuReading fill(GpuReading d, long nanoTime) {
    if (d.energyJoules() != null || d.powerWatts() == null) {
      return d;
    }
    Point previous = last.get(d.id());
    double joules = previous == null ? 0.0
        : previous.joules() + (previous.watts() + d.powerWatts()) / 2.0 * (nanoTime - previous.nanoTime()) / 1e9;
    last.put(d.id(), new Point(nanoTime, d.powerWatts(), joules));
    return d.withEnergy(joules);
  }
}

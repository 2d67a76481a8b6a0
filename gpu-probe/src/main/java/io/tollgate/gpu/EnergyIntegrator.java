package io.tollgate.gpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Energy for devices whose source gives power but no energy counter (nvidia-smi, GPUs before
 * Volta): power integrated over time by the trapezoid rule, per device, from the first snapshot.
 * A device's own counter is left as it is.
 */
final class EnergyIntegrator {
  private record Point(long nanoTime, double watts, double joules) {}

  private final Map<String, Point> last = new HashMap<>();

  GpuSnapshot fill(GpuSnapshot snapshot) {
    List<GpuReading> out = new ArrayList<>(snapshot.devices().size());
    for (GpuReading d : snapshot.devices()) {
      if (d.energyJoules() != null || d.powerWatts() == null) {
        out.add(d);
        continue;
      }
      Point previous = last.get(d.id());
      double joules = previous == null ? 0.0
          : previous.joules() + (previous.watts() + d.powerWatts()) / 2.0 * (snapshot.nanoTime() - previous.nanoTime()) / 1e9;
      last.put(d.id(), new Point(snapshot.nanoTime(), d.powerWatts(), joules));
      out.add(d.withEnergy(joules));
    }
    return new GpuSnapshot(snapshot.nanoTime(), snapshot.source(), out);
  }
}

package io.tollgate.gpu;

/**
 * The last samples' energy and power per device, so that the energy at any moment between two
 * samples can be interpolated. A fixed ring: old samples are overwritten.
 */
public final class SampleHistory {
  private final long[] times;
  private final double[][] joules;
  private final double[][] watts;
  private int next;
  private int size;

  public SampleHistory(int capacity, int maxDevices) {
    times = new long[capacity];
    joules = new double[capacity][maxDevices];
    watts = new double[capacity][maxDevices];
  }

  public synchronized void add(GpuSnapshot snapshot) {
    double[] e = joules[next];
    double[] p = watts[next];
    java.util.Arrays.fill(e, Double.NaN);
    java.util.Arrays.fill(p, Double.NaN);
    for (GpuReading d : snapshot.devices()) {
      if (d.index() < e.length) {
        e[d.index()] = d.energyJoules() == null ? Double.NaN : d.energyJoules();
        p[d.index()] = d.powerWatts() == null ? Double.NaN : d.powerWatts();
      }
    }
    times[next] = snapshot.nanoTime();
    next = (next + 1) % times.length;
    size = Math.min(size + 1, times.length);
  }

  /**
   * The device's energy counter at {@code nanoTime}: interpolated between the samples around it,
   * carried forward at the last power reading past the newest sample, the oldest value before the
   * oldest. NaN when the device has no energy readings.
   */
  public synchronized double energyAt(int device, long nanoTime) {
    if (size == 0 || device >= joules[0].length) {
      return Double.NaN;
    }
    int newest = (next - 1 + times.length) % times.length;
    if (nanoTime - times[newest] >= 0) {
      double w = watts[newest][device];
      return joules[newest][device] + (Double.isNaN(w) ? 0.0 : w * (nanoTime - times[newest]) / 1e9);
    }
    int later = newest;
    for (int n = 1; n < size; n++) {
      int earlier = (later - 1 + times.length) % times.length;
      if (nanoTime - times[earlier] >= 0) {
        double span = times[later] - times[earlier];
        double f = span <= 0 ? 1.0 : (nanoTime - times[earlier]) / span;
        return joules[earlier][device] + f * (joules[later][device] - joules[earlier][device]);
      }
      later = earlier;
    }
    return joules[later][device];
  }
}

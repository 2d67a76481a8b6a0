package io.tollgate.core.local;

/** Measures a local call's share of GPU time and energy (gpu-probe); {@link #NONE} when no GPU is sampled. */
public interface GpuMeter {

  /** Marks the start of a call; the result goes back to {@link #end}. */
  Object begin();

  /** The call's share since {@code begin}, or null when nothing was measured. */
  GpuShare end(Object begun);

  /**
   * @param energyJoules null when the device reports no energy
   */
  record GpuShare(double gpuSeconds, Double energyJoules, String deviceModel) {}

  GpuMeter NONE = new GpuMeter() {
    @Override public Object begin() { return null; }
    @Override public GpuShare end(Object begun) { return null; }
  };
}

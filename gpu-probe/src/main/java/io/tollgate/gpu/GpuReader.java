package io.tollgate.gpu;

/** A source of device readings: NVML, or nvidia-smi when NVML cannot be loaded. */
public interface GpuReader extends AutoCloseable {
  /** {@code nvml} or {@code nvidia-smi}: said in logs and in the benchmark's output. */
  String source();

  /** Reads every device now. */
  GpuSnapshot read() throws Exception;

  /**
   * Has the reader hand each new snapshot to {@code sink} itself, from its own thread, as soon as
   * it has one; false (the default) when snapshots come only from {@link #read}.
   */
  default boolean deliverTo(java.util.function.Consumer<GpuSnapshot> sink) {
    return false;
  }

  @Override
  default void close() {}
}

package io.tollgate.gpu;

/** A source of device readings: NVML, or nvidia-smi when NVML cannot be loaded. */
public interface GpuReader extends AutoCloseable {
  /** {@code nvml} or {@code nvidia-smi}: said in logs and in the benchmark's output. */
  String source();

  /** Reads every device now. */
  GpuSnapshot read() throws Exception;

  @Override
  default void close() {}
}

package io.tollgate.gpu;

/**
 * One device as read at one moment. Values a device or source does not report are null, never 0.
 *
 * @param index the driver's device index
 * @param id the device UUID, else {@code "gpu<index>"}
 * @param utilization fraction of the last sample period a kernel ran (0..1)
 * @param memoryUtilization fraction of the last sample period device memory was read or written (0..1)
 * @param energyJoules energy since an arbitrary start (the driver's load for NVML, sampling start when integrated)
 * @param processUtilization this JVM's share of the device's compute (0..1), from NVML only
 */
public record GpuReading(
    int index,
    String id,
    String name,
    String driverVersion,
    Double utilization,
    Double memoryUtilization,
    Long memoryUsedBytes,
    Long memoryTotalBytes,
    Double powerWatts,
    Double energyJoules,
    Double temperatureCelsius,
    Double processUtilization) {

  GpuReading withEnergy(Double joules) {
    return new GpuReading(index, id, name, driverVersion, utilization, memoryUtilization, memoryUsedBytes,
        memoryTotalBytes, powerWatts, joules, temperatureCelsius, processUtilization);
  }
}

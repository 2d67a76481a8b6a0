package io.tollgate.gpu;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few NVML functions the sampler calls (signatures as in {@code nvml.h}; every one returns an
 * {@code nvmlReturn_t}, 0 for success). C structs of plain fields are passed as Java arrays of the
 * same layout: {@code nvmlUtilization_t} is two unsigned ints, {@code nvmlMemory_t} three unsigned
 * long longs (total, free, used).
 */
public interface NvmlLibrary extends Library {
  int SUCCESS = 0;
  int ERROR_NOT_FOUND = 6;
  int ERROR_INSUFFICIENT_SIZE = 7;
  int TEMPERATURE_GPU = 0;
  /** NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE */
  int DRIVER_VERSION_BUFFER = 80;
  /** NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE */
  int DEVICE_STRING_BUFFER = 96;
  /** sizeof(nvmlProcessUtilizationSample_t): pid, 4 bytes of padding, timeStamp, four unsigned ints */
  int PROCESS_SAMPLE_SIZE = 32;

  int nvmlInit_v2();

  int nvmlShutdown();

  String nvmlErrorString(int result);

  int nvmlSystemGetDriverVersion(byte[] version, int length);

  int nvmlDeviceGetCount_v2(int[] count);

  int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

  int nvmlDeviceGetName(Pointer device, byte[] name, int length);

  int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

  int nvmlDeviceGetUtilizationRates(Pointer device, int[] utilization);

  int nvmlDeviceGetMemoryInfo(Pointer device, long[] memory);

  /** Milliwatts. */
  int nvmlDeviceGetPowerUsage(Pointer device, int[] power);

  /** Millijoules since the driver was last loaded; Volta and later. */
  int nvmlDeviceGetTotalEnergyConsumption(Pointer device, long[] energy);

  int nvmlDeviceGetTemperature(Pointer device, int sensorType, int[] temperature);

  /** Samples newer than {@code lastSeenTimeStamp} (CPU time, microseconds); with a null buffer, the count needed. */
  int nvmlDeviceGetProcessUtilization(Pointer device, Pointer samples, int[] count, long lastSeenTimeStamp);
}

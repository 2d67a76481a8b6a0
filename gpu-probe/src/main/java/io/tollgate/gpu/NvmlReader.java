package io.tollgate.gpu;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/** Reads every device through NVML. Names, UUIDs and the driver version are read once, at open. */
final class NvmlReader implements GpuReader {

  private final NvmlLibrary nvml;
  private final String driverVersion;
  private final List<Device> devices;
  private final long pid = ProcessHandle.current().pid();
  private final EnergyIntegrator energy = new EnergyIntegrator();
  private final int[] ints = new int[2];
  private final long[] longs = new long[3];

  /** A device handle, what never changes about it, and where its per-process samples left off. */
  private static final class Device {
    final int index;
    final Pointer handle;
    final String id;
    final String name;
    long lastSeenMicros;
    Memory samples;

    Device(int index, Pointer handle, String id, String name) {
      this.index = index;
      this.handle = handle;
      this.id = id;
      this.name = name;
    }
  }

  private NvmlReader(NvmlLibrary nvml, String driverVersion, List<Device> devices) {
    this.nvml = nvml;
    this.driverVersion = driverVersion;
    this.devices = devices;
  }

  /**
   * Loads NVML ({@code library}, else the driver's usual names), initialises it and lists the
   * devices. Throws, with the reason, when there is no usable NVML or no device.
   */
  static NvmlReader open(String library) {
    NvmlLibrary nvml = load(library);
    check(nvml, nvml.nvmlInit_v2(), "nvmlInit_v2");
    try {
      byte[] text = new byte[NvmlLibrary.DRIVER_VERSION_BUFFER];
      String driver = nvml.nvmlSystemGetDriverVersion(text, text.length) == NvmlLibrary.SUCCESS ? Native.toString(text) : null;
      int[] count = new int[1];
      check(nvml, nvml.nvmlDeviceGetCount_v2(count), "nvmlDeviceGetCount_v2");
      if (count[0] == 0) {
        throw new IllegalStateException("NVML reports no GPU");
      }
      List<Device> devices = new ArrayList<>();
      for (int i = 0; i < count[0]; i++) {
        PointerByReference handle = new PointerByReference();
        check(nvml, nvml.nvmlDeviceGetHandleByIndex_v2(i, handle), "nvmlDeviceGetHandleByIndex_v2");
        Pointer h = handle.getValue();
        byte[] buffer = new byte[NvmlLibrary.DEVICE_STRING_BUFFER];
        String uuid = nvml.nvmlDeviceGetUUID(h, buffer, buffer.length) == NvmlLibrary.SUCCESS ? Native.toString(buffer) : "gpu" + i;
        String name = nvml.nvmlDeviceGetName(h, buffer, buffer.length) == NvmlLibrary.SUCCESS ? Native.toString(buffer) : null;
        devices.add(new Device(i, h, uuid, name));
      }
      return new NvmlReader(nvml, driver, devices);
    } catch (RuntimeException e) {
      nvml.nvmlShutdown();
      throw e;
    }
  }

  private static NvmlLibrary load(String library) {
    List<String> names = library != null ? List.of(library)
        : Platform.isWindows() ? List.of("nvml", System.getenv().getOrDefault("ProgramW6432", "C:\\Program Files") + "\\NVIDIA Corporation\\NVSMI\\nvml.dll")
        // the unversioned name exists only where the driver's development files are installed
        : List.of("libnvidia-ml.so.1", "nvidia-ml");
    UnsatisfiedLinkError first = null;
    for (String name : names) {
      try {
        return Native.load(name, NvmlLibrary.class);
      } catch (UnsatisfiedLinkError e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }

  private static void check(NvmlLibrary nvml, int result, String call) {
    if (result != NvmlLibrary.SUCCESS) {
      throw new IllegalStateException(call + " failed: " + nvml.nvmlErrorString(result) + " (" + result + ")");
    }
  }

  @Override
  public String source() {
    return "nvml";
  }

  @Override
  public synchronized GpuSnapshot read() {
    List<GpuReading> out = new ArrayList<>(devices.size());
    for (Device d : devices) {
      Double gpu = null;
      Double memory = null;
      if (nvml.nvmlDeviceGetUtilizationRates(d.handle, ints) == NvmlLibrary.SUCCESS) {
        gpu = ints[0] / 100.0;
        memory = ints[1] / 100.0;
      }
      Long used = null;
      Long total = null;
      if (nvml.nvmlDeviceGetMemoryInfo(d.handle, longs) == NvmlLibrary.SUCCESS) {
        total = longs[0];
        used = longs[2];
      }
      Double watts = nvml.nvmlDeviceGetPowerUsage(d.handle, ints) == NvmlLibrary.SUCCESS ? ints[0] / 1000.0 : null;
      Double joules = nvml.nvmlDeviceGetTotalEnergyConsumption(d.handle, longs) == NvmlLibrary.SUCCESS ? longs[0] / 1000.0 : null;
      Double celsius = nvml.nvmlDeviceGetTemperature(d.handle, NvmlLibrary.TEMPERATURE_GPU, ints) == NvmlLibrary.SUCCESS
          ? (double) ints[0] : null;
      out.add(new GpuReading(d.index, d.id, d.name, driverVersion, gpu, memory, used, total, watts, joules, celsius,
          processUtilization(d)));
    }
    return energy.fill(new GpuSnapshot(System.nanoTime(), source(), out));
  }

  /** This JVM's mean SM utilization over the samples NVML took since the last read; null if unsupported. */
  private Double processUtilization(Device d) {
    int[] count = {0};
    int result = nvml.nvmlDeviceGetProcessUtilization(d.handle, null, count, d.lastSeenMicros);
    if (result == NvmlLibrary.ERROR_NOT_FOUND) {
      return 0.0; // no process ran on the device since the last read
    }
    if (result != NvmlLibrary.ERROR_INSUFFICIENT_SIZE && result != NvmlLibrary.SUCCESS) {
      return null;
    }
    if (count[0] == 0) {
      return 0.0;
    }
    long needed = (long) count[0] * NvmlLibrary.PROCESS_SAMPLE_SIZE;
    if (d.samples == null || d.samples.size() < needed) {
      d.samples = new Memory(needed);
    }
    if (nvml.nvmlDeviceGetProcessUtilization(d.handle, d.samples, count, d.lastSeenMicros) != NvmlLibrary.SUCCESS) {
      return null;
    }
    long sum = 0;
    int ours = 0;
    for (int i = 0; i < count[0]; i++) {
      long offset = (long) i * NvmlLibrary.PROCESS_SAMPLE_SIZE;
      long timeStamp = d.samples.getLong(offset + 8);
      d.lastSeenMicros = Math.max(d.lastSeenMicros, timeStamp);
      if (Integer.toUnsignedLong(d.samples.getInt(offset)) == pid) {
        sum += Integer.toUnsignedLong(d.samples.getInt(offset + 16));
        ours++;
      }
    }
    return ours == 0 ? 0.0 : sum / (double) ours / 100.0;
  }

  @Override
  public synchronized void close() {
    nvml.nvmlShutdown();
  }
}

package io.tollgate.gpu;

import io.tollgate.core.log.AgentLog;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Finds a way to read the GPUs, on its own daemon thread so that start-up never waits for a
 * driver: NVML first, else {@code nvidia-smi} on PATH, else one INFO line saying why there are
 * no GPU metrics. Then samples at the configured period on the same thread.
 */
public final class GpuProbe implements AutoCloseable {
  private static final AgentLog LOG = AgentLog.get(GpuProbe.class);

  private final ScheduledExecutorService thread;
  private volatile GpuSampler sampler;

  private GpuProbe(ScheduledExecutorService thread) {
    this.thread = thread;
  }

  /**
   * Starts probing; {@code onReady} runs on the probe's thread once a GPU source is found.
   * Returns null when {@code tollgate.gpu.enabled=false}.
   */
  public static GpuProbe start(GpuSettings settings, Consumer<GpuSampler> onReady) {
    if (settings.off()) {
      return null;
    }
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tollgate-gpu");
      t.setDaemon(true);
      return t;
    });
    GpuProbe probe = new GpuProbe(thread);
    thread.execute(() -> probe.find(settings, onReady));
    return probe;
  }

  private void find(GpuSettings settings, Consumer<GpuSampler> onReady) {
    GpuSampler found = null;
    try {
      found = open(settings);
      if (found == null) {
        thread.shutdown(); // nothing to sample: leave no thread behind
        return;
      }
      sampler = found;
      GpuSnapshot first = found.latest();
      LOG.info("sampling " + first.devices().size() + " GPU(s) through " + found.source() + " every "
          + settings.period().toMillis() + " ms: " + first.devices().get(0).name());
      long period = found.samplePeriod(settings.period()).toNanos();
      thread.scheduleAtFixedRate(found::sample, period, period, TimeUnit.NANOSECONDS);
      onReady.accept(found);
    } catch (Throwable t) {
      if (found != null && thread.isShutdown()) {
        found.close(); // closed while the source was being opened: the JVM is ending, nothing to report
        return;
      }
      LOG.warn("GPU sampling not started", t);
    }
  }

  /** A sampler over the first source that reads at least one device, or null after logging why none did. */
  public static GpuSampler open(GpuSettings settings) {
    String nvmlProblem = settings.nvmlLibrary() == null ? missingDriver() : null;
    if (nvmlProblem == null) {
      try {
        NvmlReader nvml = NvmlReader.open(settings.nvmlLibrary());
        try {
          return new GpuSampler(nvml, nvml.read());
        } catch (Throwable t) {
          nvml.close();
          throw t;
        }
      } catch (Throwable t) {
        nvmlProblem = "NVML is not usable: " + firstLines(t);
      }
    }
    Path smi = onPath(settings.nvidiaSmi());
    String why;
    if (smi == null) {
      why = nvmlProblem + ", and " + settings.nvidiaSmi() + " is not on PATH";
    } else {
      NvidiaSmiReader reader = new NvidiaSmiReader(smi.toString(), settings.period());
      try {
        GpuSnapshot first = reader.start();
        if (!first.devices().isEmpty()) {
          return new GpuSampler(reader, first);
        }
        why = nvmlProblem + ", and " + smi + " lists no GPU";
      } catch (Throwable t) {
        why = nvmlProblem + ", and " + smi + " failed (" + firstLines(t) + ")";
      }
      reader.close();
    }
    String line = "no GPU metrics: " + why;
    if (settings.enabled().equals("true")) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
    return null;
  }

  /**
   * Why NVML cannot be there, found without loading native code (on JDK 24+ the JVM warns on
   * stderr the first time any native library is loaded, so a GPU-less JVM must not load one); null
   * when the driver seems installed.
   */
  static String missingDriver() {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    if (os.startsWith("linux")) {
      return Files.exists(Path.of("/proc/driver/nvidia/version")) ? null
          : "no NVIDIA driver is loaded (no /proc/driver/nvidia/version)";
    }
    if (os.startsWith("windows")) {
      String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
      String programs = System.getenv().getOrDefault("ProgramW6432", "C:\\Program Files");
      return Files.exists(Path.of(root, "System32", "nvml.dll"))
          || Files.exists(Path.of(programs, "NVIDIA Corporation", "NVSMI", "nvml.dll")) ? null : "no nvml.dll is installed";
    }
    return "NVML does not exist on " + System.getProperty("os.name");
  }

  /** The command itself when it is a path, else the first executable of that name on PATH. */
  static Path onPath(String command) {
    if (command.contains(File.separator) || command.contains("/")) {
      Path p = Path.of(command);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    boolean windows = File.separatorChar == '\\';
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path p = Path.of(dir, windows && !command.endsWith(".exe") ? command + ".exe" : command);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** The start of an exception's message on one line (JNA's run over many). */
  private static String firstLines(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String line = String.join(" ", message.strip().lines().limit(2).toList());
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    GpuSampler s = sampler;
    if (s != null) {
      try {
        thread.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      s.close();
    }
  }
}

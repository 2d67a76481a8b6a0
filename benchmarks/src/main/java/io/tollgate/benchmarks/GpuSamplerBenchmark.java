package io.tollgate.benchmarks;

import io.tollgate.gpu.GpuProbe;
import io.tollgate.gpu.GpuSampler;
import io.tollgate.gpu.GpuSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU cost of the GPU sampler at 1 Hz and 10 Hz: the sampling thread's CPU time (ThreadMXBean)
 * over {@code -Dseconds} each, as a percentage of one core, and, for the nvidia-smi path, the CPU
 * time of the nvidia-smi processes it ran (Linux: this JVM's reaped children, /proc/self/stat).
 * Uses whichever source the agent would pick on this machine and says which.
 */
public final class GpuSamplerBenchmark {
  private GpuSamplerBenchmark() {}

  public static void main(String[] args) throws Exception {
    long seconds = Long.getLong("seconds", 20);
    System.out.printf("GPU sampler CPU cost, %d s per rate, JDK %s, %d CPUs%n", seconds,
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    for (Duration period : new Duration[] {Duration.ofSeconds(1), Duration.ofMillis(100)}) {
      GpuSampler sampler = GpuProbe.open(new GpuSettings("true", period, System.getProperty("gpu.nvml.library"), "nvidia-smi"));
      if (sampler == null) {
        System.out.println("no GPU source on this machine (see the line above); nothing to measure");
        return;
      }
      measure(sampler, period, seconds);
      sampler.close();
    }
  }

  private static void measure(GpuSampler sampler, Duration period, long seconds) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicLong threadId = new AtomicLong();
    ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tollgate-gpu");
      t.setDaemon(true);
      return t;
    });
    thread.submit(() -> threadId.set(Thread.currentThread().getId())).get();
    // one untimed second of samples first: class loading and the first JIT work are not the steady cost
    AtomicLong samples = new AtomicLong();
    thread.scheduleAtFixedRate(() -> {
      sampler.sample();
      samples.incrementAndGet();
    }, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    Thread.sleep(1000);
    long cpu0 = threads.getThreadCpuTime(threadId.get());
    long children0 = childrenCpuNanos();
    long samples0 = samples.get();
    long wall0 = System.nanoTime();
    Thread.sleep(seconds * 1000);
    long cpu = threads.getThreadCpuTime(threadId.get()) - cpu0;
    long wall = System.nanoTime() - wall0;
    long n = samples.get() - samples0;
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
    long children = childrenCpuNanos() - children0;
    System.out.printf("  %-10s %5.1f Hz  %5d samples  sampler thread %8.1f ms CPU = %6.3f%% of one core (%.0f us per sample)%s, failures %d%n",
        sampler.source(), 1e9 / period.toNanos(), n, cpu / 1e6, 100.0 * cpu / wall, n == 0 ? 0.0 : cpu / 1e3 / n,
        children < 0 ? "" : String.format("; nvidia-smi processes %8.1f ms CPU = %6.3f%% of one core", children / 1e6, 100.0 * children / wall),
        sampler.failures());
  }

  /** CPU time of this JVM's exited, reaped child processes; -1 where /proc is not there. */
  private static long childrenCpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 16 and 17 of stat(5) (cutime, cstime), counted from the state field (3) on
      long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (Exception e) {
      return -1;
    }
  }
}

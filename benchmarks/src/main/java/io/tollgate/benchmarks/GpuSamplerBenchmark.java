package io.tollgate.benchmarks;

import io.tollgate.gpu.GpuProbe;
import io.tollgate.gpu.GpuSampler;
import io.tollgate.gpu.GpuSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU cost of the GPU sampler at 1 Hz and 10 Hz over {@code -Dseconds} each, as a percentage of one
 * core: the agent's threads (the sampling thread and, for nvidia-smi, the thread reading its
 * output; ThreadMXBean), the whole JVM for comparison (with JIT and GC), and, apart, the CPU of
 * the nvidia-smi processes (Linux: /proc, live and reaped children with their own children). The
 * whole JVM is first measured with no sampler, as a baseline.
 * Uses whichever source the agent would pick on this machine and says which.
 */
public final class GpuSamplerBenchmark {
  private static final String READER_THREAD = "tollgate-nvidia-smi";

  private GpuSamplerBenchmark() {}

  public static void main(String[] args) throws Exception {
    long seconds = Long.getLong("seconds", 20);
    System.out.printf("GPU sampler CPU cost, %d s per rate after %d s of warm-up, JDK %s, %d CPUs%n", seconds, Long.getLong("warmup", 1),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    long idle0 = ProcessCpu.jdkProcessNanos();
    long wall0 = System.nanoTime();
    Thread.sleep(seconds * 1000);
    System.out.printf("  whole JVM with no sampler: %6.3f%% of one core (its own JIT, GC and housekeeping)%n",
        pct(ProcessCpu.jdkProcessNanos() - idle0, System.nanoTime() - wall0));
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
    // untimed samples first (-Dwarmup seconds, default 1): class loading and the first JIT work are not the steady cost
    // as GpuProbe does: at the period, or only to check a source that delivers its own snapshots
    long every = sampler.samplePeriod(period).toNanos();
    thread.scheduleAtFixedRate(sampler::sample, 0, every, TimeUnit.NANOSECONDS);
    Thread.sleep(Long.getLong("warmup", 1) * 1000);
    long sampling0 = threads.getThreadCpuTime(threadId.get());
    Map<Long, Long> readers0 = readerThreadsCpu(threads);
    long jvm0 = ProcessCpu.jdkProcessNanos();
    long children0 = childrenCpuNanos();
    long samples0 = sampler.snapshots();
    long wall0 = System.nanoTime();
    Thread.sleep(seconds * 1000);
    long sampling = threads.getThreadCpuTime(threadId.get()) - sampling0;
    long reading = 0;
    for (Map.Entry<Long, Long> e : readerThreadsCpu(threads).entrySet()) {
      reading += e.getValue() - readers0.getOrDefault(e.getKey(), 0L);
    }
    long jvm = ProcessCpu.jdkProcessNanos() - jvm0;
    long children = childrenCpuNanos() - children0;
    long wall = System.nanoTime() - wall0;
    long n = sampler.snapshots() - samples0;
    thread.shutdownNow();
    thread.awaitTermination(5, TimeUnit.SECONDS);
    long agent = sampling + reading;
    System.out.printf("  %-10s %5.1f Hz  %5d samples  agent threads %7.1f ms CPU = %6.3f%% of one core"
            + " (sampling %6.3f%%, reading nvidia-smi %6.3f%%; %.0f us per sample)  whole JVM %6.3f%%%s, failures %d%n",
        sampler.source(), 1e9 / period.toNanos(), n, agent / 1e6, pct(agent, wall), pct(sampling, wall), pct(reading, wall),
        n == 0 ? 0.0 : agent / 1e3 / n, pct(jvm, wall),
        children < 0 ? "" : String.format("; nvidia-smi processes %7.1f ms CPU = %6.3f%% of one core", children / 1e6, pct(children, wall)),
        sampler.failures());
  }

  private static double pct(long cpuNanos, long wallNanos) {
    return 100.0 * cpuNanos / wallNanos;
  }

  /** CPU time of each live thread that reads nvidia-smi's output, by thread id. */
  private static Map<Long, Long> readerThreadsCpu(ThreadMXBean threads) {
    Map<Long, Long> out = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().equals(READER_THREAD)) {
        out.put(info.getThreadId(), Math.max(0, threads.getThreadCpuTime(info.getThreadId())));
      }
    }
    return out;
  }

  /**
   * CPU time of this JVM's child processes: those exited and reaped (this process's cutime and
   * cstime) plus those still running, each with its own reaped children; -1 where /proc is not there.
   */
  private static long childrenCpuNanos() {
    try {
      long ticks = statTicks(ProcessHandle.current().pid(), false);
      for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
        try {
          ticks += statTicks(p.pid(), true);
        } catch (Exception gone) {
          // ended meanwhile: its time reaches us once it is reaped
        }
      }
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (Exception e) {
      return -1;
    }
  }

  /** utime + stime (when {@code own}) + cutime + cstime of a process, in clock ticks (proc(5), fields 14 to 17). */
  private static long statTicks(long pid, boolean own) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // counted from the state field (3): utime is field 14, at 11 here
    long children = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    return own ? Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + children : children;
  }
}

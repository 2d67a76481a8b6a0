package io.tollgate.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this whole process (all threads: the caller's, an agent's own, GC, JIT) between two
 * instants, precise enough for a slice of a few hundred calls. The JDK's process CPU time on Linux
 * counts in 10 ms ticks, a quarter of a 100 ms slice; the scheduler's per-thread nanoseconds in
 * /proc/self/task/TID/schedstat are exact. They are kept per thread so that a thread which ends
 * during the slice (an idle JIT compiler thread, say) loses only its own share instead of taking its
 * whole life's CPU out of the total. Falls back to the JDK's number where /proc is missing. Each thread's name
 * is kept too, to say how much went to the agent's own threads, the GC and the JIT ({@link CpuSplit}).
 */
final class ProcessCpu {
  private static final Path TASKS = Path.of("/proc/self/task");

  private final Map<String, Long> threadNanos;
  /** {@link CpuSplit#groupOf} of each thread that has one, by thread id. */
  private final Map<String, String> threadGroups;
  private final long jdkNanos;

  private ProcessCpu(Map<String, Long> threadNanos, Map<String, String> threadGroups, long jdkNanos) {
    this.threadNanos = threadNanos;
    this.threadGroups = threadGroups;
    this.jdkNanos = jdkNanos;
  }

  static ProcessCpu now() {
    Map<String, String> groups = new HashMap<>();
    return new ProcessCpu(readThreads(groups), groups, jdkProcessNanos());
  }

  /** How much of the CPU from {@code this} to {@code later} the agent's threads, the GC and the JIT used. */
  CpuSplit splitUntil(ProcessCpu later) {
    if (threadNanos == null || later.threadNanos == null) {
      return CpuSplit.UNKNOWN;
    }
    Map<String, Long> byGroup = new HashMap<>();
    for (Map.Entry<String, Long> thread : later.threadNanos.entrySet()) {
      String group = later.threadGroups.get(thread.getKey());
      if (group != null) {
        byGroup.merge(group, thread.getValue() - threadNanos.getOrDefault(thread.getKey(), 0L), Long::sum);
      }
    }
    return new CpuSplit(byGroup.getOrDefault("agent", 0L) / 1000.0, byGroup.getOrDefault("gc", 0L) / 1000.0,
        byGroup.getOrDefault("jit", 0L) / 1000.0);
  }

  /** CPU nanoseconds the process used from {@code this} to {@code later}. */
  long nanosUntil(ProcessCpu later) {
    if (threadNanos == null || later.threadNanos == null) {
      return later.jdkNanos - jdkNanos;
    }
    long sum = 0;
    for (Map.Entry<String, Long> thread : later.threadNanos.entrySet()) {
      sum += thread.getValue() - threadNanos.getOrDefault(thread.getKey(), 0L);
    }
    return sum;
  }

  /** Null where not readable; fills {@code groups} with the group of each thread that has one. */
  private static Map<String, Long> readThreads(Map<String, String> groups) {
    if (!Files.isDirectory(TASKS)) {
      return null;
    }
    Map<String, Long> nanos = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("schedstat"));
          String id = task.getFileName().toString();
          nanos.put(id, Long.parseLong(stat.substring(0, stat.indexOf(' '))));
          String group = CpuSplit.groupOf(Files.readString(task.resolve("comm")).strip());
          if (group != null) {
            groups.put(id, group);
          }
        } catch (IOException | RuntimeException ended) {
          // the thread ended between listing and reading: it is not in this instant's set
        }
      }
    } catch (IOException e) {
      return null;
    }
    return nanos.isEmpty() ? null : nanos;
  }

  static long jdkProcessNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}

package io.tollgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy the whole machine was (Linux /proc/stat) between two instants, less the CPU that the
 * workload JVMs and this orchestrator (the loopback server) used: the share taken by other programs.
 * On a shared two-core machine that share, not the agents, is what moves results most, so every cycle
 * reports it.
 */
final class MachineLoad {
  /** /proc reports process times in USER_HZ, which Linux fixes at 100 per second for user space. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long busyTicks;
  private final long totalTicks;
  private final long ownCpuNanos;
  private final int cpus;

  private MachineLoad(long busyTicks, long totalTicks, long ownCpuNanos, int cpus) {
    this.busyTicks = busyTicks;
    this.totalTicks = totalTicks;
    this.ownCpuNanos = ownCpuNanos;
    this.cpus = cpus;
  }

  /** Now; ticks are -1 where /proc cannot be read (not Linux). */
  static MachineLoad now(List<Long> workloadPids) {
    long own = ProcessCpu.jdkProcessNanos();
    try {
      for (long pid : workloadPids) {
        own += processTicks(pid) * NANOS_PER_TICK;
      }
      // "cpu  user nice system idle iowait irq softirq steal guest guest_nice", summed over all CPUs
      List<String> stat = Files.readAllLines(Path.of("/proc/stat"));
      String[] f = stat.get(0).trim().split("\\s+");
      // the machine's CPUs, not availableProcessors(): that shrinks when this process is pinned
      int cpus = (int) stat.stream().filter(l -> l.matches("cpu\\d+ .*")).count();
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long busy = 0;
      for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
        busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
      }
      return new MachineLoad(busy, busy + idle, own, cpus);
    } catch (IOException | RuntimeException e) {
      return new MachineLoad(-1, -1, own, 0);
    }
  }

  /** utime + stime of a process, fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends its name. */
  private static long processTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * Percent of the machine's capacity used by programs other than the benchmark's own between
   * {@code this} and {@code later}; NaN where unknown.
   */
  double othersPercent(MachineLoad later, long wallNanos) {
    long total = later.totalTicks - totalTicks;
    if (busyTicks < 0 || later.busyTicks < 0 || total <= 0 || wallNanos <= 0 || cpus <= 0) {
      return Double.NaN;
    }
    double busyShare = (double) (later.busyTicks - busyTicks) / total;
    double ownShare = (later.ownCpuNanos - ownCpuNanos) / ((double) wallNanos * cpus);
    return Math.max(0, 100 * (busyShare - ownShare));
  }
}

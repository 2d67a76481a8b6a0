package io.tollgate.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy the whole machine was (Linux /proc/stat) during one child JVM, less the CPU that the child and
 * this orchestrator (the loopback server) used: the share taken by other programs. On a shared two-core
 * machine that share, not the agents, is what moves results most, so every run reports it.
 */
final class MachineLoad {
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

  /** Now; ticks are -1 where /proc/stat cannot be read (not Linux). */
  static MachineLoad now() {
    long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    try {
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

  /**
   * Percent of the machine's capacity used by programs other than this one and the child, between
   * {@code this} and {@code later}; NaN where unknown.
   */
  double othersPercent(MachineLoad later, long childCpuNanos, long wallNanos) {
    long total = later.totalTicks - totalTicks;
    if (busyTicks < 0 || later.busyTicks < 0 || total <= 0 || wallNanos <= 0 || cpus <= 0) {
      return Double.NaN;
    }
    double busyShare = (double) (later.busyTicks - busyTicks) / total;
    double capacityNanos = (double) wallNanos * cpus;
    double ownShare = (later.ownCpuNanos - ownCpuNanos + childCpuNanos) / capacityNanos;
    return Math.max(0, 100 * (busyShare - ownShare));
  }
}

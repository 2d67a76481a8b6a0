package io.tollgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the measured phase of each workload JVM on CPU 0 and the loopback server (this process) on
 * CPU 1, with Linux's taskset. Unpinned, a request/response ping-pong between two processes on two
 * cores lands on the same core in one JVM and on different cores in the next, and the same
 * configuration's latency moved by a quarter from one JVM to the next; pinned, it repeats within a few
 * percent. Both are pinned only after the workloads' warm-up, so the JIT can use both cores while it
 * has the most to compile, and released when the workloads have exited. All three workload JVMs share
 * CPU 0; they take turns, so only one of them runs there at a time. One core for the application and
 * its agent is also the fair case for an agent: work it moves to a background thread still costs the
 * application.
 */
final class CpuPinning {
  static final int WORKLOAD_CPU = 0;
  static final int SERVER_CPU = 1;

  private final boolean enabled;
  private final String reason;
  /** Taken before any pinning: availableProcessors() shrinks to 1 while this process is pinned. */
  private final int cpuCount = Runtime.getRuntime().availableProcessors();

  private CpuPinning(boolean enabled, String reason) {
    this.enabled = enabled;
    this.reason = reason;
  }

  static CpuPinning detect(boolean wanted) {
    if (!wanted) {
      return new CpuPinning(false, "off (-Dpin=false)");
    }
    if (!System.getProperty("os.name", "").startsWith("Linux") || Runtime.getRuntime().availableProcessors() < 2) {
      return new CpuPinning(false, "off (needs Linux and 2 CPUs)");
    }
    boolean taskset = List.of("/usr/bin/taskset", "/bin/taskset").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
    return taskset ? new CpuPinning(true, "workload on CPU " + WORKLOAD_CPU + ", server on CPU " + SERVER_CPU
        + " while measuring")
        : new CpuPinning(false, "off (taskset not found; apt-get install util-linux)");
  }

  boolean enabled() {
    return enabled;
  }

  String describe() {
    return "CPU pinning " + reason;
  }

  /** The workload to its CPU, this process (the server) to the other. */
  void pinForMeasurement(long workloadPid) throws IOException, InterruptedException {
    if (enabled) {
      pin(workloadPid, Integer.toString(WORKLOAD_CPU));
      pin(ProcessHandle.current().pid(), Integer.toString(SERVER_CPU));
    }
  }

  /** This process back onto every CPU, so a child started later, which inherits it, starts on all of them. */
  void release() throws IOException, InterruptedException {
    if (enabled) {
      pin(ProcessHandle.current().pid(), "0-" + (cpuCount - 1));
    }
  }

  /** All threads of the process; threads it starts later inherit the affinity of their creator. */
  private static void pin(long pid, String cpus) throws IOException, InterruptedException {
    Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException("taskset could not pin process " + pid + " to CPU " + cpus
          + "; run with -Dpin=false");
    }
  }
}

package io.tollgate.benchmarks;

/**
 * Where some of a slice's CPU time went, in microseconds: the agent's own threads (named {@code tollgate-*}), the
 * garbage collector's and the JIT compilers'. The rest of the process's CPU is the application's: its threads and
 * those of its HTTP client. NaN where the process's threads could not be read (no /proc).
 */
public record CpuSplit(double agentUs, double gcUs, double jitUs) {
  static final CpuSplit UNKNOWN = new CpuSplit(Double.NaN, Double.NaN, Double.NaN);

  /** The group a thread's name (as /proc/self/task/TID/comm gives it, cut to 15 characters) puts it in, or null. */
  static String groupOf(String threadName) {
    if (threadName.startsWith("tollgate-")) {
      return "agent";
    }
    if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.startsWith("VM Thread")) {
      return "gc"; // G1's workers, its concurrent and refinement threads, and the thread that runs the pauses
    }
    if (threadName.contains("CompilerThre")) {
      return "jit";
    }
    return null;
  }
}

package io.tollgate.instrumentation.jlama;

import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.LongPredicate;

/**
 * The CPU time Jlama's fork-join workers have used since the first reading: its own pool's and the common pool's,
 * as a running total that only grows. Workers of other pools (virtual-thread carriers, the application's own) are
 * left out. Not thread-safe: {@link SharedWorkerCpu} reads it under its lock.
 */
final class WorkerThreadsCpu {
  private final ThreadMXBean threads;
  /**
   * Every live fork-join worker's CPU time as last counted, by thread id; rebuilt at each reading, so it holds live
   * threads only. A worker missing from it started since the last reading.
   */
  private Map<Long, Long> counted;
  private long total;

  WorkerThreadsCpu(ThreadMXBean threads) {
    this.threads = threads;
  }

  /**
   * {@code jlamaPool}: null until known (asking Jlama for it starts it). Until then the time of workers of pools
   * other than the common one waits: it is counted once their pool is known to be Jlama's, or dropped.
   */
  long totalNanos(ForkJoinPool jlamaPool, LongPredicate callers) {
    Map<Long, Long> next = new HashMap<>();
    long added = 0; // kept with the readings only once all are taken: a failure midway counts nothing twice
    for (Thread t : liveThreads()) {
      if (!(t instanceof ForkJoinWorkerThread worker)) {
        continue;
      }
      long id = id(t);
      long now = threads.getThreadCpuTime(id);
      if (now < 0) {
        continue; // ended meanwhile: its time since the last reading is lost
      }
      Long last = counted == null ? Long.valueOf(now) : counted.get(id);
      long from = last == null ? 0 : last;
      ForkJoinPool pool = worker.getPool();
      if (jlamaPool == null && pool != ForkJoinPool.commonPool() && !callers.test(id)) {
        next.put(id, from);
        continue;
      }
      if ((pool == jlamaPool || pool == ForkJoinPool.commonPool()) && !callers.test(id)) {
        added += Math.max(0, now - from);
      }
      next.put(id, now);
    }
    counted = next;
    total += added;
    return total;
  }

  private static Thread[] liveThreads() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads = new Thread[root.activeCount() + 8];
    int n;
    while ((n = root.enumerate(threads, true)) == threads.length) {
      threads = new Thread[threads.length * 2];
    }
    return Arrays.copyOf(threads, n);
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+
  static long id(Thread t) {
    return t.getId();
  }
}

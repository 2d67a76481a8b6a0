package io.tollgate.instrumentation.jlama;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Supplier;

/**
 * CPU time of a generate call: the calling thread's, plus that of the fork-join workers Jlama splits its work over
 * (its own {@code PhysicalCoreExecutor} pool for the matrix products, the common pool for some element-wise steps).
 * Workers of other pools (virtual-thread carriers, the application's own) are left out. Calls running at the same
 * time share those workers, and each is charged for all of their time while it ran.
 */
public final class WorkerCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Jlama's pool, found once per class loader (this class is injected into each loader that holds Jlama). */
  private static volatile ForkJoinPool jlamaPool;

  private final long caller;
  private final long callerStart;
  /** Worker thread id to its CPU time at the start; Jlama's pool may not exist yet, so every worker is noted. */
  private final Map<Long, Long> workersStart;

  private WorkerCpuTime(long caller, long callerStart, Map<Long, Long> workersStart) {
    this.caller = caller;
    this.callerStart = callerStart;
    this.workersStart = workersStart;
  }

  /** Null when this JVM does not measure thread CPU time. */
  static WorkerCpuTime start() {
    if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
      return null;
    }
    Map<Long, Long> workers = new HashMap<>();
    for (Thread t : liveThreads()) {
      if (t instanceof ForkJoinWorkerThread) {
        workers.put(id(t), THREADS.getThreadCpuTime(id(t)));
      }
    }
    return new WorkerCpuTime(id(Thread.currentThread()), THREADS.getCurrentThreadCpuTime(), workers);
  }

  /**
   * Nanoseconds of CPU since {@link #start}. {@code generated}: the call got as far as a response, so Jlama's pool
   * exists; otherwise it is not asked for (asking starts it, which would refuse a later thread-count override).
   */
  Long since(ClassLoader jlamaLoader, boolean generated) throws ReflectiveOperationException {
    ForkJoinPool own = generated ? jlamaPool(jlamaLoader) : null;
    long total = THREADS.getCurrentThreadCpuTime() - callerStart;
    for (Thread t : liveThreads()) {
      if (t instanceof ForkJoinWorkerThread w && id(t) != caller
          && (w.getPool() == own || w.getPool() == ForkJoinPool.commonPool())) {
        long now = THREADS.getThreadCpuTime(id(t));
        if (now >= 0) {
          // a worker started during the call counts from zero
          total += now - workersStart.getOrDefault(id(t), 0L);
        }
      }
    }
    return total;
  }

  /** Asked of the pool itself, from a task run in it: Jlama keeps the pool in a private field. */
  @SuppressWarnings("unchecked")
  private static ForkJoinPool jlamaPool(ClassLoader loader) throws ReflectiveOperationException {
    ForkJoinPool pool = jlamaPool;
    if (pool == null) {
      Object executor = ((Supplier<Object>) Class.forName(JlamaInstrumentation.EXECUTOR, false, loader)
          .getField("instance").get(null)).get();
      Supplier<ForkJoinPool> ownPool = ForkJoinTask::getPool;
      jlamaPool = pool = (ForkJoinPool) executor.getClass().getMethod("submit", Supplier.class).invoke(executor, ownPool);
    }
    return pool;
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
    return java.util.Arrays.copyOf(threads, n);
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+
  private static long id(Thread t) {
    return t.getId();
  }
}

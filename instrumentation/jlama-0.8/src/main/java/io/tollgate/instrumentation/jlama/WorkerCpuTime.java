package io.tollgate.instrumentation.jlama;

import io.tollgate.bootstrap.Tollgate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;

/**
 * CPU time of a generate call: the calling thread's, plus its part of the time of the fork-join workers Jlama splits
 * its work over (its own {@code PhysicalCoreExecutor} pool for the matrix products, the common pool for some
 * element-wise steps). Calls running at the same time share those workers: {@link SharedWorkerCpu} divides their
 * time among them, so the calls' CPU seconds add up to what the process spent.
 */
public final class WorkerCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** Jlama's pool, found once per class loader (this class is injected into each loader that holds Jlama). */
  private static volatile ForkJoinPool jlamaPool;
  private static final WorkerThreadsCpu WORKER_THREADS = new WorkerThreadsCpu(THREADS);
  /** One account per class loader, like the pool: the calls of one Jlama share its workers. */
  private static final SharedWorkerCpu WORKERS =
      new SharedWorkerCpu(callers -> WORKER_THREADS.totalNanos(jlamaPool, callers));

  private final long callerStart;
  private final SharedWorkerCpu.Share workers;

  private WorkerCpuTime(long callerStart, SharedWorkerCpu.Share workers) {
    this.callerStart = callerStart;
    this.workers = workers;
  }

  /** Null when this JVM does not measure thread CPU time, or the workers could not be read. */
  static WorkerCpuTime start() {
    try {
      if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
        return null;
      }
      // the caller's own reading first: a call enters the shared account only once nothing else can fail
      long callerStart = THREADS.getCurrentThreadCpuTime();
      return new WorkerCpuTime(callerStart, WORKERS.begin(WorkerThreadsCpu.id(Thread.currentThread())));
    } catch (Throwable t) {
      Tollgate.internalError("jlama-cpu", t);
      return null;
    }
  }

  /**
   * Nanoseconds of CPU since {@link #start}; must be called once, on the calling thread, as the call ends.
   * {@code generated}: the call got as far as a response, so Jlama's pool exists; otherwise it is not asked for
   * (asking starts it, which would refuse a later thread-count override).
   */
  long since(ClassLoader jlamaLoader, boolean generated) throws ReflectiveOperationException {
    long caller;
    long workersShare;
    try {
      caller = THREADS.getCurrentThreadCpuTime() - callerStart;
      if (generated) {
        jlamaPool(jlamaLoader); // before the account's lock: it waits for a task run in the pool
      }
    } finally {
      workersShare = WORKERS.end(workers); // whatever failed above, the call leaves the account
    }
    return caller + workersShare;
  }

  /** Asked of the pool itself, from a task run in it: Jlama keeps the pool in a private field. */
  @SuppressWarnings("unchecked")
  private static void jlamaPool(ClassLoader loader) throws ReflectiveOperationException {
    if (jlamaPool == null) {
      Object executor = ((Supplier<Object>) Class.forName(JlamaInstrumentation.EXECUTOR, false, loader)
          .getField("instance").get(null)).get();
      Supplier<ForkJoinPool> ownPool = ForkJoinTask::getPool;
      jlamaPool = (ForkJoinPool) executor.getClass().getMethod("submit", Supplier.class).invoke(executor, ownPool);
    }
  }
}

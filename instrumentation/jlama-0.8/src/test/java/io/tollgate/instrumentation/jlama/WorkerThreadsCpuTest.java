package io.tollgate.instrumentation.jlama;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real fork-join workers burning real CPU: which of them the running total counts. */
class WorkerThreadsCpuTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final LongPredicate NO_CALLERS = id -> false;
  private static final long BURN_NANOS = 60_000_000;

  private final ForkJoinPool jlama = new ForkJoinPool(1);
  private final ForkJoinPool other = new ForkJoinPool(1);
  private final WorkerThreadsCpu clock = new WorkerThreadsCpu(THREADS);

  @AfterEach
  void stopPools() {
    jlama.shutdownNow();
    other.shutdownNow();
  }

  @Test
  void jlamasPoolIsCountedAndOtherPoolsAreNot() {
    long before = clock.totalNanos(jlama, NO_CALLERS);
    long jlamaBurnt = burnIn(jlama);
    long otherBurnt = burnIn(other);
    long counted = clock.totalNanos(jlama, NO_CALLERS) - before;
    assertTrue(counted >= jlamaBurnt, counted + " < " + jlamaBurnt);
    assertTrue(counted < jlamaBurnt + otherBurnt / 2, counted + " counts the other pool's " + otherBurnt);
  }

  @Test
  void aPoolNotYetKnownWaitsUntilItIs() {
    long before = clock.totalNanos(null, NO_CALLERS);
    long burnt = burnIn(jlama);
    long unknown = clock.totalNanos(null, NO_CALLERS) - before;
    assertTrue(unknown < burnt / 2, unknown + " counted before the pool was known");
    long known = clock.totalNanos(jlama, NO_CALLERS) - before;
    assertTrue(known >= burnt, known + " < " + burnt);
  }

  @Test
  void aWorkerRunningACallIsNotCountedAsAWorker() throws Exception {
    long worker = jlama.submit(() -> WorkerThreadsCpu.id(Thread.currentThread())).get();
    long before = clock.totalNanos(jlama, NO_CALLERS);
    long burnt = burnIn(jlama);
    long counted = clock.totalNanos(jlama, id -> id == worker) - before;
    assertTrue(counted < burnt / 2, counted + " counts the caller's " + burnt);
  }

  /** The CPU nanoseconds a task in the pool burnt. */
  private static long burnIn(ForkJoinPool pool) {
    return pool.submit(() -> {
      long start = THREADS.getCurrentThreadCpuTime();
      long x = 0;
      while (THREADS.getCurrentThreadCpuTime() - start < BURN_NANOS) {
        x += Long.numberOfTrailingZeros(x + start);
      }
      return THREADS.getCurrentThreadCpuTime() - start + (x == 42 ? 1 : 0);
    }).join();
  }
}

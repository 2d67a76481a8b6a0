package io.tollgate.core.export;

import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.record.CostRecord;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands records from application threads to the sinks on one daemon thread. The queue is bounded
 * and {@link #accept} never blocks: when it is full the record is dropped and counted. Records
 * arrive unbuilt ({@code Supplier}) so that pricing and formatting run on the export thread too.
 * The queue takes no lock: with a lock, an application thread could wait for the export thread
 * preempted while draining, which on one CPU is a context switch per call.
 */
public final class RecordDispatcher implements Consumer<Supplier<CostRecord>> {
  private static final int BATCH = 256;
  private final Queue<Supplier<CostRecord>> queue = new ConcurrentLinkedQueue<>();
  private final int capacity;
  /** Records queued and not yet taken: the bound, kept beside the queue since its size() is a walk. */
  private final AtomicInteger queued = new AtomicInteger();
  private final List<RecordSink> sinks;
  private final AtomicLong dropped = new AtomicLong();
  private static final long BATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private final Thread worker;
  private volatile boolean stopping;

  public RecordDispatcher(int capacity, List<RecordSink> sinks) {
    this.capacity = capacity;
    this.sinks = List.copyOf(sinks);
    this.worker = new Thread(this::run, "tollgate-export");
    this.worker.setDaemon(true);
  }

  public void start() {
    worker.start();
  }

  @Override
  public void accept(Supplier<CostRecord> record) {
    if (stopping || queued.incrementAndGet() > capacity) {
      if (!stopping) {
        queued.decrementAndGet();
      }
      dropped.incrementAndGet();
      if (record instanceof DropAware d) {
        d.dropped();
      }
      return;
    }
    queue.offer(record);
  }

  public long droppedCount() {
    return dropped.get();
  }

  /**
   * Drains the queue in batches and sleeps between them rather than waiting on it, so an application
   * thread that adds a record never has to wake this one: a call costs the queue insert only.
   */
  private void run() {
    while (true) {
      boolean last = stopping;
      try {
        int taken = 0;
        for (Supplier<CostRecord> pending; taken < BATCH && (pending = queue.poll()) != null; taken++) {
          queued.decrementAndGet();
          deliver(pending);
        }
        if (taken == 0 || queue.isEmpty()) {
          flushAll();
        }
        if (last && queue.isEmpty()) {
          return;
        }
        if (queue.isEmpty()) {
          LockSupport.parkNanos(BATCH_INTERVAL_NANOS);
        }
      } catch (Throwable t) {
        Tollgate.internalError("export", t);
      }
    }
  }

  private void deliver(Supplier<CostRecord> pending) {
    CostRecord record;
    try {
      record = pending.get();
    } catch (Throwable t) {
      Tollgate.internalError("record", t);
      return;
    }
    for (RecordSink sink : sinks) {
      try {
        sink.accept(record);
      } catch (Throwable t) {
        Tollgate.internalError("export:" + sink.name(), t);
      }
    }
  }

  private void flushAll() {
    for (RecordSink sink : sinks) {
      try {
        sink.flush();
      } catch (Throwable t) {
        Tollgate.internalError("flush:" + sink.name(), t);
      }
    }
  }

  /** Drains what is queued (waiting at most {@code timeoutMillis}), then closes every sink. */
  public void shutdown(long timeoutMillis) {
    stopping = true;
    LockSupport.unpark(worker);
    try {
      worker.join(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      dropped.addAndGet(queued.get());
    }
    for (RecordSink sink : sinks) {
      try {
        sink.close();
      } catch (Throwable t) {
        Tollgate.internalError("close:" + sink.name(), t);
      }
    }
  }
}

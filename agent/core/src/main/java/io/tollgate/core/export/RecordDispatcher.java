package io.tollgate.core.export;

import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.record.CostRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands records from application threads to the sinks on one daemon thread. The queue is bounded
 * and {@link #accept} never blocks: when it is full the record is dropped and counted. Records
 * arrive unbuilt ({@code Supplier}) so that pricing and formatting run on the export thread too.
 */
public final class RecordDispatcher implements Consumer<Supplier<CostRecord>> {
  private final BlockingQueue<Supplier<CostRecord>> queue;
  private final List<RecordSink> sinks;
  private final AtomicLong dropped = new AtomicLong();
  private static final long BATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private final Thread worker;
  private volatile boolean stopping;

  public RecordDispatcher(int capacity, List<RecordSink> sinks) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sinks = List.copyOf(sinks);
    this.worker = new Thread(this::run, "tollgate-export");
    this.worker.setDaemon(true);
  }

  public void start() {
    worker.start();
  }

  @Override
  public void accept(Supplier<CostRecord> record) {
    if (stopping || !queue.offer(record)) {
      dropped.incrementAndGet();
      if (record instanceof DropAware d) {
        d.dropped();
      }
    }
  }

  public long droppedCount() {
    return dropped.get();
  }

  /**
   * Drains the queue in batches and sleeps between them rather than waiting on it, so an application
   * thread that adds a record never has to wake this one: a call costs the queue insert only.
   */
  private void run() {
    List<Supplier<CostRecord>> batch = new ArrayList<>(256);
    while (true) {
      boolean last = stopping;
      try {
        batch.clear();
        queue.drainTo(batch, 256);
        for (Supplier<CostRecord> pending : batch) {
          deliver(pending);
        }
        if (batch.isEmpty() || queue.isEmpty()) {
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
      dropped.addAndGet(queue.size());
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

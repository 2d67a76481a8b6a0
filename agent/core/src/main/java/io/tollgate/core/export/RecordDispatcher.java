package io.tollgate.core.export;

import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.log.AgentLog;
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
 *
 * <p>With {@code lowPriority} the export thread runs at nice 19 ({@link BackgroundPriority}), in the time the
 * application leaves idle. A core the application keeps busy without pause could then starve it until the queue
 * overflows, so a second thread at normal priority ({@code tollgate-drain}) wakes with each batch interval and drains the queue whenever
 * it is a quarter full, and at shutdown drains what is left. Records are taken and delivered in small steps
 * under one lock, in queue order.
 */
public final class RecordDispatcher implements Consumer<Supplier<CostRecord>> {
  private static final AgentLog LOG = AgentLog.get(RecordDispatcher.class);
  private static final long BATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** Records taken per hold of the delivery lock: a starved holder keeps the other thread waiting for few. */
  private static final int STEP = 16;

  private final BlockingQueue<Supplier<CostRecord>> queue;
  private final List<RecordSink> sinks;
  private final AtomicLong dropped = new AtomicLong();
  private final Object delivering = new Object();
  private final int catchUpAt;
  private final Thread worker;
  private final Thread catchUp;
  private volatile boolean stopping;
  /** Set under {@link #delivering} when the sinks are closed: a thread still running after shutdown's wait stops. */
  private boolean closed;

  public RecordDispatcher(int capacity, List<RecordSink> sinks) {
    this(capacity, sinks, false);
  }

  public RecordDispatcher(int capacity, List<RecordSink> sinks, boolean lowPriority) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sinks = List.copyOf(sinks);
    this.catchUpAt = Math.max(1, capacity / 4);
    this.worker = daemon(() -> run(lowPriority), "tollgate-export");
    this.catchUp = lowPriority ? daemon(this::catchUp, "tollgate-drain") : null;
  }

  private static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  public void start() {
    worker.start();
    startCatchUp();
  }

  /** The catch-up thread alone (tests start it without the worker to see it drain). */
  void startCatchUp() {
    if (catchUp != null) {
      catchUp.start();
    }
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
  private void run(boolean lowPriority) {
    // lowered after the first records, not at start: starting renice must not compete with the JVM's start-up
    boolean lowerPriority = lowPriority;
    List<Supplier<CostRecord>> step = new ArrayList<>(STEP);
    while (true) {
      boolean last = stopping;
      try {
        int delivered = drainAndFlush(step);
        if (lowerPriority && delivered > 0 && !last) {
          lowerPriority = false;
          LOG.debug("export thread priority: " + BackgroundPriority.lowerCurrentThread());
        }
        if (last && drainedAtShutdown()) {
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

  /** Under the lock, so the other thread is not in the middle of a step when this one says all is done. */
  private boolean drainedAtShutdown() {
    synchronized (delivering) {
      if (!queue.isEmpty() && !closed) {
        return false;
      }
      flushAll();
      return true;
    }
  }

  /**
   * At normal priority: drains a backlog the low-priority export thread is not getting to, and at shutdown
   * everything left, since the JVM's exit is exactly when a busy host would leave a starved thread behind.
   */
  private void catchUp() {
    List<Supplier<CostRecord>> step = new ArrayList<>(STEP);
    while (true) {
      boolean last = stopping;
      try {
        if (last || queue.size() >= catchUpAt) {
          drainAndFlush(step);
        }
      } catch (Throwable t) {
        Tollgate.internalError("export", t);
      }
      if (last) {
        return;
      }
      LockSupport.parkNanos(BATCH_INTERVAL_NANOS);
    }
  }

  /** Delivers steps until one comes back short (the queue ran low), then flushes; returns how many were delivered. */
  private int drainAndFlush(List<Supplier<CostRecord>> step) {
    int delivered = 0;
    int taken;
    do {
      taken = deliverStep(step);
      delivered += taken;
    } while (taken == STEP);
    flushAll();
    return delivered;
  }

  /** Takes up to {@link #STEP} records in queue order and delivers them; returns how many. */
  private int deliverStep(List<Supplier<CostRecord>> step) {
    synchronized (delivering) {
      if (closed) {
        return 0;
      }
      step.clear();
      queue.drainTo(step, STEP);
      for (Supplier<CostRecord> pending : step) {
        deliver(pending);
      }
      return step.size();
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
    synchronized (delivering) {
      if (closed) {
        return;
      }
      for (RecordSink sink : sinks) {
        try {
          sink.flush();
        } catch (Throwable t) {
          Tollgate.internalError("flush:" + sink.name(), t);
        }
      }
    }
  }

  /** Drains what is queued (waiting at most {@code timeoutMillis}), then closes every sink. */
  public void shutdown(long timeoutMillis) {
    stopping = true;
    LockSupport.unpark(worker);
    if (catchUp != null) {
      LockSupport.unpark(catchUp);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      // the normal-priority drain thread first: it empties the queue while a starved export thread may not
      if (catchUp != null) {
        catchUp.join(timeoutMillis);
      }
      worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // under the lock: a thread still delivering (its wait ran out) finishes its step first, then delivers no more
    synchronized (delivering) {
      closed = true;
      // left at the deadline: counted, and told (a budget reservation then settles at its worst case, journalled)
      Supplier<CostRecord> left;
      while ((left = queue.poll()) != null) {
        dropped.incrementAndGet();
        if (left instanceof DropAware d) {
          try {
            d.dropped();
          } catch (Throwable t) {
            Tollgate.internalError("drop", t);
          }
        }
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
}

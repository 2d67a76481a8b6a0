package io.tollgate.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.CostSource;
import io.tollgate.core.record.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RecordDispatcherTest {
  private static CostRecord record(String id) {
    return new CostRecord(id, Instant.parse("2026-11-23T10:00:00Z"), "svc", "openai", "chat", "chat.completions",
        "gpt-4o-mini", "gpt-4o-mini", "127.0.0.1", 80, false, null, CostSource.PROVIDER, Cost.unpriced("USD"),
        "usage_unknown", 1.0, null, Outcome.OK, 200, null, 1, null, List.of(), null, null, null, null, 0, Map.of(),
        null, null, null);
  }

  /** A sink that keeps the ids it was given, in order, and counts flushes and closes. */
  private static final class KeptIds implements RecordSink {
    final List<String> ids = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger flushes = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    @Override public String name() { return "kept"; }
    @Override public void accept(CostRecord r) { ids.add(r.id()); }
    @Override public void flush() { flushes.incrementAndGet(); }
    @Override public void close() { closes.incrementAndGet(); }
  }

  private static final class Pending implements Supplier<CostRecord>, DropAware {
    final String id;
    boolean dropped;

    Pending(String id) {
      this.id = id;
    }

    @Override public CostRecord get() { return record(id); }
    @Override public void dropped() { dropped = true; }
  }

  @Test
  void everyRecordFromManyThreadsReachesTheSinkAndShutdownDrainsTheRest() throws Exception {
    KeptIds sink = new KeptIds();
    RecordDispatcher dispatcher = new RecordDispatcher(100_000, List.of(sink));
    dispatcher.start();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          dispatcher.accept(new Pending(thread + "-" + i));
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    dispatcher.shutdown(10_000);
    assertEquals(40_000, sink.ids.size());
    assertEquals(0, dispatcher.droppedCount());
    assertTrue(sink.flushes.get() >= 1, "flushed");
    assertEquals(1, sink.closes.get());
    // each thread's records keep their order
    for (int t = 0; t < 4; t++) {
      String prefix = t + "-";
      List<String> mine = sink.ids.stream().filter(id -> id.startsWith(prefix)).toList();
      for (int i = 0; i < mine.size(); i++) {
        assertEquals(prefix + i, mine.get(i));
      }
    }
  }

  @Test
  void aFullQueueDropsAndCountsWithoutWaitingAndTellsTheRecord() {
    KeptIds sink = new KeptIds();
    RecordDispatcher dispatcher = new RecordDispatcher(3, List.of(sink));
    List<Pending> offered = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Pending p = new Pending("r" + i);
      offered.add(p);
      dispatcher.accept(p); // the export thread is not started: nothing is taken
    }
    assertEquals(2, dispatcher.droppedCount());
    assertEquals(List.of(false, false, false, true, true), offered.stream().map(p -> p.dropped).toList());
    dispatcher.start();
    dispatcher.shutdown(10_000);
    assertEquals(List.of("r0", "r1", "r2"), sink.ids);
    dispatcher.accept(new Pending("late"));
    assertEquals(3, dispatcher.droppedCount(), "after shutdown a record is dropped, not queued");
  }
}

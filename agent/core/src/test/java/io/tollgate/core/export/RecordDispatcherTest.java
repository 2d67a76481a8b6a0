package io.tollgate.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.CostSource;
import io.tollgate.core.record.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    final java.util.Set<String> deliveredBy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Busy time per record, so that a backlog lasts long enough for the drain thread to take part. */
    long spinNanos;

    @Override public String name() { return "kept"; }
    @Override public void accept(CostRecord r) {
      ids.add(r.id());
      deliveredBy.add(Thread.currentThread().getName());
      for (long end = System.nanoTime() + spinNanos; System.nanoTime() < end; ) {
        Thread.onSpinWait();
      }
    }
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

  @ParameterizedTest(name = "low priority {0}")
  @ValueSource(booleans = {false, true})
  void everyRecordFromManyThreadsReachesTheSinkAndShutdownDrainsTheRest(boolean lowPriority) throws Exception {
    KeptIds sink = new KeptIds();
    sink.spinNanos = 10_000; // 40,000 records take 0.4 s: the backlog stays past a quarter for many 50 ms wake-ups
    // room for all 40,000 (none dropped), but a quarter of it is soon passed, so with low priority the drain
    // thread takes from the queue too: order must hold all the same
    RecordDispatcher dispatcher = new RecordDispatcher(40_000, List.of(sink), lowPriority);
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
    if (lowPriority) {
      assertTrue(sink.deliveredBy.contains("tollgate-drain"), "both threads delivered: " + sink.deliveredBy);
    }
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

  /** Records still queued when shutdown's wait runs out are counted and told, so their reservations settle. */
  @Test
  void recordsLeftAtTheShutdownDeadlineAreToldTheyWereDropped() {
    KeptIds sink = new KeptIds();
    RecordDispatcher dispatcher = new RecordDispatcher(10, List.of(sink));
    Pending left = new Pending("never-delivered");
    dispatcher.accept(left); // no thread was started: nothing takes it before the deadline
    dispatcher.shutdown(1);
    assertTrue(left.dropped);
    assertEquals(1, dispatcher.droppedCount());
    assertTrue(sink.ids.isEmpty());
  }

  /** What an operator sees in top: the export thread at nice 19, the application's threads untouched. */
  @Test
  void exportThreadRunsAtNice19OnLinux() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self")), "needs Linux");
    RecordDispatcher dispatcher = new RecordDispatcher(10, List.of(new KeptIds()), true);
    dispatcher.start();
    dispatcher.accept(new Pending("first")); // lowered once there is work, after the JVM's start-up
    try {
      long deadline = System.nanoTime() + 10_000_000_000L;
      Integer nice = null;
      while (System.nanoTime() < deadline && !Integer.valueOf(BackgroundPriority.NICE).equals(nice)) {
        nice = niceOf("tollgate-export");
        Thread.sleep(20);
      }
      assertEquals(BackgroundPriority.NICE, nice);
      assertEquals(nice(Path.of("/proc/thread-self/stat")), niceOf("tollgate-drain"),
          "the drain thread keeps the priority the JVM's threads have");
    } finally {
      dispatcher.shutdown(5_000);
    }
  }

  /** In process, without starting a renice command: a JVM that starts a child process alarms security tooling. */
  @Test
  void theThreadIsLoweredInProcess() throws Exception {
    assumeTrue(Files.exists(Path.of("/proc/thread-self")), "needs Linux");
    String[] said = new String[1];
    Integer[] nice = new Integer[1];
    Thread t = new Thread(() -> {
      said[0] = BackgroundPriority.lowerCurrentThread();
      try {
        nice[0] = nice(Path.of("/proc/thread-self/stat"));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, "lowered-once");
    t.start();
    t.join();
    assertEquals("nice 19 (setpriority)", said[0]);
    assertEquals(BackgroundPriority.NICE, nice[0]);
  }

  /** The nice value (field 19 of /proc/self/task/TID/stat) of this JVM's thread with that name, or null. */
  private static Integer niceOf(String threadName) throws Exception {
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        if (Files.readString(task.resolve("comm")).trim().equals(threadName)) {
          return nice(task.resolve("stat"));
        }
      }
    }
    return null;
  }

  private static int nice(Path stat) throws Exception {
    String text = Files.readString(stat);
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]); // field 19 counted from the pid; the split starts at field 3
  }

  /** A backlog the low-priority thread does not get to is drained by the catch-up thread, in order. */
  @Test
  void catchUpThreadDrainsABacklogOnItsOwn() throws Exception {
    KeptIds sink = new KeptIds();
    RecordDispatcher dispatcher = new RecordDispatcher(400, List.of(sink), true);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      dispatcher.accept(new Pending("r" + i));
      expected.add("r" + i);
    }
    dispatcher.startCatchUp(); // the export thread itself never runs here
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline && sink.ids.size() < 300) {
      Thread.sleep(10);
    }
    assertEquals(expected, List.copyOf(sink.ids), "all of it, in queue order");
    assertTrue(sink.flushes.get() >= 1, "flushed after catching up");
    dispatcher.shutdown(1_000);
  }

}

package io.tollgate.instrumentation.jlama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The workers' time shared out among overlapping calls, read from a clock the test moves on. */
class SharedWorkerCpuTest {
  /** The workers' total CPU nanoseconds, as the account would read them. */
  private long workers;
  private boolean unreadable;
  private final SharedWorkerCpu account = new SharedWorkerCpu(callers -> {
    if (unreadable) {
      throw new IllegalStateException("no thread CPU time");
    }
    return workers;
  });

  @Test
  void aLoneCallIsChargedAllTheWorkersTime() {
    workers = 1_000;
    SharedWorkerCpu.Share call = account.begin(1);
    workers = 4_500;
    assertEquals(3_500, account.end(call));
  }

  @Test
  void twoOverlappingCallsSplitTheOverlapAndAddUpToTheUnion() {
    workers = 0;
    SharedWorkerCpu.Share a = account.begin(1);
    workers = 100; // a alone
    SharedWorkerCpu.Share b = account.begin(2);
    workers = 300; // both
    long aNanos = account.end(a);
    workers = 500; // b alone
    long bNanos = account.end(b);
    assertEquals(100 + 100, aNanos);
    assertEquals(100 + 200, bNanos);
    assertEquals(500, aNanos + bNanos);
  }

  @Test
  void threeOverlappingCallsLoseNothingToRounding() {
    workers = 7;
    SharedWorkerCpu.Share a = account.begin(1);
    SharedWorkerCpu.Share b = account.begin(2);
    SharedWorkerCpu.Share c = account.begin(3);
    workers = 7 + 100; // 100 among three
    long bNanos = account.end(b);
    workers = 7 + 100 + 11; // 11 among two
    long aNanos = account.end(a);
    workers = 7 + 100 + 11 + 5;
    long cNanos = account.end(c);
    assertEquals(100 + 11 + 5, aNanos + bNanos + cNanos);
    assertEquals(33, bNanos, "a third of 100, give or take a nanosecond");
    assertEquals(34 + 6, aNanos);
    assertEquals(33 + 5 + 5, cNanos);
  }

  @Test
  void timeBetweenCallsIsChargedToNone() {
    workers = 0;
    SharedWorkerCpu.Share a = account.begin(1);
    workers = 100;
    assertEquals(100, account.end(a));
    workers = 1_100; // the workers busy with something else, no call running
    SharedWorkerCpu.Share b = account.begin(1);
    workers = 1_150;
    assertEquals(50, account.end(b));
  }

  @Test
  void aCallWhoseReadingFailsLeavesTheAccount() {
    workers = 0;
    SharedWorkerCpu.Share a = account.begin(1);
    SharedWorkerCpu.Share b = account.begin(2);
    workers = 200;
    unreadable = true;
    assertThrows(IllegalStateException.class, () -> account.end(a));
    unreadable = false;
    workers = 300;
    // a no longer shares; the failed reading kept no figure, so b has all the time since the last one
    SharedWorkerCpu.Share c = account.begin(3);
    assertEquals(300, account.end(b));
    assertEquals(0, account.end(c));
  }

  @Test
  void aFailedStartCountsNoCall() {
    workers = 0;
    unreadable = true;
    assertThrows(IllegalStateException.class, () -> account.begin(1));
    unreadable = false;
    SharedWorkerCpu.Share b = account.begin(2);
    workers = 80;
    assertEquals(80, account.end(b));
  }

  /** Any order of starts and ends: the parts add up to the time at least one call was running. */
  @Test
  void partsAddUpToTheUnionOfTheWindows() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<SharedWorkerCpu.Share> running = new ArrayList<>();
      long charged = 0;
      long union = 0;
      for (int event = 0; event < 40 || !running.isEmpty(); event++) {
        long spent = random.nextInt(1_000);
        workers += spent;
        if (!running.isEmpty()) {
          union += spent;
        }
        if (event < 40 && (running.isEmpty() || random.nextBoolean())) {
          running.add(account.begin(event));
        } else {
          charged += account.end(running.remove(random.nextInt(running.size())));
        }
      }
      assertEquals(union, charged, "round " + round);
    }
  }
}

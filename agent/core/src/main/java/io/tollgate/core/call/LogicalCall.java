package io.tollgate.core.call;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The attempts an SDK's retry loop made for one call of the application. Recorded once, when the
 * loop has returned and its last attempt is over (a response body may be read after the loop ends).
 */
final class LogicalCall implements Unfinished {
  private static final int MAX_ATTEMPTS_KEPT = 32;

  final long createdNanos = System.nanoTime();
  /** Captured on the application's thread when the SDK call began (attempts may run on other threads). */
  final java.util.Map<String, String> attributes;
  private final BiConsumer<LogicalCall, List<AttemptExchange>> recorder;
  private final List<AttemptExchange> attempts = new ArrayList<>(2);
  private boolean ended;
  private boolean recorded;
  final String id;

  LogicalCall(String id, java.util.Map<String, String> attributes, BiConsumer<LogicalCall, List<AttemptExchange>> recorder) {
    this.id = id;
    this.attributes = attributes;
    this.recorder = recorder;
  }

  private io.tollgate.core.record.TraceIds trace;

  /** One span for the whole call: every attempt's request names it as the parent. */
  synchronized io.tollgate.core.record.TraceIds trace() {
    if (trace == null) {
      trace = io.tollgate.core.record.TraceIds.newRoot();
    }
    return trace;
  }

  synchronized void add(AttemptExchange attempt) {
    if (attempts.size() == MAX_ATTEMPTS_KEPT) {
      AttemptExchange forgotten = attempts.remove(1); // keep the first (request facts, start time) and the latest
      if (forgotten.admission() != null && forgotten.admission().reservation() != null) {
        forgotten.admission().reservation().release(); // a retried attempt: it failed, nothing was billed
      }
      forgotten.releaseHeldBytes();
    }
    attempts.add(attempt);
  }

  void attemptDone(AttemptExchange attempt) {
    maybeRecord();
  }

  /** The SDK's method returned; answers true when the call made no LLM attempt, so that there is nothing to record. */
  boolean end() {
    boolean none;
    synchronized (this) {
      ended = true;
      none = attempts.isEmpty();
    }
    maybeRecord();
    return none;
  }

  @Override
  public synchronized long lastActivityNanos() {
    return attempts.isEmpty() ? createdNanos : attempts.get(attempts.size() - 1).lastActivityNanos();
  }

  /** Gives up on an attempt that never finished (its body was never closed) and records what is known. */
  @Override
  public void abandon(String why) {
    AttemptExchange last;
    synchronized (this) {
      ended = true;
      last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
    if (last != null) {
      last.abandon(why);
    }
    maybeRecord();
  }

  private void maybeRecord() {
    List<AttemptExchange> toRecord;
    synchronized (this) {
      if (recorded || !ended || attempts.isEmpty() || !attempts.get(attempts.size() - 1).done()) {
        return;
      }
      recorded = true;
      toRecord = List.copyOf(attempts);
    }
    recorder.accept(this, toRecord);
  }
}

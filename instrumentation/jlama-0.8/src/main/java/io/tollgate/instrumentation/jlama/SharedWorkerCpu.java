package io.tollgate.instrumentation.jlama;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.ToLongFunction;

/**
 * The workers' CPU time shared out among the generate calls that ran while it was spent. Each call's start and end
 * reads the workers' total; what they spent since the previous start or end goes to the calls running in between,
 * in equal parts (a caller thread mostly waits in a join while the workers run its products, so its own CPU time
 * says little about how much of theirs it used). The parts of overlapping calls thus add up to what the workers
 * spent over the union of their windows, to the nanosecond; time no call was running for is charged to none.
 */
final class SharedWorkerCpu {
  /** The workers' CPU nanoseconds so far, not counting the threads the predicate names (running a call themselves). */
  private final ToLongFunction<LongPredicate> workersNanos;
  /** The calls running now: as many as the application runs at once. */
  private final List<Share> running = new ArrayList<>();
  private long lastTotal;

  SharedWorkerCpu(ToLongFunction<LongPredicate> workersNanos) {
    this.workersNanos = workersNanos;
  }

  /** A call starts on {@code callerThread}; throws (and counts no call) when the workers cannot be read. */
  synchronized Share begin(long callerThread) {
    shareOut();
    Share call = new Share(callerThread);
    running.add(call);
    return call;
  }

  /** The call ends: its part of the workers' time, in nanoseconds. It leaves the account even if that throws. */
  synchronized long end(Share call) {
    try {
      shareOut();
    } finally {
      running.remove(call);
    }
    return call.nanos;
  }

  private void shareOut() {
    long total = workersNanos.applyAsLong(this::isCaller);
    long spent = Math.max(0, total - lastTotal);
    lastTotal = total;
    int n = running.size();
    if (n == 0) {
      return;
    }
    long part = spent / n;
    long rest = spent % n; // a nanosecond more to the first few, so that nothing is lost to rounding
    for (int i = 0; i < n; i++) {
      running.get(i).nanos += part + (i < rest ? 1 : 0);
    }
  }

  /** A thread running a call is charged as that call's caller, not as a worker (a common-pool task may call). */
  private boolean isCaller(long thread) {
    for (Share s : running) {
      if (s.callerThread == thread) {
        return true;
      }
    }
    return false;
  }

  /** One call's part so far; guarded by the account's lock. */
  static final class Share {
    private final long callerThread;
    private long nanos;

    private Share(long callerThread) {
      this.callerThread = callerThread;
    }
  }
}

package io.tollgate.testing.loopback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-path request counters plus the most recent requests. Counters are exact at any load; the
 * request list is bounded so a benchmark cannot fill the heap with bodies.
 */
final class RequestLog {

  private final int capacity;
  private final Map<String, AtomicLong> countsByPath = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final Deque<ReceivedRequest> recent = new ArrayDeque<>();

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  void record(ReceivedRequest request) {
    countsByPath.computeIfAbsent(request.path(), p -> new AtomicLong()).incrementAndGet();
    total.incrementAndGet();
    synchronized (recent) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(request);
    }
  }

  long total() {
    return total.get();
  }

  long count(String path) {
    AtomicLong count = countsByPath.get(path);
    return count == null ? 0 : count.get();
  }

  Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    countsByPath.forEach((path, count) -> snapshot.put(path, count.get()));
    return snapshot;
  }

  List<ReceivedRequest> recent() {
    synchronized (recent) {
      return List.copyOf(new ArrayList<>(recent));
    }
  }

  void clear() {
    synchronized (recent) {
      recent.clear();
      countsByPath.clear();
      total.set(0);
    }
  }
}

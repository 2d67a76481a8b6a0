package io.tollgate.testing.loopback;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Scripted replies per path, handed out first-in first-out; an empty queue means default behaviour. */
final class ReplyScript {

  private final Map<String, Queue<Reply>> queues = new ConcurrentHashMap<>();

  void enqueue(String path, Reply reply) {
    queues.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(reply);
  }

  /** The next scripted reply for the path, or null. */
  Reply poll(String path) {
    Queue<Reply> queue = queues.get(path);
    return queue == null ? null : queue.poll();
  }

  int pending(String path) {
    Queue<Reply> queue = queues.get(path);
    return queue == null ? 0 : queue.size();
  }

  void clear() {
    queues.clear();
  }
}

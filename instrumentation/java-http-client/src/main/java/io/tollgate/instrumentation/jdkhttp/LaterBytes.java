package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Body bytes kept to be shown to the exchange once the application's subscriber has them, so reading them never
 * delays what it reads. In arrival order even when that subscriber's {@code onNext} re-enters ours: each item is
 * queued before it is passed on, and every {@link #show} empties the queue from its head. Synchronized: the
 * application may cancel, which shows the queue, from a thread of its own.
 */
final class LaterBytes {
  private record Received(ByteBuffer bytes, long nanos) {}

  private final Exchange exchange;
  private final ArrayDeque<Received> queue = new ArrayDeque<>(4);

  LaterBytes(Exchange exchange) {
    this.exchange = exchange;
  }

  /** Views of the items as they are now: the application's reads move its own buffers' positions, not these. */
  synchronized void keep(List<ByteBuffer> items, long receivedNanos) {
    for (ByteBuffer item : items) {
      if (item.hasRemaining()) {
        queue.add(new Received(item.duplicate(), receivedNanos));
      }
    }
  }

  synchronized void keep(byte[] bytes, long receivedNanos) {
    if (bytes.length > 0) {
      queue.add(new Received(ByteBuffer.wrap(bytes), receivedNanos));
    }
  }

  synchronized void show() {
    Received r;
    while ((r = queue.poll()) != null) {
      try {
        ByteBuffer b = r.bytes();
        if (b.hasArray()) {
          exchange.onResponseBytes(b.array(), b.arrayOffset() + b.position(), b.remaining(), r.nanos());
        } else {
          byte[] copy = new byte[b.remaining()];
          b.get(copy);
          exchange.onResponseBytes(copy, 0, copy.length, r.nanos());
        }
      } catch (Throwable t) {
        Tollgate.internalError("jdk tee", t);
      }
    }
  }
}

package io.tollgate.core.call;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole (non-streamed) response body kept as bytes, so that it is parsed on the export thread rather than on the
 * application's: the application's thread then only copies. Bounded per body and across all bodies held at once;
 * past either bound the caller parses as the bytes come, as before.
 */
final class DeferredBody {
  static final int MAX_BODY_BYTES = 256 * 1024;
  private static final long MAX_HELD_BYTES = 32L * 1024 * 1024;
  private static final AtomicLong HELD = new AtomicLong();

  private byte[] bytes = new byte[0];
  private int length;
  private int reserved;

  /** Appends, or answers false (keeping nothing more) when a bound would be passed. */
  boolean append(byte[] b, int offset, int count) {
    int needed = length + count;
    if (needed > bytes.length) {
      // a body usually comes in one read: the first is taken at its size, later ones grow the array by doubling
      int capacity = bytes.length == 0 ? needed : Math.max(needed, Math.min(bytes.length * 2, MAX_BODY_BYTES));
      if (needed > MAX_BODY_BYTES || !reserve(capacity)) {
        return false;
      }
      bytes = Arrays.copyOf(bytes, capacity);
    }
    System.arraycopy(b, offset, bytes, length, count);
    length = needed;
    return true;
  }

  private boolean reserve(int capacity) {
    long more = capacity - reserved;
    if (HELD.addAndGet(more) > MAX_HELD_BYTES) {
      HELD.addAndGet(-more);
      return false;
    }
    reserved = capacity;
    return true;
  }

  byte[] array() { return bytes; }

  int length() { return length; }

  /** Gives the bytes back to the shared bound; call once, when they have been parsed or will never be. */
  void release() {
    HELD.addAndGet(-reserved);
    reserved = 0;
    bytes = null;
  }

  static long heldBytes() { return HELD.get(); }
}

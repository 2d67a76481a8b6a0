package io.tollgate.instrumentation.wire;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonPaths;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a copy of the events that carry generated text, and reads the text out of them only if it is needed: when
 * a stream ends without usage and its output has to be estimated. A chunk costs one array copy, never a JSON parse.
 * Bounded per stream and across all streams at once; past either bound later events are not kept and the text is
 * marked incomplete, so an estimate from it is labelled a lower bound.
 */
public final class DeltaPayloads {
  static final int MAX_BYTES = 1024 * 1024;
  static final long MAX_KEPT_BYTES = 64L * 1024 * 1024;
  private static final AtomicLong KEPT = new AtomicLong();

  private final JsonPaths textPaths;
  private byte[] bytes = new byte[0];
  private int length;
  private int[] ends = new int[16];
  private int count;
  private boolean truncated;

  public DeltaPayloads(JsonPaths textPaths) {
    this.textPaths = textPaths;
  }

  public void add(byte[] data, int dataLength) {
    if (truncated || bytes == null) {
      truncated = true;
      return;
    }
    if (length + dataLength > MAX_BYTES) {
      truncated = true;
      return;
    }
    if (length + dataLength > bytes.length) {
      int capacity = Math.min(MAX_BYTES, Math.max(bytes.length * 2, length + dataLength + 1024));
      if (!reserve(capacity - bytes.length)) {
        truncated = true;
        return;
      }
      bytes = Arrays.copyOf(bytes, capacity);
    }
    System.arraycopy(data, 0, bytes, length, dataLength);
    length += dataLength;
    if (count == ends.length) {
      ends = Arrays.copyOf(ends, count * 2);
    }
    ends[count++] = length;
  }

  private static boolean reserve(long more) {
    if (KEPT.addAndGet(more) > MAX_KEPT_BYTES) {
      KEPT.addAndGet(-more);
      return false;
    }
    return true;
  }

  /** The text of every kept event, in order (empty once released). */
  public String text() {
    StringBuilder out = new StringBuilder();
    int start = 0;
    for (int i = 0; bytes != null && i < count; i++) {
      var leaves = JsonLeafCollector.parse(textPaths, Arrays.copyOfRange(bytes, start, ends[i])).leaves();
      for (String path : textPaths.patterns()) {
        leaves.getStrings(path).forEach(out::append);
      }
      start = ends[i];
    }
    return out.toString();
  }

  /** More text arrived than was kept: an estimate from {@link #text()} is a lower bound. */
  public boolean truncated() {
    return truncated;
  }

  /** Gives the kept bytes back to the shared bound; once the record is built or will never be. */
  public void release() {
    if (bytes != null) {
      KEPT.addAndGet(-bytes.length);
      bytes = null;
    }
  }

  static long keptBytes() {
    return KEPT.get();
  }
}

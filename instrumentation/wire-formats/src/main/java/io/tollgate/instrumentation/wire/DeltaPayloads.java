package io.tollgate.instrumentation.wire;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonPaths;
import java.util.Arrays;

/**
 * Keeps a copy of the events that carry generated text (bounded), and reads the text out of them
 * only if it is needed: when a stream ends without usage and its output has to be estimated. A
 * chunk costs one array copy, never a JSON parse.
 */
public final class DeltaPayloads {
  private static final int MAX_BYTES = 1024 * 1024;

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
    if (length + dataLength > MAX_BYTES) {
      truncated = true;
      return;
    }
    if (length + dataLength > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(MAX_BYTES, Math.max(bytes.length * 2, length + dataLength + 1024)));
    }
    System.arraycopy(data, 0, bytes, length, dataLength);
    length += dataLength;
    if (count == ends.length) {
      ends = Arrays.copyOf(ends, count * 2);
    }
    ends[count++] = length;
  }

  /** The text of every kept event, in order. */
  public String text() {
    StringBuilder out = new StringBuilder();
    int start = 0;
    for (int i = 0; i < count; i++) {
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
}

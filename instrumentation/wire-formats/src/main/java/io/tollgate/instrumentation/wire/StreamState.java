package io.tollgate.instrumentation.wire;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.wire.StreamAccumulator;
import java.util.Arrays;

/**
 * What every stream reader keeps alike: content chunks and when the first came, the end marker,
 * and the generated text (for an estimate). Subclasses read their provider's events.
 */
public abstract class StreamState implements StreamAccumulator {
  private final DeltaPayloads deltas;
  private long firstChunkNanos;
  private int chunks;
  private boolean ended;

  protected StreamState(JsonPaths deltaTextPaths) {
    this.deltas = new DeltaPayloads(deltaTextPaths);
  }

  /** A content chunk arrived; {@code keepText} when its payload carries generated text. */
  protected final void chunk(long nanoTime, byte[] data, int length, boolean keepText) {
    if (chunks++ == 0) {
      firstChunkNanos = nanoTime;
    }
    if (keepText) {
      deltas.add(data, length);
    }
  }

  protected final void end() {
    ended = true;
  }

  protected static JsonLeaves parse(JsonPaths paths, byte[] data, int length) {
    return JsonLeafCollector.parse(paths, Arrays.copyOf(data, length)).leaves();
  }

  @Override
  public final boolean ended() {
    return ended;
  }

  @Override
  public final long firstChunkNanos() {
    return firstChunkNanos;
  }

  @Override
  public final int chunks() {
    return chunks;
  }

  @Override
  public final String outputText() {
    return deltas.text();
  }

  @Override
  public final boolean outputTextComplete() {
    return !deltas.truncated();
  }

  @Override
  public final void release() {
    deltas.release();
  }
}

package io.tollgate.benchmarks.jmh;

import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.StreamAccumulator;

/** A stream reader that only counts events, so a benchmark can time the SSE framing by itself. */
final class IgnoredEvents implements StreamAccumulator {
  private int events;

  @Override
  public void onEvent(String event, byte[] data, int length, long nanoTime) {
    events++;
  }

  @Override
  public boolean ended() {
    return false;
  }

  @Override
  public long firstChunkNanos() {
    return 0;
  }

  @Override
  public int chunks() {
    return events;
  }

  @Override
  public ResponseFacts facts() {
    return null;
  }
}

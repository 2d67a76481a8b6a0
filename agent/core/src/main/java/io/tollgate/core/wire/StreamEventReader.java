package io.tollgate.core.wire;

/** Splits a streamed response body, fed in whatever pieces the transport delivers, into events for a {@link StreamAccumulator}. */
public interface StreamEventReader {

  void feed(byte[] bytes, int offset, int length);

  /** The body reached its end. */
  void finish();
}

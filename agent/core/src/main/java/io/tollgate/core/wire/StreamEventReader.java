package io.tollgate.core.wire;

/** Splits a streamed response body, fed in whatever pieces the transport delivers, into events for a {@link StreamAccumulator}. */
public interface StreamEventReader {

  /** {@code receivedNanos}: when the transport received the bytes, the time given to the events they complete. */
  void feed(byte[] bytes, int offset, int length, long receivedNanos);

  /** The body reached its end. */
  void finish();
}

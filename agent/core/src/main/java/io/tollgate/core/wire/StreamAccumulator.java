package io.tollgate.core.wire;

/**
 * Follows one streamed response event by event (a wire format's own reading of its stream): the
 * usage the provider reports, the model, the moment of the first chunk, the proper end.
 */
public interface StreamAccumulator {

  /**
   * One server-sent event. {@code data} is only valid during the call.
   *
   * @param event the {@code event:} name, or null when the stream does not name events
   */
  void onEvent(String event, byte[] data, int length, long nanoTime);

  /** The provider's end-of-stream marker was seen. */
  boolean ended();

  /**
   * The provider finished its answer: its end marker, or a last chunk that says why generation stopped. A body that
   * ends before this was cut short (the connection closed mid-stream), though the application saw a clean end.
   */
  default boolean answerComplete() {
    return ended();
  }

  /** {@code System.nanoTime()} of the first content chunk, or 0 if none arrived. */
  long firstChunkNanos();

  /** Content chunks received. */
  int chunks();

  /** The generated text received so far (bounded), for estimating output tokens when no usage came. */
  default String outputText() {
    return "";
  }

  /** False when more text came than was kept (a bound): an estimate from {@link #outputText} is a lower bound. */
  default boolean outputTextComplete() {
    return true;
  }

  /** Gives back what was kept for {@link #outputText}; called once its record is built or will never be. */
  default void release() {}

  /** What the stream said; its usage is null when the stream carried none (yet). */
  ResponseFacts facts();
}

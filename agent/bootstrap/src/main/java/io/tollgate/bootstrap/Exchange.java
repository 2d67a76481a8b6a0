package io.tollgate.bootstrap;

/**
 * One HTTP attempt to an LLM endpoint, as seen by a transport. Transports call these methods in
 * order: request body (optional), response head, response bytes as the application reads them,
 * then exactly one of end / closed early / failure. Implementations never throw.
 */
public interface Exchange {

  /**
   * The request body as the application wrote it; {@code null} when it could not be read without
   * harm. Returns the body to send: the same array, or a changed one (Tollgate asks a stream for
   * its usage when the application did not).
   */
  byte[] onRequestBody(byte[] body);

  /**
   * Called before {@link #onRequestBody} when the application asked for the answer in an encoding of its choosing (its
   * own {@code Accept-Encoding}): the answer may come compressed, out of which Tollgate could not take anything it
   * asked for on the application's behalf, so it asks for nothing.
   */
  default void answerMayComeEncoded() {}

  /**
   * An {@code Accept-Encoding} or {@code Content-Encoding} header's value when it names an encoding, or null when the
   * header is absent, blank or {@code identity}: one rule for every transport.
   */
  static String encoding(String headerValue) {
    return headerValue == null || headerValue.isBlank() || headerValue.trim().equalsIgnoreCase("identity")
        ? null : headerValue.trim();
  }

  /**
   * Whether the response must pass through {@link #rewriteResponseBytes} rather than
   * {@link #onResponseBytes}: true when Tollgate added something to the request whose answer the
   * application must not see (the usage-only chunk it asked for on the application's behalf).
   */
  boolean rewritesResponse();

  /**
   * Returns the bytes to hand to the application now; {@code end} flushes what was held back. Only whole events
   * are ever held. The transport shows the bytes it received to {@link #onResponseBytes} as well.
   */
  byte[] rewriteResponseBytes(byte[] bytes, int offset, int length, boolean end);

  /**
   * Asked right after {@link #onRequestBody}: non-null when a budget policy blocked the request. The
   * transport must then send nothing and answer with it; the attempt is over (no further calls).
   */
  default Blocked blocked() {
    return null;
  }

  /**
   * A W3C {@code traceparent} the transport adds to the request (unless it has one), so that a server that
   * records its side of the call (an in-process engine behind an OpenAI-compatible server) joins this
   * call's trace; null to add nothing.
   */
  default String traceParent() {
    return null;
  }

  void onResponseHead(int status, String contentType);

  /**
   * As {@link #onResponseHead(int, String)}, naming the body's {@code Content-Encoding} when it is not identity (the
   * application asked for it compressed). The body is shown as it came, and never rewritten ({@link #rewritesResponse}
   * is then false): the exchange reads gzip through a decoded copy and leaves any other encoding unread, its usage
   * unknown.
   */
  default void onResponseHead(int status, String contentType, String contentEncoding) {
    onResponseHead(status, contentType);
  }

  /**
   * Response bytes, and the {@code System.nanoTime()} at which the transport received them (the first chunk's
   * time is taken from it). Transports call it after handing the bytes to the application, as late as when the
   * application asks for more or closes the body, so reading them never delays what the application reads.
   */
  void onResponseBytes(byte[] bytes, int offset, int length, long receivedNanos);

  /**
   * A transport that holds bytes back until the application's next read gives the exchange a way to have them
   * shown now, from any thread: an attempt the application never reads again nor closes is recorded with them.
   */
  default void holdsBytesBack(Runnable showThem) {}

  /** The application read the body to its end. */
  void onResponseEnd();

  /** The application closed the body before its end. */
  void onResponseClosed();

  /** The attempt failed in the transport (no response, or the body broke while being read). */
  void onFailure(Throwable error);
}

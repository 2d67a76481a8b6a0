package io.tollgate.bootstrap;

/**
 * One HTTP attempt to an LLM endpoint, as seen by a transport. Transports call these methods in
 * order: request body (optional), response head, response bytes as the application reads them,
 * then exactly one of end / closed early / failure. Implementations never throw.
 */
public interface Exchange {

  /** The request body as it will be sent; {@code null} when it could not be read without harm. */
  void onRequestBody(byte[] body);

  void onResponseHead(int status, String contentType);

  void onResponseBytes(byte[] bytes, int offset, int length);

  /** The application read the body to its end. */
  void onResponseEnd();

  /** The application closed the body before its end. */
  void onResponseClosed();

  /** The attempt failed in the transport (no response, or the body broke while being read). */
  void onFailure(Throwable error);
}

package io.tollgate.bootstrap;

/**
 * A request a budget policy stopped. The transport sends nothing: it throws {@link #exception} when
 * there is one, otherwise it answers the application with this response, which the OpenAI and
 * Anthropic SDKs surface at once as a rate-limit error and do not retry
 * ({@code x-should-retry: false}).
 */
public final class Blocked {
  public static final int STATUS = 429;
  public static final String REASON = "Too Many Requests";
  public static final String SHOULD_RETRY_HEADER = "x-should-retry";
  public static final String CONTENT_TYPE = "application/json";

  public final byte[] body;
  public final RuntimeException exception;

  public Blocked(byte[] body, RuntimeException exception) {
    this.body = body;
    this.exception = exception;
  }
}

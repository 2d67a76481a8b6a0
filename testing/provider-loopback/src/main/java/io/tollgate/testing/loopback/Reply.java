package io.tollgate.testing.loopback;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted reply for one request to a path; immutable, each method returns a changed copy.
 *
 * <p>{@code Reply.ok()} serves the normal generated body (streamed if the request asked for it).
 * A non-2xx status without a body serves the provider's documented error JSON for that path.
 * A fixed body is served verbatim, whatever the request asked for.
 */
public final class Reply {

  private final int status;
  private final String body;
  private final String contentType;
  private final Map<String, String> headers;
  private final String model;
  private final UsagePlan usage;
  private final Duration delay;
  private final int streamEventLimit;
  private final Duration eventInterval;
  private final String lineEnd;
  private final boolean sentWhole;
  private final boolean gzip;

  private Reply(int status, String body, String contentType, Map<String, String> headers, String model, UsagePlan usage,
      Duration delay, int streamEventLimit, Duration eventInterval, String lineEnd, boolean sentWhole, boolean gzip) {
    this.status = status;
    this.body = body;
    this.contentType = contentType;
    this.headers = headers;
    this.model = model;
    this.usage = usage;
    this.delay = delay;
    this.streamEventLimit = streamEventLimit;
    this.eventInterval = eventInterval;
    this.lineEnd = lineEnd;
    this.sentWhole = sentWhole;
    this.gzip = gzip;
  }

  /** 200 with the generated body. */
  public static Reply ok() {
    return status(200);
  }

  /** The given status; without a body, 2xx means the generated body and anything else the provider error JSON. */
  public static Reply status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of range: " + status);
    }
    return new Reply(status, null, null, Map.of(), null, null, Duration.ZERO, -1, Duration.ZERO, "\n", false, false);
  }

  /** Serves this JSON verbatim with {@code Content-Type: application/json}. */
  public Reply jsonBody(String json) {
    return body(json, "application/json");
  }

  /** Serves this body verbatim with the given content type. */
  public Reply body(String body, String contentType) {
    return new Reply(status, Objects.requireNonNull(body), Objects.requireNonNull(contentType),
        headers, model, usage, delay, streamEventLimit, eventInterval, lineEnd,
        sentWhole, gzip);
  }

  /** Adds a response header, e.g. {@code header("x-should-retry", "false")}. */
  public Reply header(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Reply(status, body, contentType, Map.copyOf(copy), model, usage, delay, streamEventLimit, eventInterval,
        lineEnd, sentWhole, gzip);
  }

  /** Reports this model in the generated body instead of echoing the request's. */
  public Reply model(String model) {
    return new Reply(status, body, contentType, headers, model, usage, delay, streamEventLimit, eventInterval, lineEnd,
        sentWhole, gzip);
  }

  /** Reports this usage instead of the server's plan, for this reply only. */
  public Reply usage(UsagePlan usage) {
    return new Reply(status, body, contentType, headers, model, usage, delay, streamEventLimit, eventInterval, lineEnd,
        sentWhole, gzip);
  }

  /** Waits this long before answering (timeouts, latency, concurrent-budget races). */
  public Reply delay(Duration delay) {
    return new Reply(status, body, contentType, headers, model, usage, Objects.requireNonNull(delay),
        streamEventLimit, eventInterval, lineEnd,
        sentWhole, gzip);
  }

  /**
   * For a streamed generated reply: send only the first {@code events} SSE events, then end the
   * response, like a dropped stream (no usage chunk, no {@code [DONE]}, no message_stop).
   */
  public Reply truncateStreamAfter(int events) {
    if (events < 0) {
      throw new IllegalArgumentException("events must be >= 0");
    }
    return new Reply(status, body, contentType, headers, model, usage, delay, events, eventInterval, lineEnd,
        sentWhole, gzip);
  }

  /** For a streamed generated reply: wait this long before each event after the first, like a model generating. */
  public Reply eventInterval(Duration interval) {
    return new Reply(status, body, contentType, headers, model, usage, delay, streamEventLimit,
        Objects.requireNonNull(interval), lineEnd, sentWhole, gzip);
  }

  /** For a streamed generated reply: end its lines with this ("\r" or "\r\n", both allowed by SSE) instead of "\n". */
  public Reply lineEnd(String lineEnd) {
    if (!lineEnd.equals("\n") && !lineEnd.equals("\r") && !lineEnd.equals("\r\n")) {
      throw new IllegalArgumentException("an SSE line ends in CR, LF or CRLF");
    }
    return new Reply(status, body, contentType, headers, model, usage, delay, streamEventLimit, eventInterval, lineEnd,
        sentWhole, gzip);
  }

  /** For a streamed generated reply: send it all at once with a {@code Content-Length}, as some servers do. */
  public Reply sentWhole() {
    return new Reply(status, body, contentType, headers, model, usage, delay, streamEventLimit, eventInterval, lineEnd,
        true, gzip);
  }

  /**
   * For a generated reply: gzip it ({@code Content-Encoding: gzip}, a stream flushed event by event) when the
   * request accepts gzip, as a real server decides.
   */
  public Reply gzip() {
    return new Reply(status, body, contentType, headers, model, usage, delay, streamEventLimit, eventInterval, lineEnd,
        sentWhole, true);
  }

  public int statusCode() {
    return status;
  }

  /** The fixed body, or null for a generated one. */
  public String fixedBody() {
    return body;
  }

  public String contentType() {
    return contentType;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The model override, or null to echo the request. */
  public String modelOverride() {
    return model;
  }

  /** The usage override, or null to use the server's plan. */
  public UsagePlan usageOverride() {
    return usage;
  }

  public Duration delayBefore() {
    return delay;
  }

  /** Streamed events to send before cutting the stream, or -1 for the whole stream. */
  public int streamEventLimit() {
    return streamEventLimit;
  }

  public Duration eventInterval() {
    return eventInterval;
  }

  public String lineEnd() {
    return lineEnd;
  }

  public boolean isSentWhole() {
    return sentWhole;
  }

  public boolean isGzip() {
    return gzip;
  }

  boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  @Override
  public String toString() {
    return "Reply[status=" + status + (body != null ? ", fixed body" : "")
        + (model != null ? ", model=" + model : "") + (headers.isEmpty() ? "" : ", headers=" + headers) + "]";
  }
}

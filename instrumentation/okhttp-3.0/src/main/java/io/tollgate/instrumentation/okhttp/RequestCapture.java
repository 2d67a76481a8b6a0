package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Exchange;
import java.io.IOException;
import java.net.ProtocolException;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Timeout;

/** Reads a JSON request body once and sends the same bytes on, so the body is never written twice. */
final class RequestCapture {
  /** Larger bodies (uploads) are sent untouched and their request facts left unknown. */
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private RequestCapture() {}

  /**
   * The request to send: without the logical-call header, and for an LLM call ({@code exchange} not
   * null) with its JSON body read once and sent on as the same bytes. One rebuild of the request.
   *
   * @throws BodyLost when the application's body failed once it had begun to be written for Tollgate
   */
  static Request prepare(Request request, Exchange exchange) throws IOException, BodyLost {
    Request.Builder builder = request.newBuilder();
    // each header operation scans all headers: skip the ones that change nothing
    if (request.header(CallTracker.LOGICAL_CALL_HEADER) != null) {
      builder.removeHeader(CallTracker.LOGICAL_CALL_HEADER);
    }
    String traceParent = exchange == null ? null : exchange.traceParent();
    if (traceParent != null && request.header("traceparent") == null) {
      builder.addHeader("traceparent", traceParent);
    }
    RequestBody body = request.body();
    if (exchange != null && body != null) {
      if (Exchange.encoding(request.header("Accept-Encoding")) != null) {
        // the application decodes the answer itself (OkHttp does not): Tollgate could not take anything out of it
        exchange.answerMayComeEncoded();
      }
      MediaType type = body.contentType();
      long length = body.contentLength();
      // a body of unknown length (-1) may be a stream of any size, sent chunked: it goes out as the application wrote it
      if (type != null && type.subtype().contains("json") && length >= 0 && length <= MAX_BODY_BYTES && !isOneShot(body)) {
        byte[] toSend = exchange.onRequestBody(read(body, length));
        builder.method(request.method(), RequestBody.create(type, toSend));
      } else {
        exchange.onRequestBody(null); // unread: a budget policy must still see the request
      }
    }
    return builder.build();
  }

  /**
   * The body's bytes, at most {@code length} of them held. Once the application's {@code writeTo} has begun, a
   * failure cannot fall back to sending the original: it would be written a second time.
   */
  private static byte[] read(RequestBody body, long length) throws BodyLost {
    try {
      Buffer buffer = new Buffer();
      BufferedSink sink = Okio.buffer(new Bounded(buffer, length));
      body.writeTo(sink);
      sink.flush();
      return buffer.readByteArray();
    } catch (Throwable t) {
      throw new BodyLost(t);
    }
  }

  static Request withoutLogicalCallHeader(Request request) {
    return request.header(CallTracker.LOGICAL_CALL_HEADER) == null
        ? request
        : request.newBuilder().removeHeader(CallTracker.LOGICAL_CALL_HEADER).build();
  }

  private static boolean isOneShot(RequestBody body) {
    try {
      return body.isOneShot();
    } catch (NoSuchMethodError olderThan314) {
      return false;
    }
  }

  /** The application's request body failed while Tollgate read it: the call fails, as it would have on the wire. */
  static final class BodyLost extends Exception {
    BodyLost(Throwable cause) {
      super(cause);
    }

    /** What the application gets: its own IOException or RuntimeException as thrown, anything else as an IOException. */
    IOException failure() {
      Throwable cause = getCause();
      if (cause instanceof IOException) {
        return (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      return new IOException("Tollgate could not read the request body to send it (the call fails rather than"
          + " write the body a second time)", cause);
    }
  }

  /** Holds what is written to it, failing as OkHttp fails a body that writes more than its declared length. */
  private static final class Bounded implements Sink {
    private final Buffer into;
    private final long limit;

    Bounded(Buffer into, long limit) {
      this.into = into;
      this.limit = limit;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      if (into.size() + byteCount > limit) {
        throw new ProtocolException("expected " + limit + " bytes but received " + (into.size() + byteCount));
      }
      into.write(source, byteCount);
    }

    @Override
    public void flush() {}

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}

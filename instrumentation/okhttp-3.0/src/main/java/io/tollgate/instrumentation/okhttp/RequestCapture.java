package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Exchange;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/** Reads a JSON request body once and sends the same bytes on, so the body is never written twice. */
final class RequestCapture {
  /** Larger bodies (uploads) are sent untouched and their request facts left unknown. */
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private RequestCapture() {}

  /**
   * The request to send: without the logical-call header, and for an LLM call ({@code exchange} not
   * null) with its JSON body read once and sent on as the same bytes. One rebuild of the request.
   */
  static Request prepare(Request request, Exchange exchange) throws java.io.IOException {
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
      String acceptEncoding = request.header("Accept-Encoding");
      if (acceptEncoding != null && !acceptEncoding.trim().equalsIgnoreCase("identity")) {
        // the application decodes the answer itself (OkHttp does not): Tollgate could not take anything out of it
        exchange.answerMayComeEncoded();
      }
      MediaType type = body.contentType();
      if (type != null && type.subtype().contains("json") && body.contentLength() <= MAX_BODY_BYTES && !isOneShot(body)) {
        Buffer buffer = new Buffer();
        body.writeTo(buffer);
        byte[] toSend = exchange.onRequestBody(buffer.readByteArray());
        builder.method(request.method(), RequestBody.create(type, toSend));
      } else {
        exchange.onRequestBody(null); // unread: a budget policy must still see the request
      }
    }
    return builder.build();
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
}

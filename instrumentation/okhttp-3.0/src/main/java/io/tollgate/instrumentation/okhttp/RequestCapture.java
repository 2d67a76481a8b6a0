package io.tollgate.instrumentation.okhttp;

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

  static Request capture(Request request, Exchange exchange) throws java.io.IOException {
    RequestBody body = request.body();
    if (body == null) {
      return request;
    }
    MediaType type = body.contentType();
    if (type == null || !type.subtype().contains("json") || body.contentLength() > MAX_BODY_BYTES || isOneShot(body)) {
      return request;
    }
    Buffer buffer = new Buffer();
    body.writeTo(buffer);
    byte[] bytes = buffer.readByteArray();
    exchange.onRequestBody(bytes);
    return request.newBuilder().method(request.method(), RequestBody.create(type, bytes)).build();
  }

  private static boolean isOneShot(RequestBody body) {
    try {
      return body.isOneShot();
    } catch (NoSuchMethodError olderThan314) {
      return false;
    }
  }
}

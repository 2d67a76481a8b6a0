package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Blocked;
import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import io.tollgate.core.call.CallTrackerImpl;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Decides per request whether to wrap the application's body handler; installed into the tracker. */
public final class JdkBodyHandlers {
  private JdkBodyHandlers() {}

  public static void install(CallTrackerImpl tracker) {
    tracker.setJdkBodyHandlerWrapper((request, handler) -> wrap(tracker, (HttpRequest) request, (HttpResponse.BodyHandler<?>) handler));
  }

  static Object wrap(CallTrackerImpl tracker, HttpRequest request, HttpResponse.BodyHandler<?> handler) {
    if (handler instanceof TeeBodyHandler) {
      return handler;
    }
    Exchange exchange = tracker.startExchange(request.method(), request.uri().toString(), null);
    if (exchange == null) {
      return handler;
    }
    HttpRequest replacement = null;
    try {
      if (Exchange.encoding(request.headers().firstValue("Accept-Encoding").orElse(null)) != null) {
        // the JDK client never decodes: an application that asks for gzip decodes the answer itself
        exchange.answerMayComeEncoded();
      }
      byte[] body = RequestBodyReader.read(request);
      byte[] toSend = exchange.onRequestBody(body);
      Blocked blocked = exchange.blocked();
      if (blocked != null) {
        return new BlockedBodyHandler<>(handler, blocked);
      }
      String traceParent = exchange.traceParent();
      boolean addTrace = traceParent != null && request.headers().firstValue("traceparent").isEmpty();
      boolean newBody = toSend != body && toSend != null;
      if (newBody || addTrace) {
        replacement = rebuilt(request, newBody ? toSend : null, addTrace ? traceParent : null);
      }
    } catch (Throwable t) {
      Tollgate.internalError("jdk request body", t);
    }
    return new TeeBodyHandler<>(handler, exchange, replacement);
  }

  /**
   * The same request (headers, timeout, version, body) with another body when {@code body} is not null (its
   * Content-Length follows the new bytes) and a W3C {@code traceparent} when {@code traceParent} is not null.
   */
  static HttpRequest rebuilt(HttpRequest request, byte[] body, String traceParent) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
    if (body != null) {
      builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    }
    if (traceParent != null) {
      builder.header("traceparent", traceParent);
    }
    return builder.build();
  }
}

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
      byte[] body = RequestBodyReader.read(request);
      byte[] toSend = exchange.onRequestBody(body);
      Blocked blocked = exchange.blocked();
      if (blocked != null) {
        return new BlockedBodyHandler<>(handler, blocked);
      }
      if (toSend != body && toSend != null) {
        replacement = withBody(request, toSend);
      }
    } catch (Throwable t) {
      Tollgate.internalError("jdk request body", t);
    }
    return new TeeBodyHandler<>(handler, exchange, replacement);
  }

  /** The same request (headers, timeout, version) with another body; its Content-Length follows the new bytes. */
  static HttpRequest withBody(HttpRequest request, byte[] body) {
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }
}

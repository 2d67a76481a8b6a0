package io.tollgate.instrumentation.jdkhttp;

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
    try {
      exchange.onRequestBody(RequestBodyReader.read(request)); // the JDK client cannot change a sent body: no usage injection here
    } catch (Throwable t) {
      Tollgate.internalError("jdk request body", t);
    }
    return new TeeBodyHandler<>(handler, exchange);
  }
}

package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Wraps the application's handler: reports the response head and tees the body subscriber. */
final class TeeBodyHandler<T> implements HttpResponse.BodyHandler<T>, Tollgate.ResponseFutureWatcher {
  private final HttpResponse.BodyHandler<T> delegate;
  private final Exchange exchange;

  TeeBodyHandler(HttpResponse.BodyHandler<T> delegate, Exchange exchange) {
    this.delegate = delegate;
    this.exchange = exchange;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    HttpResponse.BodySubscriber<T> subscriber = delegate.apply(info);
    try {
      exchange.onResponseHead(info.statusCode(), info.headers().firstValue("content-type").orElse(null));
      return new TeeBodySubscriber<>(subscriber, exchange);
    } catch (Throwable t) {
      Tollgate.internalError("jdk response", t);
      return subscriber;
    }
  }

  @Override
  public void watch(CompletableFuture<?> future) {
    future.whenComplete((response, error) -> {
      if (error != null) {
        exchange.onFailure(error);
      }
    });
  }
}

package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Wraps the application's handler: reports the response head and tees the body subscriber. When
 * the request is sent changed (a traceparent added, the body made to ask for usage, clamped or downgraded)
 * it holds that request; the response is rewritten back only once the advice has taken it for sending and
 * the exchange undoes something in it (the usage Tollgate asked for), so any other answer passes as it came.
 */
final class TeeBodyHandler<T> implements HttpResponse.BodyHandler<T>, Tollgate.JdkSendHook {
  private final HttpResponse.BodyHandler<T> delegate;
  private final Exchange exchange;
  private final HttpRequest replacement;
  private volatile boolean replacementSent;

  TeeBodyHandler(HttpResponse.BodyHandler<T> delegate, Exchange exchange, HttpRequest replacement) {
    this.delegate = delegate;
    this.exchange = exchange;
    this.replacement = replacement;
  }

  @Override
  public Object requestToSend(Object original) {
    if (replacement == null) {
      return original;
    }
    replacementSent = true;
    return replacement;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    HttpResponse.BodySubscriber<T> subscriber = delegate.apply(info);
    try {
      String contentType = info.headers().firstValue("content-type").orElse(null);
      // a compressed body passes as it came, never rewritten: the exchange reads gzip through a decoded copy
      exchange.onResponseHead(info.statusCode(), contentType,
          Exchange.encoding(info.headers().firstValue("content-encoding").orElse(null)));
      // the added usage only ever shows in an event stream; any other body passes as it came
      if (replacementSent && exchange.rewritesResponse() && contentType != null && contentType.contains("event-stream")) {
        return new RewritingBodySubscriber<>(subscriber, exchange);
      }
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
        exchange.onFailure(cause(error));
      }
    });
  }

  /** The transport's own failure: the JDK's future hands it on wrapped, once it has passed a dependent stage. */
  private static Throwable cause(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause(); // set when the wrapper was made: no loop
    }
    return t;
  }
}

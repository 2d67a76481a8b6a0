package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Passes each body buffer on unchanged, then shows it to the exchange ({@link LaterBytes}). */
final class TeeBodySubscriber<T> implements java.net.http.HttpResponse.BodySubscriber<T> {
  private final java.net.http.HttpResponse.BodySubscriber<T> delegate;
  private final Exchange exchange;
  private final LaterBytes later;

  TeeBodySubscriber(java.net.http.HttpResponse.BodySubscriber<T> delegate, Exchange exchange) {
    this.delegate = delegate;
    this.exchange = exchange;
    this.later = new LaterBytes(exchange);
  }

  @Override
  public CompletionStage<T> getBody() {
    return delegate.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    delegate.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        subscription.request(n);
      }

      @Override
      public void cancel() {
        later.show(); // the application cancels from inside onNext too: what it was just handed counts
        exchange.onResponseClosed();
        subscription.cancel();
      }
    });
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    later.keep(items, System.nanoTime());
    delegate.onNext(items);
    later.show();
  }

  @Override
  public void onError(Throwable throwable) {
    later.show();
    exchange.onFailure(throwable);
    delegate.onError(throwable);
  }

  @Override
  public void onComplete() {
    later.show();
    exchange.onResponseEnd();
    delegate.onComplete();
  }
}

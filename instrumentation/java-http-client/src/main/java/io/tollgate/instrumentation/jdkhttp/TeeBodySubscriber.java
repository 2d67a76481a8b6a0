package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Shows each body buffer to the exchange before passing it on unchanged. */
final class TeeBodySubscriber<T> implements java.net.http.HttpResponse.BodySubscriber<T> {
  private final java.net.http.HttpResponse.BodySubscriber<T> delegate;
  private final Exchange exchange;

  TeeBodySubscriber(java.net.http.HttpResponse.BodySubscriber<T> delegate, Exchange exchange) {
    this.delegate = delegate;
    this.exchange = exchange;
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
        exchange.onResponseClosed();
        subscription.cancel();
      }
    });
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    try {
      for (ByteBuffer item : items) {
        if (item.hasArray()) {
          exchange.onResponseBytes(item.array(), item.arrayOffset() + item.position(), item.remaining());
        } else {
          ByteBuffer copy = item.duplicate();
          byte[] bytes = new byte[copy.remaining()];
          copy.get(bytes);
          exchange.onResponseBytes(bytes, 0, bytes.length);
        }
      }
    } catch (Throwable t) {
      Tollgate.internalError("jdk tee", t);
    }
    delegate.onNext(items);
  }

  @Override
  public void onError(Throwable throwable) {
    exchange.onFailure(throwable);
    delegate.onError(throwable);
  }

  @Override
  public void onComplete() {
    exchange.onResponseEnd();
    delegate.onComplete();
  }
}

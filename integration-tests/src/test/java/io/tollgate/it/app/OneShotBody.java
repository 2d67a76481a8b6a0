package io.tollgate.it.app;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body that can be read once, as one streamed from a socket or a queue: a second subscriber gets an error.
 * Counts its subscribers.
 */
final class OneShotBody implements Flow.Publisher<ByteBuffer> {
  private final byte[] bytes;
  private final AtomicInteger subscriptions = new AtomicInteger();

  OneShotBody(byte[] bytes) {
    this.bytes = bytes;
  }

  long length() {
    return bytes.length;
  }

  int subscriptions() {
    return subscriptions.get();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    boolean first = subscriptions.incrementAndGet() == 1;
    subscriber.onSubscribe(new Flow.Subscription() {
      private boolean sent;

      @Override
      public void request(long n) {
        if (!sent) {
          sent = true;
          if (first) {
            subscriber.onNext(ByteBuffer.wrap(bytes));
            subscriber.onComplete();
          } else {
            subscriber.onError(new IllegalStateException("one-shot body already read"));
          }
        }
      }

      @Override
      public void cancel() {}
    });
  }
}

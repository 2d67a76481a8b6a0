package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Hands the application's subscriber the body as it would have been without Tollgate's usage
 * request ({@link Exchange#rewriteResponseBytes}). Every body handler consumes buffers, so one
 * subscriber serves them all (string, lines, input stream, line subscribers, publishers). Flow
 * control stays the application's: an item that rewrites to nothing is replaced by asking upstream
 * for one more, and bytes held back until the end wait for the application's demand.
 */
final class RewritingBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
  private final HttpResponse.BodySubscriber<T> delegate;
  private final Exchange exchange;
  private final LaterBytes later;
  private Flow.Subscription upstream;
  /** Items the application asked for and has not received; guarded by this. */
  private long demand;
  /** The last bytes, waiting for demand when the body ended; guarded by this. */
  private byte[] tail;
  private boolean passThrough;

  RewritingBodySubscriber(HttpResponse.BodySubscriber<T> delegate, Exchange exchange) {
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
    upstream = subscription;
    delegate.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        byte[] last;
        synchronized (RewritingBodySubscriber.this) {
          last = tail;
          tail = null;
          if (last == null && n > 0) {
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
          }
        }
        if (last != null) {
          delegate.onNext(List.of(ByteBuffer.wrap(last)));
          delegate.onComplete();
        } else {
          upstream.request(n);
        }
      }

      @Override
      public void cancel() {
        later.show(); // the application cancels from inside onNext too: what it was just handed counts
        exchange.onResponseClosed();
        upstream.cancel();
      }
    });
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    byte[] in = concat(items);
    later.keep(in, System.nanoTime());
    byte[] out = rewrite(in, false);
    if (out.length == 0) {
      later.show();
      upstream.request(1);
      return;
    }
    synchronized (this) {
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
    }
    delegate.onNext(List.of(ByteBuffer.wrap(out)));
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
    byte[] last = rewrite(new byte[0], true);
    later.show();
    exchange.onResponseEnd();
    boolean now;
    synchronized (this) {
      now = last.length == 0 || demand > 0;
      if (!now) {
        tail = last;
      }
    }
    if (now) {
      if (last.length > 0) {
        delegate.onNext(List.of(ByteBuffer.wrap(last)));
      }
      delegate.onComplete();
    }
  }

  /** After a failure of ours the bytes pass as they come: the application's read goes on. */
  private byte[] rewrite(byte[] in, boolean end) {
    if (!passThrough) {
      try {
        return exchange.rewriteResponseBytes(in, 0, in.length, end);
      } catch (Throwable t) {
        passThrough = true;
        Tollgate.internalError("jdk rewrite", t);
      }
    }
    return in;
  }

  private static byte[] concat(List<ByteBuffer> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer item : items) {
      ByteBuffer b = item.duplicate();
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
      item.position(item.limit());
    }
    return out.toByteArray();
  }
}

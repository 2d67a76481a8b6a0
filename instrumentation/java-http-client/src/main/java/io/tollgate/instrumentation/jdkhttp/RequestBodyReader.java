package io.tollgate.instrumentation.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Reads a request's body by subscribing to its publisher once more. The JDK's in-memory publishers
 * (ofString, ofByteArray) deliver synchronously and may be subscribed again; anything that does not
 * finish at once (files, streams) is left alone and its request facts stay unknown.
 */
final class RequestBodyReader {
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

  private RequestBodyReader() {}

  static byte[] read(HttpRequest request) {
    HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
    if (publisher == null || publisher.contentLength() < 0 || publisher.contentLength() > MAX_BODY_BYTES) {
      return null;
    }
    Collector collector = new Collector();
    publisher.subscribe(collector);
    return collector.done ? collector.out.toByteArray() : collector.cancel();
  }

  private static final class Collector implements Flow.Subscriber<ByteBuffer> {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    Flow.Subscription subscription;
    boolean done;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer item) {
      ByteBuffer b = item.duplicate();
      byte[] chunk = new byte[b.remaining()];
      b.get(chunk);
      out.write(chunk, 0, chunk.length);
    }

    @Override
    public void onError(Throwable throwable) {
      done = false;
    }

    @Override
    public void onComplete() {
      done = true;
    }

    byte[] cancel() {
      if (subscription != null) {
        subscription.cancel();
      }
      return null;
    }
  }
}

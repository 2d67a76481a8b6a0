package io.tollgate.instrumentation.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * Reads a request's body by subscribing to its publisher once more, only where that cannot harm the send: the JDK's
 * in-memory publishers (ofString, ofByteArray) copy their array afresh for each subscriber and deliver at once. Any
 * other publisher may be single-use ({@code fromPublisher} over a stream, whatever its declared length) or slow (a
 * file): it is left to the send as its only subscriber, and the body counts as unread (null).
 */
final class RequestBodyReader {
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
  /**
   * The classes of ofString and ofByteArray (JDK 11 to 25). Matched by name: they live in a package java.net.http
   * does not export, so no application subclasses them, and a JDK that renames them only leaves bodies unread.
   * Not ofByteArrays: its Iterable may be single-use, and its length is unknown anyway.
   */
  private static final Set<String> REPLAYABLE = Set.of(
      "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher",
      "jdk.internal.net.http.RequestPublishers$StringPublisher");

  private RequestBodyReader() {}

  static byte[] read(HttpRequest request) {
    HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
    if (publisher == null || !REPLAYABLE.contains(publisher.getClass().getName())
        || publisher.contentLength() > MAX_BODY_BYTES) {
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

package io.tollgate.instrumentation.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.bootstrap.Exchange;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The application's subscriber gets each buffer before Tollgate reads it, and Tollgate reads them in order. */
class TeeBodySubscriberTest {

  @Test
  void theApplicationHasEachBufferBeforeTollgateReadsIt() {
    Seen seen = new Seen();
    List<String> seenWhenDelivered = new ArrayList<>();
    var app = new TeeBodySubscriber<>(HttpResponse.BodySubscribers.fromSubscriber(new Downstream() {
      @Override
      public void onNext(List<ByteBuffer> items) {
        seenWhenDelivered.add(String.join("", seen.calls));
        super.onNext(items);
      }
    }), seen);
    app.onSubscribe(new Upstream());
    app.onNext(buffers("data: first\n\n"));
    app.onNext(buffers("data: second\n\n"));
    app.onComplete();
    assertEquals(List.of("", "data: first\n\n"), seenWhenDelivered);
    assertEquals(List.of("data: first\n\n", "data: second\n\n", "end"), seen.calls);
  }

  @Test
  void aSubscriberThatReentersStillShowsTollgateTheBytesInOrder() {
    Seen seen = new Seen();
    Upstream upstream = new Upstream();
    var app = new TeeBodySubscriber<>(HttpResponse.BodySubscribers.fromSubscriber(new Downstream()), seen);
    // an upstream that delivers the next item inside the application's request(), as a synchronous publisher may
    upstream.onRequest = () -> {
      if (upstream.next < 3) {
        app.onNext(buffers("data: " + upstream.next++ + "\n\n"));
      }
    };
    app.onSubscribe(upstream);
    assertEquals(List.of("data: 0\n\n", "data: 1\n\n", "data: 2\n\n"), seen.calls);
  }

  private static List<ByteBuffer> buffers(String s) {
    return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static final class Upstream implements Flow.Subscription {
    Runnable onRequest = () -> {};
    int next;

    @Override
    public void request(long n) {
      onRequest.run();
    }

    @Override
    public void cancel() {}
  }

  /** Reads each item whole and asks for one more. */
  private static class Downstream implements Flow.Subscriber<List<ByteBuffer>> {
    private Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      items.forEach(b -> b.position(b.limit()));
      subscription.request(1);
    }

    @Override public void onError(Throwable throwable) {}
    @Override public void onComplete() {}
  }

  private static final class Seen implements Exchange {
    final List<String> calls = new ArrayList<>();

    @Override
    public void onResponseBytes(byte[] bytes, int offset, int length, long receivedNanos) {
      calls.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    @Override public byte[] rewriteResponseBytes(byte[] bytes, int offset, int length, boolean end) { return bytes; }
    @Override public boolean rewritesResponse() { return false; }
    @Override public byte[] onRequestBody(byte[] body) { return body; }
    @Override public void onResponseHead(int status, String contentType) {}
    @Override public void onResponseEnd() { calls.add("end"); }
    @Override public void onResponseClosed() { calls.add("closed"); }
    @Override public void onFailure(Throwable error) { calls.add("failed"); }
  }
}

package io.tollgate.instrumentation.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.bootstrap.Exchange;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** Flow control around rewritten bodies, with the JDK's own body subscribers downstream. */
class RewritingBodySubscriberTest {

  @Test
  void anItemRewrittenToNothingIsReplacedByAnotherFromUpstream() {
    Upstream upstream = new Upstream();
    OneAtATime downstream = new OneAtATime();
    var app = new RewritingBodySubscriber<>(HttpResponse.BodySubscribers.fromSubscriber(downstream), new DropsEventsSaying("drop"));
    app.onSubscribe(upstream);
    assertEquals(1, upstream.requested, "the application's demand goes upstream");
    app.onNext(buffers("data: drop\n\n"));
    assertEquals(2, upstream.requested, "the swallowed item is asked for again on the application's behalf");
    app.onNext(buffers("data: a\n\n"));
    assertEquals("data: a\n\n", downstream.text());
    assertEquals(2, upstream.requested, "a delivered item is not replaced");
  }

  @Test
  void bytesHeldToTheEndWaitForTheApplicationsDemand() {
    Upstream upstream = new Upstream();
    OneAtATime downstream = new OneAtATime();
    var app = new RewritingBodySubscriber<>(HttpResponse.BodySubscribers.fromSubscriber(downstream), new DropsEventsSaying("drop"));
    app.onSubscribe(upstream);
    app.onNext(buffers("data: a\n\ndata: unfinished"));
    app.onComplete();
    assertEquals("data: a\n\n", downstream.text(), "the application has asked for nothing more yet");
    assertTrue(!downstream.completed);
    downstream.requestOne();
    assertEquals("data: a\n\ndata: unfinished", downstream.text());
    assertTrue(downstream.completed);
  }

  private static List<ByteBuffer> buffers(String s) {
    return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static final class Upstream implements Flow.Subscription {
    long requested;

    @Override
    public void request(long n) {
      requested += n;
    }

    @Override
    public void cancel() {}
  }

  private static final class OneAtATime implements Flow.Subscriber<List<ByteBuffer>> {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    Flow.Subscription subscription;
    boolean completed;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      items.forEach(b -> {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        received.writeBytes(bytes);
      });
    }

    void requestOne() {
      subscription.request(1);
    }

    String text() {
      return received.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {
      completed = true;
    }
  }

  /** Passes whole events on, minus those containing a word; what is left at the end goes as it is. */
  private static final class DropsEventsSaying implements Exchange {
    private final String word;
    private final StringBuilder held = new StringBuilder();

    DropsEventsSaying(String word) {
      this.word = word;
    }

    @Override
    public byte[] rewriteResponseBytes(byte[] bytes, int offset, int length, boolean end) {
      held.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
      StringBuilder out = new StringBuilder();
      for (int cut; (cut = held.indexOf("\n\n")) >= 0; held.delete(0, cut + 2)) {
        String event = held.substring(0, cut + 2);
        if (!event.contains(word)) {
          out.append(event);
        }
      }
      if (end) {
        out.append(held);
        held.setLength(0);
      }
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override public byte[] onRequestBody(byte[] body) { return body; }
    @Override public boolean rewritesResponse() { return true; }
    @Override public void onResponseHead(int status, String contentType) {}
    @Override public void onResponseBytes(byte[] bytes, int offset, int length, long receivedNanos) {}
    @Override public void onResponseEnd() {}
    @Override public void onResponseClosed() {}
    @Override public void onFailure(Throwable error) {}
  }
}

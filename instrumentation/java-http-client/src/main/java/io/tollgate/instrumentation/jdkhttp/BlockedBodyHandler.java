package io.tollgate.instrumentation.jdkhttp;

import io.tollgate.bootstrap.Blocked;
import io.tollgate.bootstrap.Tollgate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

/**
 * Stands in for the application's body handler when a budget blocked the request: the send is
 * skipped and the application's own handler reads the 429 made here, as if the server had sent it.
 */
final class BlockedBodyHandler<T> implements HttpResponse.BodyHandler<T>, Tollgate.JdkSendHook {
  private static final HttpHeaders HEADERS = HttpHeaders.of(Map.of(
      Blocked.SHOULD_RETRY_HEADER, List.of("false"), "content-type", List.of(Blocked.CONTENT_TYPE)), (n, v) -> true);

  private final HttpResponse.BodyHandler<T> handler;
  private final Blocked blocked;

  BlockedBodyHandler(HttpResponse.BodyHandler<T> handler, Blocked blocked) {
    this.handler = handler;
    this.blocked = blocked;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    return handler.apply(info);
  }

  @Override
  public Object blockedResponse(Object request) {
    if (blocked.exception != null) {
      return CompletableFuture.failedFuture(blocked.exception);
    }
    try {
      HttpRequest req = (HttpRequest) request;
      HttpResponse.BodySubscriber<T> subscriber = handler.apply(new Info());
      subscriber.onSubscribe(new OneBuffer(subscriber, blocked.body));
      return subscriber.getBody().toCompletableFuture().thenApply(body -> (HttpResponse<T>) new Response<>(req, body));
    } catch (Throwable t) {
      // the application's handler refused the 429: the call fails as the JDK fails it when a handler throws (send
      // throws an IOException, sendAsync's future fails with it), and the request still is not sent
      return CompletableFuture.failedFuture(t);
    }
  }

  private static final class Info implements HttpResponse.ResponseInfo {
    @Override public int statusCode() { return Blocked.STATUS; }
    @Override public HttpHeaders headers() { return HEADERS; }
    @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
  }

  /** Delivers the whole body as one item on the first demand, then completes. */
  private static final class OneBuffer implements Flow.Subscription {
    private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
    private final byte[] body;
    private final AtomicBoolean sent = new AtomicBoolean();

    OneBuffer(Flow.Subscriber<? super List<ByteBuffer>> subscriber, byte[] body) {
      this.subscriber = subscriber;
      this.body = body;
    }

    @Override
    public void request(long n) {
      if (n > 0 && sent.compareAndSet(false, true)) {
        subscriber.onNext(List.of(ByteBuffer.wrap(body)));
        subscriber.onComplete();
      }
    }

    @Override
    public void cancel() {
      sent.set(true);
    }
  }

  private record Response<T>(HttpRequest request, T body) implements HttpResponse<T> {
    @Override public int statusCode() { return Blocked.STATUS; }
    @Override public Optional<HttpResponse<T>> previousResponse() { return Optional.empty(); }
    @Override public HttpHeaders headers() { return HEADERS; }
    @Override public Optional<SSLSession> sslSession() { return Optional.empty(); }
    @Override public URI uri() { return request.uri(); }
    @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
  }
}

package io.tollgate.instrumentation.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.bootstrap.Exchange;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handler the send advice swaps in, run by the real JDK client as the advice runs it. */
class TeeBodyHandlerTest {
  private static final String STREAM = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]\n\n";

  /** A budget clamped the request's body, and the application had asked for usage itself: nothing is to be undone. */
  @Test
  void aChangedBodyWhoseAnswerNeedsNoUndoingIsTeedNotRewritten() throws Exception {
    try (Loopback server = Loopback.answering(200, "text/event-stream", STREAM)) {
      Recorded exchange = new Recorded();
      HttpRequest clamped = HttpRequest.newBuilder(server.uri()).POST(HttpRequest.BodyPublishers.ofString("{\"max_tokens\":966}")).build();
      var handler = new TeeBodyHandler<>(HttpResponse.BodyHandlers.ofString(), exchange, clamped);
      HttpResponse<String> response = send(handler, HttpRequest.newBuilder(server.uri())
          .POST(HttpRequest.BodyPublishers.ofString("{\"max_tokens\":4000}")).build()).get(5, TimeUnit.SECONDS);
      assertEquals(STREAM, response.body());
      assertEquals("{\"max_tokens\":966}", server.lastBody());
      assertEquals(List.of("head 200", "end"), exchange.calls, "never asked to rewrite");
      assertEquals(STREAM, exchange.seen.toString(), "shown every byte as it came");
    }
  }

  /** Nothing listens: the ledger names the connection's failure, not the future's wrapper around it. */
  @Test
  void aFailedConnectionIsReportedAsItsCause() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Recorded exchange = new Recorded();
    var handler = new TeeBodyHandler<>(HttpResponse.BodyHandlers.ofString(), exchange, null);
    CompletableFuture<?> future = send(handler, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/v1/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(ConnectException.class, exchange.failure.get(5, TimeUnit.SECONDS).getClass());
    assertEquals(ConnectException.class, Failure.of(future).getClass(), "the application's future is left as it was");
  }

  /** What the advice does around the JDK's sendAsync: the request to send, then the future it returns watched. */
  private static <T> CompletableFuture<HttpResponse<T>> send(TeeBodyHandler<T> handler, HttpRequest request) {
    CompletableFuture<HttpResponse<T>> future = HttpClient.newHttpClient().sendAsync((HttpRequest) handler.requestToSend(request), handler);
    handler.watch(future);
    return future;
  }

  /** The calls a transport makes, in order, and the bytes shown; it asked for nothing to be undone. */
  private static final class Recorded implements Exchange {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final StringBuffer seen = new StringBuffer();
    final CompletableFuture<Throwable> failure = new CompletableFuture<>();

    @Override public boolean rewritesResponse() { return false; }
    @Override public byte[] rewriteResponseBytes(byte[] bytes, int offset, int length, boolean end) {
      calls.add("rewrite");
      return bytes;
    }
    @Override public byte[] onRequestBody(byte[] body) { return body; }
    @Override public void onResponseHead(int status, String contentType) { calls.add("head " + status); }
    @Override public void onResponseBytes(byte[] bytes, int offset, int length, long receivedNanos) {
      seen.append(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }
    @Override public void onResponseEnd() { calls.add("end"); }
    @Override public void onResponseClosed() { calls.add("closed"); }
    @Override public void onFailure(Throwable error) {
      calls.add("failed");
      failure.complete(error);
    }
  }
}

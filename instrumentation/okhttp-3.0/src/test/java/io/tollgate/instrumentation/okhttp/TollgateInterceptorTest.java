package io.tollgate.instrumentation.okhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tollgate.bootstrap.Blocked;
import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor in a real OkHttp client against a loopback server, Tollgate's side recorded. */
class TollgateInterceptorTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"stream\":true}";
  private static final byte[] JSON_ANSWER = "{\"usage\":{}}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SSE = "data: a\n\ndata: drop\n\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);
  /** Where a blocked request would have gone: nothing listens, nothing is sent. */
  private static final String UNSENT = "http://127.0.0.1:9/v1/chat/completions";

  private volatile RecordingExchange exchange = new RecordingExchange(false);

  @BeforeEach
  void install() {
    Tollgate.install(new CallTracker() {
      @Override public Exchange startExchange(String method, String url, String logicalCallId) { return exchange; }
      @Override public String beginLogicalCall() { return null; }
      @Override public void endLogicalCall(String id) {}
      @Override public Object wrapJdkBodyHandler(Object request, Object handler) { return handler; }
    }, null);
  }

  @AfterEach
  void uninstall() {
    Tollgate.install(CallTracker.NOOP, null);
  }

  @Test
  void aJsonBodyOfUnknownLengthGoesOutUnreadAsTheApplicationWroteIt() throws Exception {
    try (Loopback server = Loopback.answering(JSON_ANSWER, true, "Content-Type", "application/json")) {
      Body body = new Body(-1, CHAT, null);
      try (Response response = client().newCall(post(server.url(), body)).execute()) {
        response.body().string();
      }
      Loopback.Received sent = server.received().get(0);
      assertEquals("chunked", sent.headers().getFirst("Transfer-Encoding"), "of unknown length, so sent chunked");
      assertNull(sent.headers().getFirst("Content-Length"));
      assertEquals(CHAT, new String(sent.body(), StandardCharsets.UTF_8));
      assertEquals(1, body.writes, "written once, by OkHttp");
      assertEquals("request unread", exchange.calls.get(0), "the budget's unread path");
    }
  }

  @Test
  void aBodyThatFailsWhileTollgateReadsItFailsTheCallWithItsExceptionAndIsNotWrittenAgain() throws Exception {
    try (Loopback server = Loopback.answering(JSON_ANSWER, true)) {
      IOException broken = new IOException("the file behind the body is gone");
      Body body = new Body(CHAT.length(), CHAT, broken);
      assertSame(broken, assertThrows(IOException.class, () -> client().newCall(post(server.url(), body)).execute()));
      assertEquals(1, body.writes, "never written a second time");
      assertEquals(List.of(), server.received());
      assertEquals(List.of("failed"), exchange.calls);
      assertSame(broken, exchange.failure);
    }
  }

  @Test
  void aCaptureThatRunsOutOfMemoryFailsTheCallWithAnIOException() throws Exception {
    try (Loopback server = Loopback.answering(JSON_ANSWER, true)) {
      OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
      Body body = new Body(CHAT.length(), CHAT, oom);
      IOException thrown = assertThrows(IOException.class, () -> client().newCall(post(server.url(), body)).execute());
      assertSame(oom, thrown.getCause());
      assertEquals(1, body.writes);
      assertEquals(List.of(), server.received());
    }
  }

  @Test
  void aBodyLongerThanItsDeclaredLengthFailsAsOkHttpFailsItAndIsNeverHeldWhole() throws Exception {
    String longer = CHAT + " ".repeat(1 << 20);
    try (Loopback server = Loopback.answering(JSON_ANSWER, true)) {
      Class<?> plain = assertThrows(IOException.class,
          () -> new OkHttpClient().newCall(post(server.url(), new Body(CHAT.length(), longer, null))).execute()).getClass();
      Body body = new Body(CHAT.length(), longer, null);
      IOException ours = assertThrows(IOException.class, () -> client().newCall(post(server.url(), body)).execute());
      assertEquals(plain, ours.getClass());
      assertEquals(1, body.writes);
    }
  }

  @Test
  void aRewrittenAnswerHasNoLengthSoTheApplicationReadsItWhole() throws Exception {
    exchange = new RecordingExchange(true);
    try (Loopback server = Loopback.answering(SSE, true, "Content-Type", "text/event-stream");
        Response response = client().newCall(post(server.url(), CHAT)).execute()) {
      assertNull(response.header("Content-Length"), "the provider's length is not what the application reads");
      assertEquals(-1, response.body().contentLength());
      assertEquals("data: a\n\ndata: b\n\n", new String(response.body().bytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void anAnswerPassedOnAsItCameKeepsItsLength() throws Exception {
    try (Loopback server = Loopback.answering(SSE, true, "Content-Type", "text/event-stream");
        Response response = client().newCall(post(server.url(), CHAT)).execute()) {
      assertEquals(Integer.toString(SSE.length), response.header("Content-Length"));
      assertEquals(SSE.length, response.body().contentLength());
      assertArrayEquals(SSE, response.body().bytes());
    }
  }

  @Test
  void aRequestThatChoosesItsAnswersEncodingIsSaidToBeforeItsBodyIsRead() throws Exception {
    try (Loopback server = Loopback.answering(JSON_ANSWER, true)) {
      for (String acceptEncoding : new String[] {"gzip", "identity", null}) {
        exchange = new RecordingExchange(false);
        Request.Builder request = new Request.Builder().url(server.url())
            .post(RequestBody.create(CHAT, MediaType.get("application/json")));
        if (acceptEncoding != null) {
          request.header("Accept-Encoding", acceptEncoding);
        }
        client().newCall(request.build()).execute().close();
        assertEquals(acceptEncoding != null && acceptEncoding.equals("gzip") ? "answer may come encoded" : "request " + CHAT,
            exchange.calls.get(0), String.valueOf(acceptEncoding));
      }
    }
  }

  @Test
  void aCompressedAnswerReachesTheApplicationAsItCameAndTollgateAsWell() throws Exception {
    byte[] gzip = gzip(SSE);
    exchange = new RecordingExchange(true); // had Tollgate asked for something, it could not be taken out
    try (Loopback server = Loopback.answering(gzip, true, "Content-Type", "text/event-stream", "Content-Encoding", "gzip")) {
      Request request = new Request.Builder().url(server.url()).header("Accept-Encoding", "gzip")
          .post(RequestBody.create(CHAT, MediaType.get("application/json"))).build();
      try (Response response = client().newCall(request).execute()) {
        assertEquals(Integer.toString(gzip.length), response.header("Content-Length"));
        assertArrayEquals(gzip, response.body().bytes(), "the bytes the application asked for, untouched");
      }
      List<String> calls = exchange.calls;
      assertEquals(List.of("answer may come encoded", "request " + CHAT, "head 200 gzip"), calls.subList(0, 3));
      assertEquals("end", calls.get(calls.size() - 1));
      assertEquals(new String(gzip, StandardCharsets.ISO_8859_1), String.join("", calls.subList(3, calls.size() - 1)),
          "shown as it came: the exchange decodes it");
    }
  }

  @Test
  void anEnqueuedCallBlockedInExceptionModeGetsThe429AndASynchronousOneTheException() throws Exception {
    RuntimeException budget = new IllegalStateException("budget 'none-left' exceeded");
    exchange = new RecordingExchange(false, new Blocked("{\"error\":{}}".getBytes(StandardCharsets.UTF_8), budget));
    OkHttpClient client = client();
    assertSame(budget, assertThrows(RuntimeException.class, () -> client.newCall(post(UNSENT, CHAT)).execute()));

    CompletableFuture<String> answer = new CompletableFuture<>();
    client.newCall(post(UNSENT, CHAT)).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        answer.complete("onFailure " + e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        response.close();
        String inside;
        try {
          client.newCall(post(UNSENT, CHAT)).execute().close();
          inside = "sent";
        } catch (Throwable t) {
          inside = t == budget ? "the exception" : t.toString();
        }
        answer.complete(response.code() + " x-should-retry: " + response.header("x-should-retry")
            + ", a call executed in the callback: " + inside);
      }
    });
    assertEquals("429 x-should-retry: false, a call executed in the callback: the exception",
        answer.get(10, TimeUnit.SECONDS));
  }

  private static OkHttpClient client() {
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    TollgateInterceptor.addTo(builder.interceptors());
    return builder.build();
  }

  private static Request post(String url, String json) {
    return post(url, RequestBody.create(json, MediaType.get("application/json")));
  }

  private static Request post(String url, RequestBody body) {
    return new Request.Builder().url(url).post(body).build();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** A JSON body of a declared length (-1: unknown) that counts its writes; it may fail after its first byte. */
  private static final class Body extends RequestBody {
    private final long length;
    private final byte[] content;
    private final Throwable failure;
    int writes;

    Body(long length, String content, Throwable failure) {
      this.length = length;
      this.content = content.getBytes(StandardCharsets.UTF_8);
      this.failure = failure;
    }

    @Override
    public MediaType contentType() {
      return MediaType.get("application/json");
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      writes++;
      if (failure == null) {
        sink.write(content);
        return;
      }
      sink.write(content, 0, 1);
      if (failure instanceof IOException io) {
        throw io;
      }
      throw (Error) failure;
    }
  }
}

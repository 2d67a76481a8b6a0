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
  private static final byte[] SSE = "data: a\n\ndata: drop\n\ndata: b\n\n".getBytes(StandardCharsets.UTF_8);

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
}

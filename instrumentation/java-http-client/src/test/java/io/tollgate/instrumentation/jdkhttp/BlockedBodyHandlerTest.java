package io.tollgate.instrumentation.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.bootstrap.Blocked;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A blocked request's 429, as the application's own body handler takes it. */
class BlockedBodyHandlerTest {
  private static final String ERROR = "{\"error\":{\"type\":\"budget_exceeded\"}}";
  /** Where a blocked request would have gone: nothing listens, nothing is sent. */
  private static final URI UNSENT = URI.create("http://127.0.0.1:9/v1/chat/completions");

  /** Accepts 200 only, as a client that maps any other status to an exception of its own. */
  private static final HttpResponse.BodyHandler<String> STRICT = info -> {
    if (info.statusCode() != 200) {
      throw new IllegalStateException("refused status " + info.statusCode());
    }
    return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
  };

  @Test
  void theApplicationsHandlerReadsThe429() throws Exception {
    Object answer = new BlockedBodyHandler<>(HttpResponse.BodyHandlers.ofString(), blocked()).blockedResponse(request(UNSENT));
    HttpResponse<?> response = (HttpResponse<?>) ((CompletableFuture<?>) answer).get(5, TimeUnit.SECONDS);
    assertEquals(429, response.statusCode());
    assertEquals(ERROR, response.body());
  }

  @Test
  void aHandlerThatRefusesThe429FailsTheCallAsTheJdkFailsIt() throws Exception {
    Throwable jdk;
    try (Loopback server = Loopback.answering(429, "application/json", ERROR)) {
      jdk = Failure.of(HttpClient.newHttpClient().sendAsync(request(server.uri()), STRICT));
    }
    Object answer = new BlockedBodyHandler<>(STRICT, blocked()).blockedResponse(request(UNSENT));
    Throwable ours = Failure.of((CompletableFuture<?>) answer);
    assertEquals(jdk.getClass(), ours.getClass(), "the future fails as a real 429 refused by the handler does");
    assertEquals(jdk.getMessage(), ours.getMessage());
  }

  private static Blocked blocked() {
    return new Blocked(ERROR.getBytes(StandardCharsets.UTF_8), null);
  }

  private static HttpRequest request(URI uri) {
    return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\"}")).build();
  }

}

package io.tollgate.instrumentation.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tollgate reads a request body only where a second subscription leaves the real send as it was. */
class RequestBodyReaderTest {
  private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[]}";

  @Test
  void theJdksInMemoryBodiesAreRead() {
    byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
    assertEquals(BODY, text(RequestBodyReader.read(post(BodyPublishers.ofString(BODY)))));
    assertEquals(BODY, text(RequestBodyReader.read(post(BodyPublishers.ofByteArray(bytes)))));
    assertEquals(BODY.substring(1, 9), text(RequestBodyReader.read(post(BodyPublishers.ofByteArray(bytes, 1, 8)))));
  }

  @Test
  void aOneShotBodyIsLeftToTheSendAndTheApplicationsRequestGoesThrough() throws Exception {
    try (Loopback server = Loopback.answering(200, "application/json", "{}")) {
      byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
      InputStream once = new ByteArrayInputStream(bytes); // a stream read once, as from a socket or a file
      HttpRequest request = HttpRequest.newBuilder(server.uri())
          .POST(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> once), bytes.length)).build();
      assertNull(RequestBodyReader.read(request), "a declared length does not make a body replayable");
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals(BODY, server.lastBody(), "the send read the whole body");
    }
  }

  private static HttpRequest post(HttpRequest.BodyPublisher body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:9/v1/chat/completions")).POST(body).build();
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}

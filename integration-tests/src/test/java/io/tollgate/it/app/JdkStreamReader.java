package io.tollgate.it.app;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Streams an OpenAI chat completion through the JDK client without asking for usage, reading it
 * through one body handler shape, and answers exactly what it received (lines joined by a newline),
 * base64-encoded so that it fits on one result line.
 */
final class JdkStreamReader {
  private static final String REQUEST = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Stream please.\"}]}";

  private JdkStreamReader() {}

  static String read(String baseUrl, String shape) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build();
    byte[] received = switch (shape) {
      case "input-stream" -> {
        try (InputStream in = client.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          byte[] small = new byte[7]; // small reads: the application pulls while events arrive
          for (int n; (n = in.read(small)) != -1; ) {
            out.write(small, 0, n);
          }
          yield out.toByteArray();
        }
      }
      case "lines" -> {
        try (var lines = client.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
          yield String.join("\n", lines.toList()).getBytes(StandardCharsets.UTF_8);
        }
      }
      case "string" -> client.send(request, HttpResponse.BodyHandlers.ofString()).body().getBytes(StandardCharsets.UTF_8);
      case "line-subscriber" -> {
        OneAtATime lines = new OneAtATime();
        client.send(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines));
        yield String.join("\n", lines.received).getBytes(StandardCharsets.UTF_8);
      }
      case "async-bytes" -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).join().body();
      default -> throw new IllegalArgumentException(shape);
    };
    return Base64.getEncoder().encodeToString(received);
  }

  /** Asks for one line at a time, as a back-pressured consumer does. */
  private static final class OneAtATime implements Flow.Subscriber<String> {
    final List<String> received = new ArrayList<>();
    private Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(String line) {
      received.add(line);
      subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
      received.add("ERROR " + throwable);
    }

    @Override
    public void onComplete() {}
  }
}

package io.tollgate.it.app;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * An ordinary application (no Tollgate code) that runs the named scenarios in order against a
 * loopback base URL and prints one {@code RESULT name outcome} line per scenario.
 */
public final class ScenarioApp {
  private final String baseUrl;
  private final OpenAIClient openai;
  private final AnthropicClient anthropic;

  private ScenarioApp(String baseUrl) {
    this.baseUrl = baseUrl;
    this.openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("test-key").maxRetries(2).build();
    this.anthropic = AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(2).build();
  }

  public static void main(String[] args) {
    ScenarioApp app = new ScenarioApp(args[0]);
    for (int i = 1; i < args.length; i++) {
      String name = args[i];
      String outcome;
      try {
        outcome = "ok " + app.run(name);
      } catch (Throwable t) {
        outcome = "threw " + t.getClass().getName() + ": " + firstLine(t.getMessage());
      }
      System.out.println("RESULT " + name + " " + outcome);
    }
    // OkHttp's dispatcher threads are not daemons and idle for a minute: an app exits explicitly
    System.exit(0);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  String run(String scenario) throws Exception {
    return switch (scenario) {
      case "chat", "chat-400", "chat-500", "chat-retry" -> chat("gpt-4o-mini");
      case "chat-cached" -> chat("gpt-4o");
      case "async-retry" -> openai.async().chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage("hello async").build()).join().id();
      case "responses" -> openai.responses().create(ResponseCreateParams.builder()
          .model("gpt-4.1").input("Plan a migration.").maxOutputTokens(2000).build()).id();
      case "embeddings" -> openai.embeddings().create(EmbeddingCreateParams.builder()
          .model("text-embedding-3-small").input("refund policy").build()).data().size() + " vectors";
      case "anthropic-cache" -> anthropic.messages().create(MessageCreateParams.builder()
          .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Summarise the policy.").build()).id();
      case "raw-okhttp" -> rawOkHttp();
      case "okhttp-stream-bytes" -> rawOkHttpBytes(true, false);
      case "okhttp-gzip-stream" -> rawOkHttpBytes(true, true);
      case "okhttp-gzip-json" -> rawOkHttpBytes(false, true);
      case "jdk-gzip-stream" -> jdkGzipStream();
      case "anthropic-signed-async" -> anthropicSignedAsync();
      case "jdk-http" -> jdkHttp();
      case "jdk-http-async" -> jdkHttpAsync();
      case "jdk-one-shot-body" -> jdkOneShotBody();
      case "jdk-strict-handler" -> jdkStrictHandler(false);
      case "jdk-strict-handler-async" -> jdkStrictHandler(true);
      case "chat-stream" -> chatStream();
      case "chat-stream-cancel" -> chatStreamCancelledAfter(3);
      case "chat-stream-left-open" -> chatStreamLeftOpenAfter(2);
      case "pause-3s" -> {
        Thread.sleep(3_000);
        yield "paused";
      }
      case "chat-stream-usage" -> jdkStreamWithUsage();
      case "jdk-stream-input-stream", "jdk-stream-lines", "jdk-stream-string", "jdk-stream-line-subscriber",
          "jdk-stream-async-bytes" -> JdkStreamReader.read(baseUrl, scenario.substring("jdk-stream-".length()));
      case "responses-stream" -> responsesStream();
      case "anthropic-stream" -> anthropicStream();
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  private String chat(String model) {
    return openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model(model).addUserMessage("Summarise our refund policy.").maxCompletionTokens(500).build()).id();
  }

  /** An LLM call and a non-LLM call through one plain OkHttp client. */
  private String rawOkHttp() throws Exception {
    OkHttpClient client = new OkHttpClient();
    String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (okhttp3.Response r = client.newCall(new Request.Builder().url(baseUrl + "/v1/chat/completions")
        .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute()) {
      String body = r.body().string();
      try (okhttp3.Response other = client.newCall(new Request.Builder().url(baseUrl + "/health").get().build()).execute()) {
        return r.code() + " " + body.length() + " bytes; non-LLM " + other.code();
      }
    }
  }

  /**
   * A chat call through a plain OkHttp client, its body read with {@code bytes()} (which checks it against the
   * Content-Length); with {@code gzip} the application asks for a compressed answer and decodes it itself through a
   * {@code GZIPInputStream}, which stops at the gzip trailer (the body's end is never read before the close). Returns
   * the text, base64.
   */
  private String rawOkHttpBytes(boolean stream, boolean gzip) throws Exception {
    String json = "{\"model\":\"gpt-4o-mini\"," + (stream ? "\"stream\":true," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Stream please.\"}]}";
    Request.Builder request = new Request.Builder().url(baseUrl + "/v1/chat/completions")
        .post(RequestBody.create(json, MediaType.get("application/json")));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    try (okhttp3.Response r = new OkHttpClient().newCall(request.build()).execute()) {
      byte[] body = gzip ? new java.util.zip.GZIPInputStream(r.body().byteStream()).readAllBytes() : r.body().bytes();
      return java.util.Base64.getEncoder().encodeToString(body);
    }
  }

  /**
   * An async anthropic-java call through a backend that signs every header it is given, as Bedrock's SigV4 backend
   * does; the server sees which header names were signed.
   */
  private String anthropicSignedAsync() {
    com.anthropic.backends.Backend signing = new com.anthropic.backends.Backend() {
      @Override public String baseUrl() { return baseUrl; }
      @Override public void close() {}
      @Override public com.anthropic.core.http.HttpRequest authorizeRequest(com.anthropic.core.http.HttpRequest r) {
        java.util.List<String> names = new java.util.ArrayList<>();
        r.headers().names().forEach(n -> names.add(n.toLowerCase(java.util.Locale.ROOT)));
        java.util.Collections.sort(names);
        return r.toBuilder().putHeader("x-signed-headers", String.join(";", names)).build();
      }
    };
    return com.anthropic.client.okhttp.AnthropicOkHttpClientAsync.builder().backend(signing).maxRetries(0).build()
        .messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(64).addUserMessage("hi").build())
        .join().id();
  }

  /** The JDK client never decodes: an application that asks for gzip reads the stream through a GZIPInputStream. */
  private String jdkGzipStream() throws Exception {
    String json = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Stream please.\"}]}";
    HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions")).header("Content-Type", "application/json")
            .header("Accept-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream body = new java.util.zip.GZIPInputStream(r.body())) {
      return java.util.Base64.getEncoder().encodeToString(body.readAllBytes());
    }
  }

  private String chatStream() {
    StringBuilder text = new StringBuilder();
    int[] chunks = {0};
    try (var stream = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("Stream please.").build())) {
      stream.stream().forEach(chunk -> {
        chunks[0]++;
        chunk.choices().get(0).delta().content().ifPresent(text::append);
      });
    }
    return chunks[0] + " chunks: " + text;
  }

  /** The application reads three chunks and closes the stream. */
  private String chatStreamCancelledAfter(int n) {
    int read = 0;
    StringBuilder text = new StringBuilder();
    try (var stream = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("Stream please.").build())) {
      var it = stream.stream().iterator();
      while (read < n && it.hasNext()) {
        it.next().choices().forEach(c -> c.delta().content().ifPresent(text::append));
        read++;
      }
    }
    return "closed after " + read + " chunks: " + text;
  }

  /** A bug in the application: it reads a few chunks and drops the stream without closing it. */
  private String chatStreamLeftOpenAfter(int n) {
    var stream = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("Stream please.").build());
    var it = stream.stream().iterator();
    StringBuilder text = new StringBuilder();
    int read = 0;
    while (read < n && it.hasNext()) {
      it.next().choices().forEach(c -> c.delta().content().ifPresent(text::append));
      read++;
    }
    return "left open after " + read + " chunks: " + text;
  }

  private String responsesStream() {
    int[] events = {0};
    try (var stream = openai.responses().createStreaming(ResponseCreateParams.builder()
        .model("gpt-4.1").input("Stream a plan.").build())) {
      stream.stream().forEach(e -> events[0]++);
    }
    return events[0] + " events";
  }

  private String anthropicStream() {
    int[] events = {0};
    StringBuilder text = new StringBuilder();
    try (var stream = anthropic.messages().createStreaming(MessageCreateParams.builder()
        .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Stream please.").build())) {
      stream.stream().forEach(e -> {
        events[0]++;
        e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> text.append(t.text()));
      });
    }
    return events[0] + " events: " + text;
  }

  /** A raw SSE stream read line by line through the JDK client, with usage asked for. */
  private String jdkStreamWithUsage() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String json = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<java.util.stream.Stream<String>> r = client.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofLines());
    try (var lines = r.body()) {
      return r.statusCode() + " " + lines.filter(l -> l.startsWith("data:")).count() + " data lines";
    }
  }

  private String jdkHttpAsync() {
    HttpClient client = HttpClient.newHttpClient();
    String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<String> r = client.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString()).join();
    return r.statusCode() + " " + r.body().length() + " bytes";
  }

  /** A body the JDK client reads once, with its length declared. */
  private String jdkOneShotBody() throws Exception {
    OneShotBody body = new OneShotBody(
        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.fromPublisher(body, body.length())).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + ", body read " + body.subscriptions() + " time(s)";
  }

  /** A body handler that refuses any status but 200, as clients that map statuses to exceptions of their own. */
  private String jdkStrictHandler(boolean async) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
    HttpResponse.BodyHandler<String> strict = info -> {
      if (info.statusCode() != 200) {
        throw new IllegalStateException("refused status " + info.statusCode());
      }
      return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    };
    HttpClient client = HttpClient.newHttpClient();
    return String.valueOf((async ? client.sendAsync(request, strict).join() : client.send(request, strict)).statusCode());
  }

  private String jdkHttp() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":64}";
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body().length() + " bytes";
  }
}

package io.tollgate.testing.loopback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPOutputStream;

/**
 * A fake OpenAI, Anthropic and Gemini API on 127.0.0.1 answering in the providers' wire formats with a
 * usage the test controls ({@link #usagePlan(UsagePlan)}), scriptable per path
 * ({@link #script(String, Reply...)}), and counting what it received.
 *
 * <p>Point the OpenAI SDK at {@link #openAiBaseUrl()} ({@code …/v1}) and the Anthropic SDK at
 * {@link #anthropicBaseUrl()}; the Gemini SDK at {@link #baseUrl()} (its paths start with
 * {@code /v1/models/{model}:}). JDK only, so the agent's tests, the demo and benchmarks can all use it.
 */
public final class ProviderLoopbackServer implements AutoCloseable {

  public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
  public static final String RESPONSES = "/v1/responses";
  public static final String EMBEDDINGS = "/v1/embeddings";
  public static final String MESSAGES = "/v1/messages";

  /** The Gemini {@code generateContent} path for a model. */
  public static String geminiGenerate(String model) {
    return GeminiGenerate.MODELS + model + GeminiGenerate.GENERATE;
  }

  /** The Gemini {@code streamGenerateContent} path for a model (SSE with {@code ?alt=sse}, else a JSON array). */
  public static String geminiStream(String model) {
    return GeminiGenerate.MODELS + model + GeminiGenerate.STREAM;
  }

  public static final int DEFAULT_THREADS = 16;
  /** How many recent requests {@link #receivedRequests()} keeps. */
  public static final int RECEIVED_REQUESTS_KEPT = 1000;

  private final HttpServer server;
  private final ExecutorService executor;
  private final RequestLog log = new RequestLog(RECEIVED_REQUESTS_KEPT);
  private final ReplyScript script = new ReplyScript();
  private volatile UsagePlan usagePlan = UsagePlan.defaults();

  private ProviderLoopbackServer(int port, int threads) throws IOException {
    Exchanges.preferNoDelay();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    executor = Exchanges.daemonPool("provider-loopback", threads);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on an ephemeral port with {@value #DEFAULT_THREADS} threads. */
  public static ProviderLoopbackServer start() {
    return start(0, DEFAULT_THREADS);
  }

  /** Starts on {@code port} (0 for ephemeral) with a fixed pool of {@code threads} handler threads. */
  public static ProviderLoopbackServer start(int port, int threads) {
    try {
      return new ProviderLoopbackServer(port, threads);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  public String baseUrl() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  /** Base URL for openai-java, whose paths are relative to {@code /v1}. */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** Base URL for anthropic-java, whose paths start with {@code /v1}. */
  public String anthropicBaseUrl() {
    return baseUrl();
  }

  public UsagePlan usagePlan() {
    return usagePlan;
  }

  /** Sets the usage every later generated body reports. */
  public ProviderLoopbackServer usagePlan(UsagePlan plan) {
    this.usagePlan = java.util.Objects.requireNonNull(plan);
    return this;
  }

  /** Queues replies for a path; they are used in order, then default behaviour resumes. */
  public ProviderLoopbackServer script(String path, Reply... replies) {
    for (Reply reply : replies) {
      script.enqueue(path, reply);
    }
    return this;
  }

  /** Scripted replies not yet consumed for a path. */
  public int pendingScripts(String path) {
    return script.pending(path);
  }

  public long requestCount() {
    return log.total();
  }

  public long requestCount(String path) {
    return log.count(path);
  }

  /** Counts per path, sorted by path. */
  public Map<String, Long> requestCounts() {
    return log.counts();
  }

  /** The most recent {@value #RECEIVED_REQUESTS_KEPT} requests, oldest first. */
  public List<ReceivedRequest> receivedRequests() {
    return log.recent();
  }

  public List<ReceivedRequest> receivedRequests(String path) {
    return log.recent().stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Clears counters, received requests and pending scripts, and restores the default usage plan. */
  public void reset() {
    log.clear();
    script.clear();
    usagePlan = UsagePlan.defaults();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      String body = new String(Exchanges.readBody(exchange), StandardCharsets.UTF_8);
      log.record(new ReceivedRequest(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
          Exchanges.lowerCaseHeaders(exchange), body));
      Reply scripted = script.poll(path);
      Reply reply = scripted != null ? scripted : Reply.ok();
      pause(reply.delayBefore());
      respond(exchange, path, exchange.getRequestURI().getRawQuery(), body, reply);
    } catch (IOException e) {
      // the client went away mid-response; nothing left to tell it
    } catch (RuntimeException e) {
      trySend(exchange, 500, ProviderErrors.openAi(500, "loopback server failure: " + e));
    } finally {
      exchange.close();
    }
  }

  private void respond(HttpExchange exchange, String path, String query, String body, Reply reply) throws IOException {
    boolean anthropic = Endpoint.anthropicShaped(path);
    exchange.getResponseHeaders().set(anthropic ? "request-id" : "x-request-id", Ids.next("req_", 24));
    String geminiModel = GeminiGenerate.model(path);
    reply.headers().forEach(exchange.getResponseHeaders()::set);
    if (reply.fixedBody() != null) {
      Exchanges.send(exchange, reply.statusCode(), reply.contentType(), reply.fixedBody().getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (!reply.isSuccess()) {
      sendError(exchange, path, reply.statusCode(), null);
      return;
    }
    Endpoint endpoint = Endpoint.forPath(path);
    if (endpoint == null && geminiModel == null) {
      sendError(exchange, path, 404, "Invalid URL (" + exchange.getRequestMethod() + " " + path + ")");
      return;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      sendError(exchange, path, 405, "Method " + exchange.getRequestMethod() + " not allowed on " + path);
      return;
    }
    Map<String, Object> request;
    try {
      request = parseObject(body);
    } catch (IllegalArgumentException e) {
      sendError(exchange, path, 400, "We could not parse the JSON body of your request. " + e.getMessage());
      return;
    }
    if (geminiModel != null) {
      respondGemini(exchange, path, query, request, reply, geminiModel);
      return;
    }
    Generation generation = new Generation(request, model(reply, request, endpoint),
        reply.usageOverride() != null ? reply.usageOverride() : usagePlan);
    if (generation.stream() && endpoint.stream != null) {
      sendStream(exchange, reply, endpoint.stream.apply(generation));
    } else {
      byte[] json = Json.write(endpoint.body.apply(generation)).getBytes(StandardCharsets.UTF_8);
      if (gzips(exchange, reply)) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
          gz.write(json);
        }
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        json = zipped.toByteArray();
      }
      Exchanges.send(exchange, reply.statusCode(), "application/json", json);
    }
  }

  /** Whether the reply is to be gzipped: it says so and the request accepts gzip. */
  private static boolean gzips(HttpExchange exchange, Reply reply) {
    String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
    return reply.isGzip() && accepted != null && accepted.toLowerCase(Locale.ROOT).contains("gzip");
  }

  /** Gemini's stream is SSE with {@code alt=sse}, else one JSON array sent element by element. */
  private void respondGemini(HttpExchange exchange, String path, String query, Map<String, Object> request,
      Reply reply, String model) throws IOException {
    Generation generation = new Generation(request, reply.modelOverride() != null ? reply.modelOverride() : model,
        reply.usageOverride() != null ? reply.usageOverride() : usagePlan);
    if (!GeminiGenerate.streamed(path)) {
      Exchanges.send(exchange, reply.statusCode(), "application/json",
          Json.write(GeminiGenerate.response(generation)).getBytes(StandardCharsets.UTF_8));
    } else if (query != null && List.of(query.split("&")).contains("alt=sse")) {
      sendStream(exchange, reply, GeminiGenerate.chunks(generation).stream().map(SseEvent::data).toList());
    } else {
      sendJsonArray(exchange, reply.statusCode(), GeminiGenerate.chunks(generation), reply.streamEventLimit());
    }
  }

  private static void sendJsonArray(HttpExchange exchange, int status, List<Map<String, Object>> elements, int limit)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, 0);
    OutputStream out = exchange.getResponseBody();
    int count = limit < 0 ? elements.size() : Math.min(limit, elements.size());
    for (int i = 0; i < count; i++) {
      out.write(((i == 0 ? "[" : ",\r\n") + Json.write(elements.get(i))).getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    if (count == elements.size()) {
      out.write("]".getBytes(StandardCharsets.UTF_8)); // a cut stream leaves the array open
    }
  }

  private static String model(Reply reply, Map<String, Object> request, Endpoint endpoint) {
    if (reply.modelOverride() != null) {
      return reply.modelOverride();
    }
    return request.get("model") instanceof String m ? m : endpoint.defaultModel;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseObject(String body) {
    Object parsed = Json.parse(body);
    if (!(parsed instanceof Map)) {
      throw new IllegalArgumentException("request body is not a JSON object");
    }
    return (Map<String, Object>) parsed;
  }

  private static void sendStream(HttpExchange exchange, Reply reply, List<SseEvent> events) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    boolean gzip = gzips(exchange, reply);
    if (gzip) {
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    ByteArrayOutputStream whole = reply.isSentWhole() ? new ByteArrayOutputStream() : null;
    if (whole == null) {
      exchange.sendResponseHeaders(reply.statusCode(), 0);
    }
    OutputStream sent = whole != null ? whole : exchange.getResponseBody();
    OutputStream out = gzip ? new GZIPOutputStream(sent, true) : sent;
    int limit = reply.streamEventLimit();
    int count = limit < 0 ? events.size() : Math.min(limit, events.size());
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        pause(reply.eventInterval());
      }
      out.write(events.get(i).toWire(reply.lineEnd()).getBytes(StandardCharsets.UTF_8));
      // flush per event so clients see a real stream (time to first chunk)
      out.flush();
    }
    if (gzip) {
      ((GZIPOutputStream) out).finish();
    }
    if (whole != null) {
      exchange.sendResponseHeaders(reply.statusCode(), whole.size() == 0 ? -1 : whole.size()); // 0 would mean chunked
      exchange.getResponseBody().write(whole.toByteArray());
    }
  }

  private static void sendError(HttpExchange exchange, String path, int status, String message)
      throws IOException {
    String json = Endpoint.anthropicShaped(path) ? ProviderErrors.anthropic(status, message)
        : GeminiGenerate.model(path) != null ? ProviderErrors.gemini(status, message)
        : ProviderErrors.openAi(status, message);
    Exchanges.send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  private static void trySend(HttpExchange exchange, int status, String json) {
    try {
      Exchanges.send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException ignored) {
      // headers may already be out; the close in handle() ends the exchange
    }
  }

  private static void pause(Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs the server for manual use: {@code --port N} (default 0), {@code --threads N}. */
  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    int threads = DEFAULT_THREADS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: ProviderLoopbackServer [--port N] [--threads N]");
          System.exit(2);
        }
      }
    }
    ProviderLoopbackServer server = start(port, threads);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "provider-loopback-shutdown"));
    System.out.println(server.baseUrl());
    new CountDownLatch(1).await();
  }
}

package io.tollgate.testing.loopback;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/** Small helpers over {@link HttpExchange} shared by both servers. */
final class Exchanges {

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private Exchanges() {}

  /**
   * Turns on TCP_NODELAY for JDK HttpServer sockets unless the user chose otherwise. Without it,
   * headers and body go out as separate small packets and Nagle plus delayed ACK adds ~40 ms to
   * every request, which would swamp latency benchmarks. Read once by the JDK, so it must run
   * before the first HttpServer in the JVM is created.
   */
  static void preferNoDelay() {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  /** The request body, un-gzipped when {@code Content-Encoding: gzip} (OTLP exporters compress). */
  static byte[] readBody(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    try (InputStream raw = exchange.getRequestBody();
        InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
      return in.readAllBytes();
    }
  }

  static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) ->
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
    headers.replaceAll((name, values) -> List.copyOf(values));
    return headers;
  }

  static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    // -1 tells HttpServer "no body"; 0 would mean chunked
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  /** A fixed pool of daemon threads so a forgotten server never keeps a JVM alive. */
  static ExecutorService daemonPool(String name, int threads) {
    AtomicInteger counter = new AtomicInteger();
    return Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}

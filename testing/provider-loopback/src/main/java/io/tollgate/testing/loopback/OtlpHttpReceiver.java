package io.tollgate.testing.loopback;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * A real OTLP/HTTP receiver (binary protobuf, optionally gzip) on 127.0.0.1 that keeps decoded
 * spans and metric points for assertions. Point an exporter at {@link #endpoint()} with
 * {@code otel.exporter.otlp.protocol=http/protobuf}.
 */
public final class OtlpHttpReceiver implements AutoCloseable {

  public static final String TRACES = "/v1/traces";
  public static final String METRICS = "/v1/metrics";
  public static final String LOGS = "/v1/logs";

  private final HttpServer server;
  private final ExecutorService executor;
  // one monitor guards every list so awaitSpans can wait on it
  private final Object lock = new Object();
  private final List<ExportTraceServiceRequest> traceRequests = new ArrayList<>();
  private final List<ExportMetricsServiceRequest> metricRequests = new ArrayList<>();
  private final List<SpanView> spans = new ArrayList<>();
  private final List<MetricPointView> metricPoints = new ArrayList<>();
  private long logRequests;

  private OtlpHttpReceiver(int port) throws IOException {
    Exchanges.preferNoDelay();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    executor = Exchanges.daemonPool("otlp-receiver", 4);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on an ephemeral port. */
  public static OtlpHttpReceiver start() {
    return start(0);
  }

  public static OtlpHttpReceiver start(int port) {
    try {
      return new OtlpHttpReceiver(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}: the value for {@code otel.exporter.otlp.endpoint}. */
  public String endpoint() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  public List<SpanView> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  public List<SpanView> spans(String name) {
    return spans().stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Waits until at least {@code n} spans arrived or the timeout passed; returns what is there either way. */
  public List<SpanView> awaitSpans(int n, Duration timeout) {
    return await(timeout, () -> spans.size() >= n, this::spans);
  }

  /** Every point received for the metric, in arrival order (cumulative exports repeat series). */
  public List<MetricPointView> metricPoints(String metricName) {
    synchronized (lock) {
      return metricPoints.stream().filter(p -> p.metricName().equals(metricName)).toList();
    }
  }

  /** The newest point per distinct attribute set: the current value of each cumulative series. */
  public List<MetricPointView> latestMetricPoints(String metricName) {
    Map<Map<String, Object>, MetricPointView> latest = new LinkedHashMap<>();
    for (MetricPointView point : metricPoints(metricName)) {
      latest.remove(point.attributes());
      latest.put(point.attributes(), point);
    }
    return List.copyOf(latest.values());
  }

  /** Waits until at least {@code n} points of the metric arrived or the timeout passed. */
  public List<MetricPointView> awaitMetricPoints(String metricName, int n, Duration timeout) {
    Predicate<MetricPointView> named = p -> p.metricName().equals(metricName);
    return await(timeout, () -> metricPoints.stream().filter(named).count() >= n, () -> metricPoints(metricName));
  }

  public Set<String> metricNames() {
    synchronized (lock) {
      Set<String> names = new TreeSet<>();
      metricPoints.forEach(p -> names.add(p.metricName()));
      return names;
    }
  }

  /** The raw decoded trace export requests, for assertions the views do not cover. */
  public List<ExportTraceServiceRequest> traceRequests() {
    synchronized (lock) {
      return List.copyOf(traceRequests);
    }
  }

  public List<ExportMetricsServiceRequest> metricRequests() {
    synchronized (lock) {
      return List.copyOf(metricRequests);
    }
  }

  /** Log exports are accepted and dropped; this counts them. */
  public long logRequestCount() {
    synchronized (lock) {
      return logRequests;
    }
  }

  public void reset() {
    synchronized (lock) {
      traceRequests.clear();
      metricRequests.clear();
      spans.clear();
      metricPoints.clear();
      logRequests = 0;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private <T> T await(Duration timeout, java.util.function.BooleanSupplier done,
      java.util.function.Supplier<T> result) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      try {
        long left;
        while (!done.getAsBoolean() && (left = deadline - System.nanoTime()) > 0) {
          lock.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return result.get();
    }
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      byte[] body = Exchanges.readBody(exchange);
      if (!path.equals(TRACES) && !path.equals(METRICS) && !path.equals(LOGS)) {
        sendText(exchange, 404, "unknown OTLP path " + path);
      } else if (!exchange.getRequestMethod().equals("POST")) {
        sendText(exchange, 405, "OTLP export needs POST");
      } else if (!isProtobuf(exchange)) {
        // OTLP/JSON would need protobuf-java-util; the Java exporters send protobuf anyway
        sendText(exchange, 415, "only application/x-protobuf is supported");
      } else {
        accept(exchange, path, body);
      }
    } catch (InvalidProtocolBufferException e) {
      trySendText(exchange, 400, "bad protobuf: " + e.getMessage());
    } catch (IOException e) {
      // client went away, or a corrupt gzip body
      trySendText(exchange, 400, "cannot read body: " + e.getMessage());
    } finally {
      exchange.close();
    }
  }

  private void accept(HttpExchange exchange, String path, byte[] body) throws IOException {
    byte[] response;
    switch (path) {
      case TRACES -> {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        List<SpanView> decoded = OtlpDecoder.spans(request);
        synchronized (lock) {
          traceRequests.add(request);
          spans.addAll(decoded);
          lock.notifyAll();
        }
        response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      }
      case METRICS -> {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
        List<MetricPointView> decoded = OtlpDecoder.metricPoints(request);
        synchronized (lock) {
          metricRequests.add(request);
          metricPoints.addAll(decoded);
          lock.notifyAll();
        }
        response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      }
      default -> {
        synchronized (lock) {
          logRequests++;
        }
        response = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
      }
    }
    Exchanges.send(exchange, 200, "application/x-protobuf", response);
  }

  private static boolean isProtobuf(HttpExchange exchange) {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-protobuf");
  }

  private static void sendText(HttpExchange exchange, int status, String message) throws IOException {
    Exchanges.send(exchange, status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
  }

  private static void trySendText(HttpExchange exchange, int status, String message) {
    try {
      sendText(exchange, status, message);
    } catch (IOException | RuntimeException ignored) {
      // response already started or connection gone
    }
  }
}

package io.tollgate.testing.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpHttpReceiverTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static OtlpHttpReceiver receiver;

  @BeforeAll
  static void startReceiver() {
    receiver = OtlpHttpReceiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void resetReceiver() {
    receiver.reset();
  }

  private static KeyValue attr(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static AnyValue integer(long n) {
    return AnyValue.newBuilder().setIntValue(n).build();
  }

  private static HttpResponse<byte[]> post(String path, byte[] body, String contentType, boolean gzip)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", contentType);
    if (gzip) {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
        out.write(body);
      }
      body = compressed.toByteArray();
      request.header("Content-Encoding", "gzip");
    }
    return CLIENT.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ExportTraceServiceRequest traceRequest() {
    Span span = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(new byte[16]))
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
        .setName("chat gpt-4o")
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setStartTimeUnixNano(1_000L)
        .setEndTimeUnixNano(5_000L)
        .addAttributes(attr("gen_ai.operation.name", str("chat")))
        .addAttributes(attr("gen_ai.provider.name", str("openai")))
        .addAttributes(attr("gen_ai.usage.input_tokens", integer(12)))
        .addAttributes(attr("gen_ai.usage.cost.amount", AnyValue.newBuilder().setDoubleValue(0.0125).build()))
        .addAttributes(attr("gen_ai.request.stream", AnyValue.newBuilder().setBoolValue(true).build()))
        .addAttributes(attr("gen_ai.response.finish_reasons", AnyValue.newBuilder()
            .setArrayValue(ArrayValue.newBuilder().addValues(str("stop"))).build()))
        .addEvents(Span.Event.newBuilder().setName("tollgate.budget.check").setTimeUnixNano(2_000L)
            .addAttributes(attr("tollgate.budget.remaining", integer(42))))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
        .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(attr("service.name", str("demo"))))
            .addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("io.tollgate"))
                .addSpans(span)))
        .build();
  }

  @Test
  void decodesProtobufTraceExportPostedOverHttp() throws Exception {
    HttpResponse<byte[]> response = post(OtlpHttpReceiver.TRACES, traceRequest().toByteArray(),
        "application/x-protobuf", false);

    assertEquals(200, response.statusCode());
    assertEquals("application/x-protobuf", response.headers().firstValue("content-type").orElseThrow());
    assertEquals(ExportTraceServiceResponse.getDefaultInstance(), ExportTraceServiceResponse.parseFrom(response.body()));

    List<SpanView> spans = receiver.awaitSpans(1, Duration.ofSeconds(5));
    assertEquals(1, spans.size());
    SpanView span = spans.get(0);
    assertEquals("chat gpt-4o", span.name());
    assertEquals("CLIENT", span.kind());
    assertEquals("chat", span.attribute("gen_ai.operation.name"));
    assertEquals(12L, span.attribute("gen_ai.usage.input_tokens"));
    assertEquals(0.0125, span.attribute("gen_ai.usage.cost.amount"));
    assertEquals(true, span.attribute("gen_ai.request.stream"));
    assertEquals(List.of("stop"), span.attribute("gen_ai.response.finish_reasons"));
    assertEquals(Map.of("service.name", "demo"), span.resourceAttributes());
    assertEquals("io.tollgate", span.scopeName());
    assertEquals(1_000L, span.startEpochNanos());
    assertEquals(5_000L, span.endEpochNanos());
    assertEquals(4_000L, span.durationNanos());
    assertEquals("0000000000000001", span.spanId());
    assertEquals("", span.parentSpanId());
    assertEquals("OK", span.statusCode());
    assertEquals(1, span.events().size());
    assertEquals("tollgate.budget.check", span.events().get(0).name());
    assertEquals(42L, span.events().get(0).attributes().get("tollgate.budget.remaining"));
    assertEquals(1, receiver.traceRequests().size());
    assertEquals(1, receiver.spans("chat gpt-4o").size());
  }

  @Test
  void decodesGzippedMetricsExport() throws Exception {
    Metric histogram = Metric.newBuilder().setName("gen_ai.client.token.usage").setUnit("{token}")
        .setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(HistogramDataPoint.newBuilder()
                .addAttributes(attr("gen_ai.token.type", str("input")))
                .setCount(2).setSum(24).addExplicitBounds(1).addExplicitBounds(4)
                .addBucketCounts(0).addBucketCounts(0).addBucketCounts(2)
                .setTimeUnixNano(10L)))
        .build();
    Metric counter = Metric.newBuilder().setName("tollgate.cost").setUnit("USD")
        .setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(0.5)))
        .build();
    Metric gauge = Metric.newBuilder().setName("hw.gpu.utilization").setUnit("1")
        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(1)))
        .build();
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder()
            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(histogram).addMetrics(counter).addMetrics(gauge)))
        .build();

    assertEquals(200, post(OtlpHttpReceiver.METRICS, request.toByteArray(), "application/x-protobuf", true).statusCode());

    List<MetricPointView> tokens = receiver.awaitMetricPoints("gen_ai.client.token.usage", 1, Duration.ofSeconds(5));
    assertEquals(1, tokens.size());
    MetricPointView point = tokens.get(0);
    assertEquals(MetricPointView.Type.HISTOGRAM, point.type());
    assertEquals("{token}", point.unit());
    assertEquals("input", point.attribute("gen_ai.token.type"));
    assertEquals(2, point.count());
    assertEquals(24.0, point.sum());
    assertEquals(List.of(1.0, 4.0), point.explicitBounds());
    assertEquals(List.of(0L, 0L, 2L), point.bucketCounts());

    MetricPointView cost = receiver.metricPoints("tollgate.cost").get(0);
    assertEquals(MetricPointView.Type.SUM, cost.type());
    assertTrue(cost.monotonic());
    assertEquals(0.5, cost.value());
    assertEquals(1.0, receiver.metricPoints("hw.gpu.utilization").get(0).value());
    assertEquals(java.util.Set.of("gen_ai.client.token.usage", "tollgate.cost", "hw.gpu.utilization"),
        receiver.metricNames());

    // a second cumulative export repeats the series; latestMetricPoints keeps the newest per attribute set
    ExportMetricsServiceRequest later = request.toBuilder()
        .setResourceMetrics(0, request.getResourceMetrics(0).toBuilder().setScopeMetrics(0,
            ScopeMetrics.newBuilder().addMetrics(counter.toBuilder().setSum(counter.getSum().toBuilder()
                .setDataPoints(0, NumberDataPoint.newBuilder().setAsDouble(0.75))))))
        .build();
    post(OtlpHttpReceiver.METRICS, later.toByteArray(), "application/x-protobuf", false);
    assertEquals(2, receiver.metricPoints("tollgate.cost").size());
    assertEquals(0.75, receiver.latestMetricPoints("tollgate.cost").get(0).value());
  }

  @Test
  void acceptsAndIgnoresLogs() throws Exception {
    assertEquals(200, post(OtlpHttpReceiver.LOGS, new byte[0], "application/x-protobuf", false).statusCode());
    assertEquals(1, receiver.logRequestCount());
    assertTrue(receiver.spans().isEmpty());
  }

  @Test
  void rejectsOtherContentTypesPathsAndGarbage() throws Exception {
    assertEquals(415, post(OtlpHttpReceiver.TRACES, "{}".getBytes(), "application/json", false).statusCode());
    assertEquals(404, post("/v1/profiles", new byte[0], "application/x-protobuf", false).statusCode());
    assertEquals(400, post(OtlpHttpReceiver.TRACES, new byte[] {(byte) 0xff, 0x01}, "application/x-protobuf", false)
        .statusCode());
    assertTrue(receiver.spans().isEmpty());
  }

  @Test
  void awaitSpansReturnsWhatArrivedWhenTimeoutPasses() {
    assertTrue(receiver.awaitSpans(1, Duration.ofMillis(50)).isEmpty());
  }
}

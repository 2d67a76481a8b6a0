package io.tollgate.testing.loopback;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Flattens OTLP export requests into {@link SpanView}s and {@link MetricPointView}s. */
final class OtlpDecoder {

  private OtlpDecoder() {}

  static List<SpanView> spans(ExportTraceServiceRequest request) {
    List<SpanView> views = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = OtlpValues.attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          views.add(span(span, resource, scope));
        }
      }
    }
    return views;
  }

  private static SpanView span(Span span, Map<String, Object> resource, String scope) {
    List<SpanView.SpanEventView> events = span.getEventsList().stream()
        .map(e -> new SpanView.SpanEventView(e.getName(), e.getTimeUnixNano(),
            OtlpValues.attributes(e.getAttributesList())))
        .toList();
    return new SpanView(
        span.getName(),
        span.getKind().name().replace("SPAN_KIND_", ""),
        OtlpValues.attributes(span.getAttributesList()),
        resource,
        scope,
        OtlpValues.hex(span.getTraceId()),
        OtlpValues.hex(span.getSpanId()),
        OtlpValues.hex(span.getParentSpanId()),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        events,
        span.getStatus().getCode().name().replace("STATUS_CODE_", ""),
        span.getStatus().getMessage());
  }

  static List<MetricPointView> metricPoints(ExportMetricsServiceRequest request) {
    List<MetricPointView> views = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      Map<String, Object> resource = OtlpValues.attributes(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        for (Metric metric : scopeMetrics.getMetricsList()) {
          addPoints(metric, resource, views);
        }
      }
    }
    return views;
  }

  private static void addPoints(Metric metric, Map<String, Object> resource, List<MetricPointView> out) {
    switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsList()
          .forEach(p -> out.add(number(metric, MetricPointView.Type.GAUGE, false, p, resource)));
      case SUM -> metric.getSum().getDataPointsList()
          .forEach(p -> out.add(number(metric, MetricPointView.Type.SUM, metric.getSum().getIsMonotonic(), p, resource)));
      case HISTOGRAM -> metric.getHistogram().getDataPointsList()
          .forEach(p -> out.add(histogram(metric, p, resource)));
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList()
          .forEach(p -> out.add(exponential(metric, p, resource)));
      case SUMMARY -> metric.getSummary().getDataPointsList()
          .forEach(p -> out.add(summary(metric, p, resource)));
      default -> { }
    }
  }

  private static MetricPointView number(Metric metric, MetricPointView.Type type, boolean monotonic,
      NumberDataPoint p, Map<String, Object> resource) {
    double value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    return new MetricPointView(metric.getName(), metric.getUnit(), type, attrs(p.getAttributesList()), resource,
        value, 0, value, List.of(), List.of(), monotonic, p.getStartTimeUnixNano(), p.getTimeUnixNano());
  }

  private static MetricPointView histogram(Metric metric, HistogramDataPoint p, Map<String, Object> resource) {
    return new MetricPointView(metric.getName(), metric.getUnit(), MetricPointView.Type.HISTOGRAM,
        attrs(p.getAttributesList()), resource, p.getSum(), p.getCount(), p.getSum(),
        List.copyOf(p.getExplicitBoundsList()), List.copyOf(p.getBucketCountsList()), false,
        p.getStartTimeUnixNano(), p.getTimeUnixNano());
  }

  private static MetricPointView exponential(Metric metric, ExponentialHistogramDataPoint p,
      Map<String, Object> resource) {
    return new MetricPointView(metric.getName(), metric.getUnit(), MetricPointView.Type.EXPONENTIAL_HISTOGRAM,
        attrs(p.getAttributesList()), resource, p.getSum(), p.getCount(), p.getSum(), List.of(), List.of(),
        false, p.getStartTimeUnixNano(), p.getTimeUnixNano());
  }

  private static MetricPointView summary(Metric metric, SummaryDataPoint p, Map<String, Object> resource) {
    return new MetricPointView(metric.getName(), metric.getUnit(), MetricPointView.Type.SUMMARY,
        attrs(p.getAttributesList()), resource, p.getSum(), p.getCount(), p.getSum(), List.of(), List.of(),
        false, p.getStartTimeUnixNano(), p.getTimeUnixNano());
  }

  private static Map<String, Object> attrs(List<KeyValue> keyValues) {
    return OtlpValues.attributes(keyValues);
  }
}

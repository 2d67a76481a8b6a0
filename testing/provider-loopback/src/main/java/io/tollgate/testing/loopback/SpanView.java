package io.tollgate.testing.loopback;

import java.util.List;
import java.util.Map;

/**
 * A received span, flattened for assertions.
 *
 * @param kind {@code CLIENT}, {@code INTERNAL}, {@code SERVER}, {@code PRODUCER}, {@code CONSUMER} or {@code UNSPECIFIED}
 * @param parentSpanId hex, empty for a root span
 * @param statusCode {@code UNSET}, {@code OK} or {@code ERROR}
 */
public record SpanView(
    String name,
    String kind,
    Map<String, Object> attributes,
    Map<String, Object> resourceAttributes,
    String scopeName,
    String traceId,
    String spanId,
    String parentSpanId,
    long startEpochNanos,
    long endEpochNanos,
    List<SpanEventView> events,
    String statusCode,
    String statusMessage) {

  public Object attribute(String key) {
    return attributes.get(key);
  }

  public long durationNanos() {
    return endEpochNanos - startEpochNanos;
  }

  /** A span event (e.g. an exception, or a kill-switch decision). */
  public record SpanEventView(String name, long epochNanos, Map<String, Object> attributes) {}
}

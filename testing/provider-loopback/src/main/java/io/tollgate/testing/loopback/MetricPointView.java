package io.tollgate.testing.loopback;

import java.util.List;
import java.util.Map;

/**
 * One received data point of a metric, flattened for assertions.
 *
 * @param value the gauge or sum value; for histograms and summaries, their sum
 * @param count histogram/summary count; 0 for gauges and sums
 * @param sum histogram/summary sum; equal to {@code value} for gauges and sums
 * @param explicitBounds histogram bucket bounds; empty otherwise
 * @param bucketCounts histogram bucket counts; empty otherwise
 * @param monotonic true for a monotonic sum (a counter), false otherwise
 */
public record MetricPointView(
    String metricName,
    String unit,
    Type type,
    Map<String, Object> attributes,
    Map<String, Object> resourceAttributes,
    double value,
    long count,
    double sum,
    List<Double> explicitBounds,
    List<Long> bucketCounts,
    boolean monotonic,
    long startEpochNanos,
    long epochNanos) {

  public enum Type { GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY }

  public Object attribute(String key) {
    return attributes.get(key);
  }
}

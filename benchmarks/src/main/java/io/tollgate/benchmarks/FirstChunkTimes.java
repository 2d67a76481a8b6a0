package io.tollgate.benchmarks;

import java.util.Arrays;
import java.util.Map;

/** A workload's answer to {@code ttft N}: each streamed call's time to its first chunk, in microseconds. */
record FirstChunkTimes(double[] micros) {
  static final String WORD = "TTFT";

  static FirstChunkTimes ofNanos(long[] nanos) {
    return new FirstChunkTimes(Arrays.stream(nanos).mapToDouble(n -> n / 1000.0).toArray());
  }

  String toLine() {
    StringBuilder list = new StringBuilder();
    for (double us : micros) {
      list.append(list.isEmpty() ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.1f", us));
    }
    return ProtocolLine.format(WORD, Map.of("us", list));
  }

  static FirstChunkTimes parse(String line) {
    String list = ProtocolLine.parse(WORD, line).text("us");
    return new FirstChunkTimes(Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray());
  }
}

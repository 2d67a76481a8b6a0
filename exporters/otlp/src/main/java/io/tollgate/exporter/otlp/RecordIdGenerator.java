package io.tollgate.exporter.otlp;

import io.opentelemetry.sdk.trace.IdGenerator;
import io.tollgate.core.record.TraceIds;

/**
 * Span ids as the record fixed them, when it did: the trace context of such a call already travelled to another
 * component, whose span names this one as its parent. Random ids otherwise. Used on the threads that deliver records (`tollgate-export`, `tollgate-drain`), one at a time.
 */
final class RecordIdGenerator implements IdGenerator {
  private static final ThreadLocal<TraceIds> FIXED = new ThreadLocal<>();

  /** Ids the next span started on this thread takes; null: random. */
  static void fixNext(TraceIds ids) {
    if (ids == null) {
      FIXED.remove();
    } else {
      FIXED.set(ids);
    }
  }

  @Override
  public String generateSpanId() {
    TraceIds ids = FIXED.get();
    return ids != null ? ids.spanId() : IdGenerator.random().generateSpanId();
  }

  @Override
  public String generateTraceId() {
    TraceIds ids = FIXED.get();
    return ids != null ? ids.traceId() : IdGenerator.random().generateTraceId();
  }
}

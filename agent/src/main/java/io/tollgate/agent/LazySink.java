package io.tollgate.agent;

import io.tollgate.core.export.RecordSink;
import io.tollgate.core.record.CostRecord;
import java.util.function.Supplier;

/**
 * Builds a sink on the export thread when the first record arrives, so that a heavy exporter (the
 * OpenTelemetry SDK) adds nothing to the application's start-up.
 */
final class LazySink implements RecordSink {
  private final String name;
  private final Supplier<RecordSink> factory;
  private RecordSink delegate;
  private boolean failed;

  LazySink(String name, Supplier<RecordSink> factory) {
    this.name = name;
    this.factory = factory;
  }

  @Override
  public String name() {
    return name;
  }

  /** The sink, built now if no record has built it yet (the GPU metrics need it without records); null if it failed. */
  synchronized RecordSink open() {
    return delegate();
  }

  private synchronized RecordSink delegate() {
    if (delegate == null && !failed) {
      try {
        delegate = factory.get();
      } finally {
        failed = delegate == null;
      }
    }
    return delegate;
  }

  @Override
  public void accept(CostRecord record) throws Exception {
    RecordSink d = delegate();
    if (d != null) {
      d.accept(record);
    }
  }

  @Override
  public synchronized void flush() throws Exception {
    if (delegate != null) {
      delegate.flush();
    }
  }

  @Override
  public synchronized void close() throws Exception {
    if (delegate != null) {
      delegate.close();
    }
  }
}

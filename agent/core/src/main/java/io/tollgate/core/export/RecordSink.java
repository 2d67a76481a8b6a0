package io.tollgate.core.export;

import io.tollgate.core.record.CostRecord;

/** An exporter of cost records. Called by Tollgate's delivering threads, one at a time under one lock, never on an application thread. */
public interface RecordSink {

  String name();

  void accept(CostRecord record) throws Exception;

  /** Called when the queue runs empty, so sinks can batch between flushes. */
  default void flush() throws Exception {}

  /** At JVM exit, after the last record. */
  default void close() throws Exception {}
}

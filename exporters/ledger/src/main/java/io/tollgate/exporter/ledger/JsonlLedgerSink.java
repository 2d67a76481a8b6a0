package io.tollgate.exporter.ledger;

import io.tollgate.core.export.RecordSink;
import io.tollgate.core.record.CostRecord;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per call to the ledger file. Lines are buffered and flushed whenever the export
 * queue runs empty, so a reader sees each call within moments of its end, and a batch of calls
 * costs one write. Each line is encoded whole before it reaches the file's buffer, so a record
 * that fails halfway leaves no half line behind.
 */
public final class JsonlLedgerSink implements RecordSink {
  private final Path path;
  private final OutputStream file;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);

  public JsonlLedgerSink(Path path) throws IOException {
    this.path = path.toAbsolutePath();
    Path parent = this.path.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.file = new BufferedOutputStream(
        Files.newOutputStream(this.path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        64 * 1024);
  }

  public Path path() {
    return path;
  }

  @Override
  public String name() {
    return "ledger";
  }

  @Override
  public void accept(CostRecord record) throws IOException {
    line.reset();
    LedgerLineWriter.write(record, line);
    line.write('\n');
    line.writeTo(file);
  }

  @Override
  public void flush() throws IOException {
    file.flush();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}

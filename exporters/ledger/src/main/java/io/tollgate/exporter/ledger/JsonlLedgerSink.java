package io.tollgate.exporter.ledger;

import io.tollgate.core.export.RecordSink;
import io.tollgate.core.record.CostRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one line per call to the ledger file. Lines are buffered and flushed whenever the export
 * queue runs empty, so a reader sees each call within moments of its end.
 */
public final class JsonlLedgerSink implements RecordSink {
  private final Path path;
  private final BufferedWriter writer;

  public JsonlLedgerSink(Path path) throws IOException {
    this.path = path.toAbsolutePath();
    Path parent = this.path.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.writer = new BufferedWriter(new OutputStreamWriter(
        Files.newOutputStream(this.path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
        StandardCharsets.UTF_8), 64 * 1024);
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
    writer.write(LedgerLineWriter.toLine(record));
    writer.write('\n');
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}

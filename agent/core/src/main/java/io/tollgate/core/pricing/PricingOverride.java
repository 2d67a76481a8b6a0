package io.tollgate.core.pricing;

import io.tollgate.core.log.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;

/**
 * The bundled catalog with the operator's override file ({@code tollgate.pricing.path}, same
 * format) merged on top, re-read when the file changes. A broken file never replaces a good
 * catalog: the last good one stays in force and one error names what is wrong and where.
 */
public final class PricingOverride implements Supplier<CostCalculator> {
  private static final AgentLog LOG = AgentLog.get(PricingOverride.class);

  private final Path path;
  private final PricingCatalog base;
  private volatile CostCalculator current;
  private FileTime seenModified;
  private long seenSize = -1;
  private String lastError;

  public PricingOverride(Path path, PricingCatalog base) {
    this.path = path;
    this.base = base;
    this.current = new CostCalculator(base);
  }

  @Override
  public CostCalculator get() {
    return current;
  }

  /** Re-reads the file if it changed since the last look; called periodically off the application's threads. */
  public synchronized void reloadIfChanged() {
    FileTime modified;
    long size;
    try {
      modified = Files.getLastModifiedTime(path);
      size = Files.size(path);
    } catch (IOException e) {
      report("cannot read the pricing override " + path + " (" + e.getMessage() + "); keeping the catalog in force");
      return;
    }
    if (modified.equals(seenModified) && size == seenSize) {
      return;
    }
    seenModified = modified;
    seenSize = size;
    try (InputStream in = Files.newInputStream(path)) {
      PricingCatalog merged = base.overlay(PricingCatalog.parse(in));
      current = new CostCalculator(merged);
      lastError = null;
      LOG.info("pricing override loaded from " + path);
    } catch (IOException | RuntimeException e) {
      report("pricing override " + path + " rejected, keeping the catalog in force: " + e.getMessage());
    }
  }

  /** The error that kept the last change out, or null. */
  public synchronized String lastError() {
    return lastError;
  }

  private void report(String message) {
    if (!message.equals(lastError)) {
      LOG.error(message, null);
      lastError = message;
    }
  }
}

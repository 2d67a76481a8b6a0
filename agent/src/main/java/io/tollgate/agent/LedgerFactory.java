package io.tollgate.agent;

import io.tollgate.core.log.AgentLog;
import io.tollgate.exporter.ledger.JsonlLedgerSink;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the ledger where configured, or in the temp folder when that place cannot be written. */
final class LedgerFactory {
  private static final AgentLog LOG = AgentLog.get(LedgerFactory.class);

  private LedgerFactory() {}

  static JsonlLedgerSink open(String configured) {
    try {
      return new JsonlLedgerSink(Path.of(configured));
    } catch (IOException | RuntimeException e) {
      Path fallback = FallbackFiles.path("ledger-" + ProcessHandle.current().pid() + ".jsonl");
      LOG.warn("cannot write the ledger at " + configured + "; writing to " + fallback + " instead", e);
      try {
        return new JsonlLedgerSink(fallback);
      } catch (IOException | RuntimeException again) {
        LOG.error("no ledger: cannot write " + fallback, again);
        return null;
      }
    }
  }
}

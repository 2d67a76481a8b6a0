package io.tollgate.agent;

import io.tollgate.core.attribution.RequestAttribution;
import io.tollgate.core.budget.BudgetEngine;
import io.tollgate.core.budget.audit.AuditLog;
import io.tollgate.core.budget.journal.SpendJournal;
import io.tollgate.core.budget.policy.PolicyFormatException;
import io.tollgate.core.budget.policy.PolicySignature;
import io.tollgate.core.budget.policy.PolicySource;
import io.tollgate.core.call.BudgetGate;
import io.tollgate.core.call.CallTrackerImpl;
import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.log.AgentLog;
import io.tollgate.core.log.LineFile;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.record.ResourceInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds the budget engine from configuration read once at start-up (settings changed later by the
 * application are never seen): policy file and signature key, journal, audit log, block mode.
 */
final class BudgetSetup {
  private static final AgentLog LOG = AgentLog.get(BudgetSetup.class);

  private final BudgetEngine engine;
  private final SpendJournal journal;
  private final AuditLog audit;

  private BudgetSetup(BudgetEngine engine, SpendJournal journal, AuditLog audit) {
    this.engine = engine;
    this.journal = journal;
    this.audit = audit;
  }

  BudgetEngine engine() {
    return engine;
  }

  /** Null when no policy is configured and fail-closed is off: no budget code runs at all. */
  static BudgetSetup install(AgentConfig config, ResourceInfo resource, Supplier<CostCalculator> calculator,
      CallTrackerImpl tracker, ScheduledExecutorService housekeeping) throws IOException {
    tracker.setAttribution(new RequestAttribution(config.getList("attribution.mdc-keys"), config.getList("attribution.baggage-keys")));
    String policyPath = config.get("policy.path");
    boolean failClosed = config.getBoolean("policy.fail-closed", false);
    if (policyPath == null && !failClosed) {
      return null;
    }
    BudgetEngine engine = new BudgetEngine(new io.tollgate.core.budget.CatalogPricer(calculator), System::currentTimeMillis, failClosed);
    AuditLog audit = new AuditLog(lineFile(config.get("policy.audit-path", "tollgate-audit.jsonl"), false, "audit log"));
    engine.setListener(audit);
    int flushMs = config.getInt("budget.journal-flush-ms", 100);
    SpendJournal journal = new SpendJournal(lineFile(config.get("budget.journal-path", "tollgate-budget-journal.jsonl"),
        config.getBoolean("budget.journal-fsync", false), "budget journal"));
    if (policyPath == null) {
      audit.policyRejected("(none)", "tollgate.policy.fail-closed=true and no tollgate.policy.path: every LLM call is blocked", false);
      LOG.error("tollgate.policy.fail-closed=true and no tollgate.policy.path is set: every LLM call will be blocked", null);
    } else {
      PolicySource source = policySource(config, Path.of(policyPath), engine, audit);
      if (source != null) {
        // the journal's spend counts from the first policy in force: now, or once a file broken at start-up is fixed
        Restore restore = new Restore(journal, engine);
        engine.onFirstPolicy(restore);
        source.reloadIfChanged();
        if (restore.failed != null) {
          throw restore.failed;
        }
        int seconds = config.getInt("policy.reload-seconds", 5);
        housekeeping.scheduleWithFixedDelay(source::reloadIfChanged, seconds, seconds, TimeUnit.SECONDS);
      }
    }
    engine.setJournal(journal);
    String blockMode = config.get("policy.block-mode", "response");
    if (!blockMode.equals("response") && !blockMode.equals("exception")) {
      // a misspelt mode must not quietly become the other one: the application's error handling depends on it
      throw new io.tollgate.core.config.ConfigException("tollgate.policy.block-mode must be response or exception, not '" + blockMode + "'");
    }
    boolean throwOnBlock = blockMode.equals("exception");
    tracker.setBudgetGate(new BudgetGate(engine, throwOnBlock, resource));
    housekeeping.scheduleWithFixedDelay(() -> {
      journal.flush();
      audit.flush();
    }, flushMs, flushMs, TimeUnit.MILLISECONDS);
    return new BudgetSetup(engine, journal, audit);
  }

  /**
   * The file where configured, else in this user's temp folder: enforcement must not stop (and with
   * {@code fail-closed}, calls must not pass) because the working directory is read-only.
   */
  private static LineFile lineFile(String configured, boolean fsync, String what) throws IOException {
    Path path = Path.of(configured);
    try {
      return new LineFile(path, fsync);
    } catch (IOException | RuntimeException e) {
      Path fallback = FallbackFiles.path(path.getFileName().toString());
      LOG.warn("cannot write the " + what + " at " + path.toAbsolutePath() + "; writing to " + fallback + " instead", e);
      return new LineFile(fallback, fsync);
    }
  }

  private static PolicySource policySource(AgentConfig config, Path path, BudgetEngine engine, AuditLog audit) {
    String keyText = config.get("policy.public-key");
    PublicKey key = null;
    if (keyText != null) {
      try {
        key = PolicySignature.publicKey(keyText);
      } catch (PolicyFormatException e) {
        audit.policyRejected(path.toString(), e.getMessage(), false);
        LOG.error(e.getMessage() + " (no budget policy can be verified)", null);
        return null;
      }
    }
    return new PolicySource(path, key, engine, audit);
  }

  /** Replays the journal into the engine; a failure fails the agent's start, or is logged on a later reload. */
  private static final class Restore implements Runnable {
    private final SpendJournal journal;
    private final BudgetEngine engine;
    IOException failed;

    Restore(SpendJournal journal, BudgetEngine engine) {
      this.journal = journal;
      this.engine = engine;
    }

    @Override
    public void run() {
      try {
        int restored = journal.restoreInto(engine, System.currentTimeMillis());
        if (restored > 0) {
          LOG.info("budget spend restored from " + journal.path() + ": " + restored + " call(s)");
        }
      } catch (IOException e) {
        failed = e;
        LOG.error("cannot restore budget spend from " + journal.path() + ": " + e, null);
      }
    }
  }

  /** At exit: everything decided reaches the files. */
  void flush() {
    journal.flush();
    audit.flush();
  }
}

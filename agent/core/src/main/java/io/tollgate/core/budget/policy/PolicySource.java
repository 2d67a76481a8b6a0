package io.tollgate.core.budget.policy;

import io.tollgate.core.budget.BudgetEngine;
import io.tollgate.core.budget.audit.AuditLog;
import io.tollgate.core.log.AgentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.PublicKey;

/**
 * The policy file (and its signature) on disk: loaded at start, re-read when either changes. A file
 * that cannot be used (bad YAML, unsigned or tampered while a key is configured) never replaces the
 * policy in force: the last good one stays, one clear error is logged and audited.
 */
public final class PolicySource {
  private static final AgentLog LOG = AgentLog.get(PolicySource.class);

  private final Path path;
  private final PublicKey key;
  private final BudgetEngine engine;
  private final AuditLog audit;
  private FileTime seenPolicy;
  private FileTime seenSignature;
  private String lastError;

  /** @param key when not null, only files signed by it are accepted */
  public PolicySource(Path path, PublicKey key, BudgetEngine engine, AuditLog audit) {
    this.path = path;
    this.key = key;
    this.engine = engine;
    this.audit = audit;
  }

  /** Loads the file if it changed since last seen; returns whether a new policy went into force. */
  public synchronized boolean reloadIfChanged() {
    FileTime policyTime = modified(path);
    FileTime sigTime = modified(PolicySignature.signatureFileOf(path));
    if (seenPolicy != null && policyTime != null && policyTime.equals(seenPolicy) && java.util.Objects.equals(sigTime, seenSignature)) {
      return false;
    }
    seenPolicy = policyTime;
    seenSignature = sigTime;
    boolean reload = engine.policy() != null;
    try {
      byte[] bytes = Files.readAllBytes(path);
      if (key != null) {
        PolicySignature.verify(bytes, path, key);
      }
      Policy policy = PolicyParser.parse(bytes);
      engine.install(policy);
      lastError = null;
      audit.policyLoaded(path.toString(), policy.digest(), key != null, policy.budgets().size(), reload);
      LOG.info((reload ? "reloaded" : "loaded") + " budget policy " + path + ": " + policy.budgets().size() + " budget(s)"
          + (key != null ? ", signature verified" : ""));
      return true;
    } catch (IOException | PolicyFormatException e) {
      String error = e instanceof IOException ? "cannot read policy " + path + ": " + e : path + ": " + e.getMessage();
      audit.policyRejected(path.toString(), error, reload);
      if (!error.equals(lastError)) {
        LOG.error(error + (reload ? " (the previous policy stays in force)" : " (no budget policy in force)"), null);
      }
      lastError = error;
      return false;
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return null;
    }
  }
}

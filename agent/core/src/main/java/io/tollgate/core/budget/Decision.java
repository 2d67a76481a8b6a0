package io.tollgate.core.budget;

/** What the budget engine did with one request; the ledger's {@code budget.decision}. */
public enum Decision {
  /** Within every budget (or no budget applies). */
  ALLOW("allow"),
  /** Max output tokens lowered so the call fits. */
  CLAMP("clamp"),
  /** Model swapped for a cheaper one so the call fits. */
  DOWNGRADE("downgrade"),
  /** Over an {@code alert-only} budget: sent anyway, alerted. */
  OVER_ALERT_ONLY("over_alert_only"),
  /** Not sent. */
  BLOCK("block");

  private final String wire;

  Decision(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}

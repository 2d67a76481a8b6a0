package io.tollgate.core.record;

/** How a call ended, as the ledger spells it. */
public enum Outcome {
  OK("ok"), ERROR("error"), BLOCKED("blocked"), CANCELLED("cancelled");

  private final String wire;

  Outcome(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}

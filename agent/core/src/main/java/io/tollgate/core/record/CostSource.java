package io.tollgate.core.record;

/** Where the usage behind a cost came from. */
public enum CostSource {
  /** Usage the provider reported. */
  PROVIDER("provider"),
  /** Tokens Tollgate counted or inferred. */
  ESTIMATED("estimated"),
  /** An in-process model priced by its GPU or CPU time. */
  LOCAL("local");

  private final String wire;

  CostSource(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}

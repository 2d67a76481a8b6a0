package io.tollgate.core.budget.policy;

/** What a budget does to a call it cannot pay for. */
public enum Action {
  /** The call never leaves the process. */
  BLOCK("block"),
  /** The request's max output tokens are lowered to what the budget can still pay for. */
  CLAMP("clamp"),
  /** The model is swapped for the budget's cheaper {@code downgrade-to} model. */
  DOWNGRADE("downgrade"),
  /** The call goes on; the breach is alerted and audited. */
  ALERT_ONLY("alert-only");

  private final String yaml;

  Action(String yaml) {
    this.yaml = yaml;
  }

  public String yaml() {
    return yaml;
  }

  static Action parse(String value) {
    for (Action a : values()) {
      if (a.yaml.equals(value)) {
        return a;
      }
    }
    return null;
  }
}

package io.tollgate.api;

import java.time.Instant;

/**
 * Thrown at the LLM call when a budget policy blocks it and the policy's block mode is
 * {@code exception} (otherwise the application's SDK receives a 429 {@code budget_exceeded} error).
 * The request was not sent. Retrying before {@link #resetsAt()} is pointless.
 */
public class BudgetExceededException extends RuntimeException {
  private final String budget;
  private final String scopeValue;
  private final Instant resetsAt;

  public BudgetExceededException(String message, String budget, String scopeValue, Instant resetsAt) {
    super(message);
    this.budget = budget;
    this.scopeValue = scopeValue;
    this.resetsAt = resetsAt;
  }

  /** The budget's name in the policy file. */
  public String budget() {
    return budget;
  }

  /** The {@code per} value the budget was counted for ({@code search} for {@code per: team}), or null. */
  public String scopeValue() {
    return scopeValue;
  }

  /** When the budget's window frees up; null when it does not apply. */
  public Instant resetsAt() {
    return resetsAt;
  }
}

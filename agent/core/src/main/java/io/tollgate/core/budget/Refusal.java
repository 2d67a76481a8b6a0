package io.tollgate.core.budget;

import java.time.Instant;

/**
 * Why a call was blocked, in the terms the error message gives the application.
 *
 * @param budget the budget's name, or a guard's ({@code guard:max-cost-per-request}) or
 *     {@code policy:unavailable} when fail-closed found no valid policy
 * @param scopeValue the {@code per} value the budget was counted for, or null
 * @param limit the limit that was hit, written with its unit ({@code $1.00}, {@code 50000 tokens})
 * @param spent what the window has spent and reserved in that unit
 * @param resetsAt when the window frees up; null when it does not apply
 */
public record Refusal(String budget, String scopeValue, String limit, String spent, Instant resetsAt, String reason) {

  public String message() {
    StringBuilder m = new StringBuilder("Tollgate budget '").append(budget).append("'");
    if (scopeValue != null) {
      m.append(" for '").append(scopeValue).append("'");
    }
    m.append(" would be exceeded: ").append(reason);
    if (limit != null) {
      m.append("; limit ").append(limit).append(", spent ").append(spent);
    }
    if (resetsAt != null) {
      m.append("; window resets at ").append(resetsAt);
    }
    return m.append(". The request was not sent.").toString();
  }
}

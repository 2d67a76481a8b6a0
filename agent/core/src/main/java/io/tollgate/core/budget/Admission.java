package io.tollgate.core.budget;

import java.util.List;

/**
 * The engine's answer for one request.
 *
 * @param reservation what was reserved (settle or release it when the call ends); null when blocked
 *     or when no budget applies
 * @param maxOutputTokens the max output tokens to put on the request, or null to leave it as it is
 * @param model the model to put on the request (downgrade), or null to leave it
 * @param budgets names of the budgets that applied
 * @param refusal why it was blocked; null unless {@code decision} is BLOCK
 */
public record Admission(
    Decision decision,
    Reservation reservation,
    Long maxOutputTokens,
    String model,
    List<String> budgets,
    Refusal refusal) {

  public static final Admission NO_BUDGET = new Admission(Decision.ALLOW, null, null, null, List.of(), null);

  public boolean blocked() {
    return decision == Decision.BLOCK;
  }

  /** Whether the request must be sent changed (guard or clamp on max tokens, downgrade). */
  public boolean rewritesRequest() {
    return maxOutputTokens != null || model != null;
  }
}

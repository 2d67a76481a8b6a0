package io.tollgate.core.budget.policy;

/**
 * Per-request guards, applied to every LLM call the policy sees.
 *
 * @param maxOutputTokens set on requests that have no max tokens or ask for more; null: none
 * @param maxCostPerRequestUsd a request whose worst-case cost is above this is blocked; null: none
 */
public record Guards(Long maxOutputTokens, Double maxCostPerRequestUsd) {
  public static final Guards NONE = new Guards(null, null);
}

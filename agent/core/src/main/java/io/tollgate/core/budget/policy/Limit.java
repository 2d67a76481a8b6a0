package io.tollgate.core.budget.policy;

/** A budget's caps; each may be null (not capped), at least one is set. */
public record Limit(Double usd, Long tokens, Long requests) {}

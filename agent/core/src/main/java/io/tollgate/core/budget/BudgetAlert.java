package io.tollgate.core.budget;

/** A budget's settled spend crossed one of its alert thresholds (percent) in the current window. */
public record BudgetAlert(String budget, String scopeValue, int thresholdPercent, double utilizationPercent) {}

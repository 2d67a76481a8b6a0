package io.tollgate.core.budget;

import io.tollgate.core.budget.policy.BudgetSpec;
import java.time.Instant;

/** One budget account's state at a moment: what the metrics, summary and CLI show. */
public record BudgetState(BudgetSpec spec, String scopeValue, Amount spent, Amount reserved, double utilizationPercent, Instant resetsAt) {}

package io.tollgate.core.record;

import io.tollgate.core.budget.BudgetAlert;
import java.util.List;

/**
 * What the budget engine did with a call, for the ledger's {@code budget} object and the span.
 *
 * @param decision {@code allow}, {@code clamp}, {@code downgrade}, {@code over_alert_only} or {@code block}
 * @param blockedBy the budget (or guard) that blocked the call; null otherwise
 * @param requestedModel the model the application asked for, when a downgrade changed it
 * @param requestedMaxTokens the max output tokens the application asked for (null: none), when a
 *     guard or clamp changed them
 * @param maxTokensChanged whether a guard or clamp set the max output tokens
 */
public record BudgetInfo(
    String decision,
    List<String> budgets,
    String blockedBy,
    String message,
    List<BudgetAlert> alerts,
    String requestedModel,
    Long requestedMaxTokens,
    boolean maxTokensChanged) {}

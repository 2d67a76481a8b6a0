package io.tollgate.core.budget.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One budget as the policy file states it.
 *
 * @param scope attribute name to accepted values; a call is in scope when every named attribute has
 *     one of its values ({@code *}: any value, but the attribute must be present)
 * @param per attribute whose every distinct value gets its own budget, or null for one shared budget
 * @param alerts utilization percentages that raise an alert when first crossed in a window
 * @param downgradeTo the model a {@link Action#DOWNGRADE} budget swaps in, same provider
 */
public record BudgetSpec(
    String name,
    Limit limit,
    WindowKind window,
    Map<String, Set<String>> scope,
    String per,
    List<Integer> alerts,
    Action action,
    String downgradeTo) {}

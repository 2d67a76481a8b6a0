package io.tollgate.core.budget.policy;

import java.time.ZoneId;
import java.util.List;

/**
 * A loaded budget policy.
 *
 * @param zone time zone of calendar windows
 * @param blockUnpriced whether a call whose model has no price is blocked by a USD budget (it cannot
 *     be bounded); otherwise it passes and counts only towards token and request limits
 * @param digest SHA-256 of the file's bytes, for the audit log
 */
public record Policy(ZoneId zone, boolean blockUnpriced, Guards guards, List<BudgetSpec> budgets, String digest) {}

package io.tollgate.agent.cli;

import io.tollgate.core.budget.BudgetEngine;
import io.tollgate.core.budget.BudgetState;
import io.tollgate.core.budget.journal.SpendJournal;
import io.tollgate.core.budget.policy.Limit;
import io.tollgate.core.budget.policy.PolicyFormatException;
import io.tollgate.core.budget.policy.PolicyParser;
import io.tollgate.core.budget.CatalogPricer;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PricingCatalog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code budgets --policy p.yaml [--journal tollgate-budget-journal.jsonl]}: each budget's state now,
 * as an agent restarted at this moment would see it (calls in flight count at their worst case).
 * Only reads the journal, so it is safe while an agent writes it.
 */
final class BudgetsCommand {
  private BudgetsCommand() {}

  static int run(String[] args, PrintStream out) throws IOException {
    Map<String, String> options = Options.parse(args, "policy", "journal");
    String policyPath = options.get("policy");
    if (policyPath == null) {
      throw new IllegalArgumentException("--policy is required");
    }
    BudgetEngine engine = new BudgetEngine(new CatalogPricer(() -> new CostCalculator(PricingCatalog.bundled())),
        System::currentTimeMillis, false);
    try {
      engine.install(PolicyParser.parse(Files.readAllBytes(Path.of(policyPath))));
    } catch (PolicyFormatException e) {
      throw new IllegalArgumentException(policyPath + ": " + e.getMessage());
    }
    Path journal = Path.of(options.getOrDefault("journal", "tollgate-budget-journal.jsonl"));
    int calls = SpendJournal.replay(journal, engine, System.currentTimeMillis());
    out.printf(Locale.ROOT, "budgets of %s, spend from %s (%d call(s))%n", policyPath, journal, calls);
    out.printf(Locale.ROOT, "  %-24s %-14s %-15s %-28s %-28s %6s  %s%n", "budget", "scope", "window", "limit", "spent", "used", "resets at");
    for (BudgetState s : engine.states()) {
      Limit l = s.spec().limit();
      out.printf(Locale.ROOT, "  %-24s %-14s %-15s %-28s %-28s %5.1f%%  %s%n", s.spec().name(),
          s.scopeValue() == null ? "-" : s.scopeValue(), s.spec().window().yaml(), describe(l.usd(), l.tokens(), l.requests()),
          describe(l.usd() == null ? null : s.spent().usd(), l.tokens() == null ? null : s.spent().tokens(),
              l.requests() == null ? null : s.spent().requests()),
          s.utilizationPercent(), s.resetsAt());
    }
    for (var spec : engine.policy().budgets()) {
      if (engine.states().stream().noneMatch(s -> s.spec().name().equals(spec.name()))) {
        out.printf(Locale.ROOT, "  %-24s %-14s %-15s %-28s %-28s %5.1f%%%n", spec.name(), "-", spec.window().yaml(),
            describe(spec.limit().usd(), spec.limit().tokens(), spec.limit().requests()), "no spend", 0.0);
      }
    }
    return 0;
  }

  private static String describe(Double usd, Long tokens, Long requests) {
    StringBuilder b = new StringBuilder();
    if (usd != null) {
      b.append(String.format(Locale.ROOT, "$%.6f", usd));
    }
    if (tokens != null) {
      b.append(b.length() == 0 ? "" : " ").append(tokens).append(" tok");
    }
    if (requests != null) {
      b.append(b.length() == 0 ? "" : " ").append(requests).append(" req");
    }
    return b.toString();
  }
}

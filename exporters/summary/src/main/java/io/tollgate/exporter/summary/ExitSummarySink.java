package io.tollgate.exporter.summary;

import io.tollgate.core.export.RecordSink;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.Outcome;
import java.io.PrintStream;
import org.HdrHistogram.Histogram;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** Adds up calls, tokens and cost by provider and model, and prints the table at JVM exit. */
public final class ExitSummarySink implements RecordSink {
  private final Map<String, ModelTotals> byModel = new TreeMap<>();
  // microseconds, 3 significant digits: bounded memory whatever the number of calls
  private final Histogram latency = new Histogram(3);
  /** In-process engines apart: served behind a local server, each call would otherwise count twice. */
  private final Histogram engineLatency = new Histogram(3);
  private final Histogram timeToFirstChunk = new Histogram(3);
  private final Histogram timePerChunk = new Histogram(3);
  private final PrintStream out;
  private final String ledgerLocation;
  private final LongSupplier internalErrors;
  private final LongSupplier dropped;
  private volatile java.util.function.Supplier<java.util.List<io.tollgate.core.budget.BudgetState>> budgets = java.util.List::of;
  private long blocked;
  private final CallLines calls;

  public ExitSummarySink(PrintStream out, String ledgerLocation, LongSupplier internalErrors, LongSupplier dropped) {
    this(out, ledgerLocation, internalErrors, dropped, 0);
  }

  /** @param listedCalls how many calls to list one by one, the first ones (0: none) */
  public ExitSummarySink(PrintStream out, String ledgerLocation, LongSupplier internalErrors, LongSupplier dropped,
      int listedCalls) {
    this.calls = new CallLines(listedCalls);
    this.out = out;
    this.ledgerLocation = ledgerLocation;
    this.internalErrors = internalErrors;
    this.dropped = dropped;
  }

  @Override
  public String name() {
    return "summary";
  }

  /** The budget engine's accounts, listed at exit when a policy is in force. */
  public void showBudgets(java.util.function.Supplier<java.util.List<io.tollgate.core.budget.BudgetState>> states) {
    this.budgets = states;
  }

  @Override
  public synchronized void accept(CostRecord r) {
    String model = r.model() == null ? "(unknown model)" : r.model();
    // a self-hosted server's calls costed where its model runs stay apart from its refusals ($0 here)
    String key = (r.selfHosted() ? "self-hosted\u0000" : "\u0000") + r.provider() + "\u0000" + model;
    byModel.computeIfAbsent(key, k -> new ModelTotals(r.provider(), model)).add(r);
    if (r.outcome() == io.tollgate.core.record.Outcome.BLOCKED) {
      blocked++;
    }
    calls.add(r);
    (r.local() == null ? latency : engineLatency).recordValue(micros(r.latencyMs()));
    if (r.ttftMs() != null && r.local() == null) {
      timeToFirstChunk.recordValue(micros(r.ttftMs()));
      if (r.streamChunks() > 1) {
        timePerChunk.recordValue(micros((r.latencyMs() - r.ttftMs()) / (r.streamChunks() - 1)));
      }
    }
  }

  @Override
  public synchronized void close() {
    out.print(render());
    out.flush();
  }

  synchronized String render() {
    StringBuilder s = new StringBuilder();
    s.append("\n[tollgate] LLM cost summary\n");
    if (byModel.isEmpty()) {
      s.append("  no LLM calls recorded\n");
    } else {
      s.append(String.format(Locale.ROOT, "  %-12s %-26s %6s %6s %10s %10s %10s %14s%n",
          "provider", "model", "calls", "errors", "input", "cached", "output", "cost USD"));
      ModelTotals all = new ModelTotals("", "");
      for (ModelTotals t : byModel.values()) {
        if (t.selfHosted == 0) {
          s.append(t.line());
          all.merge(t);
        }
      }
      s.append(String.format(Locale.ROOT, "  %-39s %6d %6d %10d %10d %10d %14s%n",
          "total", all.calls, all.errors, all.input, all.cached, all.output, ModelTotals.money(all.cost)));
      appendSelfHosted(s);
      if (all.unpriced > 0) {
        s.append("  unpriced calls (no cost known, never counted as $0): ").append(all.unpriced).append('\n');
        byModel.values().stream().filter(t -> t.unpriced > 0).forEach(t ->
            s.append("    ").append(t.provider).append(' ').append(t.model).append(": ").append(t.unpriced).append('\n'));
      }
    }
    calls.appendTo(s);
    appendBudgets(s);
    if (latency.getTotalCount() > 0) {
      s.append(percentiles("latency", latency));
    }
    if (engineLatency.getTotalCount() > 0) {
      s.append(percentiles("engine latency", engineLatency));
    }
    if (timeToFirstChunk.getTotalCount() > 0) {
      s.append(percentiles("time to first chunk", timeToFirstChunk));
    }
    if (timePerChunk.getTotalCount() > 0) {
      s.append(percentiles("time per output chunk", timePerChunk));
    }
    if (ledgerLocation != null) {
      s.append("  ledger: ").append(ledgerLocation).append('\n');
    }
    long errors = internalErrors.getAsLong();
    long lost = dropped.getAsLong();
    if (errors > 0 || lost > 0) {
      s.append("  tollgate internal errors: ").append(errors).append(", records dropped: ").append(lost).append('\n');
    }
    return s.toString();
  }

  /**
   * The client side of calls to self-hosted servers, below the total: their cost is recorded where the model runs
   * (the engine's {@code local} rows when it runs in a JVM with the agent), so counting them again would count a
   * call twice.
   */
  private void appendSelfHosted(StringBuilder s) {
    if (byModel.values().stream().noneMatch(t -> t.selfHosted > 0)) {
      return;
    }
    s.append("  client side of self-hosted servers (costed where the model runs, not counted again above):\n");
    byModel.values().stream().filter(t -> t.selfHosted > 0).forEach(t -> s.append(t.line()));
  }

  private static long micros(double millis) {
    return Math.max(0, Math.round(millis * 1000));
  }

  private static String percentiles(String what, Histogram h) {
    return String.format(Locale.ROOT, "  %-22s p50 %9.1f ms  p90 %9.1f ms  p99 %9.1f ms  max %9.1f ms  (%d)%n", what,
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0, h.getTotalCount());
  }

  private static final class ModelTotals {
    final String provider;
    final String model;
    long calls;
    long errors;
    long input;
    long cached;
    long output;
    double cost;
    long unpriced;
    long selfHosted;

    ModelTotals(String provider, String model) {
      this.provider = provider;
      this.model = model;
    }

    void add(CostRecord r) {
      calls++;
      if (r.outcome() == Outcome.ERROR) {
        errors++;
      }
      if (r.usage() != null) {
        input += r.usage().inputTokens();
        cached += r.usage().cacheReadInputTokens();
        output += r.usage().outputTokens();
      }
      if (r.cost().amount() != null) {
        cost += r.cost().amount();
      } else if (r.selfHosted()) {
        selfHosted++;
      } else {
        unpriced++;
      }
    }

    void merge(ModelTotals o) {
      calls += o.calls;
      errors += o.errors;
      input += o.input;
      cached += o.cached;
      output += o.output;
      cost += o.cost;
      unpriced += o.unpriced;
      selfHosted += o.selfHosted;
    }

    String line() {
      String shown = selfHosted == calls ? "self-hosted" : unpriced == calls ? "unpriced" : money(cost);
      return String.format(Locale.ROOT, "  %-12s %-26s %6d %6d %10d %10d %10d %14s%n",
          provider, model, calls, errors, input, cached, output, shown);
    }

    static String money(double v) {
      return String.format(Locale.ROOT, "%.6f", v);
    }
  }

  private void appendBudgets(StringBuilder s) {
    java.util.List<io.tollgate.core.budget.BudgetState> states = budgets.get();
    if (states.isEmpty() && blocked == 0) {
      return;
    }
    s.append("  budgets (blocked calls: ").append(blocked).append(")\n");
    for (io.tollgate.core.budget.BudgetState b : states) {
      var limit = b.spec().limit();
      StringBuilder used = new StringBuilder();
      if (limit.usd() != null) {
        used.append(String.format(Locale.ROOT, "$%.6f of $%.2f", b.spent().usd(), limit.usd()));
      }
      if (limit.tokens() != null) {
        used.append(used.length() == 0 ? "" : ", ").append(b.spent().tokens()).append(" of ").append(limit.tokens()).append(" tokens");
      }
      if (limit.requests() != null) {
        used.append(used.length() == 0 ? "" : ", ").append(b.spent().requests()).append(" of ").append(limit.requests()).append(" requests");
      }
      s.append(String.format(Locale.ROOT, "    %-24s %-14s %-15s %5.1f%%  %s%n", b.spec().name(),
          b.scopeValue() == null ? "-" : b.scopeValue(), b.spec().window().yaml(), b.utilizationPercent(), used));
    }
  }
}

package io.tollgate.exporter.summary;

import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.LocalInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first calls of a run, one line each, for short runs and demos: a client call and the in-process engine call
 * that served it show the same trace id. Bounded: later calls are only counted.
 */
final class CallLines {
  private final int limit;
  private final List<String> lines = new ArrayList<>();
  private long notListed;

  CallLines(int limit) {
    this.limit = limit;
  }

  void add(CostRecord r) {
    if (lines.size() >= limit) {
      notListed++;
      return;
    }
    lines.add(line(r));
  }

  void appendTo(StringBuilder s) {
    if (lines.isEmpty()) {
      return;
    }
    s.append(String.format(Locale.ROOT, "  calls%s%n    %-8s %-11s %-26s %7s %7s %7s %10s %12s  %s%n",
        notListed > 0 ? " (first " + limit + "; " + notListed + " more not listed)" : "",
        "trace", "provider", "model", "input", "cached", "output", "latency", "cost USD", "details"));
    lines.forEach(s::append);
  }

  private static String line(CostRecord r) {
    String model = r.model() == null ? "(unknown)" : r.model();
    if (model.length() > 26) {
      model = model.substring(0, 25) + "~";
    }
    long in = r.usage() == null ? 0 : r.usage().inputTokens();
    long cached = r.usage() == null ? 0 : r.usage().cacheReadInputTokens();
    long out = r.usage() == null ? 0 : r.usage().outputTokens();
    String cost = r.cost().amount() != null ? String.format(Locale.ROOT, "%.8f", r.cost().amount())
        : r.selfHosted() ? "self-hosted" : "unpriced";
    return String.format(Locale.ROOT, "    %-8s %-11s %-26s %7d %7d %7d %8.1fms %12s  %s%n",
        r.trace() == null ? "-" : r.trace().traceId().substring(0, 8), r.provider(), model, in, cached, out,
        r.latencyMs(), cost, details(r));
  }

  private static String details(CostRecord r) {
    StringBuilder d = new StringBuilder(r.outcome().wire());
    if (r.stream()) {
      d.append(", stream");
    }
    if (r.ttftMs() != null) {
      d.append(String.format(Locale.ROOT, ", ttft %.1fms", r.ttftMs()));
    }
    LocalInference l = r.local();
    if (l != null) {
      d.append(l.cacheHit() ? ", prefix cache hit (" + l.reusedTokens() + " tokens)" : ", cache miss");
      d.append(String.format(Locale.ROOT, ", prefill %.1fms, decode %.1fms", l.prefillMs(), l.decodeMs()));
      if (l.gpuSeconds() != null) {
        d.append(String.format(Locale.ROOT, ", gpu %.3fs", l.gpuSeconds()));
        if (l.energyJoules() != null) {
          d.append(String.format(Locale.ROOT, " %.1fJ", l.energyJoules()));
        }
      } else {
        d.append(String.format(Locale.ROOT, ", cpu %.3fs", l.cpuSeconds()));
      }
    }
    if (r.costNote() != null && !r.selfHosted()) {
      d.append(", ").append(r.costNote());
    }
    return d.toString();
  }
}

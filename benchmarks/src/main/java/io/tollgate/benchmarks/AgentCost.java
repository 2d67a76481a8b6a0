package io.tollgate.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What an agent costs relative to no agent. Each number is the median over rounds of the difference
 * (or ratio) between the agent's JVM and the no-agent JVM of the same round: the two ran minutes
 * apart at most, so machine drift between rounds cancels out of each pair.
 */
public record AgentCost(
    Variant variant,
    double addedP50Us,
    double addedP99Us,
    double addedCpuUsPerCall,
    double singleThreadThroughputPercent,
    double multiThreadThroughputPercent,
    double startupToMainDeltaMs,
    double startupToFirstCallDeltaMs) {

  public static AgentCost of(Variant variant, List<WorkloadRun> runs) {
    List<Pair> pairs = new ArrayList<>();
    for (WorkloadRun agent : runs) {
      if (agent.variant() != variant) {
        continue;
      }
      runs.stream().filter(r -> r.variant() == Variant.NO_AGENT && r.round() == agent.round()).findFirst()
          .ifPresent(none -> pairs.add(new Pair(agent.result(), none.result())));
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no round has both " + variant + " and no agent");
    }
    return new AgentCost(
        variant,
        delta(pairs, WorkloadResult::p50Us),
        delta(pairs, WorkloadResult::p99Us),
        delta(pairs, WorkloadResult::singleThreadCpuUsPerCall),
        percent(pairs, WorkloadResult::singleThreadCallsPerSecond),
        percent(pairs, WorkloadResult::multiThreadCallsPerSecond),
        delta(pairs, r -> r.jvmToMainMs()),
        delta(pairs, r -> r.jvmToFirstCallMs()));
  }

  private record Pair(WorkloadResult agent, WorkloadResult none) {}

  private static double delta(List<Pair> pairs, ToDoubleFunction<WorkloadResult> value) {
    return VariantSummary.median(pairs, p -> value.applyAsDouble(p.agent()) - value.applyAsDouble(p.none()));
  }

  private static double percent(List<Pair> pairs, ToDoubleFunction<WorkloadResult> value) {
    return VariantSummary.median(pairs, p -> {
      double base = value.applyAsDouble(p.none());
      return base == 0 ? 0 : 100 * value.applyAsDouble(p.agent()) / base;
    });
  }
}

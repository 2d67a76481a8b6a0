package io.tollgate.benchmarks;

/**
 * One measurement slice as the orchestrator scheduled it: which configuration, in which cycle (each
 * cycle measures every configuration once, back to back) and at which position in that cycle's order.
 */
public record Slice(Variant variant, int cycle, int position, SliceResult result) {

  boolean multiThreaded() {
    return result.threads() > 1;
  }
}

package io.tollgate.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls until the JIT has gone quiet. The openai-java stack (Kotlin, Jackson, OkHttp) keeps the
 * compilers busy for twenty-odd thousand calls, about ten seconds of compile time on two cores;
 * measuring earlier would time the compiler more than the call, and an agent's extra code to compile
 * would look like a per-call cost. A fixed call count cannot fit all variants, so this watches the
 * compile time itself: two blocks in a row in which the JIT compiled for under 3% of the block's wall
 * time count as quiet.
 */
final class WarmUp {
  static final int BLOCK_CALLS = 1000;
  static final double QUIET_SHARE = 0.03;
  static final int QUIET_BLOCKS_NEEDED = 2;

  /** What a warm-up did: {@code settled} false means it stopped at its time limit with the JIT still busy. */
  record Outcome(int calls, long millis, boolean settled) {
    static final String WORD = "WARMED";

    String toLine() {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("calls", calls);
      f.put("ms", millis);
      f.put("settled", settled);
      return ProtocolLine.format(WORD, f);
    }

    static Outcome parse(String line) {
      ProtocolLine p = ProtocolLine.parse(WORD, line);
      return new Outcome((int) p.whole("calls"), p.whole("ms"), p.flag("settled"));
    }
  }

  private WarmUp() {}

  static Outcome run(Runnable call, int minimumCalls, int maxSeconds) {
    long start = System.nanoTime();
    for (int i = 0; i < minimumCalls; i++) {
      call.run();
    }
    int calls = minimumCalls;
    if (maxSeconds == 0) {
      return new Outcome(calls, (System.nanoTime() - start) / 1_000_000, true);
    }
    long deadline = start + maxSeconds * 1_000_000_000L;
    int quietBlocks = 0;
    while (quietBlocks < QUIET_BLOCKS_NEEDED && System.nanoTime() < deadline) {
      long jitBefore = jitMillis();
      long blockStart = System.nanoTime();
      for (int i = 0; i < BLOCK_CALLS; i++) {
        call.run();
      }
      calls += BLOCK_CALLS;
      double blockMillis = (System.nanoTime() - blockStart) / 1e6;
      quietBlocks = jitMillis() - jitBefore <= QUIET_SHARE * blockMillis ? quietBlocks + 1 : 0;
    }
    return new Outcome(calls, (System.nanoTime() - start) / 1_000_000, quietBlocks >= QUIET_BLOCKS_NEEDED);
  }

  /** Total JIT compile time so far, summed over the compiler threads. */
  static long jitMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }
}

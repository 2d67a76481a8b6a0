package io.tollgate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.core.json.JsonLeaves;
import org.junit.jupiter.api.Test;

/** Both benchmarks read the whole response: the tee's collects its usage, the floor counts every token. */
class ResponseParseBenchmarkTest {
  @Test
  void theIncrementalReadCollectsTheUsageAndTheFloorSeesEveryToken() throws Exception {
    ResponseParseBenchmark b = new ResponseParseBenchmark();
    JsonLeaves leaves = b.incremental();
    assertEquals(14, leaves.getLong("usage.prompt_tokens", -1));
    assertEquals(7, leaves.getLong("usage.completion_tokens", -1));
    assertEquals("stop", leaves.getString("choices[].finish_reason"));
    assertEquals(64, b.tokensOnly());
  }
}

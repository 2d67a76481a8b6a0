package io.tollgate.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WorkloadResultTest {

  @Test
  void resultLineRoundTrips() {
    WorkloadResult result = new WorkloadResult(23000, 14200, false, 3000, 4, 3000, 11001, 21, 2270,
        512.25, 2900.5, 530.75, 1603.4, 2438.1, 610.5, 700.25, 12, 9876);

    WorkloadResult parsed = WorkloadResult.parse(result.toLine());

    assertEquals(result, parsed);
  }

  @Test
  void lineWithoutAFieldIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> WorkloadResult.parse("RESULT calls=3"));
  }
}

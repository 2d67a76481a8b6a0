package io.tollgate.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.core.budget.Admission;
import io.tollgate.core.budget.BudgetState;
import io.tollgate.core.budget.Decision;
import org.junit.jupiter.api.Test;

/** The benchmarked path is the real one: the call is priced from the catalog, admitted, and settled to spend. */
class BudgetReservationBenchmarkTest {
  @Test
  void eachInvocationReservesThenSettlesTheRealCost() throws Exception {
    BudgetReservationBenchmark.OneBudget s = new BudgetReservationBenchmark.OneBudget();
    s.setUp();
    for (int i = 0; i < 10; i++) {
      Admission a = BudgetReservationBenchmark.reserveAndSettle(s);
      assertEquals(Decision.ALLOW, a.decision());
      // worst case from the catalog: 180 input tokens at $2.50/M + 256 output at $10/M
      assertEquals(180 * 2.5e-6 + 256 * 10e-6, a.reservation().amount().usd(), 1e-12);
    }
    BudgetState state = s.engine.states().get(0);
    assertEquals(10 * s.actual.usd(), state.spent().usd(), 1e-12);
    assertEquals(0, state.reserved().usd(), 1e-12);
  }
}

package io.tollgate.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.core.budget.policy.Action;
import io.tollgate.core.budget.policy.BudgetSpec;
import io.tollgate.core.budget.policy.Limit;
import io.tollgate.core.budget.policy.WindowKind;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountTest {
  /** Spends in the window holding {@code during}, then just after {@code nextStart}: the next window holds only its own spend. */
  static void assertNextWindowStartsAt(WindowKind window, ZonedDateTime during, ZonedDateTime nextStart) {
    BudgetSpec spec = new BudgetSpec("b", new Limit(1.0, null, null), window, Map.of(), null, List.of(50), Action.BLOCK, null);
    Account a = new Account(spec, "", 1, during.getZone());
    long t = during.toInstant().toEpochMilli();
    a.add(new Amount(0.10, 200, 1), t, t);
    assertEquals(nextStart.toInstant(), a.resetsAt(t));
    long after = nextStart.plusMinutes(30).toInstant().toEpochMilli();
    a.add(new Amount(0.80, 200, 1), after, after);
    assertEquals(0.80, a.spent(after + 3_600_000).usd(), 1e-9, "the next window counts only its own spend");
  }

  @Test
  void aDayWhoseMidnightFallsInADstGapEndsAtTheNextMidnight() {
    // Chile's clocks went from 00:00 to 01:00 on 7 September 2025: that day began at 01:00, the next at 00:00
    ZoneId santiago = ZoneId.of("America/Santiago");
    assertNextWindowStartsAt(WindowKind.CALENDAR_DAY, ZonedDateTime.of(2025, 9, 7, 12, 0, 0, 0, santiago),
        ZonedDateTime.of(2025, 9, 8, 0, 0, 0, 0, santiago));
  }

  @Test
  void aMonthWhoseFirstMidnightFallsInADstGapEndsAtTheNextMonthsMidnight() {
    // Paraguay's clocks went from 00:00 to 01:00 on 1 October 2023
    ZoneId asuncion = ZoneId.of("America/Asuncion");
    assertNextWindowStartsAt(WindowKind.CALENDAR_MONTH, ZonedDateTime.of(2023, 10, 15, 12, 0, 0, 0, asuncion),
        ZonedDateTime.of(2023, 11, 1, 0, 0, 0, 0, asuncion));
  }
}

package io.tollgate.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.budget.policy.Policy;
import io.tollgate.core.budget.policy.PolicyParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BudgetEngineTest {
  // gpt-4o list price: $2.50 input, $10 output per million
  static final Pricer PRICES = (family, model, inputTokens) -> switch (model) {
    case "gpt-4o" -> new double[] {2.5e-6, 10e-6};
    case "gpt-4o-mini" -> new double[] {0.15e-6, 0.6e-6};
    default -> null;
  };

  final AtomicLong clock = new AtomicLong(1_764_000_000_000L);

  BudgetEngine engine(String yaml) throws Exception {
    BudgetEngine e = new BudgetEngine(PRICES, clock::get, false);
    e.install(PolicyParser.parse(yaml.getBytes(StandardCharsets.UTF_8)));
    return e;
  }

  /** A policy of one budget 'b'; {@code extra} lines go under it. */
  static String oneBudget(String zone, String limit, String window, String extra) {
    return "version: 1\ntimezone: " + zone + "\nbudgets:\n  - name: b\n    limit: " + limit + "\n    window: " + window + "\n" + extra;
  }

  static String oneDollar(String zone, String window, String extra) {
    return oneBudget(zone, "{usd: 1.00}", window, extra);
  }

  static CallFacts call(String model, long inputBound, Long maxOut, Map<String, String> attrs) {
    java.util.Map<String, String> all = new java.util.HashMap<>(attrs);
    all.put("provider", "openai");
    all.put("model", model);
    return new CallFacts("openai", model, inputBound, null, maxOut, 1, all, false);
  }

  @Test
  void onlyABudgetThatLimitsSpendPutsAnOutputBoundOnARequestWithoutOne() throws Exception {
    BudgetEngine counts = engine("""
        version: 1
        budgets:
          - name: per-minute
            limit: {requests: 2}
            window: rolling-minute
        """);
    Admission a = counts.admit(call("gpt-4o", 1000, null, Map.of()));
    assertFalse(a.blocked());
    assertFalse(a.rewritesRequest(), "a request count does not need max tokens: the request is not changed");
    assertEquals(1, counts.states().get(0).reserved().requests());
    counts.admit(call("gpt-4o", 1000, null, Map.of()));
    assertTrue(counts.admit(call("gpt-4o", 1000, null, Map.of())).blocked(), "the third request in the minute is refused");

    BudgetEngine dollars = engine("""
        version: 1
        budgets:
          - name: monthly
            limit: {usd: 100, requests: 1000}
            window: calendar-month
        """);
    Admission d = dollars.admit(call("gpt-4o", 1000, null, Map.of()));
    assertEquals(BudgetEngine.DEFAULT_MAX_OUTPUT_TOKENS, d.maxOutputTokens(), "a USD limit needs the answer bounded");
  }

  @Test
  void concurrentCallsNeverSpendPastTheLimit() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: tight
            limit: {usd: 1.00}
            window: calendar-month
        """);
    // each call's worst case: 1000 in + 1000 out = $0.0125; it really costs $0.0075 (500 out)
    int threads = 64;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    DoubleAdder settled = new DoubleAdder();
    AtomicLong blocked = new AtomicLong();
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 50; i++) {
          Admission a = engine.admit(call("gpt-4o", 1000, 1000L, Map.of()));
          if (a.blocked()) {
            blocked.incrementAndGet();
            continue;
          }
          double cost = 1000 * 2.5e-6 + 500 * 10e-6;
          a.reservation().settle(new Amount(cost, 1500, 1));
          settled.add(cost);
        }
        return null;
      }));
    }
    start.countDown();
    for (var f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    BudgetState state = engine.states().get(0);
    assertTrue(state.spent().usd() <= 1.00 + 1e-9, "spent " + state.spent().usd());
    assertEquals(settled.sum(), state.spent().usd(), 1e-9);
    assertTrue(blocked.get() > 0);
    assertTrue(state.spent().usd() > 1.00 - 0.0125, "budget left unused: " + state.spent().usd());
    assertEquals(0, state.reserved().usd(), 1e-12);
  }

  @Test
  void blockNamesBudgetScopeLimitSpendAndReset() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        timezone: UTC
        budgets:
          - name: team-daily
            limit: {usd: 0.02}
            window: calendar-day
            per: team
        """);
    Admission first = engine.admit(call("gpt-4o", 1000, 1000L, Map.of("team", "search")));
    assertEquals(Decision.ALLOW, first.decision());
    first.reservation().settle(new Amount(0.0125, 2000, 1));
    Admission second = engine.admit(call("gpt-4o", 1000, 1000L, Map.of("team", "search")));
    assertEquals(Decision.BLOCK, second.decision());
    String message = second.refusal().message();
    assertTrue(message.contains("'team-daily'") && message.contains("'search'") && message.contains("$0.02")
        && message.contains("$0.0125") && message.contains("2025-11-25T00:00:00Z"), message);
    // another team has its own budget
    assertEquals(Decision.ALLOW, engine.admit(call("gpt-4o", 1000, 1000L, Map.of("team", "ads"))).decision());
  }

  @Test
  void clampLowersMaxTokensToWhatIsLeft() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: c
            limit: {usd: 0.01}
            window: rolling-hour
            action: clamp
        """);
    Admission a = engine.admit(call("gpt-4o", 1000, 4000L, Map.of()));
    assertEquals(Decision.CLAMP, a.decision());
    // (0.01 - 1000 * 2.5e-6) / 10e-6 = 750
    assertEquals(750L, a.maxOutputTokens());
    assertEquals(0.01, a.reservation().amount().usd(), 1e-12);
  }

  @Test
  void aRequestForSeveralAnswersReservesEveryAnswersOutputAndIsClampedPerAnswer() throws Exception {
    BudgetEngine engine = engine(oneBudget("UTC", "{usd: 0.01}", "rolling-hour", "    action: clamp\n"));
    // n = 4 answers of up to 500 tokens: 1000 * 2.5e-6 + 4 * 500 * 10e-6 = $0.0225 does not fit $0.01
    Admission a = engine.admit(new CallFacts("openai", "gpt-4o", 1000, null, 500L, 4, Map.of(), false));
    assertEquals(Decision.CLAMP, a.decision());
    // 750 output tokens fit in all, so each of the 4 answers gets 187
    assertEquals(187L, a.maxOutputTokens());
    assertEquals(1000 * 2.5e-6 + 4 * 187 * 10e-6, a.reservation().amount().usd(), 1e-12);
    assertEquals(1000 + 4 * 187, a.reservation().amount().tokens());
  }

  @Test
  void clampBlocksWhenTheSameBudgetsRequestLimitIsReached() throws Exception {
    BudgetEngine engine = engine(oneBudget("UTC", "{tokens: 10000, requests: 2}", "calendar-day", "    action: clamp\n"));
    for (int i = 0; i < 2; i++) {
      Admission a = engine.admit(call("gpt-4o", 100, 4000L, Map.of()));
      assertEquals(Decision.ALLOW, a.decision());
      a.reservation().settle(a.reservation().amount());
    }
    // 1700 tokens are left, but no request: a shorter answer does not make a third request fit
    Admission third = engine.admit(call("gpt-4o", 100, 4000L, Map.of()));
    assertEquals(Decision.BLOCK, third.decision());
    assertEquals("2 requests", third.refusal().limit());
    assertEquals(2, engine.states().get(0).spent().requests());
  }

  @Test
  void downgradeSwapsTheModelWhenTheCheaperOneFits() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: d
            limit: {usd: 0.005}
            window: rolling-day
            action: downgrade
            downgrade-to: gpt-4o-mini
        """);
    Admission a = engine.admit(call("gpt-4o", 1000, 1000L, Map.of()));
    assertEquals(Decision.DOWNGRADE, a.decision());
    assertEquals("gpt-4o-mini", a.model());
    assertNull(a.maxOutputTokens());
  }

  @Test
  void guardSetsMaxTokensAndMissingMaxTokensGetsOne() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        guards: {max-output-tokens: 512}
        budgets: []
        """);
    assertEquals(512L, engine.admit(call("gpt-4o", 10, null, Map.of())).maxOutputTokens());
    assertEquals(512L, engine.admit(call("gpt-4o", 10, 9000L, Map.of())).maxOutputTokens());
    assertNull(engine.admit(call("gpt-4o", 10, 100L, Map.of())).maxOutputTokens());
  }

  @Test
  void exactCountIsTakenOnlyWhenTheCheapBoundWouldRefuse() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: small
            limit: {usd: 0.003}
            window: calendar-day
        """);
    AtomicLong counted = new AtomicLong();
    // bound: 1000 tokens in ($0.0025) + 100 out ($0.001) does not fit $0.003; the exact 200 tokens do
    CallFacts facts = new CallFacts("openai", "gpt-4o", 1000, () -> {
      counted.incrementAndGet();
      return 200;
    }, 100L, 1, Map.of("provider", "openai", "model", "gpt-4o"), false);
    Admission a = engine.admit(facts);
    assertEquals(Decision.ALLOW, a.decision());
    assertEquals(1, counted.get());
    assertEquals(200 * 2.5e-6 + 100 * 10e-6, a.reservation().amount().usd(), 1e-12);
    CallFacts small = new CallFacts("openai", "gpt-4o", 10, () -> {
      counted.incrementAndGet();
      return 10;
    }, 10L, 1, Map.of(), false);
    assertEquals(Decision.ALLOW, engine.admit(small).decision());
    assertEquals(1, counted.get(), "no count when the bound already fits");
  }

  @Test
  void maxCostPerRequestGuardBlocksAnExpensiveWorstCase() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        guards: {max-cost-per-request: 0.05}
        budgets: []
        """);
    // 1000 in + 4000 out on gpt-4o: $0.0025 + $0.04 fits; 1000 in + 5000 out: $0.0525 does not
    assertEquals(Decision.ALLOW, engine.admit(call("gpt-4o", 1000, 4000L, Map.of())).decision());
    Admission blocked = engine.admit(call("gpt-4o", 1000, 5000L, Map.of()));
    assertEquals(Decision.BLOCK, blocked.decision());
    assertEquals("guard:max-cost-per-request", blocked.refusal().budget());
    assertTrue(blocked.refusal().message().contains("$0.05"), blocked.refusal().message());
  }

  @Test
  void alertOnlyBudgetLetsTheCallThroughAndSaysSo() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: watch
            limit: {usd: 0.001}
            window: calendar-day
            action: alert-only
        """);
    Admission a = engine.admit(call("gpt-4o", 1000, 1000L, Map.of()));
    assertEquals(Decision.OVER_ALERT_ONLY, a.decision());
    assertNotNull(a.reservation());
  }

  @Test
  void rollingWindowFreesSpendAsItSlides() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: per-minute
            limit: {requests: 2}
            window: rolling-minute
        """);
    engine.admit(call("gpt-4o", 1, 1L, Map.of())).reservation().settle(new Amount(0, 2, 1));
    engine.admit(call("gpt-4o", 1, 1L, Map.of())).reservation().settle(new Amount(0, 2, 1));
    assertEquals(Decision.BLOCK, engine.admit(call("gpt-4o", 1, 1L, Map.of())).decision());
    clock.addAndGet(62_000);
    assertEquals(Decision.ALLOW, engine.admit(call("gpt-4o", 1, 1L, Map.of())).decision());
  }

  @Test
  void unpricedModelIsBlockedByUsdBudgetUnlessPolicyAllows() throws Exception {
    String budgets = """
        budgets:
          - name: usd
            limit: {usd: 5}
            window: calendar-month
        """;
    assertEquals(Decision.BLOCK, engine("version: 1\n" + budgets).admit(call("my-finetune", 10, 10L, Map.of())).decision());
    assertEquals(Decision.ALLOW, engine("version: 1\nunpriced: allow\n" + budgets).admit(call("my-finetune", 10, 10L, Map.of())).decision());
  }

  @Test
  void aSelfHostedServersCallsCountTokensButNoDollars() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: usd
            limit: {usd: 0.001}
            window: calendar-month
          - name: tokens
            limit: {tokens: 5000}
            window: calendar-month
        """);
    // a model the catalog does not know is not "unpriced" there (the default policy blocks those) ...
    Admission local = engine.admit(selfHosted("llama-3.1-8b-instruct", 1000, 1000L));
    assertEquals(Decision.ALLOW, local.decision());
    // ... and one whose name the catalog knows is not charged its API price: $0.0125 would break the $0.001 limit
    Admission named = engine.admit(selfHosted("gpt-4o", 1000, 1000L));
    assertEquals(Decision.ALLOW, named.decision());
    local.reservation().settle(new Amount(0, 1500, 1));
    named.reservation().settle(new Amount(0, 1500, 1));
    // tokens still count: 3000 used, a worst case of 2001 more would pass 5000
    Admission third = engine.admit(selfHosted("gpt-4o", 1001, 1000L));
    assertEquals(Decision.BLOCK, third.decision());
    assertEquals("tokens", third.refusal().budget());
    // the same call to the API itself is priced and blocked by the dollars
    assertEquals(Decision.BLOCK, engine.admit(call("gpt-4o", 10, 1000L, Map.of())).decision());
  }

  static CallFacts selfHosted(String model, long inputBound, Long maxOut) {
    return new CallFacts("openai", model, inputBound, null, maxOut, 1,
        Map.of("provider", "vllm", "model", model), true);
  }

  @Test
  void reloadKeepsSpendOfBudgetsThatStay() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: keep
            limit: {usd: 1}
            window: calendar-month
        """);
    engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).reservation().settle(new Amount(0.5, 2000, 1));
    Admission inFlight = engine.admit(call("gpt-4o", 1000, 1000L, Map.of()));
    engine.install(PolicyParser.parse("""
        version: 1
        budgets:
          - name: keep
            limit: {usd: 0.6}
            window: calendar-month
        """.getBytes(StandardCharsets.UTF_8)));
    inFlight.reservation().settle(new Amount(0.05, 100, 1));
    BudgetState s = engine.states().get(0);
    assertEquals(0.55, s.spent().usd(), 1e-12);
    assertEquals(0, s.reserved().usd(), 1e-12);
    assertEquals(Decision.BLOCK, engine.admit(call("gpt-4o", 1000, 5000L, Map.of())).decision());
  }

  void reload(BudgetEngine engine, String yaml) throws Exception {
    engine.install(PolicyParser.parse(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aReloadThatOnlyChangesTheTimezoneKeepsRollingSpend() throws Exception {
    BudgetEngine engine = engine(oneDollar("UTC", "rolling-hour", ""));
    engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).reservation().settle(new Amount(1.00, 2000, 1));
    assertTrue(engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).blocked());
    reload(engine, oneDollar("Europe/Berlin", "rolling-hour", ""));
    assertTrue(engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).blocked(), "a spent budget stays spent");
    assertEquals(1.00, engine.states().get(0).spent().usd(), 1e-12);
  }

  @Test
  void aReloadThatChangesTheTimezoneKeepsTheCalendarDaysSpendAndCallsInFlight() throws Exception {
    BudgetEngine engine = engine(oneDollar("UTC", "calendar-day", ""));
    long now = clock.get(); // 2025-11-24T16:00Z
    clock.set(now - TimeUnit.HOURS.toMillis(6));
    Admission inFlight = engine.admit(call("gpt-4o", 1000, 1000L, Map.of())); // 10:00Z
    clock.set(now);
    engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).reservation().settle(new Amount(0.90, 2000, 1));
    reload(engine, oneDollar("Asia/Tokyo", "calendar-day", "")); // 01:00 on the 25th in Tokyo, whose day began at 15:00Z
    assertEquals(0.0125, engine.states().get(0).reserved().usd(), 1e-12, "the call in flight is still held");
    inFlight.reservation().settle(new Amount(0.09, 2000, 1));
    BudgetState s = engine.states().get(0);
    assertEquals(0.99, s.spent().usd(), 1e-12, "the call made before the new day began still counts when it ends");
    assertEquals(0, s.reserved().usd(), 1e-12);
    assertEquals(java.time.Instant.parse("2025-11-25T15:00:00Z"), s.resetsAt(), "the spend counts until Tokyo's day ends");
    assertTrue(engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).blocked());
    clock.set(java.time.Instant.parse("2025-11-25T15:00:00Z").toEpochMilli());
    assertFalse(engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).blocked(), "a new day in Tokyo");
  }

  @Test
  void aReloadThatChangesTheWindowOrPerNeverForgetsSpend() throws Exception {
    BudgetEngine engine = engine(oneDollar("UTC", "rolling-hour", ""));
    engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).reservation().settle(new Amount(0.90, 2000, 1));
    Admission inFlight = engine.admit(call("gpt-4o", 1000, 1000L, Map.of()));
    reload(engine, oneDollar("UTC", "calendar-day", ""));
    assertEquals(0.90, engine.states().get(0).spent().usd(), 1e-12, "the hour's spend counts in the day");
    inFlight.reservation().settle(new Amount(0.09, 2000, 1));
    assertEquals(0.99, engine.states().get(0).spent().usd(), 1e-12);
    assertTrue(engine.admit(call("gpt-4o", 1000, 1000L, Map.of())).blocked());

    reload(engine, oneDollar("UTC", "calendar-day", "    per: team\n"));
    // which team spent what is not known: each counts all that was spent, until the day ends
    assertTrue(engine.admit(call("gpt-4o", 1000, 1000L, Map.of("team", "a"))).blocked());
    assertTrue(engine.admit(call("gpt-4o", 1000, 1000L, Map.of("team", "b"))).blocked());
    clock.addAndGet(TimeUnit.DAYS.toMillis(1));
    assertFalse(engine.admit(call("gpt-4o", 1000, 1000L, Map.of("team", "a"))).blocked(), "a new day");
  }

  @Test
  @Timeout(60)
  void aFirstCallForANewPerValueRacingAReloadCountsInTheBudgetInForce() throws Exception {
    String yaml = oneBudget("UTC", "{requests: 1}", "calendar-day", "    per: team\n");
    BudgetEngine engine = engine(yaml);
    CountDownLatch matching = new CountDownLatch(1);
    CountDownLatch reloaded = new CountDownLatch(1);
    // the call stops while it looks up its 'team', after it read the policy in force and before it makes its account
    Map<String, String> attributes = new java.util.HashMap<>(Map.of("team", "new", "provider", "openai", "model", "gpt-4o")) {
      @Override
      public String getOrDefault(Object key, String otherwise) {
        if ("team".equals(key) && matching.getCount() > 0) {
          matching.countDown();
          try {
            reloaded.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return super.getOrDefault(key, otherwise);
      }
    };
    Admission[] first = new Admission[1];
    Thread app = daemon("app", () -> first[0] = engine.admit(new CallFacts("openai", "gpt-4o", 100, null, 10L, 1, attributes, false)));
    assertTrue(matching.await(30, TimeUnit.SECONDS));
    reload(engine, yaml + "# any edit\n");
    reloaded.countDown();
    app.join(30_000);
    assertFalse(first[0].blocked());
    assertTrue(engine.admit(call("gpt-4o", 100, 10L, Map.of("team", "new"))).blocked(), "a 1-request budget admitted a second request");
    assertEquals(1, engine.states().get(0).reserved().requests());
  }

  @Test
  void alertFiresOncePerThreshold() throws Exception {
    BudgetEngine engine = engine("""
        version: 1
        budgets:
          - name: a
            limit: {requests: 4}
            window: calendar-month
        """);
    List<Integer> thresholds = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (BudgetAlert alert : engine.admit(call("gpt-4o", 1, 1L, Map.of())).reservation().settle(new Amount(0, 2, 1))) {
        thresholds.add(alert.thresholdPercent());
      }
    }
    assertEquals(List.of(50, 75, 90), thresholds); // the fourth call reaches 100%: 90 fires, once
    assertNotNull(engine.states().get(0).resetsAt());
  }

  /** Two budgets over one call, the second one's accounts made first, so the file order and the lock order differ. */
  static final String TWO_BUDGETS = """
      version: 1
      budgets:
        - name: search
          limit: {usd: 1000000}
          window: calendar-month
          scope: {team: search}
        - name: all
          limit: {usd: 1000000}
          window: calendar-month
      """;

  BudgetEngine twoBudgets() throws Exception {
    BudgetEngine engine = engine(TWO_BUDGETS);
    engine.admit(call("gpt-4o", 10, 10L, Map.of("team", "ads"))).reservation().release(); // 'all' gets the first lock number
    return engine;
  }

  @Test
  @Timeout(60)
  void settlingAReservationMadeBeforeAReloadTakesItsLocksInAdmitsOrder() throws Exception {
    BudgetEngine engine = twoBudgets();
    Reservation before = engine.admit(call("gpt-4o", 10, 10L, Map.of("team", "search"))).reservation();
    engine.install(PolicyParser.parse((TWO_BUDGETS + "# any edit\n").getBytes(StandardCharsets.UTF_8)));
    Account[] locks = Arrays.stream(before.accounts).map(Account::current).sorted(Comparator.comparingLong(a -> a.order)).toArray(Account[]::new);
    locks[0].lock.lock(); // where a call admitted now stands after taking its first lock
    try {
      Thread export = daemon("export", () -> before.settle(new Amount(1e-6, 20, 1)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!locks[0].lock.hasQueuedThread(export) && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertTrue(locks[0].lock.hasQueuedThread(export), "settle waits for the first lock");
      assertTrue(locks[1].lock.tryLock(), "settle took the second lock before the first: a call admitted now would deadlock with it");
      locks[1].lock.unlock();
    } finally {
      locks[0].lock.unlock();
    }
  }

  @Test
  @Timeout(60)
  void settlingAReservationMadeBeforeAReloadNeverDeadlocksWithAdmit() throws Exception {
    BudgetEngine engine = twoBudgets();
    int n = 100_000;
    Reservation[] before = new Reservation[n];
    for (int i = 0; i < n; i++) {
      before[i] = engine.admit(call("gpt-4o", 10, 10L, Map.of("team", "search"))).reservation();
    }
    engine.install(PolicyParser.parse((TWO_BUDGETS + "# any edit\n").getBytes(StandardCharsets.UTF_8)));
    Thread export = daemon("export", () -> {
      for (Reservation r : before) {
        r.settle(new Amount(1e-6, 20, 1));
      }
    });
    Thread app = daemon("app", () -> {
      for (int i = 0; i < n; i++) {
        engine.admit(call("gpt-4o", 10, 10L, Map.of("team", "search"))).reservation().release();
      }
    });
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((export.isAlive() || app.isAlive()) && System.nanoTime() < deadline) {
      assertNull(threads.findDeadlockedThreads(), "settle and admit deadlocked after a reload");
      export.join(100);
    }
    assertFalse(export.isAlive() || app.isAlive(), "settle and admit did not finish");
    assertEquals(n * 1e-6, engine.states().get(1).spent().usd(), 1e-9);
  }

  static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}

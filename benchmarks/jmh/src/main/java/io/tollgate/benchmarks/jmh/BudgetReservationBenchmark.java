package io.tollgate.benchmarks.jmh;

import io.tollgate.core.budget.Admission;
import io.tollgate.core.budget.Amount;
import io.tollgate.core.budget.BudgetEngine;
import io.tollgate.core.budget.CallFacts;
import io.tollgate.core.budget.CatalogPricer;
import io.tollgate.core.budget.policy.PolicyFormatException;
import io.tollgate.core.budget.policy.PolicyParser;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PricingCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the budget engine adds to one LLM call: reserve the worst case on its budget before the
 * request is sent, settle it to the real cost after. One budget shared by all threads (the
 * contended case for 2 and 8 threads), priced from the bundled catalog as the agent does.
 * Sample mode, so JMH prints the median (p0.50) beside the mean.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BudgetReservationBenchmark {

  @State(Scope.Benchmark)
  public static class OneBudget {
    BudgetEngine engine;
    CallFacts call;
    Amount actual;

    @Setup
    public void setUp() throws PolicyFormatException {
      engine = new BudgetEngine(new CatalogPricer(() -> CALCULATOR), System::currentTimeMillis, false);
      engine.install(PolicyParser.parse("""
          version: 1
          budgets:
            - name: monthly
              limit: {usd: 1000000000}
              window: calendar-month
          """.getBytes(StandardCharsets.UTF_8)));
      call = new CallFacts("openai", "gpt-4o", 180, null, 256L, 1,
          Map.of("service", "checkout", "provider", "openai", "model", "gpt-4o"), false);
      actual = new Amount(20 * 2.5e-6 + 100 * 10e-6, 120, 1);
    }
  }

  /** The same with the spend journal on, flushed to a file every 100 ms by another thread, as in the agent. */
  @State(Scope.Benchmark)
  public static class OneBudgetJournaled extends OneBudget {
    private java.util.concurrent.ScheduledExecutorService flusher;

    @Override
    @Setup
    public void setUp() throws PolicyFormatException {
      super.setUp();
      try {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("tollgate-journal-bench", ".jsonl");
        file.toFile().deleteOnExit();
        io.tollgate.core.budget.journal.SpendJournal journal =
            new io.tollgate.core.budget.journal.SpendJournal(new io.tollgate.core.log.LineFile(file, false));
        engine.setJournal(journal);
        flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "journal-flush");
          t.setDaemon(true);
          return t;
        });
        flusher.scheduleWithFixedDelay(journal::flush, 100, 100, TimeUnit.MILLISECONDS);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @org.openjdk.jmh.annotations.TearDown
    public void tearDown() {
      flusher.shutdownNow();
    }
  }

  @Benchmark
  @Threads(1)
  public Admission reserveAndSettleJournaled1Thread(OneBudgetJournaled s) {
    return reserveAndSettle(s);
  }

  private static final CostCalculator CALCULATOR = new CostCalculator(PricingCatalog.bundled());

  static Admission reserveAndSettle(OneBudget s) {
    Admission a = s.engine.admit(s.call);
    a.reservation().settle(s.actual);
    return a;
  }

  @Benchmark
  @Threads(1)
  public Admission reserveAndSettle1Thread(OneBudget s) {
    return reserveAndSettle(s);
  }

  @Benchmark
  @Threads(2)
  public Admission reserveAndSettle2Threads(OneBudget s) {
    return reserveAndSettle(s);
  }

  @Benchmark
  @Threads(8)
  public Admission reserveAndSettle8Threads(OneBudget s) {
    return reserveAndSettle(s);
  }
}

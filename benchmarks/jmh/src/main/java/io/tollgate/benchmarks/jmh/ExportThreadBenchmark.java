package io.tollgate.benchmarks.jmh;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PricingCatalog;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.usage.Usage;
import io.tollgate.exporter.ledger.JsonlLedgerSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@code tollgate-export} thread does for one non-streamed OpenAI chat call: build and price
 * its record, then write its ledger line (flushed every {@value #BATCH} lines, as the export queue
 * drains in batches; the file is {@code /dev/null}, so the write is a system call that stores
 * nothing). On one CPU the application pays for this thread's work too. {@code ledgerLine} is the
 * line alone, for a record built once; {@code priceSnapshotName} the pricing alone;
 * {@code callThenExport} the whole call, the application's thread's part (as
 * {@link PerCallBenchmark#throughInterceptor}) included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExportThreadBenchmark {
  static final int BATCH = 256;

  @State(Scope.Thread)
  public static class Ledger {
    JsonlLedgerSink sink;
    int unflushed;

    @Setup(Level.Trial)
    public void open() throws IOException {
      open(Path.of("/dev/null"));
    }

    void open(Path file) throws IOException {
      sink = new JsonlLedgerSink(file);
    }

    void write(CostRecord record) throws Exception {
      sink.accept(record);
      if (++unflushed == BATCH) {
        sink.flush();
        unflushed = 0;
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      sink.close();
    }
  }

  /** A record as the agent builds it for the fake provider's chat completion. */
  @State(Scope.Thread)
  public static class OneRecord {
    CostRecord record;

    @Setup(Level.Trial)
    public void build() throws IOException {
      PerCallBenchmark.AgentBuildingRecords agent = new PerCallBenchmark.AgentBuildingRecords();
      agent.setUp();
      PerCallBenchmark.call(agent);
      record = agent.lastRecord;
    }
  }

  /** Pricing alone, for the name OpenAI answers with: a dated snapshot of a catalog entry. */
  @State(Scope.Thread)
  public static class Pricing {
    final CostCalculator calculator = new CostCalculator(PricingCatalog.bundled());
    final Usage usage = new Usage(1200, 300, 1024, 0, 0, 0);
    final Instant at = Instant.now();
  }

  @Benchmark
  public Cost priceSnapshotName(Pricing p) {
    return p.calculator.price("openai", "gpt-4o-mini-2024-07-18", p.usage, p.at);
  }

  @Benchmark
  public CostRecord ledgerLine(OneRecord one, Ledger ledger) throws Exception {
    ledger.write(one.record);
    return one.record;
  }

  @Benchmark
  public CostRecord callThenExport(PerCallBenchmark.Agent agent, Ledger ledger) throws Exception {
    PerCallBenchmark.call(agent);
    CostRecord record = agent.lastQueued.get();
    ledger.write(record);
    return record;
  }
}

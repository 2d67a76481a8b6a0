package io.tollgate.exporter.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.bootstrap.LocalCallFacts;
import io.tollgate.core.local.LocalCallRecorder;
import io.tollgate.core.local.LocalRates;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.ResourceInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CallLinesTest {
  private static CostRecord engineCall(long reused) {
    List<Supplier<CostRecord>> built = new ArrayList<>();
    LocalCallRecorder recorder = new LocalCallRecorder(ResourceInfo.from(Map.of(), Map.of()),
        new LocalRates(0.36, Map.of(), null), built::add);
    recorder.end(recorder.begin("tollgate-local-inference", "cpu", Map.of()), Map.of(
        LocalCallFacts.MODEL, "tiny-llama", LocalCallFacts.PROMPT_TOKENS, 40, LocalCallFacts.COMPLETION_TOKENS, 8,
        LocalCallFacts.REUSED_TOKENS, reused, LocalCallFacts.CACHE_HIT, reused > 0, LocalCallFacts.CPU_NANOS, 10_000_000_000L,
        LocalCallFacts.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), null);
    return built.get(0).get();
  }

  @Test
  void listsTheFirstCallsWithTheirTraceAndEngineFigures() {
    ExitSummarySink summary = new ExitSummarySink(new PrintStream(PrintStream.nullOutputStream()), null, () -> 0, () -> 0, 1);
    summary.accept(engineCall(32));
    summary.accept(engineCall(0));
    String text = summary.render();
    List<String> listed = text.lines().filter(l -> l.startsWith("    4bf92f35")).toList();
    assertEquals(1, listed.size(), text);
    String line = listed.get(0);
    assertTrue(line.contains("local") && line.contains("tiny-llama"), line);
    assertTrue(line.contains("prefix cache hit (32 tokens)"), line);
    assertTrue(line.contains("cpu 10.000s"), line);
    assertTrue(line.contains("0.00100000"), "10 CPU-seconds at 0.36 USD/h: " + line);
    assertTrue(text.contains("(first 1; 1 more not listed)"), text);
  }

  @Test
  void listsNothingUnlessAsked() {
    ExitSummarySink summary = new ExitSummarySink(new PrintStream(PrintStream.nullOutputStream()), null, () -> 0, () -> 0);
    summary.accept(engineCall(0));
    assertFalse(summary.render().contains("4bf92f35"), summary.render());
  }
}

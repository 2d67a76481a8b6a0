package io.tollgate.core.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.bootstrap.LocalCallFacts;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.CostSource;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.record.ResourceInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LocalCallRecorderTest {
  private final List<Supplier<CostRecord>> queued = new ArrayList<>();
  private final ResourceInfo resource = ResourceInfo.from(Map.of("OTEL_SERVICE_NAME", "demo"), Map.of());

  private static Map<String, Object> facts() {
    Map<String, Object> f = new HashMap<>();
    f.put(LocalCallFacts.REQUEST_MODEL, "tiny");
    f.put(LocalCallFacts.MODEL, "tollgate-random-llama");
    f.put(LocalCallFacts.BACKEND, "cpu (scalar)");
    f.put(LocalCallFacts.PROMPT_TOKENS, 40);
    f.put(LocalCallFacts.COMPLETION_TOKENS, 11);
    f.put(LocalCallFacts.REUSED_TOKENS, 32);
    f.put(LocalCallFacts.CACHE_HIT, true);
    f.put(LocalCallFacts.PREFILL_NANOS, 2_000_000L);
    f.put(LocalCallFacts.DECODE_NANOS, 50_000_000L);
    f.put(LocalCallFacts.TTFT_NANOS, 3_000_000L);
    f.put(LocalCallFacts.CPU_NANOS, 7_200_000_000L);
    f.put(LocalCallFacts.FINISH_REASON, "length");
    f.put(LocalCallFacts.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    return f;
  }

  @Test
  void cpuTimeIsPricedAtTheConfiguredRateWithReusedTokensAsCacheReads() {
    LocalCallRecorder recorder = new LocalCallRecorder(resource, new LocalRates(0.5, Map.of(), null), queued::add);
    recorder.end(recorder.begin("tollgate-local-inference", "cpu-vector", Map.of("team", "search")), facts(), null);
    CostRecord r = queued.get(0).get();
    assertEquals("local", r.provider());
    assertEquals(CostSource.LOCAL, r.costSource());
    assertEquals(40, r.usage().inputTokens());
    assertEquals(32, r.usage().cacheReadInputTokens());
    assertEquals(11, r.usage().outputTokens());
    // 7.2 CPU-seconds at 0.5 USD per core-hour
    assertEquals(0.001, r.cost().amount(), 1e-12);
    assertEquals(5.0, r.local().timePerOutputTokenMs(), 1e-9, "50 ms of decode over the 10 tokens after the first");
    assertEquals(3.0, r.ttftMs(), 1e-9);
    assertTrue(r.local().cacheHit());
    assertEquals("search", r.attributes().get("team"));
    assertEquals("0af7651916cd43dd8448eb211c80319c", r.trace().traceId());
    assertEquals("b7ad6b7169203331", r.trace().parentSpanId());
    assertEquals(16, r.trace().spanId().length());
    assertEquals(Outcome.OK, r.outcome());
  }

  @Test
  void gpuTimeAndEnergyArePricedByDeviceModel() {
    LocalCallRecorder recorder = new LocalCallRecorder(resource,
        new LocalRates(0.5, Map.of("nvidia h100", 3.6, "h100", 1.0), 0.2), queued::add);
    recorder.setGpuMeter(new GpuMeter() {
      @Override public Object begin() { return "t"; }
      @Override public GpuShare end(Object begun) { return new GpuShare(2.0, 36_000.0, "NVIDIA H100 80GB HBM3"); }
    });
    recorder.end(recorder.begin("tollgate-local-inference", "cuda", Map.of()), facts(), null);
    CostRecord r = queued.get(0).get();
    // 2 GPU-seconds at 3.6 USD/h (the longer matching key wins) + 0.01 kWh at 0.2 USD/kWh
    assertEquals(0.002, r.local().computeCost(), 1e-12);
    assertEquals(0.002, r.local().energyCost(), 1e-12);
    assertEquals(0.004, r.cost().amount(), 1e-12);
    assertEquals("NVIDIA H100 80GB HBM3", r.local().device());
  }

  @Test
  void aCallOnTheCpuTakesNoShareOfTheGpu() {
    LocalCallRecorder recorder = new LocalCallRecorder(resource, new LocalRates(3.6, Map.of("h100", 36.0), 0.2), queued::add);
    recorder.setGpuMeter(new GpuMeter() {
      @Override public Object begin() { throw new AssertionError("a CPU call began a GPU share"); }
      @Override public GpuShare end(Object begun) { throw new AssertionError("a CPU call ended a GPU share"); }
    });
    recorder.end(recorder.begin("e", "cpu-vector", Map.of()), facts(), null);
    CostRecord r = queued.get(0).get();
    assertNull(r.local().gpuSeconds());
    assertEquals(r.local().cpuSeconds() / 3600.0 * 3.6, r.cost().amount(), 1e-12);
  }

  @Test
  void aGpuWithoutARateIsPricedByItsEnergyOnly() {
    LocalCallRecorder recorder = new LocalCallRecorder(resource, new LocalRates(null, Map.of("h100", 1.0), 0.3), queued::add);
    recorder.setGpuMeter(new GpuMeter() {
      @Override public Object begin() { return "t"; }
      @Override public GpuShare end(Object begun) { return new GpuShare(3600, 3.6e6, "NVIDIA A10"); }
    });
    recorder.end(recorder.begin("e", "cuda", Map.of()), facts(), null);
    CostRecord r = queued.get(0).get();
    assertNull(r.local().computeCost());
    assertEquals(0.30, r.cost().amount(), 1e-12); // 1 kWh at 0.30
    assertTrue(r.cost().priced());
  }

  @Test
  void factsThatCouldNotBeReadRecordNothingButEndTheGpuShare() {
    LocalCallRecorder recorder = new LocalCallRecorder(resource, new LocalRates(null, Map.of("h100", 1.0), null), queued::add);
    List<Object> ended = new ArrayList<>();
    recorder.setGpuMeter(new GpuMeter() {
      @Override public Object begin() { return "t"; }
      @Override public GpuShare end(Object begun) { ended.add(begun); return null; }
    });
    recorder.end(recorder.begin("e", "cuda", Map.of()), null, null);
    assertTrue(queued.isEmpty(), "no record from facts that could not be read");
    assertEquals(List.of("t"), ended, "the device is not shared with a call that is over");
  }

  @Test
  void noRateMeansUnpricedNeverZero() {
    LocalCallRecorder recorder = new LocalCallRecorder(resource, new LocalRates(null, Map.of(), null), queued::add);
    recorder.end(recorder.begin("e", "cpu-vector", Map.of()), facts(), new IllegalStateException("boom"));
    CostRecord r = queued.get(0).get();
    assertFalse(r.cost().priced());
    assertNull(r.cost().amount());
    assertEquals("no_local_rate", r.costNote());
    assertEquals(Outcome.ERROR, r.outcome());
    assertEquals("java.lang.IllegalStateException", r.errorType());
  }

  @Test
  void aMalformedTraceparentStartsNoTrace() {
    LocalCallRecorder recorder = new LocalCallRecorder(resource, new LocalRates(1.0, Map.of(), null), queued::add);
    Map<String, Object> f = facts();
    f.put(LocalCallFacts.TRACEPARENT, "00-xyz-b7ad6b7169203331-01");
    recorder.end(recorder.begin("e", "cpu-vector", Map.of()), f, null);
    assertNull(queued.get(0).get().trace());
  }
}

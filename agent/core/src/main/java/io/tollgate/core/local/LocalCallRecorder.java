package io.tollgate.core.local;

import static io.tollgate.bootstrap.LocalCallFacts.*;

import io.tollgate.core.log.AgentLog;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.CostSource;
import io.tollgate.core.record.LocalInference;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.record.ResourceInfo;
import io.tollgate.core.record.TraceIds;
import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Records the generate calls of in-process engines: provider {@code local}, priced by the CPU or GPU time and
 * energy they used at the operator's rates ({@link LocalRates}), cost source {@code local}. The application's
 * thread only notes the start and hands the engine's figures over; the record is built on the export thread.
 */
public final class LocalCallRecorder {
  public static final String PROVIDER = "local";
  private static final String CURRENCY = "USD";
  private static final AgentLog LOG = AgentLog.get(LocalCallRecorder.class);

  private final ResourceInfo resource;
  private final Consumer<Supplier<CostRecord>> sink;
  private final LocalRates rates;
  private volatile GpuMeter gpu = GpuMeter.NONE;

  public LocalCallRecorder(ResourceInfo resource, LocalRates rates, Consumer<Supplier<CostRecord>> sink) {
    this.resource = resource;
    this.rates = rates;
    this.sink = sink;
  }

  /** Set once gpu-probe has found a GPU to sample. */
  public void setGpuMeter(GpuMeter meter) {
    this.gpu = meter;
  }

  private record Started(String engine, Instant time, long nanos, Map<String, String> attributes, Object gpuToken) {}

  public Object begin(String engine, String backend, Map<String, String> attributes) {
    // a CPU call must not dilute the GPU share of the calls running on the device beside it
    Object gpuToken = onGpu(backend) ? gpu.begin() : null;
    return new Started(engine, Instant.now(), System.nanoTime(), attributes, gpuToken);
  }

  static boolean onGpu(String backend) {
    if (backend == null) {
      return false;
    }
    String b = backend.toLowerCase(java.util.Locale.ROOT);
    return b.contains("cuda") || b.contains("gpu");
  }

  public void end(Object begun, Map<String, Object> facts, Throwable error) {
    if (!(begun instanceof Started started)) {
      return;
    }
    long endNanos = System.nanoTime();
    GpuMeter.GpuShare share = started.gpuToken() == null ? null : gpu.end(started.gpuToken());
    if (facts != null) {
      sink.accept(() -> build(started, endNanos, facts, share, error));
    }
  }

  CostRecord build(Started s, long endNanos, Map<String, Object> f, GpuMeter.GpuShare gpuShare, Throwable error) {
    Long prompt = longOf(f, PROMPT_TOKENS);
    Long completion = longOf(f, COMPLETION_TOKENS);
    long reused = orZero(longOf(f, REUSED_TOKENS));
    Usage usage = prompt == null ? null : new Usage(prompt, orZero(completion), reused, 0, 0, 0);
    double cpuSeconds = orZero(longOf(f, CPU_NANOS)) / 1e9;
    Double compute = rates.compute(cpuSeconds, gpuShare);
    Double energy = rates.energy(gpuShare);
    Cost cost;
    String note = null;
    if (compute != null || energy != null) {
      // an operator who prices only the energy of owned GPUs gets that, never a silent 0 for the rest: warned
      if (compute == null) {
        LOG.warnOnce("local-rate:" + gpuShare.deviceModel(), "no tollgate.gpu.rates.<model> matches " + gpuShare.deviceModel()
            + ": in-process inference on it is priced by energy only");
      }
      double amount = (compute == null ? 0 : compute) + (energy == null ? 0 : energy);
      cost = new Cost(amount, CURRENCY, Cost.Status.PRICED, null, null, null, null);
    } else {
      cost = Cost.unpriced(CURRENCY);
      note = "no_local_rate";
      LOG.warnOnce("local-rate:" + (gpuShare == null ? "cpu" : gpuShare.deviceModel()), gpuShare == null
          ? "in-process inference ran on the CPU but tollgate.local.cpu-rate-per-hour is not set: its calls are unpriced"
          : "in-process inference ran on a " + gpuShare.deviceModel() + " but no tollgate.gpu.rates.<model> matches it: its calls are unpriced");
    }
    long decodeNanos = orZero(longOf(f, DECODE_NANOS));
    Double perToken = completion != null && completion > 1 ? decodeNanos / 1e6 / (completion - 1) : null;
    LocalInference local = new LocalInference(s.engine(), string(f, BACKEND),
        gpuShare == null ? null : gpuShare.deviceModel(), Boolean.TRUE.equals(f.get(CACHE_HIT)), reused,
        orZero(longOf(f, QUEUED_NANOS)) / 1e6, orZero(longOf(f, PREFILL_NANOS)) / 1e6, decodeNanos / 1e6, perToken,
        cpuSeconds, gpuShare == null ? null : gpuShare.gpuSeconds(), gpuShare == null ? null : gpuShare.energyJoules(),
        f.get(MEAN_BATCH_SIZE) instanceof Number n ? n.doubleValue() : 1.0, compute, energy);
    Long ttft = longOf(f, TTFT_NANOS);
    String finish = string(f, FINISH_REASON);
    return new CostRecord(
        UUID.randomUUID().toString(),
        s.time(),
        resource.serviceName(),
        PROVIDER,
        "chat",
        "generate",
        string(f, REQUEST_MODEL),
        string(f, MODEL),
        null,
        0,
        Boolean.TRUE.equals(f.get(STREAM)),
        usage,
        CostSource.LOCAL,
        cost,
        note,
        (endNanos - s.nanos()) / 1e6,
        ttft == null ? null : ttft / 1e6,
        error == null ? Outcome.OK : Outcome.ERROR,
        null,
        error == null ? null : error.getClass().getName(),
        1,
        null,
        finish == null ? List.of() : List.of(finish),
        longOf(f, MAX_TOKENS),
        f.get(TEMPERATURE) instanceof Number n ? n.doubleValue() : null,
        f.get(TOP_P) instanceof Number n ? n.doubleValue() : null,
        longOf(f, SEED),
        0,
        resource.attributesWith(s.attributes()),
        null,
        TraceIds.childOf(string(f, TRACEPARENT), TraceIds.newSpanId()),
        local);
  }

  private static Long longOf(Map<String, Object> f, String key) {
    return f.get(key) instanceof Number n ? n.longValue() : null;
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static String string(Map<String, Object> f, String key) {
    Object v = f.get(key);
    return v == null ? null : v.toString();
  }
}

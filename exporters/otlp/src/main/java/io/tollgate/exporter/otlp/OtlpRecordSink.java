package io.tollgate.exporter.otlp;

import static io.tollgate.exporter.otlp.GenAiAttributes.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.tollgate.core.export.RecordSink;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.budget.BudgetAlert;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.usage.Usage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Each record as a GenAI client span and as metric points, through the OpenTelemetry SDK. */
public final class OtlpRecordSink implements RecordSink {
  private static final List<Long> TOKEN_BUCKETS = List.of(
      1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);
  private static final List<Double> DURATION_BUCKETS = List.of(
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final LongHistogram tokenUsage;
  private final DoubleHistogram duration;
  private final DoubleHistogram timeToFirstChunk;
  private final DoubleHistogram timePerOutputChunk;
  private final DoubleCounter cost;
  private final DoubleHistogram serverTimeToFirstToken;
  private final DoubleHistogram serverTimePerOutputToken;
  private static final AttributeKey<String> BUDGET_DECISION = AttributeKey.stringKey("tollgate.budget.decision");
  private static final AttributeKey<java.util.List<String>> BUDGET_NAMES = AttributeKey.stringArrayKey("tollgate.budget.names");
  private static final AttributeKey<String> BUDGET_BLOCKED_BY = AttributeKey.stringKey("tollgate.budget.blocked_by");
  private static final AttributeKey<String> BUDGET_NAME = AttributeKey.stringKey("tollgate.budget.name");
  private static final AttributeKey<String> BUDGET_WINDOW = AttributeKey.stringKey("tollgate.budget.window");
  private static final AttributeKey<String> BUDGET_SCOPE_VALUE = AttributeKey.stringKey("tollgate.budget.scope_value");
  private static final AttributeKey<String> BUDGET_UNIT = AttributeKey.stringKey("tollgate.budget.unit");
  private static final AttributeKey<Long> BUDGET_THRESHOLD = AttributeKey.longKey("tollgate.budget.threshold_percent");
  private final LongCounter unpriced;
  private final LongCounter budgetDecisions;
  private final Meter meter;
  private final LongCounter budgetAlerts;

  public OtlpRecordSink(OpenTelemetrySdk sdk, LongSupplier internalErrors, LongSupplier droppedRecords) {
    this.sdk = sdk;
    this.tracer = sdk.getTracer("io.tollgate");
    meter = sdk.getMeter("io.tollgate");
    tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
        .setDescription("Measures number of input and output tokens used")
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
    duration = meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
        .setDescription("GenAI operation duration")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    timeToFirstChunk = meter.histogramBuilder("gen_ai.client.operation.time_to_first_chunk").setUnit("s")
        .setDescription("Time from the start of a streamed call to its first chunk")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    timePerOutputChunk = meter.histogramBuilder("gen_ai.client.operation.time_per_output_chunk").setUnit("s")
        .setDescription("Time between output chunks of a streamed call, after the first")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    serverTimeToFirstToken = meter.histogramBuilder("gen_ai.server.time_to_first_token").setUnit("s")
        .setDescription("Time to generate the first token, for a model served in this process")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    serverTimePerOutputToken = meter.histogramBuilder("gen_ai.server.time_per_output_token").setUnit("s")
        .setDescription("Time per output token after the first, for a model served in this process")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    cost = meter.counterBuilder("tollgate.cost").ofDoubles().setUnit("USD")
        .setDescription("Cost of LLM calls, by provider, model and cost kind").build();
    unpriced = meter.counterBuilder("tollgate.calls.unpriced").setUnit("{call}")
        .setDescription("LLM calls that could not be priced (model missing from the catalog or usage unknown)").build();
    meter.counterBuilder("tollgate.internal.errors").setUnit("{error}")
        .setDescription("Failures inside Tollgate that were kept from the application")
        .buildWithCallback(m -> m.record(internalErrors.getAsLong()));
    meter.counterBuilder("tollgate.export.dropped").setUnit("{record}")
        .setDescription("Cost records dropped because the export queue was full")
        .buildWithCallback(m -> m.record(droppedRecords.getAsLong()));
    budgetDecisions = meter.counterBuilder("tollgate.budget.decisions").setUnit("{call}")
        .setDescription("LLM calls by what the budget engine did with them (allow, clamp, downgrade, over_alert_only, block)").build();
    budgetAlerts = meter.counterBuilder("tollgate.budget.alerts").setUnit("{alert}")
        .setDescription("Budget alert thresholds crossed").build();
  }

  @Override
  public String name() {
    return "otlp";
  }

  /** Tollgate's meter, for instruments that other parts of the agent observe (the GPU metrics). */
  public Meter meter() {
    return meter;
  }

  @Override
  public void accept(CostRecord r) {
    exportSpan(r);
    exportMetrics(r);
  }

  private void exportSpan(CostRecord r) {
    String model = r.requestModel() != null ? r.requestModel() : r.responseModel();
    SpanBuilder builder = tracer.spanBuilder(r.operation() + (model != null ? " " + model : ""))
        // a model running in this process is not a remote call
        .setSpanKind(r.local() != null ? SpanKind.INTERNAL : SpanKind.CLIENT)
        .setParent(parentOf(r))
        .setStartTimestamp(r.timestamp().getEpochSecond() * 1_000_000_000L + r.timestamp().getNano(), TimeUnit.NANOSECONDS)
        .setAllAttributes(callAttributes(r).build());
    RecordIdGenerator.fixNext(r.trace());
    Span span;
    try {
      span = builder.startSpan();
    } finally {
      RecordIdGenerator.fixNext(null);
    }
    AttributesBuilder a = Attributes.builder();
    putIfPresent(a, RESPONSE_ID, r.responseId());
    if (!r.finishReasons().isEmpty()) {
      a.put(FINISH_REASONS, r.finishReasons());
    }
    a.put(REQUEST_STREAM, r.stream());
    if (r.ttftMs() != null) {
      a.put(TIME_TO_FIRST_CHUNK, r.ttftMs() / 1000.0);
    }
    if (r.requestMaxTokens() != null) {
      a.put(REQUEST_MAX_TOKENS, r.requestMaxTokens());
    }
    if (r.requestTemperature() != null) {
      a.put(REQUEST_TEMPERATURE, r.requestTemperature());
    }
    if (r.requestTopP() != null) {
      a.put(REQUEST_TOP_P, r.requestTopP());
    }
    if (r.requestSeed() != null) {
      a.put(REQUEST_SEED, r.requestSeed());
    }
    Usage u = r.usage();
    if (u != null) {
      a.put(INPUT_TOKENS, u.inputTokens());
      a.put(OUTPUT_TOKENS, u.outputTokens());
      a.put(CACHE_READ_TOKENS, u.cacheReadInputTokens());
      a.put(CACHE_CREATION_TOKENS, u.cacheWriteInputTokens());
      a.put(REASONING_TOKENS, u.reasoningOutputTokens());
    }
    Cost c = r.cost();
    if (c.amount() != null) {
      a.put(COST_AMOUNT, c.amount());
    }
    a.put(COST_CURRENCY, c.currency());
    a.put(COST_SOURCE, "local"); // Tollgate prices every call itself: no amount comes in a response
    a.put(TOLLGATE_COST_SOURCE, r.costSource().wire());
    a.put(COST_STATUS, c.priced() ? "priced" : "unpriced");
    putIfPresent(a, COST_NOTE, r.costNote());
    a.put(OUTCOME, r.outcome().wire());
    a.put(ATTEMPTS, (long) r.attempts());
    if (r.httpStatus() != null) {
      a.put(HTTP_STATUS, (long) r.httpStatus());
    }
    if (r.local() != null) {
      LocalSpanAttributes.put(a, r.local(), r.ttftMs());
    }
    if (r.budget() != null) {
      a.put(BUDGET_DECISION, r.budget().decision());
      a.put(BUDGET_NAMES, r.budget().budgets());
      putIfPresent(a, BUDGET_BLOCKED_BY, r.budget().blockedBy());
    }
    for (Map.Entry<String, String> e : r.attributes().entrySet()) {
      a.put(AttributeKey.stringKey("tollgate.attribute." + e.getKey()), e.getValue());
    }
    span.setAllAttributes(a.build());
    if (r.budget() != null) {
      for (BudgetAlert alert : r.budget().alerts()) {
        span.addEvent("tollgate.budget.alert", Attributes.of(BUDGET_NAME, alert.budget(),
            BUDGET_THRESHOLD, (long) alert.thresholdPercent()));
      }
    }
    if (!c.priced() && !r.selfHosted()) {
      span.addEvent("tollgate.cost.unpriced", Attributes.of(COST_NOTE, String.valueOf(r.costNote())));
    }
    if (r.outcome() == Outcome.ERROR || r.outcome() == Outcome.BLOCKED) {
      span.setStatus(StatusCode.ERROR);
    }
    java.time.Instant end = r.endTime();
    span.end(end.getEpochSecond() * 1_000_000_000L + end.getNano(), TimeUnit.NANOSECONDS);
  }

  private static Context parentOf(CostRecord r) {
    if (r.trace() == null || r.trace().parentSpanId() == null) {
      return Context.root();
    }
    return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(
        r.trace().traceId(), r.trace().parentSpanId(), TraceFlags.getSampled(), TraceState.getDefault())));
  }

  private void exportMetrics(CostRecord r) {
    Attributes base = callAttributes(r).build();
    duration.record(r.latencyMs() / 1000.0, base);
    if (r.local() != null) {
      if (r.ttftMs() != null) {
        serverTimeToFirstToken.record(r.ttftMs() / 1000.0, base);
      }
      if (r.local().timePerOutputTokenMs() != null) {
        serverTimePerOutputToken.record(r.local().timePerOutputTokenMs() / 1000.0, base);
      }
    } else if (r.ttftMs() != null) {
      timeToFirstChunk.record(r.ttftMs() / 1000.0, base);
      if (r.streamChunks() > 1) {
        timePerOutputChunk.record((r.latencyMs() - r.ttftMs()) / 1000.0 / (r.streamChunks() - 1), base);
      }
    }
    Usage u = r.usage();
    if (u != null) {
      tokenUsage.record(u.inputTokens(), base.toBuilder().put(TOKEN_TYPE, "input").build());
      tokenUsage.record(u.outputTokens(), base.toBuilder().put(TOKEN_TYPE, "output").build());
    }
    Cost c = r.cost();
    if (c.priced() && r.local() != null) {
      Attributes costAttrs = costAttributes(r);
      addCost(costAttrs, "compute", r.local().computeCost());
      addCost(costAttrs, "energy", r.local().energyCost());
    } else if (c.priced()) {
      Attributes costAttrs = costAttributes(r);
      addCost(costAttrs, "input", c.input());
      addCost(costAttrs, "cache_read", c.cacheRead());
      addCost(costAttrs, "cache_write", c.cacheWrite());
      addCost(costAttrs, "output", c.output());
    } else if (!r.selfHosted()) { // costed where its model runs: not a gap in the catalog
      unpriced.add(1, costAttributes(r));
    }
    if (r.budget() != null) {
      budgetDecisions.add(1, Attributes.of(BUDGET_DECISION, r.budget().decision()));
      for (BudgetAlert alert : r.budget().alerts()) {
        budgetAlerts.add(1, Attributes.of(BUDGET_NAME, alert.budget(), BUDGET_THRESHOLD, (long) alert.thresholdPercent()));
      }
    }
  }

  /** Spend, limit and utilization of every budget account, read at each metric export. */
  public void watchBudgets(java.util.function.Supplier<java.util.List<io.tollgate.core.budget.BudgetState>> states) {
    meter.gaugeBuilder("tollgate.budget.utilization").setUnit("1")
        .setDescription("Settled spend over limit, the highest of the budget's units").buildWithCallback(m -> {
          for (var b : states.get()) {
            m.record(b.utilizationPercent() / 100.0, budgetAttributes(b, null));
          }
        });
    meter.gaugeBuilder("tollgate.budget.spend").setDescription("Settled spend in the budget's current window, per unit")
        .buildWithCallback(m -> {
          for (var b : states.get()) {
            var l = b.spec().limit();
            if (l.usd() != null) m.record(b.spent().usd(), budgetAttributes(b, "usd"));
            if (l.tokens() != null) m.record(b.spent().tokens(), budgetAttributes(b, "tokens"));
            if (l.requests() != null) m.record(b.spent().requests(), budgetAttributes(b, "requests"));
          }
        });
    meter.gaugeBuilder("tollgate.budget.limit").setDescription("The budget's limit, per unit").buildWithCallback(m -> {
      for (var b : states.get()) {
        var l = b.spec().limit();
        if (l.usd() != null) m.record(l.usd(), budgetAttributes(b, "usd"));
        if (l.tokens() != null) m.record(l.tokens(), budgetAttributes(b, "tokens"));
        if (l.requests() != null) m.record(l.requests(), budgetAttributes(b, "requests"));
      }
    });
  }

  private static Attributes budgetAttributes(io.tollgate.core.budget.BudgetState b, String unit) {
    AttributesBuilder a = Attributes.builder().put(BUDGET_NAME, b.spec().name()).put(BUDGET_WINDOW, b.spec().window().yaml());
    if (b.scopeValue() != null) {
      a.put(BUDGET_SCOPE_VALUE, b.scopeValue());
    }
    if (unit != null) {
      a.put(BUDGET_UNIT, unit);
    }
    return a.build();
  }

  private void addCost(Attributes attrs, String kind, Double amount) {
    if (amount != null && amount > 0) {
      cost.add(amount, attrs.toBuilder().put(COST_KIND, kind).build());
    }
  }

  private static AttributesBuilder callAttributes(CostRecord r) {
    AttributesBuilder a = Attributes.builder()
        .put(OPERATION_NAME, r.operation())
        .put(PROVIDER_NAME, r.provider());
    putIfPresent(a, REQUEST_MODEL, r.requestModel());
    putIfPresent(a, RESPONSE_MODEL, r.responseModel());
    putIfPresent(a, SERVER_ADDRESS, r.serverAddress());
    if (r.serverPort() > 0) {
      a.put(SERVER_PORT, (long) r.serverPort());
    }
    putIfPresent(a, ERROR_TYPE, r.errorType());
    return a;
  }

  private static Attributes costAttributes(CostRecord r) {
    AttributesBuilder a = Attributes.builder().put(PROVIDER_NAME, r.provider());
    putIfPresent(a, RESPONSE_MODEL, r.model());
    return a.build();
  }

  private static void putIfPresent(AttributesBuilder a, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
    if (value != null) {
      a.put(key, value);
    }
  }

  /**
   * Shuts the SDK down, which exports what it still holds, within {@link #CLOSE_MILLIS} in all: a collector that is
   * down or silent must not hold the JVM's exit (a container's stop grace is often 10 s). On a daemon thread, since
   * parts of the SDK's shutdown block their caller beyond the wait it is given.
   */
  @Override
  public void close() {
    Thread closing = new Thread(() -> sdk.shutdown().join(CLOSE_MILLIS, TimeUnit.MILLISECONDS), "tollgate-otlp-close");
    closing.setDaemon(true);
    closing.start();
    try {
      closing.join(CLOSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static final long CLOSE_MILLIS = 3_000;
}

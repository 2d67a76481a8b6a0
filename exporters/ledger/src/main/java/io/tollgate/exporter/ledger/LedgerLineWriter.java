package io.tollgate.exporter.ledger;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.budget.BudgetAlert;
import io.tollgate.core.record.BudgetInfo;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.LocalInference;
import io.tollgate.core.usage.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One cost record as one line of schema {@code tollgate.ledger/v1} (see the design brief). */
public final class LedgerLineWriter {
  public static final String SCHEMA = "tollgate.ledger/v1";
  // the caller owns the stream: a line is written into it, never flushed or closed there
  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
      .build();
  /** UTC with milliseconds, as the contract shows: 2026-11-23T10:00:00.123Z */
  private static final UtcMillisText TIMESTAMP = new UtcMillisText();

  private LedgerLineWriter() {}

  public static String toLine(CostRecord r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    write(r, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes the line as UTF-8 (without its newline) into {@code out}. */
  public static void write(CostRecord r, OutputStream out) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeStringField("id", r.id());
      g.writeStringField("ts", TIMESTAMP.format(r.timestamp()));
      g.writeStringField("service", r.service());
      g.writeStringField("provider", r.provider());
      g.writeStringField("operation", r.operation());
      g.writeStringField("api", r.api());
      g.writeStringField("request_model", r.requestModel());
      g.writeStringField("response_model", r.responseModel());
      g.writeStringField("server_address", r.serverAddress());
      g.writeNumberField("server_port", r.serverPort());
      g.writeBooleanField("stream", r.stream());
      if (r.requestMaxTokens() == null) {
        g.writeNullField("request_max_tokens");
      } else {
        g.writeNumberField("request_max_tokens", r.requestMaxTokens());
      }
      writeUsage(g, r.usage());
      writeCost(g, r);
      g.writeFieldName("latency_ms");
      double latencyMs = r.latencyMs();
      if (Double.isFinite(latencyMs)) {
        g.writeNumber(PlainDecimal.ofThousandths(Math.round(latencyMs * 1000)));
      } else {
        g.writeNull();
      }
      g.writeFieldName("ttft_ms");
      writeDecimal(g, r.ttftMs());
      g.writeStringField("outcome", r.outcome().wire());
      if (r.httpStatus() == null) {
        g.writeNullField("http_status");
      } else {
        g.writeNumberField("http_status", r.httpStatus());
      }
      g.writeStringField("error_type", r.errorType());
      g.writeNumberField("attempts", r.attempts());
      g.writeStringField("response_id", r.responseId());
      writeBudget(g, r.budget());
      if (r.trace() != null) {
        g.writeStringField("trace_id", r.trace().traceId());
        g.writeStringField("span_id", r.trace().spanId());
        g.writeStringField("parent_span_id", r.trace().parentSpanId());
      }
      if (r.local() != null) {
        writeLocal(g, r.local());
      }
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> e : r.attributes().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  private static void writeBudget(JsonGenerator g, BudgetInfo b) throws IOException {
    if (b == null) {
      g.writeNullField("budget");
      return;
    }
    g.writeObjectFieldStart("budget");
    g.writeStringField("decision", b.decision());
    g.writeArrayFieldStart("budgets");
    for (String name : b.budgets()) {
      g.writeString(name);
    }
    g.writeEndArray();
    if (b.blockedBy() != null) {
      g.writeStringField("blocked_by", b.blockedBy());
      g.writeStringField("message", b.message());
    }
    if (b.requestedModel() != null) {
      g.writeStringField("requested_model", b.requestedModel());
    }
    if (b.maxTokensChanged()) {
      if (b.requestedMaxTokens() == null) {
        g.writeNullField("requested_max_tokens");
      } else {
        g.writeNumberField("requested_max_tokens", b.requestedMaxTokens());
      }
    }
    if (!b.alerts().isEmpty()) {
      g.writeArrayFieldStart("alerts");
      for (BudgetAlert a : b.alerts()) {
        g.writeStartObject();
        g.writeStringField("budget", a.budget());
        g.writeStringField("scope_value", a.scopeValue());
        g.writeNumberField("threshold_percent", a.thresholdPercent());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** An in-process model's figures: where it ran, how the time went, what it cost. */
  private static void writeLocal(JsonGenerator g, LocalInference l) throws IOException {
    g.writeObjectFieldStart("local");
    g.writeStringField("engine", l.engine());
    g.writeStringField("backend", l.backend());
    g.writeStringField("device", l.device());
    g.writeBooleanField("cache_hit", l.cacheHit());
    g.writeNumberField("reused_tokens", l.reusedTokens());
    writeDecimalField(g, "queued_ms", millis(l.queuedMs()));
    writeDecimalField(g, "prefill_ms", millis(l.prefillMs()));
    writeDecimalField(g, "decode_ms", millis(l.decodeMs()));
    writeDecimalField(g, "time_per_output_token_ms", l.timePerOutputTokenMs() == null ? null : millis(l.timePerOutputTokenMs()));
    writeDecimalField(g, "cpu_seconds", l.cpuSeconds());
    writeDecimalField(g, "gpu_seconds", l.gpuSeconds());
    writeDecimalField(g, "energy_joules", l.energyJoules());
    writeDecimalField(g, "mean_batch_size", l.meanBatchSize());
    g.writeEndObject();
  }

  private static double millis(double ms) {
    return Math.round(ms * 1000) / 1000.0;
  }

  private static void writeDecimalField(JsonGenerator g, String name, Double value) throws IOException {
    g.writeFieldName(name);
    writeDecimal(g, value);
  }

  private static void writeUsage(JsonGenerator g, Usage u) throws IOException {
    if (u == null) {
      g.writeNullField("usage");
      return;
    }
    g.writeObjectFieldStart("usage");
    g.writeNumberField("input_tokens", u.inputTokens());
    g.writeNumberField("output_tokens", u.outputTokens());
    g.writeNumberField("cache_read_input_tokens", u.cacheReadInputTokens());
    g.writeNumberField("cache_write_input_tokens", u.cacheWriteInputTokens());
    g.writeNumberField("cache_write_1h_input_tokens", u.cacheWrite1hInputTokens());
    g.writeNumberField("reasoning_output_tokens", u.reasoningOutputTokens());
    g.writeEndObject();
  }

  private static void writeCost(JsonGenerator g, CostRecord r) throws IOException {
    Cost c = r.cost();
    g.writeObjectFieldStart("cost");
    g.writeFieldName("amount");
    writeDecimal(g, c.amount());
    g.writeStringField("currency", c.currency());
    g.writeStringField("source", r.costSource().wire());
    g.writeStringField("status", c.priced() ? "priced" : "unpriced");
    if (r.costNote() != null) {
      g.writeStringField("note", r.costNote());
    }
    if (c.applied() != null) {
      // which catalog rules set the amount: the tier priced at, the long-context tier, a negotiated discount
      g.writeStringField("service_tier", c.applied().serviceTier());
      g.writeBooleanField("long_context", c.applied().longContext());
      if (c.applied().discount() != null) {
        g.writeFieldName("discount");
        writeDecimal(g, c.applied().discount());
      }
    }
    if (c.priced() && r.local() != null) {
      g.writeObjectFieldStart("breakdown");
      writeDecimalField(g, "compute", r.local().computeCost());
      writeDecimalField(g, "energy", r.local().energyCost());
      g.writeEndObject();
    } else if (c.priced()) {
      g.writeObjectFieldStart("breakdown");
      g.writeFieldName("input");
      writeDecimal(g, c.input());
      g.writeFieldName("cache_read");
      writeDecimal(g, c.cacheRead());
      g.writeFieldName("cache_write");
      writeDecimal(g, c.cacheWrite());
      g.writeFieldName("output");
      writeDecimal(g, c.output());
      g.writeEndObject();
    } else {
      g.writeNullField("breakdown");
    }
    g.writeEndObject();
  }

  /** Plain decimals (no exponent) so people and spreadsheets read the ledger as written. */
  private static void writeDecimal(JsonGenerator g, Double value) throws IOException {
    if (value == null || value.isNaN() || value.isInfinite()) {
      g.writeNull();
    } else {
      g.writeNumber(PlainDecimal.of(value));
    }
  }
}

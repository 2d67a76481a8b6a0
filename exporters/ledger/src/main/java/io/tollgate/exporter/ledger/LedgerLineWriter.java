package io.tollgate.exporter.ledger;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
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
      string(g, N.SCHEMA, SCHEMA);
      string(g, N.ID, r.id());
      string(g, N.TS, TIMESTAMP.format(r.timestamp()));
      string(g, N.SERVICE, r.service());
      string(g, N.PROVIDER, r.provider());
      string(g, N.OPERATION, r.operation());
      string(g, N.API, r.api());
      string(g, N.REQUEST_MODEL, r.requestModel());
      string(g, N.RESPONSE_MODEL, r.responseModel());
      string(g, N.SERVER_ADDRESS, r.serverAddress());
      number(g, N.SERVER_PORT, r.serverPort());
      bool(g, N.STREAM, r.stream());
      if (r.requestMaxTokens() == null) {
        nul(g, N.REQUEST_MAX_TOKENS);
      } else {
        number(g, N.REQUEST_MAX_TOKENS, r.requestMaxTokens());
      }
      writeUsage(g, r.usage());
      writeCost(g, r);
      g.writeFieldName(N.LATENCY_MS);
      double latencyMs = r.latencyMs();
      if (Double.isFinite(latencyMs)) {
        g.writeNumber(PlainDecimal.ofThousandths(Math.round(latencyMs * 1000)));
      } else {
        g.writeNull();
      }
      g.writeFieldName(N.TTFT_MS);
      writeDecimal(g, r.ttftMs());
      string(g, N.OUTCOME, r.outcome().wire());
      if (r.httpStatus() == null) {
        nul(g, N.HTTP_STATUS);
      } else {
        number(g, N.HTTP_STATUS, r.httpStatus());
      }
      string(g, N.ERROR_TYPE, r.errorType());
      number(g, N.ATTEMPTS, r.attempts());
      string(g, N.RESPONSE_ID, r.responseId());
      writeBudget(g, r.budget());
      if (r.trace() != null) {
        string(g, N.TRACE_ID, r.trace().traceId());
        string(g, N.SPAN_ID, r.trace().spanId());
        string(g, N.PARENT_SPAN_ID, r.trace().parentSpanId());
      }
      if (r.local() != null) {
        writeLocal(g, r.local());
      }
      object(g, N.ATTRIBUTES);
      for (Map.Entry<String, String> e : r.attributes().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  private static void writeBudget(JsonGenerator g, BudgetInfo b) throws IOException {
    if (b == null) {
      nul(g, N.BUDGET);
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
      nul(g, N.USAGE);
      return;
    }
    object(g, N.USAGE);
    number(g, N.INPUT_TOKENS, u.inputTokens());
    number(g, N.OUTPUT_TOKENS, u.outputTokens());
    number(g, N.CACHE_READ_INPUT_TOKENS, u.cacheReadInputTokens());
    number(g, N.CACHE_WRITE_INPUT_TOKENS, u.cacheWriteInputTokens());
    number(g, N.CACHE_WRITE_1H_INPUT_TOKENS, u.cacheWrite1hInputTokens());
    number(g, N.REASONING_OUTPUT_TOKENS, u.reasoningOutputTokens());
    g.writeEndObject();
  }

  private static void writeCost(JsonGenerator g, CostRecord r) throws IOException {
    Cost c = r.cost();
    object(g, N.COST);
    g.writeFieldName(N.AMOUNT);
    writeDecimal(g, c.amount());
    string(g, N.CURRENCY, c.currency());
    string(g, N.SOURCE, r.costSource().wire());
    string(g, N.STATUS, c.priced() ? "priced" : "unpriced");
    if (r.costNote() != null) {
      string(g, N.NOTE, r.costNote());
    }
    if (c.applied() != null) {
      // which catalog rules set the amount: the tier priced at, the long-context tier, a negotiated discount
      string(g, N.SERVICE_TIER, c.applied().serviceTier());
      bool(g, N.LONG_CONTEXT, c.applied().longContext());
      if (c.applied().discount() != null) {
        g.writeFieldName(N.DISCOUNT);
        writeDecimal(g, c.applied().discount());
      }
    }
    if (c.priced() && r.local() != null) {
      object(g, N.BREAKDOWN);
      writeDecimalField(g, "compute", r.local().computeCost());
      writeDecimalField(g, "energy", r.local().energyCost());
      g.writeEndObject();
    } else if (c.priced()) {
      object(g, N.BREAKDOWN);
      g.writeFieldName(N.INPUT);
      writeDecimal(g, c.input());
      g.writeFieldName(N.CACHE_READ);
      writeDecimal(g, c.cacheRead());
      g.writeFieldName(N.CACHE_WRITE);
      writeDecimal(g, c.cacheWrite());
      g.writeFieldName(N.OUTPUT);
      writeDecimal(g, c.output());
      g.writeEndObject();
    } else {
      nul(g, N.BREAKDOWN);
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

  /** Field names of the common lines, encoded once: a line has some fifty of them. */
  private static final class N {
    static final SerializedString SCHEMA = new SerializedString("schema");
    static final SerializedString ID = new SerializedString("id");
    static final SerializedString TS = new SerializedString("ts");
    static final SerializedString SERVICE = new SerializedString("service");
    static final SerializedString PROVIDER = new SerializedString("provider");
    static final SerializedString OPERATION = new SerializedString("operation");
    static final SerializedString API = new SerializedString("api");
    static final SerializedString REQUEST_MODEL = new SerializedString("request_model");
    static final SerializedString RESPONSE_MODEL = new SerializedString("response_model");
    static final SerializedString SERVER_ADDRESS = new SerializedString("server_address");
    static final SerializedString OUTCOME = new SerializedString("outcome");
    static final SerializedString ERROR_TYPE = new SerializedString("error_type");
    static final SerializedString RESPONSE_ID = new SerializedString("response_id");
    static final SerializedString TRACE_ID = new SerializedString("trace_id");
    static final SerializedString SPAN_ID = new SerializedString("span_id");
    static final SerializedString PARENT_SPAN_ID = new SerializedString("parent_span_id");
    static final SerializedString SERVER_PORT = new SerializedString("server_port");
    static final SerializedString REQUEST_MAX_TOKENS = new SerializedString("request_max_tokens");
    static final SerializedString HTTP_STATUS = new SerializedString("http_status");
    static final SerializedString ATTEMPTS = new SerializedString("attempts");
    static final SerializedString STREAM = new SerializedString("stream");
    static final SerializedString LATENCY_MS = new SerializedString("latency_ms");
    static final SerializedString TTFT_MS = new SerializedString("ttft_ms");
    static final SerializedString ATTRIBUTES = new SerializedString("attributes");
    static final SerializedString CURRENCY = new SerializedString("currency");
    static final SerializedString SOURCE = new SerializedString("source");
    static final SerializedString STATUS = new SerializedString("status");
    static final SerializedString NOTE = new SerializedString("note");
    static final SerializedString SERVICE_TIER = new SerializedString("service_tier");
    static final SerializedString INPUT_TOKENS = new SerializedString("input_tokens");
    static final SerializedString OUTPUT_TOKENS = new SerializedString("output_tokens");
    static final SerializedString CACHE_READ_INPUT_TOKENS = new SerializedString("cache_read_input_tokens");
    static final SerializedString CACHE_WRITE_INPUT_TOKENS = new SerializedString("cache_write_input_tokens");
    static final SerializedString CACHE_WRITE_1H_INPUT_TOKENS = new SerializedString("cache_write_1h_input_tokens");
    static final SerializedString REASONING_OUTPUT_TOKENS = new SerializedString("reasoning_output_tokens");
    static final SerializedString LONG_CONTEXT = new SerializedString("long_context");
    static final SerializedString USAGE = new SerializedString("usage");
    static final SerializedString BREAKDOWN = new SerializedString("breakdown");
    static final SerializedString AMOUNT = new SerializedString("amount");
    static final SerializedString DISCOUNT = new SerializedString("discount");
    static final SerializedString INPUT = new SerializedString("input");
    static final SerializedString CACHE_READ = new SerializedString("cache_read");
    static final SerializedString CACHE_WRITE = new SerializedString("cache_write");
    static final SerializedString OUTPUT = new SerializedString("output");
    static final SerializedString COST = new SerializedString("cost");
    static final SerializedString BUDGET = new SerializedString("budget");
  }

  private static void string(JsonGenerator g, SerializableString name, String value) throws IOException {
    g.writeFieldName(name);
    g.writeString(value); // null writes null
  }

  private static void number(JsonGenerator g, SerializableString name, long value) throws IOException {
    g.writeFieldName(name);
    g.writeNumber(value);
  }

  private static void bool(JsonGenerator g, SerializableString name, boolean value) throws IOException {
    g.writeFieldName(name);
    g.writeBoolean(value);
  }

  private static void nul(JsonGenerator g, SerializableString name) throws IOException {
    g.writeFieldName(name);
    g.writeNull();
  }

  private static void object(JsonGenerator g, SerializableString name) throws IOException {
    g.writeFieldName(name);
    g.writeStartObject();
  }
}

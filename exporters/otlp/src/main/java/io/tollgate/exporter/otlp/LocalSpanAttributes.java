package io.tollgate.exporter.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.tollgate.core.record.LocalInference;

/** The span attributes of an in-process model's call: the server-side GenAI timings and Tollgate's own figures. */
final class LocalSpanAttributes {
  static final AttributeKey<Double> TIME_TO_FIRST_TOKEN = AttributeKey.doubleKey("gen_ai.server.time_to_first_token");
  static final AttributeKey<Double> TIME_PER_OUTPUT_TOKEN = AttributeKey.doubleKey("gen_ai.server.time_per_output_token");
  static final AttributeKey<String> ENGINE = AttributeKey.stringKey("tollgate.local.engine");
  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("tollgate.local.backend");
  static final AttributeKey<String> DEVICE = AttributeKey.stringKey("tollgate.local.device");
  static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("tollgate.local.cache_hit");
  static final AttributeKey<Long> REUSED_TOKENS = AttributeKey.longKey("tollgate.local.reused_tokens");
  static final AttributeKey<Double> PREFILL = AttributeKey.doubleKey("tollgate.local.prefill.duration");
  static final AttributeKey<Double> DECODE = AttributeKey.doubleKey("tollgate.local.decode.duration");
  static final AttributeKey<Double> CPU_SECONDS = AttributeKey.doubleKey("tollgate.local.cpu.time");
  static final AttributeKey<Double> GPU_SECONDS = AttributeKey.doubleKey("tollgate.local.gpu.time");
  static final AttributeKey<Double> ENERGY = AttributeKey.doubleKey("tollgate.local.energy");
  static final AttributeKey<Double> BATCH = AttributeKey.doubleKey("tollgate.local.batch_size.mean");

  private LocalSpanAttributes() {}

  /** Durations in seconds, energy in joules, as OpenTelemetry units go. */
  static void put(AttributesBuilder a, LocalInference l, Double ttftMs) {
    if (ttftMs != null) {
      a.put(TIME_TO_FIRST_TOKEN, ttftMs / 1000.0);
    }
    if (l.timePerOutputTokenMs() != null) {
      a.put(TIME_PER_OUTPUT_TOKEN, l.timePerOutputTokenMs() / 1000.0);
    }
    a.put(ENGINE, l.engine());
    if (l.backend() != null) {
      a.put(BACKEND, l.backend());
    }
    if (l.device() != null) {
      a.put(DEVICE, l.device());
    }
    a.put(CACHE_HIT, l.cacheHit());
    a.put(REUSED_TOKENS, l.reusedTokens());
    a.put(PREFILL, l.prefillMs() / 1000.0);
    a.put(DECODE, l.decodeMs() / 1000.0);
    a.put(CPU_SECONDS, l.cpuSeconds());
    if (l.gpuSeconds() != null) {
      a.put(GPU_SECONDS, l.gpuSeconds());
    }
    if (l.energyJoules() != null) {
      a.put(ENERGY, l.energyJoules());
    }
    a.put(BATCH, l.meanBatchSize());
  }
}

package io.tollgate.exporter.otlp;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * GenAI semantic-convention keys (v1.41 names) and Tollgate's cost keys. Kept here because the
 * incubating semconv constants lag behind the spec.
 */
final class GenAiAttributes {
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey("gen_ai.request.top_p");
  static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_CREATION_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<Long> REASONING_TOKENS = AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  // proposal semantic-conventions-genai #443
  static final AttributeKey<Double> COST_AMOUNT = AttributeKey.doubleKey("gen_ai.usage.cost.amount");
  static final AttributeKey<String> COST_CURRENCY = AttributeKey.stringKey("gen_ai.usage.cost.currency");
  /** The proposal's provenance: {@code local} when the recorder computed the amount, as Tollgate always does. */
  static final AttributeKey<String> COST_SOURCE = AttributeKey.stringKey("gen_ai.usage.cost.source");
  /** Tollgate's own: where the usage came from ({@code provider}, {@code estimated}, {@code local}), as the ledger says. */
  static final AttributeKey<String> TOLLGATE_COST_SOURCE = AttributeKey.stringKey("tollgate.cost.source");

  static final AttributeKey<String> COST_STATUS = AttributeKey.stringKey("tollgate.cost.status");
  static final AttributeKey<String> COST_NOTE = AttributeKey.stringKey("tollgate.cost.note");
  static final AttributeKey<String> COST_KIND = AttributeKey.stringKey("tollgate.cost.kind");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tollgate.outcome");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("tollgate.attempts");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

  private GenAiAttributes() {}
}

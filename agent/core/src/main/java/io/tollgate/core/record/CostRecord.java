package io.tollgate.core.record;

import io.tollgate.core.pricing.Cost;
import io.tollgate.core.usage.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything Tollgate knows about one logical LLM call; each exporter writes it in its own form
 * (the ledger line of schema {@code tollgate.ledger/v1}, a span, metric points).
 *
 * @param usage null when the provider reported none and nothing was estimated
 * @param costNote why a cost is missing or zero ({@code usage_unknown}, {@code response_encoded}, {@code model_not_in_catalog},
 *     {@code not_billed}, {@link #SELF_HOSTED}), or null
 * @param attempts HTTP attempts behind the call (an SDK's retries are attempts, not calls)
 * @param ttftMs for a stream, from the call's start to its first content chunk; null otherwise
 * @param streamChunks content chunks of a stream; 0 otherwise
 * @param attributes resource attributes, then the call's own (tollgate-api scopes, MDC, baggage)
 * @param budget what the budget engine did; null when no policy is in force
 * @param trace the span ids fixed before export (trace context that crossed to a server); null: the exporter picks
 * @param local what an in-process model used; null for calls to a remote API
 */
public record CostRecord(
    String id,
    Instant timestamp,
    String service,
    String provider,
    String operation,
    String api,
    String requestModel,
    String responseModel,
    String serverAddress,
    int serverPort,
    boolean stream,
    Usage usage,
    CostSource costSource,
    Cost cost,
    String costNote,
    double latencyMs,
    Double ttftMs,
    Outcome outcome,
    Integer httpStatus,
    String errorType,
    int attempts,
    String responseId,
    List<String> finishReasons,
    Long requestMaxTokens,
    Double requestTemperature,
    Double requestTopP,
    Long requestSeed,
    int streamChunks,
    Map<String, String> attributes,
    BudgetInfo budget,
    TraceIds trace,
    LocalInference local) {

  /**
   * The cost note of a call to a server the user runs: its cost is where the model runs (the engine's own
   * {@code local} record when it runs in a JVM with the agent), not a catalog gap.
   */
  public static final String SELF_HOSTED = "self_hosted";

  /** The model the call was priced as: what the provider answered with, else what was asked for. */
  public String model() {
    return responseModel != null ? responseModel : requestModel;
  }

  /** A client call to a self-hosted server: unpriced here by design, counted where the model runs. */
  public boolean selfHosted() {
    return SELF_HOSTED.equals(costNote);
  }

  public Instant endTime() {
    return timestamp.plusNanos((long) (latencyMs * 1_000_000));
  }
}

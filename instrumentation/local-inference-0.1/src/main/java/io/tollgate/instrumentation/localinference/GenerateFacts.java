package io.tollgate.instrumentation.localinference;

import static io.tollgate.bootstrap.LocalCallFacts.*;

import io.tollgate.inference.engine.GenerationRequest;
import io.tollgate.inference.engine.GenerationResult;
import io.tollgate.inference.engine.InferenceEngine;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one generate call into the tracker's fact names. Injected into the engine's class loader (it reads the
 * engine's types); the agent core sees only the map.
 */
public final class GenerateFacts {
  private GenerateFacts() {}

  /** The facts, or null (counted) when they could not be read: the call then ends unrecorded. */
  public static Map<String, Object> read(InferenceEngine engine, GenerationRequest request, GenerationResult result,
      boolean stream) {
    try {
      return of(engine, request, result, stream);
    } catch (Throwable t) {
      io.tollgate.bootstrap.Tollgate.internalError("local-inference-generate", t);
      return null;
    }
  }

  static Map<String, Object> of(InferenceEngine engine, GenerationRequest request, GenerationResult result,
      boolean stream) {
    Map<String, Object> f = new HashMap<>(32);
    f.put(BACKEND, engine.backend());
    f.put(STREAM, stream);
    if (request != null) {
      f.put(REQUEST_MODEL, request.model());
      if (request.maxTokens() > 0) {
        f.put(MAX_TOKENS, request.maxTokens());
      }
      f.put(TEMPERATURE, request.temperature());
      f.put(TOP_P, request.topP());
      f.put(SEED, request.seed());
      f.put(TRACEPARENT, request.traceParent());
    }
    if (result != null) {
      f.put(MODEL, result.model());
      f.put(FINISH_REASON, result.finishReason());
      f.put(PROMPT_TOKENS, result.promptTokens());
      f.put(COMPLETION_TOKENS, result.completionTokens());
      f.put(REUSED_TOKENS, result.reusedPromptTokens());
      f.put(CACHE_HIT, result.cacheHit());
      f.put(QUEUED_NANOS, result.queuedNanos());
      f.put(PREFILL_NANOS, result.prefillNanos());
      f.put(DECODE_NANOS, result.decodeNanos());
      f.put(TTFT_NANOS, result.timeToFirstTokenNanos());
      f.put(CPU_NANOS, result.cpuNanos());
      f.put(MEAN_BATCH_SIZE, result.meanBatchSize());
    }
    return f;
  }
}

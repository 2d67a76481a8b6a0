package io.tollgate.bootstrap;

/**
 * The names under which an in-process engine's instrumentation reports one generate call to
 * {@link CallTracker#endLocalCall}. Values are {@code Number}, {@code String} or {@code Boolean}; absent means unknown.
 */
public final class LocalCallFacts {
  private LocalCallFacts() {}

  public static final String REQUEST_MODEL = "request_model";
  public static final String MODEL = "model";
  public static final String BACKEND = "backend";
  public static final String PROMPT_TOKENS = "prompt_tokens";
  public static final String COMPLETION_TOKENS = "completion_tokens";
  public static final String REUSED_TOKENS = "reused_tokens";
  public static final String CACHE_HIT = "cache_hit";
  public static final String QUEUED_NANOS = "queued_nanos";
  public static final String PREFILL_NANOS = "prefill_nanos";
  public static final String DECODE_NANOS = "decode_nanos";
  public static final String TTFT_NANOS = "ttft_nanos";
  public static final String CPU_NANOS = "cpu_nanos";
  public static final String MEAN_BATCH_SIZE = "mean_batch_size";
  public static final String FINISH_REASON = "finish_reason";
  public static final String MAX_TOKENS = "max_tokens";
  public static final String TEMPERATURE = "temperature";
  public static final String TOP_P = "top_p";
  public static final String SEED = "seed";
  public static final String STREAM = "stream";
  /** A W3C traceparent the request arrived with (an in-process server passes its HTTP header on). */
  public static final String TRACEPARENT = "traceparent";
}

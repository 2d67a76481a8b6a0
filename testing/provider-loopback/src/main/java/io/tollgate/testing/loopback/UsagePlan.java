package io.tollgate.testing.loopback;

/**
 * The token counts the loopback server reports in every generated body, so tests know the exact
 * usage a call will carry.
 *
 * <p>OpenAI semantics: {@code cachedTokens} (cache reads) and {@code cacheWriteTokens} are parts of
 * {@code promptTokens}; {@code reasoningTokens} is part of {@code completionTokens}. Anthropic
 * semantics: {@code promptTokens} is sent as {@code input_tokens}, which excludes the cache counts
 * (total input = prompt + cache read + cache creation 5m + 1h).
 */
public record UsagePlan(
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long cacheWriteTokens,
    long reasoningTokens,
    long cacheReadInputTokens,
    long cacheCreation5mInputTokens,
    long cacheCreation1hInputTokens) {

  private static final UsagePlan DEFAULTS = of(12, 5);

  public UsagePlan {
    if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0 || cacheWriteTokens < 0
        || reasoningTokens < 0 || cacheReadInputTokens < 0 || cacheCreation5mInputTokens < 0
        || cacheCreation1hInputTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  /** prompt 12, completion 5, everything else 0. */
  public static UsagePlan defaults() {
    return DEFAULTS;
  }

  public static UsagePlan of(long promptTokens, long completionTokens) {
    return new UsagePlan(promptTokens, completionTokens, 0, 0, 0, 0, 0, 0);
  }

  public UsagePlan withPromptTokens(long n) {
    return new UsagePlan(n, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens,
        cacheReadInputTokens, cacheCreation5mInputTokens, cacheCreation1hInputTokens);
  }

  public UsagePlan withCompletionTokens(long n) {
    return new UsagePlan(promptTokens, n, cachedTokens, cacheWriteTokens, reasoningTokens,
        cacheReadInputTokens, cacheCreation5mInputTokens, cacheCreation1hInputTokens);
  }

  /** OpenAI {@code cached_tokens}. */
  public UsagePlan withCachedTokens(long n) {
    return new UsagePlan(promptTokens, completionTokens, n, cacheWriteTokens, reasoningTokens,
        cacheReadInputTokens, cacheCreation5mInputTokens, cacheCreation1hInputTokens);
  }

  /** OpenAI {@code cache_write_tokens} (required by openai-java's Responses usage). */
  public UsagePlan withCacheWriteTokens(long n) {
    return new UsagePlan(promptTokens, completionTokens, cachedTokens, n, reasoningTokens,
        cacheReadInputTokens, cacheCreation5mInputTokens, cacheCreation1hInputTokens);
  }

  /** OpenAI {@code reasoning_tokens}. */
  public UsagePlan withReasoningTokens(long n) {
    return new UsagePlan(promptTokens, completionTokens, cachedTokens, cacheWriteTokens, n,
        cacheReadInputTokens, cacheCreation5mInputTokens, cacheCreation1hInputTokens);
  }

  /** Anthropic {@code cache_read_input_tokens}. */
  public UsagePlan withCacheReadInputTokens(long n) {
    return new UsagePlan(promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens,
        n, cacheCreation5mInputTokens, cacheCreation1hInputTokens);
  }

  /** Anthropic {@code cache_creation.ephemeral_5m_input_tokens}. */
  public UsagePlan withCacheCreation5mInputTokens(long n) {
    return new UsagePlan(promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens,
        cacheReadInputTokens, n, cacheCreation1hInputTokens);
  }

  /** Anthropic {@code cache_creation.ephemeral_1h_input_tokens}. */
  public UsagePlan withCacheCreation1hInputTokens(long n) {
    return new UsagePlan(promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens,
        cacheReadInputTokens, cacheCreation5mInputTokens, n);
  }

  /** Anthropic {@code cache_creation_input_tokens}: both TTLs together. */
  public long cacheCreationInputTokens() {
    return cacheCreation5mInputTokens + cacheCreation1hInputTokens;
  }

  /** OpenAI {@code total_tokens}. */
  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}

package io.tollgate.core.usage;

/**
 * Token counts of one call, normalised to the ledger's meaning for every provider:
 * {@code inputTokens} includes cached (read and written) tokens, {@code outputTokens} includes
 * reasoning tokens. The cache-write split by TTL is kept for pricing; its sum is
 * {@code cacheWriteInputTokens}.
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cacheReadInputTokens,
    long cacheWrite5mInputTokens,
    long cacheWrite1hInputTokens,
    long reasoningOutputTokens) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0);

  public long cacheWriteInputTokens() {
    return cacheWrite5mInputTokens + cacheWrite1hInputTokens;
  }

  /** Input tokens billed at the plain input rate: neither read from nor written to a cache. */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens - cacheReadInputTokens - cacheWriteInputTokens());
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheReadInputTokens + other.cacheReadInputTokens,
        cacheWrite5mInputTokens + other.cacheWrite5mInputTokens,
        cacheWrite1hInputTokens + other.cacheWrite1hInputTokens,
        reasoningOutputTokens + other.reasoningOutputTokens);
  }
}

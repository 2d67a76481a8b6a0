package io.tollgate.core.usage;

/**
 * Token counts of one call, normalised to the ledger's meaning for every provider:
 * {@code inputTokens} includes cached (read and written) tokens, {@code outputTokens} includes
 * reasoning tokens. The cache-write split by TTL is kept for pricing; its sum is
 * {@code cacheWriteInputTokens}. Audio and image counts are parts of the input and output counts
 * (OpenAI reports them that way), kept apart because some models bill them at their own rates.
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long cacheReadInputTokens,
    long cacheWrite5mInputTokens,
    long cacheWrite1hInputTokens,
    long reasoningOutputTokens,
    long audioInputTokens,
    long audioCachedInputTokens,
    long audioOutputTokens,
    long imageInputTokens,
    long imageOutputTokens) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0);

  /** Text-only usage: no audio or image tokens. */
  public Usage(
      long inputTokens,
      long outputTokens,
      long cacheReadInputTokens,
      long cacheWrite5mInputTokens,
      long cacheWrite1hInputTokens,
      long reasoningOutputTokens) {
    this(inputTokens, outputTokens, cacheReadInputTokens, cacheWrite5mInputTokens, cacheWrite1hInputTokens,
        reasoningOutputTokens, 0, 0, 0, 0, 0);
  }

  /** This usage with its audio parts: input (cached ones included), cached input, output. */
  public Usage withAudio(long audioInput, long audioCachedInput, long audioOutput) {
    return new Usage(inputTokens, outputTokens, cacheReadInputTokens, cacheWrite5mInputTokens,
        cacheWrite1hInputTokens, reasoningOutputTokens, audioInput, audioCachedInput, audioOutput,
        imageInputTokens, imageOutputTokens);
  }

  /** This usage with its image parts of input and output. */
  public Usage withImages(long imageInput, long imageOutput) {
    return new Usage(inputTokens, outputTokens, cacheReadInputTokens, cacheWrite5mInputTokens,
        cacheWrite1hInputTokens, reasoningOutputTokens, audioInputTokens, audioCachedInputTokens,
        audioOutputTokens, imageInput, imageOutput);
  }

  /** This usage with another output count (an estimate replacing a count that was not final). */
  public Usage withOutputTokens(long output) {
    return new Usage(inputTokens, output, cacheReadInputTokens, cacheWrite5mInputTokens, cacheWrite1hInputTokens,
        reasoningOutputTokens, audioInputTokens, audioCachedInputTokens, audioOutputTokens, imageInputTokens,
        imageOutputTokens);
  }

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
        reasoningOutputTokens + other.reasoningOutputTokens,
        audioInputTokens + other.audioInputTokens,
        audioCachedInputTokens + other.audioCachedInputTokens,
        audioOutputTokens + other.audioOutputTokens,
        imageInputTokens + other.imageInputTokens,
        imageOutputTokens + other.imageOutputTokens);
  }
}

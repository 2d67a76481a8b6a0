package io.tollgate.inference.engine;

/**
 * How an {@link InferenceEngine} schedules work.
 *
 * @param maxBatchSize sequences that take decode steps together
 * @param maxQueuedRequests requests waiting for a batch slot before new ones are rejected
 * @param prefillChunkTokens prompt tokens prefilled per scheduler step, so a long prompt does not stall the
 *     sequences already decoding
 * @param prefixCachePositions KV positions (allocated capacity) the prefix cache may keep; 0 turns it off
 */
public record EngineOptions(int maxBatchSize, int maxQueuedRequests, int prefillChunkTokens,
                            long prefixCachePositions) {

    public EngineOptions {
        if (maxBatchSize < 1 || maxQueuedRequests < 1 || prefillChunkTokens < 1 || prefixCachePositions < 0) {
            throw new IllegalArgumentException("invalid engine options: " + maxBatchSize + ", " + maxQueuedRequests
                    + ", " + prefillChunkTokens + ", " + prefixCachePositions);
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(8, 64, 512, 8192);
    }

    public EngineOptions withMaxBatchSize(int value) {
        return new EngineOptions(value, maxQueuedRequests, prefillChunkTokens, prefixCachePositions);
    }

    public EngineOptions withMaxQueuedRequests(int value) {
        return new EngineOptions(maxBatchSize, value, prefillChunkTokens, prefixCachePositions);
    }

    public EngineOptions withPrefillChunkTokens(int value) {
        return new EngineOptions(maxBatchSize, maxQueuedRequests, value, prefixCachePositions);
    }

    public EngineOptions withPrefixCachePositions(long value) {
        return new EngineOptions(maxBatchSize, maxQueuedRequests, prefillChunkTokens, value);
    }
}

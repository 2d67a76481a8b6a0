package io.tollgate.inference.model;

/** The keys and values of one sequence's past positions, owned by one {@link LanguageModel}. */
public interface KvCache extends AutoCloseable {

    /** Positions held. */
    int length();

    int capacity();

    /** Forgets every position from {@code length} on. */
    void truncate(int length);

    /** Makes this cache hold the first {@code length} positions of {@code other} (same model): prefix reuse. */
    void copyPrefixFrom(KvCache other, int length);

    /**
     * Gives the keys and values back now (device memory for a GPU cache) instead of when the cache is collected.
     * Idempotent. Afterwards only {@link #length()} and {@link #capacity()} answer; any other use, as this cache or
     * as the source of a copy, throws {@link IllegalStateException}.
     */
    @Override
    void close();
}

package io.tollgate.inference.model;

/** The keys and values of one sequence's past positions, owned by one {@link LanguageModel}. */
public interface KvCache {

    /** Positions held. */
    int length();

    int capacity();

    /** Forgets every position from {@code length} on. */
    void truncate(int length);

    /** Makes this cache hold the first {@code length} positions of {@code other} (same model): prefix reuse. */
    void copyPrefixFrom(KvCache other, int length);
}

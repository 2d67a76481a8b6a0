package io.tollgate.inference.model;

/**
 * A loaded model. Not thread-safe: the engine calls it from one thread at a time (the model may use its own
 * threads inside a call).
 */
public interface LanguageModel extends AutoCloseable {

    ModelInfo info();

    /** Which backend runs it and why, e.g. "cpu (Vector API, 8 floats)" or "cpu (scalar: no jdk.incubator.vector)". */
    String backend();

    KvCache newCache(int capacity);

    /**
     * Appends {@code tokens} at positions {@code cache.length()} onwards and returns the logits
     * (vocabulary size) that follow the last of them.
     */
    float[] prefill(KvCache cache, int[] tokens);

    /**
     * One decode step for several sequences at once: {@code tokens[i]} is appended to {@code caches[i]}.
     * Each weight is read once for the whole batch. Returns the logits of each sequence.
     */
    float[][] decode(KvCache[] caches, int[] tokens);

    @Override
    void close();
}

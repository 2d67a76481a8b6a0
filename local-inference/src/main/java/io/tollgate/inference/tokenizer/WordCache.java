package io.tollgate.inference.tokenizer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The tokens of recently seen words. Bounded by forgetting everything when full: text repeats the same few
 * thousand words, so the cache refills at once, and no per-hit bookkeeping slows the common case.
 */
final class WordCache {

    private final int capacity;
    private final ConcurrentHashMap<String, int[]> tokens;

    WordCache(int capacity) {
        this.capacity = capacity;
        this.tokens = new ConcurrentHashMap<>(Math.min(capacity, 1024));
    }

    int[] get(String word, Function<String, int[]> encoder) {
        int[] cached = tokens.get(word);
        if (cached != null) return cached;
        int[] encoded = encoder.apply(word);
        if (tokens.size() >= capacity) tokens.clear();
        tokens.put(word, encoded);
        return encoded;
    }
}

package io.tollgate.inference.model;

import java.util.IdentityHashMap;
import java.util.Map;

/** The argument checks every {@link LanguageModel} backend makes, with the same messages. */
public final class ModelChecks {
    private ModelChecks() {}

    public static void checkCapacity(int capacity, LlamaConfig config) {
        if (capacity < 1 || capacity > config.contextLength()) {
            throw new IllegalArgumentException("cache capacity " + capacity + " outside 1.." + config.contextLength());
        }
    }

    /** The cache of a prefill of {@code tokens} by {@code model}: its own, with room for at least one token. */
    public static <C extends PositionedCache> C prefillCache(LanguageModel model, Class<C> type, KvCache cache,
                                                             int[] tokens) {
        C c = own(model, type, cache);
        if (tokens.length == 0) throw new IllegalArgumentException("prefill needs at least one token");
        checkRoom(c, tokens.length);
        return c;
    }

    /** The caches of a decode step: one a token, each {@code model}'s own, none twice, each with room for one. */
    public static <C extends PositionedCache> C[] decodeCaches(LanguageModel model, Class<C> type, KvCache[] caches,
                                                               int[] tokens) {
        if (caches.length != tokens.length) {
            throw new IllegalArgumentException(caches.length + " caches for " + tokens.length + " tokens");
        }
        @SuppressWarnings("unchecked")
        C[] cs = (C[]) java.lang.reflect.Array.newInstance(type, caches.length);
        Map<C, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < caches.length; i++) {
            cs[i] = own(model, type, caches[i]);
            if (seen.put(cs[i], Boolean.TRUE) != null) {
                throw new IllegalArgumentException("a cache appears twice in one decode step");
            }
            checkRoom(cs[i], 1);
        }
        return cs;
    }

    /** Each cache's next position: where a decode step writes. */
    public static int[] positions(PositionedCache[] caches) {
        int[] positions = new int[caches.length];
        for (int i = 0; i < caches.length; i++) positions[i] = caches[i].length();
        return positions;
    }

    public static void checkToken(int token, int vocabularySize) {
        if (token < 0 || token >= vocabularySize) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary of " + vocabularySize);
        }
    }

    private static <C extends PositionedCache> C own(LanguageModel model, Class<C> type, KvCache cache) {
        if (type.isInstance(cache) && type.cast(cache).owner() == model) {
            C own = type.cast(cache);
            own.checkOpen();
            return own;
        }
        throw new IllegalArgumentException("the cache was not made by this model");
    }

    private static void checkRoom(PositionedCache c, int tokens) {
        if (c.length() + tokens > c.capacity()) {
            throw new IllegalStateException("cache full: " + c.length() + " + " + tokens
                    + " positions exceed its capacity " + c.capacity());
        }
    }
}

package io.tollgate.inference.model;

import java.util.Arrays;

/** Runs a prompt through forward passes of at most {@code chunk} rows, growing the cache after each. */
public final class ChunkedPrefill {
    private ChunkedPrefill() {}

    /** One forward pass: row {@code t} is {@code tokens[t]} at {@code positions[t]} of {@code caches[t]}. */
    @FunctionalInterface
    public interface Pass<C extends PositionedCache> {
        /** @return the logits of the chunk's last row if {@code last}, else any array (ignored) */
        float[][] run(C[] caches, int[] positions, int[] tokens, boolean last);
    }

    /** @return the logits of the prompt's last token */
    public static <C extends PositionedCache> float[] run(C cache, int[] tokens, int chunk, Pass<C> pass) {
        float[] logits = null;
        for (int from = 0; from < tokens.length; from += chunk) {
            int n = Math.min(chunk, tokens.length - from);
            @SuppressWarnings("unchecked")
            C[] caches = (C[]) java.lang.reflect.Array.newInstance(cache.getClass(), n);
            Arrays.fill(caches, cache);
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) positions[i] = cache.length() + i;
            boolean last = from + n == tokens.length;
            float[][] out = pass.run(caches, positions, Arrays.copyOfRange(tokens, from, from + n), last);
            cache.grow(cache.length() + n);
            if (last) logits = out[0];
        }
        return logits;
    }
}

package io.tollgate.inference.model;

import java.util.Arrays;

/** Keys and values of one sequence for every layer: {@code keys[layer][position * kvDimension + i]}. */
final class LlamaCache extends PositionedCache {
    final float[][] keys;
    final float[][] values;
    private final int kvDimension;

    LlamaCache(LlamaModel owner, int layers, int kvDimension, int capacity) {
        super(owner, capacity);
        this.kvDimension = kvDimension;
        keys = new float[layers][capacity * kvDimension];
        values = new float[layers][capacity * kvDimension];
    }

    @Override
    protected void copyPositions(PositionedCache other, int prefix) {
        LlamaCache from = (LlamaCache) other;
        for (int l = 0; l < keys.length; l++) {
            System.arraycopy(from.keys[l], 0, keys[l], 0, prefix * kvDimension);
            System.arraycopy(from.values[l], 0, values[l], 0, prefix * kvDimension);
        }
    }

    /** Drops the arrays, so a closed cache that something still refers to holds no heap. */
    @Override
    protected void release() {
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
    }
}

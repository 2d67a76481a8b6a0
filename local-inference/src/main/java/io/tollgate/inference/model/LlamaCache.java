package io.tollgate.inference.model;

/** Keys and values of one sequence for every layer: {@code keys[layer][position * kvDimension + i]}. */
final class LlamaCache implements KvCache {
    final LlamaModel owner;
    final float[][] keys;
    final float[][] values;
    private final int capacity;
    private final int kvDimension;
    private int length;

    LlamaCache(LlamaModel owner, int layers, int kvDimension, int capacity) {
        this.owner = owner;
        this.capacity = capacity;
        this.kvDimension = kvDimension;
        keys = new float[layers][capacity * kvDimension];
        values = new float[layers][capacity * kvDimension];
    }

    @Override public int length() { return length; }

    @Override public int capacity() { return capacity; }

    /** Called once a forward pass has written positions up to {@code newLength}. */
    void grow(int newLength) { length = newLength; }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " positions to " + newLength);
        }
        length = newLength;
    }

    @Override
    public void copyPrefixFrom(KvCache other, int prefix) {
        if (!(other instanceof LlamaCache from) || from.owner != owner) {
            throw new IllegalArgumentException("the cache belongs to another model");
        }
        if (prefix < 0 || prefix > from.length || prefix > capacity) {
            throw new IllegalArgumentException("cannot copy " + prefix + " positions from a cache of " + from.length
                    + " into one of capacity " + capacity);
        }
        if (from != this) {
            for (int l = 0; l < keys.length; l++) {
                System.arraycopy(from.keys[l], 0, keys[l], 0, prefix * kvDimension);
                System.arraycopy(from.values[l], 0, values[l], 0, prefix * kvDimension);
            }
        }
        length = prefix;
    }
}

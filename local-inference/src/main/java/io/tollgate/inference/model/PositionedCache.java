package io.tollgate.inference.model;

/**
 * The bookkeeping every backend's {@link KvCache} shares: its owning model, capacity and the number of positions
 * written; subclasses hold the keys and values and copy them.
 */
public abstract class PositionedCache implements KvCache {
    private final LanguageModel owner;
    private final int capacity;
    private int length;

    protected PositionedCache(LanguageModel owner, int capacity) {
        this.owner = owner;
        this.capacity = capacity;
    }

    /** The model that made this cache; only it may run forward passes on it. */
    public final LanguageModel owner() { return owner; }

    @Override public final int length() { return length; }

    @Override public final int capacity() { return capacity; }

    /** Called by the owning model once a forward pass has written positions up to {@code newLength}. */
    public final void grow(int newLength) { length = newLength; }

    @Override
    public final void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " positions to " + newLength);
        }
        length = newLength;
    }

    @Override
    public final void copyPrefixFrom(KvCache other, int prefix) {
        if (!(other instanceof PositionedCache from) || from.owner != owner) {
            throw new IllegalArgumentException("the cache belongs to another model");
        }
        if (prefix < 0 || prefix > from.length || prefix > capacity) {
            throw new IllegalArgumentException("cannot copy " + prefix + " positions from a cache of " + from.length
                    + " into one of capacity " + capacity);
        }
        if (from != this && prefix > 0) copyPositions(from, prefix);
        length = prefix;
    }

    /**
     * Copies the keys and values of positions {@code 0..prefix-1} of {@code from}, a cache of the same owner (so of
     * this class) and not this one.
     */
    protected abstract void copyPositions(PositionedCache from, int prefix);
}

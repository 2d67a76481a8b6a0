package io.tollgate.inference.model;

/**
 * The bookkeeping every backend's {@link KvCache} shares: its owning model, capacity, the number of positions
 * written and whether it is closed; subclasses hold the keys and values, copy and release them.
 */
public abstract class PositionedCache implements KvCache {
    private final LanguageModel owner;
    private final int capacity;
    private int length;
    private volatile boolean closed;

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

    /** Whether {@link #close()} has run. */
    public final boolean isClosed() { return closed; }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        release();
    }

    @Override
    public final void truncate(int newLength) {
        checkOpen();
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
        checkOpen();
        from.checkOpen();
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

    /** Gives back the keys and values; runs once, at the first {@link #close()}. */
    protected abstract void release();

    /** A released cache's memory may hold another cache's keys by now (or be unmapped): refuse before any access. */
    final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the KV cache is closed: its " + capacity
                    + " positions were released when its sequence ended or the prefix cache let it go");
        }
    }
}

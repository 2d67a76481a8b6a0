package io.tollgate.inference.engine;

import io.tollgate.inference.model.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KV caches of finished sequences, kept so that a new prompt sharing a prefix with one of them skips that part
 * of prefill. Bounded by the positions the kept caches have allocated; the least recently used go first.
 * Used by the engine's scheduler thread only; the counters may be read from any thread.
 *
 * <p>Owns every cache handed to {@link #keep}: it closes each one it does not keep or lets go, and all at
 * {@link #close()}. {@link #restore} copies out of a kept cache, so none is ever in a sequence's hands.
 */
final class PrefixCache implements AutoCloseable {

    private record Entry(int[] tokens, KvCache cache) {}

    private final long maxPositions;
    private final List<Entry> entries = new ArrayList<>(); // least recently used first
    private long positions;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong reusedTokens = new AtomicLong();

    PrefixCache(long maxPositions) {
        this.maxPositions = maxPositions;
    }

    /**
     * Copies into {@code target} the longest prefix of {@code prompt} that a kept cache holds, leaving at least
     * the prompt's last token to be prefilled (its logits are needed). Returns the positions copied.
     */
    int restore(int[] prompt, KvCache target) {
        Entry best = null;
        int bestLength = 0;
        for (Entry entry : entries) {
            int length = commonPrefix(entry.tokens, prompt, Math.min(prompt.length - 1, target.capacity()));
            if (length > bestLength) {
                best = entry;
                bestLength = length;
            }
        }
        if (best == null) {
            misses.incrementAndGet();
            return 0;
        }
        target.copyPrefixFrom(best.cache, bestLength);
        entries.remove(best);
        entries.add(best);
        hits.incrementAndGet();
        reusedTokens.addAndGet(bestLength);
        return bestLength;
    }

    /** Takes a finished sequence's cache, to keep or close; {@code tokens} are the positions it holds. */
    void keep(int[] tokens, KvCache cache) {
        if (tokens.length == 0 || cache.capacity() > maxPositions) {
            cache.close();
            return;
        }
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            int common = commonPrefix(entry.tokens, tokens, Integer.MAX_VALUE);
            if (common == tokens.length) {
                // An entry already covers this sequence: it becomes the most recent instead.
                it.remove();
                entries.add(entry);
                cache.close();
                return;
            }
            if (common == entry.tokens.length) {
                it.remove();
                drop(entry);
            }
        }
        entries.add(new Entry(tokens, cache));
        positions += cache.capacity();
        while (positions > maxPositions) {
            drop(entries.remove(0));
        }
    }

    /** Closes every kept cache. */
    @Override
    public void close() {
        entries.forEach(this::drop);
        entries.clear();
    }

    long hits() { return hits.get(); }

    long misses() { return misses.get(); }

    long reusedTokens() { return reusedTokens.get(); }

    int size() { return entries.size(); }

    private void drop(Entry entry) {
        positions -= entry.cache.capacity();
        entry.cache.close();
    }

    private static int commonPrefix(int[] a, int[] b, int limit) {
        int mismatch = Arrays.mismatch(a, b);
        int common = mismatch < 0 ? a.length : mismatch;
        return Math.min(common, limit);
    }
}

package io.tollgate.inference.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * BPE merges by rank: which adjacent pair of tokens becomes which token, and how early. {@link #apply} merges
 * the lowest-ranked pair first (the leftmost of equals), as Hugging Face's tokenizers and llama.cpp do.
 */
final class MergeTable {

    /** Packed (rank, merged token) of each pair, keyed by the packed pair. */
    private final Map<Long, Long> merges;

    private MergeTable(Map<Long, Long> merges) {
        this.merges = merges;
    }

    /** From "left right" lines; lines whose parts or result are not tokens are skipped, as llama.cpp does. */
    static MergeTable parse(List<?> lines, Vocabulary vocabulary) {
        Map<Long, Long> merges = new HashMap<>(lines.size() * 2);
        for (int rank = 0; rank < lines.size(); rank++) {
            String line = TokenizerMetadata.element(lines, rank, TokenizerMetadata.MERGES);
            int space = line.indexOf(' ', 1);
            if (space < 0) {
                throw new IllegalArgumentException("GGUF metadata " + TokenizerMetadata.MERGES + "[" + rank
                        + "] is not 'left right': " + line);
            }
            String left = line.substring(0, space);
            String right = line.substring(space + 1);
            int l = vocabulary.id(left);
            int r = vocabulary.id(right);
            int merged = vocabulary.id(left + right);
            if (l < 0 || r < 0 || merged < 0) continue;
            merges.putIfAbsent(pair(l, r), pair(rank, merged));
        }
        return new MergeTable(merges);
    }

    private static long pair(int high, int low) {
        return ((long) high << 32) | (low & 0xFFFFFFFFL);
    }

    /** The tokens of one word after every merge that applies; {@code symbols} is left as it is. */
    int[] apply(int[] symbols) {
        int n = symbols.length;
        if (n < 2) return symbols;
        int[] ids = symbols.clone();
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        // candidates: (rank, left position), lowest first; stale ones are skipped when taken
        PriorityQueue<Long> queue = new PriorityQueue<>();
        for (int i = 0; i + 1 < n; i++) offer(queue, ids, i, i + 1);
        int remaining = n;
        while (!queue.isEmpty()) {
            long candidate = queue.poll();
            int rank = (int) (candidate >>> 32);
            int left = (int) candidate;
            int right = left < n && ids[left] >= 0 ? next[left] : -1;
            if (right < 0) continue;
            Long merge = merges.get(pair(ids[left], ids[right]));
            if (merge == null || (int) (merge >>> 32) != rank) continue;
            ids[left] = (int) (long) merge;
            ids[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0) prev[next[right]] = left;
            remaining--;
            if (prev[left] >= 0) offer(queue, ids, prev[left], left);
            if (next[left] >= 0) offer(queue, ids, left, next[left]);
        }
        int[] out = new int[remaining];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) out[k++] = ids[i];
        return out;
    }

    private void offer(PriorityQueue<Long> queue, int[] ids, int left, int right) {
        Long merge = merges.get(pair(ids[left], ids[right]));
        if (merge != null) queue.add(pair((int) (merge >>> 32), left));
    }
}

package io.tollgate.inference.engine;

import io.tollgate.inference.model.KvCache;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic stand-in for a real model: the most likely next token is a hash of every token the cache
 * holds and of its length, so a wrong prefix copy or a mixed-up batch changes the output. Counts the positions
 * it computes and the batch sizes of its decode steps. A prefill can be held at a gate so tests can line up
 * concurrent requests.
 */
public final class CountingModel implements LanguageModel {

    private final int vocabularySize;
    private final int contextLength;
    public final AtomicLong prefilledPositions = new AtomicLong();
    public final AtomicLong decodedPositions = new AtomicLong();
    private final List<Integer> decodeBatchSizes = new ArrayList<>();
    private volatile CountDownLatch prefillGate;
    private volatile CountDownLatch decodeGate;
    private final CountDownLatch prefillEntered = new CountDownLatch(1);

    public CountingModel(int vocabularySize, int contextLength) {
        this.vocabularySize = vocabularySize;
        this.contextLength = contextLength;
    }

    /** Holds every prefill until {@link #openGate()}. */
    public void closeGate() {
        prefillGate = new CountDownLatch(1);
    }

    public void openGate() {
        prefillGate.countDown();
    }

    /** Holds every decode step until {@link #openDecodeGate()}. */
    public void closeDecodeGate() {
        decodeGate = new CountDownLatch(1);
    }

    public void openDecodeGate() {
        decodeGate.countDown();
    }

    public void awaitPrefillEntered() throws InterruptedException {
        if (!prefillEntered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no prefill started");
        }
    }

    public synchronized List<Integer> decodeBatchSizes() {
        return List.copyOf(decodeBatchSizes);
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("counting-test-model", "test", vocabularySize, contextLength, 0, "none");
    }

    @Override
    public String backend() {
        return "test";
    }

    @Override
    public KvCache newCache(int capacity) {
        return new TokenCache(capacity);
    }

    @Override
    public float[] prefill(KvCache cache, int[] tokens) {
        prefillEntered.countDown();
        pass(prefillGate);
        TokenCache tokenCache = (TokenCache) cache;
        for (int token : tokens) {
            tokenCache.append(token);
        }
        prefilledPositions.addAndGet(tokens.length);
        return logits(tokenCache);
    }

    @Override
    public float[][] decode(KvCache[] caches, int[] tokens) {
        pass(decodeGate);
        synchronized (this) {
            decodeBatchSizes.add(caches.length);
        }
        float[][] logits = new float[caches.length][];
        for (int i = 0; i < caches.length; i++) {
            ((TokenCache) caches[i]).append(tokens[i]);
            logits[i] = logits((TokenCache) caches[i]);
        }
        decodedPositions.addAndGet(caches.length);
        return logits;
    }

    /** The token the model favours after these tokens. */
    public int favourite(int[] tokens, int length) {
        long hash = length * 17L;
        for (int i = 0; i < length; i++) {
            hash = hash * 31 + tokens[i];
        }
        return 3 + (int) Math.floorMod(hash, (long) vocabularySize - 3);
    }

    private float[] logits(TokenCache cache) {
        int favourite = favourite(cache.tokens, cache.length);
        float[] logits = new float[vocabularySize];
        for (int i = 0; i < vocabularySize; i++) {
            logits[i] = i == favourite ? 4 : -0.05f * Math.floorMod(i - favourite, vocabularySize);
        }
        return logits;
    }

    @Override
    public void close() {}

    /** The tokens themselves stand in for their keys and values. */
    static final class TokenCache implements KvCache {
        private final int[] tokens;
        private int length;
        private boolean closed;

        TokenCache(int capacity) {
            tokens = new int[capacity];
        }

        void append(int token) {
            checkOpen();
            if (length == tokens.length) {
                throw new IllegalStateException("cache full at " + length);
            }
            tokens[length++] = token;
        }

        @Override
        public int length() { return length; }

        @Override
        public int capacity() { return tokens.length; }

        @Override
        public void truncate(int newLength) { length = Math.min(length, newLength); }

        @Override
        public void copyPrefixFrom(KvCache other, int prefix) {
            TokenCache source = (TokenCache) other;
            checkOpen();
            source.checkOpen();
            if (prefix > source.length || prefix > tokens.length) {
                throw new IllegalArgumentException("cannot copy " + prefix + " positions");
            }
            System.arraycopy(source.tokens, 0, tokens, 0, prefix);
            length = prefix;
        }

        @Override
        public void close() { closed = true; }

        private void checkOpen() {
            if (closed) throw new IllegalStateException("closed cache used");
        }
    }

    private static void pass(CountDownLatch gate) {
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

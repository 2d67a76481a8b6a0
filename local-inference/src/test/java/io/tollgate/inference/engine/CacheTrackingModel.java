package io.tollgate.inference.engine;

import io.tollgate.inference.model.KvCache;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.ModelInfo;
import io.tollgate.inference.model.PositionedCache;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real model (the CPU backend in tests) that lets a test see the caches an engine makes: each one it hands out,
 * in order. Decode steps can be held at a gate so a test can act while a sequence is running.
 */
final class CacheTrackingModel implements LanguageModel {
    private final LanguageModel model;
    private final List<PositionedCache> caches = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch decodeGate;
    private volatile CountDownLatch decodeEntered = new CountDownLatch(1);

    CacheTrackingModel(LanguageModel model) {
        this.model = model;
    }

    /** Every cache made so far, oldest first. */
    List<PositionedCache> caches() { return List.copyOf(caches); }

    /** The indexes of the caches made so far that are closed. */
    List<Integer> closedCaches() {
        List<PositionedCache> made = caches();
        return java.util.stream.IntStream.range(0, made.size()).filter(i -> made.get(i).isClosed()).boxed().toList();
    }

    /** Holds every decode step until {@link #openDecodeGate()} or an interrupt. */
    void closeDecodeGate() {
        decodeEntered = new CountDownLatch(1);
        decodeGate = new CountDownLatch(1);
    }

    void openDecodeGate() { decodeGate.countDown(); }

    void awaitDecodeHeld() throws InterruptedException {
        if (!decodeEntered.await(10, TimeUnit.SECONDS)) throw new AssertionError("no decode step started");
    }

    @Override public ModelInfo info() { return model.info(); }

    @Override public String backend() { return model.backend(); }

    @Override
    public KvCache newCache(int capacity) {
        KvCache cache = model.newCache(capacity);
        caches.add((PositionedCache) cache);
        return cache;
    }

    @Override
    public float[] prefill(KvCache cache, int[] tokens) { return model.prefill(cache, tokens); }

    @Override
    public float[][] decode(KvCache[] caches, int[] tokens) {
        CountDownLatch gate = decodeGate;
        if (gate != null) {
            decodeEntered.countDown();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the engine closing: let the step run, the scheduler then stops
            }
        }
        return model.decode(caches, tokens);
    }

    @Override
    public void close() { model.close(); }
}

package io.tollgate.inference.engine;

import io.tollgate.inference.model.KvCache;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One request inside the engine: its tokens, KV cache, sampler, text and timings. The scheduler thread moves it
 * on; the caller's thread reads the {@link Event}s it posts.
 */
final class Sequence {

    /** A piece of text, or the end: a result or an error. */
    record Event(String piece, GenerationResult result, Throwable error) {}

    final GenerationRequest request;
    final String model;
    final int[] prompt;
    final int maxTokens;
    final Sampler sampler;
    final GeneratedText text;
    final long submittedAt;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    volatile boolean cancelled;

    /** Owned by the sequence from its prefill on, until it fails (closed) or is given to the prefix cache. */
    KvCache cache;
    int reusedTokens;
    int[] generated = new int[16];
    int completionTokens;
    String finishReason;
    long prefillStartedAt;
    long firstTokenAt;
    long cpuNanos;
    long decodeSteps;
    long batchSizeSum;

    Sequence(GenerationRequest request, String model, int[] prompt, int maxTokens, Sampler sampler,
             GeneratedText text, long submittedAt) {
        this.request = request;
        this.model = model;
        this.prompt = prompt;
        this.maxTokens = maxTokens;
        this.sampler = sampler;
        this.text = text;
        this.submittedAt = submittedAt;
    }

    boolean prefilling() {
        return completionTokens == 0;
    }

    int lastToken() {
        return generated[completionTokens - 1];
    }

    /** Samples the next token from {@code logits}; returns true when the sequence has finished. */
    boolean accept(float[] logits, Set<Integer> stopIds, long now) {
        if (completionTokens == 0) {
            firstTokenAt = now;
        }
        int token = sampler.sample(logits);
        if (completionTokens == generated.length) {
            generated = Arrays.copyOf(generated, completionTokens * 2);
        }
        generated[completionTokens++] = token;
        if (stopIds.contains(token)) {
            finishReason = GenerationResult.STOP;
        } else {
            post(text.add(token));
            if (text.stopped()) {
                finishReason = GenerationResult.STOP;
            } else if (completionTokens >= maxTokens) {
                finishReason = GenerationResult.LENGTH;
            }
        }
        if (finishReason == null) {
            return false;
        }
        post(text.flush());
        return true;
    }

    /** The tokens the cache holds: the prompt and every sampled token fed back. */
    int[] cachedTokens() {
        int[] tokens = Arrays.copyOf(prompt, cache.length());
        System.arraycopy(generated, 0, tokens, prompt.length, Math.max(0, cache.length() - prompt.length));
        return tokens;
    }

    void complete(long now) {
        GenerationResult result = new GenerationResult(text.text(), finishReason, model, prompt.length,
                completionTokens, reusedTokens, reusedTokens > 0, prefillStartedAt - submittedAt,
                firstTokenAt - prefillStartedAt, now - firstTokenAt, firstTokenAt - submittedAt, cpuNanos,
                decodeSteps == 0 ? 0 : (double) batchSizeSum / decodeSteps);
        events.add(new Event(null, result, null));
    }

    /** Gives up the cache: the caller now owns it. */
    KvCache takeCache() {
        KvCache taken = cache;
        cache = null;
        return taken;
    }

    /** Ends the sequence with an error; its cache holds nothing worth keeping and is closed first. */
    void fail(Throwable error) {
        try {
            if (cache != null) takeCache().close();
        } finally {
            events.add(new Event(null, null, error));
        }
    }

    private void post(String piece) {
        if (!piece.isEmpty()) {
            events.add(new Event(piece, null, null));
        }
    }
}

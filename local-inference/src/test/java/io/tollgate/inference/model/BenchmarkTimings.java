package io.tollgate.inference.model;

import java.util.Arrays;

/** The timing loops the CPU and CUDA inference benchmarks share, over any {@link LanguageModel}. */
public final class BenchmarkTimings {
    private BenchmarkTimings() {}

    /** Best wall time of a prefill of {@code prompt} into a fresh cache: three passes after one that warms up. */
    public static double bestPrefillSeconds(LanguageModel model, int[] prompt) {
        double best = Double.MAX_VALUE;
        for (int pass = 0; pass < 4; pass++) {
            KvCache cache = model.newCache(prompt.length);
            long start = System.nanoTime();
            model.prefill(cache, prompt);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pass > 0) best = Math.min(best, seconds);
        }
        return best;
    }

    /**
     * Wall times, sorted, of {@code steps} greedy decode steps of {@code batch} sequences (16-token prompts) after
     * {@code warmup} untimed steps. A step's time includes returning the logits, as the engine needs them each step.
     */
    public static double[] sortedDecodeStepSeconds(LanguageModel model, int batch, int steps, int warmup,
                                                   int vocabulary) {
        KvCache[] caches = new KvCache[batch];
        int[] next = new int[batch];
        for (int i = 0; i < batch; i++) {
            caches[i] = model.newCache(16 + warmup + steps);
            model.prefill(caches[i], tokens(16, 11 + i, vocabulary));
            next[i] = 100 + i;
        }
        double[] times = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long start = System.nanoTime();
            float[][] logits = model.decode(caches, next);
            if (s >= warmup) times[s - warmup] = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < batch; i++) next[i] = LlamaModelTest.argmax(logits[i]);
        }
        Arrays.sort(times);
        return times;
    }

    /** A deterministic spread of token ids below {@code vocabulary}. */
    public static int[] tokens(int length, int seed, int vocabulary) {
        int[] t = new int[length];
        for (int i = 0; i < length; i++) t[i] = (i * 7919 + seed * 104729) % vocabulary;
        return t;
    }
}

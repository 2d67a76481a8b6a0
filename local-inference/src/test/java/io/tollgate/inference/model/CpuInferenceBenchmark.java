package io.tollgate.inference.model;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.InMemoryTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prefill and decode speed of a ~100M-parameter generated model on the CPU, and decode's share of the machine's
 * memory bandwidth (a copy loop measured in the same run). Run with {@code benchmarks/run-local-inference.sh}.
 * Properties: {@code -Dthreads=N}, {@code -Dtypes=F32,Q8_0}, {@code -Dprompt=128}, {@code -Dsteps=64}.
 */
public final class CpuInferenceBenchmark {
    private static final int VOCABULARY = 32000;

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        int promptLength = Integer.getInteger("prompt", 128);
        int steps = Integer.getInteger("steps", 64);
        List<GgmlType> types = new ArrayList<>();
        for (String t : System.getProperty("types", "F32,Q8_0").split(",")) types.add(GgmlType.valueOf(t.trim()));

        double copy = copyBandwidth(threads);
        System.out.printf("machine: %s, %d cores, Java %s%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf("copy bandwidth (read + write, %d threads, 2 x 512 MiB): %.1f GB/s%n", threads, copy / 1e9);

        List<String> rows = new ArrayList<>();
        for (GgmlType type : types) {
            ModelSpec spec = ModelSpec.hundredMillion(type, VOCABULARY);
            InMemoryTensors source = RandomModel.build(spec, Map.of());
            try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults().withThreads(threads))) {
                source = null; // let the encoded copy go: the model holds its own
                System.gc();
                System.out.printf("%s: %,d parameters, %.1f MB of weights read per decode step, %s%n", type,
                        model.info().parameterCount(), model.decodeBytes() / 1e6, model.backend());
                double prefill = prefillTokensPerSecond(model, promptLength);
                for (int batch : new int[] {1, 4}) {
                    double stepSeconds = decodeStepSeconds(model, batch, steps);
                    double fraction = model.decodeBytes() / stepSeconds / copy;
                    rows.add(String.format("| %s | %d | %.1f | %d | %.1f | %.2f | %.1f | %.0f%% |", type,
                            promptLength, prefill, batch, batch / stepSeconds, stepSeconds * 1e3,
                            model.decodeBytes() / stepSeconds / 1e9, 100 * fraction));
                }
            }
        }
        System.out.println();
        System.out.println("| type | prompt | prefill tok/s | batch | decode tok/s | ms/step | weights GB/s | of copy bw |");
        System.out.println("|------|-------:|--------------:|------:|-------------:|--------:|-------------:|-----------:|");
        rows.forEach(System.out::println);
    }

    /** Best of five passes copying 512 MiB with every thread: well beyond any cache. */
    private static double copyBandwidth(int threads) throws InterruptedException {
        long[] from = new long[64 << 20];
        long[] to = new long[from.length];
        java.util.Arrays.fill(from, 1L);
        double best = 0;
        for (int pass = 0; pass < 5; pass++) {
            Thread[] workers = new Thread[threads];
            int share = from.length / threads;
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int offset = t * share;
                workers[t] = new Thread(() -> System.arraycopy(from, offset, to, offset, share));
                workers[t].start();
            }
            for (Thread w : workers) w.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 2.0 * 8 * share * threads / seconds);
        }
        return best;
    }

    private static double prefillTokensPerSecond(LanguageModel model, int length) {
        int[] prompt = tokens(length, 3);
        double best = Double.MAX_VALUE;
        for (int pass = 0; pass < 4; pass++) { // the first warms up
            KvCache cache = model.newCache(length);
            long start = System.nanoTime();
            model.prefill(cache, prompt);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (pass > 0) best = Math.min(best, seconds);
        }
        return length / best;
    }

    /** Median time of one decode step for {@code batch} sequences, after warming up. */
    private static double decodeStepSeconds(LanguageModel model, int batch, int steps) {
        int warmup = 16;
        KvCache[] caches = new KvCache[batch];
        int[] next = new int[batch];
        for (int i = 0; i < batch; i++) {
            caches[i] = model.newCache(16 + warmup + steps);
            model.prefill(caches[i], tokens(16, 11 + i));
            next[i] = 100 + i;
        }
        double[] times = new double[steps];
        for (int s = 0; s < warmup + steps; s++) {
            long start = System.nanoTime();
            float[][] logits = model.decode(caches, next);
            if (s >= warmup) times[s - warmup] = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < batch; i++) next[i] = LlamaModelTest.argmax(logits[i]);
        }
        java.util.Arrays.sort(times);
        return times[steps / 2];
    }

    private static int[] tokens(int length, int seed) {
        int[] t = new int[length];
        for (int i = 0; i < length; i++) t[i] = (i * 7919 + seed * 104729) % VOCABULARY;
        return t;
    }
}

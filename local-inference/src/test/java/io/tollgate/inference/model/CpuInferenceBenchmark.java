package io.tollgate.inference.model;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.InMemoryTensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prefill and decode speed of a 125M-parameter generated model on the CPU, and decode's share of the machine's
 * memory bandwidth (a copy loop measured in the same run). Run with {@code benchmarks/run-local-inference.sh}.
 * Properties: {@code -Dthreads=N}, {@code -Dtypes=F32,Q8_0}, {@code -Dprompt=128}, {@code -Dsteps=64},
 * {@code -Dbatches=1,4}.
 */
public final class CpuInferenceBenchmark {
    private static final int VOCABULARY = 32000;

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        int promptLength = Integer.getInteger("prompt", 128);
        int steps = Integer.getInteger("steps", 64);
        List<GgmlType> types = new ArrayList<>();
        for (String t : System.getProperty("types", "F32,Q8_0").split(",")) types.add(GgmlType.valueOf(t.trim()));

        System.out.printf("machine: %s, %d cores, Java %s, load average %.2f%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        long[] from = new long[64 << 20];
        long[] to = new long[from.length];
        Arrays.fill(from, 1L);

        List<String> rows = new ArrayList<>();
        for (GgmlType type : types) {
            ModelSpec spec = ModelSpec.hundredMillion(type, VOCABULARY);
            InMemoryTensors source = RandomModel.build(spec, Map.of());
            try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults().withThreads(threads))) {
                source = null; // let the encoded copy go: the model holds its own
                System.gc();
                System.out.printf("%s: %,d parameters, %.1f MB of weights read per decode step, %s%n", type,
                        model.info().parameterCount(), model.decodeBytes() / 1e6, model.backend());
                // measured next to each model's decode, so both see the same neighbours on a shared machine
                double[] copy = copyBandwidth(from, to, threads);
                double[] read = readBandwidth(from, threads);
                System.out.printf("copy (read + write counted, %d threads, 2 x 512 MiB): best %.1f GB/s, median %.1f;"
                        + " read-only sum: best %.1f GB/s, median %.1f; load average %.2f%n", threads, copy[0] / 1e9,
                        copy[1] / 1e9, read[0] / 1e9, read[1] / 1e9,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                int[] prompt = BenchmarkTimings.tokens(promptLength, 3, VOCABULARY);
                double prefill = promptLength / BenchmarkTimings.bestPrefillSeconds(model, prompt);
                for (String b : System.getProperty("batches", "1,4").split(",")) {
                    int batch = Integer.parseInt(b.trim());
                    double[] times = BenchmarkTimings.sortedDecodeStepSeconds(model, batch, steps, 16, VOCABULARY);
                    double[] step = {times[0], times[steps / 2]};
                    double bytes = model.decodeBytes();
                    rows.add(String.format("| %s | %d | %.1f | %d | %.1f | %.2f | %.2f | %.1f | %.0f%% | %.0f%% | %.0f%% |",
                            type, promptLength, prefill, batch, batch / step[1], step[1] * 1e3, step[0] * 1e3,
                            bytes / step[0] / 1e9, 100 * bytes / step[0] / copy[0], 100 * bytes / step[1] / copy[1],
                            100 * bytes / step[0] / read[0]));
                }
            }
        }
        System.out.println();
        System.out.println("| type | prompt | prefill tok/s | batch | decode tok/s | ms/step median | ms/step best"
                + " | weights GB/s best | of copy bw best | of copy bw median | of read bw best |");
        System.out.println("|------|-------:|--------------:|------:|-------------:|---------------:|-------------:"
                + "|------------------:|----------------:|------------------:|----------------:|");
        rows.forEach(System.out::println);
    }

    /**
     * Bytes per second, best and median of nine passes, of {@code threads} threads each copying its share of 512 MiB
     * with {@code System.arraycopy}; bytes read plus bytes written are counted (STREAM's convention), where decode
     * counts only the weight bytes it reads.
     */
    private static double[] copyBandwidth(long[] from, long[] to, int threads) throws InterruptedException {
        int share = from.length / threads;
        return passes(threads, 2.0 * 8 * share * threads, t -> System.arraycopy(from, t * share, to, t * share, share));
    }

    /** Bytes per second, best and median, of {@code threads} threads summing their shares of 512 MiB. */
    private static double[] readBandwidth(long[] data, int threads) throws InterruptedException {
        int share = (data.length / threads) & ~3; // the loop reads four at a time
        long[] sums = new long[threads];
        return passes(threads, 8.0 * share * threads, t -> {
            long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int i = t * share, end = i + share; i < end; i += 4) {
                s0 += data[i];
                s1 += data[i + 1];
                s2 += data[i + 2];
                s3 += data[i + 3];
            }
            sums[t] = s0 + s1 + s2 + s3;
        });
    }

    private static double[] passes(int threads, double bytes, java.util.function.IntConsumer part)
            throws InterruptedException {
        double[] rates = new double[9];
        for (int pass = 0; pass < rates.length; pass++) {
            Thread[] workers = new Thread[threads];
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int index = t;
                workers[t] = new Thread(() -> part.accept(index));
                workers[t].start();
            }
            for (Thread w : workers) w.join();
            rates[pass] = bytes / ((System.nanoTime() - start) / 1e9);
        }
        Arrays.sort(rates);
        return new double[] {rates[rates.length - 1], rates[rates.length / 2]};
    }
}

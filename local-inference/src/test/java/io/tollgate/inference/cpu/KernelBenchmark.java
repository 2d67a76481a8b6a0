package io.tollgate.inference.cpu;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.GgufTensor;
import io.tollgate.inference.gguf.Quantizer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The matrix-vector kernels alone, for iterating on them: weight GB/s of one thread and of the pool over matrices
 * shaped like the 100M model's feed-forward (2048 x 768, {@code -Dmegabytes} of them in all, well past the caches),
 * and the pool's hand-off cost for an empty job. Run with
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * io.tollgate.inference.cpu.KernelBenchmark [-Dtypes=F32,Q8_0] [-Dthreads=2] [-Dtokens=1,4]}.
 */
public final class KernelBenchmark {
    private static final int ROWS = 2048;
    private static final int COLUMNS = 768;

    public static void main(String[] args) {
        int threads = Integer.getInteger("threads", Runtime.getRuntime().availableProcessors());
        long megabytes = Long.getLong("megabytes", 256);
        Kernels kernels = CpuKernels.select(!Boolean.getBoolean("scalar"));
        System.out.println("kernels: " + kernels.description());
        try (CpuBackend backend = CpuBackend.create(threads, !Boolean.getBoolean("scalar"));
             WorkerPool pool = new WorkerPool(threads)) {
            System.out.printf("read bandwidth (float sum over %d MB): 1 thread %.1f GB/s, %d threads %.1f GB/s%n",
                    megabytes, readBandwidth(megabytes, 1) / 1e9, threads, readBandwidth(megabytes, threads) / 1e9);
            System.out.printf("pool hand-off (%d threads, empty job of %d chunks): %.2f us%n", threads, threads,
                    handOffMicros(pool, threads));
            for (String name : System.getProperty("types", "F32,Q8_0").split(",")) {
                GgmlType type = GgmlType.valueOf(name.trim());
                List<WeightMatrix> matrices = matrices(type, megabytes);
                long bytes = matrices.stream().mapToLong(WeightMatrix::bytes).sum();
                for (String t : System.getProperty("tokens", "1,4").split(",")) {
                    int tokens = Integer.parseInt(t.trim());
                    float[] x = new SplittableRandom(7).doubles(tokens * COLUMNS, -1, 1).collect(
                            () -> new FloatList(tokens * COLUMNS), FloatList::add, (a, b) -> {}).values;
                    float[] out = new float[tokens * ROWS];
                    Runnable pass = () -> {
                        for (WeightMatrix w : matrices) w.multiply(kernels, w.activations(kernels, x, tokens), tokens, out, 0, w.rows);
                    };
                    double one = best(pass);
                    double cpu = bestCpu(pass);
                    long allocated = allocatedBytes();
                    pass.run();
                    allocated = allocatedBytes() - allocated;
                    double all = best(() -> {
                        for (WeightMatrix w : matrices) backend.multiply(w, x, tokens, out);
                    });
                    System.out.printf("%-5s tokens=%d  1 thread: %5.1f GB/s (%5.1f per CPU second)  %d threads: %5.1f GB/s (%d matrices, %.0f MB; %.1f KB allocated per pass)%n",
                            type, tokens, bytes / one / 1e9, bytes / cpu / 1e9, threads, bytes / all / 1e9, matrices.size(), bytes / 1e6,
                            allocated / 1e3);
                }
            }
        }
    }

    /** Bytes per second that {@code threads} threads read summing disjoint parts of one large array. */
    private static double readBandwidth(long megabytes, int threads) {
        float[] data = new float[(int) (megabytes << 18)];
        java.util.Arrays.fill(data, 1f);
        int share = data.length / threads;
        float[] sums = new float[threads];
        double seconds = best(() -> {
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int from = t * share;
                workers[t] = new Thread(() -> sums[from / share] = ScalarSum.sum(data, from, from + share));
                workers[t].start();
            }
            for (Thread w : workers) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        return 4.0 * share * threads / seconds;
    }

    /** Four independent sums, so the loop is bound by loads rather than by add latency. */
    private static final class ScalarSum {
        static float sum(float[] a, int from, int to) {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            int i = from;
            for (; i + 8 <= to; i += 8) {
                s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3];
                s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7];
            }
            for (; i < to; i++) s0 += a[i];
            return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
        }
    }

    /** Like {@link #best} in the thread's CPU time: what the kernel costs when other processes take the core. */
    private static double bestCpu(Runnable pass) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long start = bean.getCurrentThreadCpuTime();
            pass.run();
            best = Math.min(best, (bean.getCurrentThreadCpuTime() - start) / 1e9);
        }
        return best;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static double handOffMicros(WorkerPool pool, int chunks) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            int jobs = 20_000;
            long start = System.nanoTime();
            for (int j = 0; j < jobs; j++) pool.run(chunks, c -> {});
            best = Math.min(best, (System.nanoTime() - start) / 1e3 / jobs);
        }
        return best;
    }

    private static double best(Runnable pass) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            pass.run();
            if (round > 0) best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    private static List<WeightMatrix> matrices(GgmlType type, long megabytes) {
        float[] values = new SplittableRandom(1).doubles((long) ROWS * COLUMNS, -0.1, 0.1).collect(
                () -> new FloatList(ROWS * COLUMNS), FloatList::add, (a, b) -> {}).values;
        ByteBuffer data = ByteBuffer.wrap(Quantizer.encode(type, values));
        long perMatrix = type.bytesFor((long) ROWS * COLUMNS);
        List<WeightMatrix> matrices = new ArrayList<>();
        for (long total = 0; total < megabytes << 20; total += perMatrix) {
            matrices.add(WeightMatrix.of(new GgufTensor("w", type, new long[] {COLUMNS, ROWS}, data)));
        }
        return matrices;
    }

    private static final class FloatList {
        final float[] values;
        int size;

        FloatList(int capacity) { values = new float[capacity]; }

        void add(double v) { values[size++] = (float) v; }
    }
}

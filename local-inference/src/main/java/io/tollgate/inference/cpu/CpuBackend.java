package io.tollgate.inference.cpu;

import java.util.function.IntConsumer;

/**
 * Runs a model's matrix products on the CPU: the chosen kernels over rows split among a {@link WorkerPool}.
 * Several products that read the same activations (Q, K and V; gate and up) run as one job, one hand-off.
 */
public final class CpuBackend implements AutoCloseable {
    /** Rows per chunk: small enough to balance two to sixteen threads, large enough to amortise claiming. */
    private static final int ROWS_PER_CHUNK = 16;

    private final Kernels kernels;
    private final WorkerPool pool;

    private CpuBackend(Kernels kernels, int threads) {
        this.kernels = kernels;
        this.pool = new WorkerPool(threads);
    }

    /**
     * @param threads    threads per product, the caller's included
     * @param vectorApi  use the Vector API when the JVM has it (false forces the scalar kernels)
     */
    public static CpuBackend create(int threads, boolean vectorApi) {
        return new CpuBackend(CpuKernels.select(vectorApi), threads);
    }

    /** E.g. "cpu (Vector API, 512-bit, 2 threads)" or "cpu (scalar: jdk.incubator.vector not added, 2 threads)". */
    public String description() {
        return "cpu (" + kernels.description() + ", " + pool.threads() + (pool.threads() == 1 ? " thread)" : " threads)");
    }

    public boolean vectorized() { return !(kernels instanceof ScalarKernels); }

    /**
     * {@code outs[m][t * rows_m + r] = dot(row r of weights[m], x row t)} for all {@code tokens} rows of {@code x}
     * (each {@code weights[m].columns()} long; all weights share it).
     */
    public void multiply(WeightMatrix[] weights, float[] x, int tokens, float[][] outs) {
        int[] firstChunk = new int[weights.length + 1];
        for (int m = 0; m < weights.length; m++) {
            firstChunk[m + 1] = firstChunk[m] + (weights[m].rows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK;
        }
        pool.run(firstChunk[weights.length], chunk -> {
            int m = 0;
            while (chunk >= firstChunk[m + 1]) m++;
            WeightMatrix w = weights[m];
            int from = (chunk - firstChunk[m]) * ROWS_PER_CHUNK;
            w.multiply(kernels, x, tokens, outs[m], from, Math.min(w.rows, from + ROWS_PER_CHUNK));
        });
    }

    public void multiply(WeightMatrix weights, float[] x, int tokens, float[] out) {
        multiply(new WeightMatrix[] {weights}, x, tokens, new float[][] {out});
    }

    /** Runs {@code task} for each index in {@code [0, count)} on the pool (attention heads). */
    public void forEach(int count, IntConsumer task) {
        pool.run(count, task);
    }

    @Override
    public void close() {
        pool.close();
    }
}

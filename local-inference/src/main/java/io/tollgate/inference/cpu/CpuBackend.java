package io.tollgate.inference.cpu;

import java.util.function.IntConsumer;

/**
 * Runs a model's matrix products on the CPU: the chosen kernels over rows split among a {@link WorkerPool}.
 * Several products that read the same activations (Q, K and V; gate and up) run as one job, one hand-off.
 */
public final class CpuBackend implements AutoCloseable {
    /**
     * Weight bytes per chunk: large enough that claiming a chunk from the other core is small beside streaming it,
     * small enough to leave a 768 x 768 matrix ten chunks to balance over the threads.
     */
    private static final int CHUNK_BYTES = 64 << 10;

    private final Kernels kernels;
    private final WorkerPool pool;
    /** Attention scores of one head, per thread: a prefill chunk would otherwise allocate one per (row, head, layer). */
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[256]);

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

    /**
     * {@code outs[m][t * rows_m + r] = dot(row r of weights[m], x row t)} for all {@code tokens} rows of {@code x}
     * (each {@code weights[m].columns()} long; all weights share it).
     */
    public void multiply(WeightMatrix[] weights, float[] x, int tokens, float[][] outs) {
        int[] firstChunk = new int[weights.length + 1];
        int[] rowsPerChunk = new int[weights.length];
        for (int m = 0; m < weights.length; m++) {
            rowsPerChunk[m] = (int) Math.max(1, CHUNK_BYTES * (long) weights[m].rows / weights[m].bytes());
            firstChunk[m + 1] = firstChunk[m] + (weights[m].rows + rowsPerChunk[m] - 1) / rowsPerChunk[m];
        }
        float[][] xs = new float[weights.length][];
        for (int m = 0; m < weights.length; m++) {
            // Q, K and V (gate and up) share one encoding: the activations are reordered once for all
            boolean same = m > 0 && weights[m].getClass() == weights[m - 1].getClass();
            xs[m] = same ? xs[m - 1] : weights[m].activations(kernels, x, tokens);
        }
        pool.run(firstChunk[weights.length], chunk -> {
            int m = 0;
            while (chunk >= firstChunk[m + 1]) m++;
            WeightMatrix w = weights[m];
            int from = (chunk - firstChunk[m]) * rowsPerChunk[m];
            w.multiply(kernels, xs[m], tokens, outs[m], from, Math.min(w.rows, from + rowsPerChunk[m]));
        });
    }

    public void multiply(WeightMatrix weights, float[] x, int tokens, float[] out) {
        multiply(new WeightMatrix[] {weights}, x, tokens, new float[][] {out});
    }

    /**
     * One attention head of one token: {@code out[oo, oo + headDimension)} = the values at {@code positions} cached
     * positions weighted by the softmax of {@code scale * q . key}. Keys and values of position {@code p} start at
     * {@code offset + p * stride}.
     */
    public void attend(float[] q, int qo, float[] keys, float[] values, int offset, int stride, int positions,
                       int headDimension, float scale, float[] out, int oo) {
        float[] scores = scratch.get();
        if (scores.length < positions) {
            scores = new float[Math.max(positions, 2 * scores.length)];
            scratch.set(scores);
        }
        kernels.scores(q, qo, keys, offset, stride, headDimension, scale, scores, positions);
        kernels.softmax(scores, positions);
        kernels.weightedSum(scores, positions, values, offset, stride, headDimension, out, oo);
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

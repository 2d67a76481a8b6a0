package io.tollgate.inference.cpu;

/**
 * Q8_0 weights: value {@code i} of the matrix is {@code quants[i] * scales[i / 32]}. The f16 block scales are
 * widened to float once at load (4 bytes per 32 values instead of 2) so kernels need no half conversion.
 */
final class Q8Matrix extends WeightMatrix {
    final byte[] quants;
    final float[] scales;

    Q8Matrix(int rows, int columns, byte[] quants, float[] scales) {
        super(rows, columns);
        this.quants = quants;
        this.scales = scales;
    }

    @Override public long bytes() { return quants.length + 4L * scales.length; }

    @Override
    public void row(int row, float[] out, int offset) {
        int base = row * columns;
        for (int i = 0; i < columns; i++) out[offset + i] = quants[base + i] * scales[(base + i) >> 5];
    }

    @Override
    float[] activations(Kernels k, float[] x, int tokens) {
        return k.q8Activations(x, tokens, columns);
    }

    @Override
    void multiply(Kernels k, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        k.q8(this, x, tokens, out, rowFrom, rowTo);
    }
}

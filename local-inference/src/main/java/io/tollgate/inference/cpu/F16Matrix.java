package io.tollgate.inference.cpu;

import io.tollgate.inference.gguf.Float16;

/** Half-precision weights, row-major, as raw IEEE 754 binary16 bits. */
final class F16Matrix extends WeightMatrix {
    final short[] bits;

    F16Matrix(int rows, int columns, short[] bits) {
        super(rows, columns);
        this.bits = bits;
    }

    @Override public long bytes() { return 2L * bits.length; }

    @Override
    public void row(int row, float[] out, int offset) {
        int base = row * columns;
        for (int i = 0; i < columns; i++) out[offset + i] = Float16.toFloat(bits[base + i]);
    }

    @Override
    void multiply(Kernels k, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        k.f16(this, x, tokens, out, rowFrom, rowTo);
    }
}

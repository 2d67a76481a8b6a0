package io.tollgate.inference.cpu;

/** F32 weights, row-major. */
final class F32Matrix extends WeightMatrix {
    final float[] values;

    F32Matrix(int rows, int columns, float[] values) {
        super(rows, columns);
        this.values = values;
    }

    @Override public long bytes() { return 4L * values.length; }

    @Override
    public void row(int row, float[] out, int offset) {
        System.arraycopy(values, row * columns, out, offset, columns);
    }

    @Override
    void multiply(Kernels k, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        k.f32(this, x, tokens, out, rowFrom, rowTo);
    }
}

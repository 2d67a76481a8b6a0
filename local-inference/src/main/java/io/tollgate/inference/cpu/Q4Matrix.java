package io.tollgate.inference.cpu;

/**
 * Q4_0 weights in GGML's packing: block {@code b} holds bytes {@code packed[16b .. 16b+16)}; its value {@code j}
 * is {@code (low nibble of byte j) - 8}, value {@code j + 16} the high nibble minus 8, each times {@code scales[b]}.
 */
final class Q4Matrix extends WeightMatrix {
    final byte[] packed;
    final float[] scales;

    Q4Matrix(int rows, int columns, byte[] packed, float[] scales) {
        super(rows, columns);
        this.packed = packed;
        this.scales = scales;
    }

    @Override public long bytes() { return packed.length + 4L * scales.length; }

    @Override
    public void row(int row, float[] out, int offset) {
        int blocks = columns / 32;
        int first = row * blocks;
        for (int b = 0; b < blocks; b++) {
            float d = scales[first + b];
            int p = (first + b) * 16;
            int o = offset + b * 32;
            for (int j = 0; j < 16; j++) {
                int q = packed[p + j] & 0xFF;
                out[o + j] = ((q & 0x0F) - 8) * d;
                out[o + j + 16] = ((q >>> 4) - 8) * d;
            }
        }
    }

    @Override
    void multiply(Kernels k, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        k.q4(this, x, tokens, out, rowFrom, rowTo);
    }
}

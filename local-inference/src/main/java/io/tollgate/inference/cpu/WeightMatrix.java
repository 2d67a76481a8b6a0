package io.tollgate.inference.cpu;

import io.tollgate.inference.gguf.Float16;
import io.tollgate.inference.gguf.GgufTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A linear layer's weights, {@code rows x columns}, kept in the tensor's own encoding (copied once from the
 * tensor's buffer, never expanded to floats) so a decode step reads as few bytes as the file holds.
 */
public abstract sealed class WeightMatrix permits F32Matrix, F16Matrix, Q8Matrix, Q4Matrix {
    final int rows;
    final int columns;

    WeightMatrix(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
    }

    public static WeightMatrix of(GgufTensor tensor) {
        int rows = tensor.rows();
        int columns = tensor.columns();
        int count = Math.toIntExact(tensor.elements());
        ByteBuffer data = tensor.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return switch (tensor.type()) {
            case F32 -> {
                float[] v = new float[count];
                data.asFloatBuffer().get(v);
                yield new F32Matrix(rows, columns, v);
            }
            case F16 -> {
                short[] v = new short[count];
                data.asShortBuffer().get(v);
                yield new F16Matrix(rows, columns, v);
            }
            case Q8_0 -> {
                int blocks = count / 32;
                byte[] q = new byte[count];
                float[] scales = new float[blocks];
                for (int b = 0, pos = 0; b < blocks; b++, pos += 34) {
                    scales[b] = Float16.toFloat(data.getShort(pos));
                    data.get(pos + 2, q, b * 32, 32);
                }
                yield new Q8Matrix(rows, columns, q, scales);
            }
            case Q4_0 -> {
                int blocks = count / 32;
                byte[] packed = new byte[count / 2];
                float[] scales = new float[blocks];
                for (int b = 0, pos = 0; b < blocks; b++, pos += 18) {
                    scales[b] = Float16.toFloat(data.getShort(pos));
                    data.get(pos + 2, packed, b * 16, 16);
                }
                yield new Q4Matrix(rows, columns, packed, scales);
            }
        };
    }

    public int rows() { return rows; }

    public int columns() { return columns; }

    /** Bytes one full pass over the weights reads. */
    public abstract long bytes();

    /** Decodes row {@code row} into {@code out[offset .. offset + columns)}: an embedding lookup. */
    public abstract void row(int row, float[] out, int offset);

    /** {@code x} as {@link #multiply} takes it for these weights: the same array unless their kernel reorders it. */
    float[] activations(Kernels kernels, float[] x, int tokens) {
        return x;
    }

    /**
     * For each of {@code tokens} activation rows of {@code x} ({@code columns} values each, as {@link #activations}
     * gave them) and each weight row in {@code [rowFrom, rowTo)}: {@code out[t * rows + r] = dot(weight row r, x row t)}.
     */
    abstract void multiply(Kernels kernels, float[] x, int tokens, float[] out, int rowFrom, int rowTo);
}

package io.tollgate.inference.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One tensor of a GGUF file. {@code shape[0]} is the contiguous dimension (GGML's ne0): a linear layer's
 * weight of {@code out x in} has shape {@code [in, out]}, each of the {@code out} rows holding {@code in} values.
 * {@code data} is a little-endian view of exactly {@code type.bytesFor(elements())} bytes (position 0).
 */
public record GgufTensor(String name, GgmlType type, long[] shape, ByteBuffer data) {

    public GgufTensor {
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        long expected = type.bytesFor(count(shape));
        if (data.remaining() != expected) {
            throw new IllegalArgumentException(name + ": " + type + " " + java.util.Arrays.toString(shape)
                    + " needs " + expected + " bytes, has " + data.remaining());
        }
    }

    public long elements() { return count(shape); }

    /** Values per row (the contiguous dimension). */
    public int columns() { return Math.toIntExact(shape[0]); }

    /** Number of rows: the product of the other dimensions. */
    public int rows() { return Math.toIntExact(elements() / shape[0]); }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }
}

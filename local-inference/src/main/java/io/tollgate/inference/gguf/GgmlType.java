package io.tollgate.inference.gguf;

/** The tensor element types we read and write, with GGML's type ids and block layouts. */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    /** 32 values: an f16 scale, then 16 bytes; value j is (low nibble of byte j) - 8, value j+16 the high nibble. */
    Q4_0(2, 32, 18),
    /** 32 values: an f16 scale, then 32 signed bytes. */
    Q8_0(8, 32, 34);

    private final int id;
    private final int blockSize;
    private final int bytesPerBlock;

    GgmlType(int id, int blockSize, int bytesPerBlock) {
        this.id = id;
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
    }

    public int id() { return id; }

    /** Values per block; 1 for the float types. */
    public int blockSize() { return blockSize; }

    public int bytesPerBlock() { return bytesPerBlock; }

    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(name() + " needs a multiple of " + blockSize + " values, got " + elements);
        }
        return elements / blockSize * bytesPerBlock;
    }

    /** @throws IllegalArgumentException for a GGML type we do not support, naming it */
    public static GgmlType ofId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) return t;
        }
        throw new IllegalArgumentException("unsupported GGML tensor type " + id + " (supported: F32, F16, Q4_0, Q8_0)");
    }
}

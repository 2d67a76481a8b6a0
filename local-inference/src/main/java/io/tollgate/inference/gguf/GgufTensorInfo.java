package io.tollgate.inference.gguf;

import java.util.Arrays;

/**
 * One entry of a GGUF file's tensor table. {@code typeId} is GGML's type number, kept as read so a file with
 * types we do not decode still opens; {@code offset} is relative to the file's data section, as stored.
 */
public record GgufTensorInfo(String name, int typeId, long[] shape, long offset) {

    /** GGML's type names by id (gaps are ids GGML retired), for messages about types we do not read. */
    private static final String[] TYPE_NAMES = {
        "F32", "F16", "Q4_0", "Q4_1", null, null, "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K",
        "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS",
        "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16", null, null, null, "TQ1_0", "TQ2_0", null, null, null,
        "MXFP4",
    };

    public GgufTensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elements() {
        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    /** GGML's name for the type, e.g. "Q6_K", or "type 99" for an id GGML does not define. */
    public String typeName() {
        String name = typeId >= 0 && typeId < TYPE_NAMES.length ? TYPE_NAMES[typeId] : null;
        return name != null ? name : "type " + typeId;
    }

    public boolean isSupported() {
        for (GgmlType t : GgmlType.values()) {
            if (t.id() == typeId) return true;
        }
        return false;
    }

    /** @throws IllegalArgumentException naming this tensor and its type when we do not read that type */
    public GgmlType type() {
        if (!isSupported()) {
            throw new IllegalArgumentException("tensor " + name + " has type " + typeName() + " (GGML id " + typeId
                    + "), which is not supported (supported: F32, F16, Q4_0, Q8_0)");
        }
        return GgmlType.ofId(typeId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && name.equals(t.name) && typeId == t.typeId
                && Arrays.equals(shape, t.shape) && offset == t.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + typeName() + " " + Arrays.toString(shape) + " @" + offset;
    }
}

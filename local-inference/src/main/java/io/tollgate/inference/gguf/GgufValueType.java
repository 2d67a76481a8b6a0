package io.tollgate.inference.gguf;

/** GGUF's metadata value types, with their ids and the bytes a value of each takes at the least. */
enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4), BOOL(7, 1),
    /** u64 length, then UTF-8 bytes. */
    STRING(8, 8),
    /** u32 element type, u64 count, then the elements. */
    ARRAY(9, 12),
    UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    final int id;
    /** The size of a fixed-size value; for strings and arrays, the size of an empty one. */
    final int minBytes;

    GgufValueType(int id, int minBytes) {
        this.id = id;
        this.minBytes = minBytes;
    }

    /** @return null for an id GGUF does not define */
    static GgufValueType ofId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    boolean isIntegral() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }
}

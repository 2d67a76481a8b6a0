package io.tollgate.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes GGUF v3 files. Tensor bytes go from each tensor's buffer straight to the file (nothing is gathered on the
 * heap), each tensor starting at a multiple of the alignment: {@code general.alignment} when the metadata has it,
 * else 32. Java values map to GGUF types as the reader maps them back: String, Boolean, Float (FLOAT32), Double
 * (FLOAT64), Byte, Short, Integer (INT32), Long (INT64) and Lists of these (arrays, nestable); integers under the
 * keys llama.cpp reads as uint32 (counts, lengths, token ids) are written as UINT32. The file appears complete or
 * not at all: it is written beside the target and moved into place.
 */
public final class GgufWriter {
    private static final int VERSION = 3;
    /** GGML_MAX_NAME less its terminating NUL: llama.cpp refuses longer tensor names. */
    private static final int MAX_NAME_BYTES = 63;

    private GgufWriter() {}

    /** Writes the metadata and tensors of {@code source} in the order they were put. */
    public static void write(Path out, InMemoryTensors source) throws IOException {
        write(out, source.metadata(), List.copyOf(source.tensors()));
    }

    /** Writes the metadata of {@code source} and its tensors named in {@code order}, in that order. */
    public static void write(Path out, TensorSource source, List<String> order) throws IOException {
        List<GgufTensor> tensors = new ArrayList<>(order.size());
        for (String name : order) tensors.add(source.tensor(name));
        write(out, source.metadata(), tensors);
    }

    public static void write(Path out, Map<String, Object> metadata, List<GgufTensor> tensors) throws IOException {
        int alignment = alignment(metadata);
        List<GgufTensorInfo> infos = layout(tensors, alignment);
        ByteBuffer header = header(metadata, infos, alignment);
        Path part = out.resolveSibling(out.getFileName() + ".part");
        try (FileChannel file = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(file, header);
            for (GgufTensor t : tensors) {
                writeFully(file, t.data().duplicate());
                long bytes = t.data().remaining();
                writeFully(file, ByteBuffer.allocate((int) (GgufFile.alignUp(bytes, alignment) - bytes)));
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        try {
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeFully(FileChannel file, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) file.write(bytes);
    }

    static int alignment(Map<String, Object> metadata) {
        Object a = metadata.get("general.alignment");
        if (a == null) return GgufFile.DEFAULT_ALIGNMENT;
        if (!(a instanceof Integer || a instanceof Long) || Long.bitCount(((Number) a).longValue()) != 1
                || ((Number) a).longValue() > (1 << 30)) {
            throw new IllegalArgumentException("general.alignment must be a power of two, got " + a);
        }
        return ((Number) a).intValue();
    }

    /** Each tensor's data offset: packed in order, each rounded up to the alignment. */
    static List<GgufTensorInfo> layout(List<GgufTensor> tensors, int alignment) {
        List<GgufTensorInfo> infos = new ArrayList<>(tensors.size());
        long offset = 0;
        for (GgufTensor t : tensors) {
            infos.add(new GgufTensorInfo(t.name(), t.type().id(), t.shape(), offset));
            offset = GgufFile.alignUp(offset + t.data().remaining(), alignment);
        }
        return infos;
    }

    /** Everything before the data section, padded to the alignment. */
    static ByteBuffer header(Map<String, Object> metadata, List<GgufTensorInfo> tensors, int alignment) {
        HeaderOutput out = new HeaderOutput();
        out.u8('G').u8('G').u8('U').u8('F').u32(VERSION).u64(tensors.size()).u64(metadata.size());
        metadata.forEach((key, value) -> {
            if (key == null || value == null) throw new IllegalArgumentException("metadata " + key + " is null");
            GgufValueType type = typeOf(key, value);
            out.string(key).u32(type.id);
            value(out, key, type, value);
        });
        Set<String> names = new HashSet<>();
        for (GgufTensorInfo t : tensors) {
            if (!names.add(t.name())) throw new IllegalArgumentException("tensor " + t.name() + " appears twice");
            if (t.name().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("tensor name " + t.name() + " is longer than "
                        + MAX_NAME_BYTES + " bytes, which GGML refuses");
            }
            long[] shape = t.shape();
            if (shape.length > 4) throw new IllegalArgumentException("tensor " + t.name() + " has more than 4 dimensions");
            out.string(t.name()).u32(shape.length);
            for (long d : shape) out.u64(d);
            out.u32(t.typeId()).u64(t.offset());
        }
        return out.pad(alignment).toBuffer();
    }

    private static GgufValueType typeOf(String key, Object value) {
        if (value instanceof String) return GgufValueType.STRING;
        if (value instanceof Boolean) return GgufValueType.BOOL;
        if (value instanceof Float) return GgufValueType.FLOAT32;
        if (value instanceof Double) return GgufValueType.FLOAT64;
        if (value instanceof List<?>) return GgufValueType.ARRAY;
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            long v = ((Number) value).longValue();
            if (LlamaCppKeys.isUint32(key)) {
                if (v < 0 || v > 0xFFFFFFFFL) {
                    throw new IllegalArgumentException("metadata " + key + " is a uint32, " + v + " does not fit");
                }
                return GgufValueType.UINT32;
            }
            if (value instanceof Byte) return GgufValueType.INT8;
            if (value instanceof Short) return GgufValueType.INT16;
            return value instanceof Integer ? GgufValueType.INT32 : GgufValueType.INT64;
        }
        throw new IllegalArgumentException("metadata " + key + ": cannot write a " + value.getClass().getName());
    }

    /** One type for all elements: integers widen to the largest among them, FLOAT32 to FLOAT64. */
    private static GgufValueType elementType(String key, List<?> values) {
        if (values.isEmpty()) return LlamaCppKeys.isUint32(key) ? GgufValueType.UINT32 : GgufValueType.STRING;
        GgufValueType type = null;
        for (Object v : values) {
            if (v == null) throw new IllegalArgumentException("metadata " + key + " holds a null");
            GgufValueType t = typeOf(key, v);
            if (type == null || t == type) {
                type = t;
            } else if (type.isIntegral() && t.isIntegral() || isFloat(type) && isFloat(t)) {
                type = t.minBytes > type.minBytes ? t : type;
            } else {
                throw new IllegalArgumentException("metadata " + key + " mixes " + type + " and " + t + " values");
            }
        }
        return type;
    }

    private static boolean isFloat(GgufValueType t) {
        return t == GgufValueType.FLOAT32 || t == GgufValueType.FLOAT64;
    }

    private static void value(HeaderOutput out, String key, GgufValueType type, Object value) {
        switch (type) {
            case INT8 -> out.u8(((Number) value).intValue());
            case INT16 -> out.u16(((Number) value).intValue());
            case INT32, UINT32 -> out.u32(((Number) value).longValue());
            case INT64 -> out.u64(((Number) value).longValue());
            case FLOAT32 -> out.u32(Float.floatToRawIntBits(((Number) value).floatValue()));
            case FLOAT64 -> out.u64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
            case BOOL -> out.u8((Boolean) value ? 1 : 0);
            case STRING -> out.string((String) value);
            case ARRAY -> {
                List<?> list = (List<?>) value;
                GgufValueType element = elementType(key, list);
                out.u32(element.id).u64(list.size());
                for (Object v : list) value(out, key, element, v);
            }
            default -> throw new AssertionError(type);
        }
    }
}

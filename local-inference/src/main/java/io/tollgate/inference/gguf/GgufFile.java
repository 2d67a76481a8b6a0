package io.tollgate.inference.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A GGUF file (version 2 or 3) opened for reading. The header is parsed and checked at {@link #open}; tensor data
 * stays in the file and is memory-mapped, one mapping per tensor, the first time a tensor is asked for (a
 * {@code MappedByteBuffer} holds at most 2 GiB, so one mapping of a 7B model's file would not do). A tensor of a
 * type we do not decode fails only when it is asked for. Thread-safe.
 *
 * <p>Closing releases the file; mappings already handed out stay readable until they are garbage collected (the
 * JDK offers no supported way to unmap them).
 */
public final class GgufFile implements TensorSource, AutoCloseable {
    static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_DIMENSIONS = 4;
    private static final int MAX_ARRAY_NESTING = 32;
    /** Empty name, no dimensions, type and offset. */
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;
    /** Empty key, value type and a one-byte value. */
    private static final int MIN_METADATA_BYTES = 8 + 4 + 1;

    private final Path path;
    private final FileChannel channel;
    private final int version;
    private final Map<String, Object> metadata;
    private final List<GgufTensorInfo> tensors;
    private final Map<String, GgufTensorInfo> byName;
    private final int alignment;
    private final long dataStart;
    private final Map<String, GgufTensor> mapped = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private GgufFile(Path path, FileChannel channel, int version, Map<String, Object> metadata,
                     List<GgufTensorInfo> tensors, int alignment, long dataStart) {
        this.path = path;
        this.channel = channel;
        this.version = version;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = List.copyOf(tensors);
        this.alignment = alignment;
        this.dataStart = dataStart;
        Map<String, GgufTensorInfo> names = new LinkedHashMap<>();
        for (GgufTensorInfo t : tensors) names.put(t.name(), t);
        this.byName = names;
    }

    /** @throws MalformedGgufException for a file that is truncated, corrupt or not GGUF v2/v3 */
    public static GgufFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            ByteBuffer start = channel.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE));
            return parse(path, channel, new HeaderInput(path, size, start));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static GgufFile parse(Path path, FileChannel channel, HeaderInput in) throws IOException {
        if (in.fileSize() < 4) {
            throw in.error(0, "not a GGUF file: only " + in.fileSize() + " bytes");
        }
        int magic = in.i32("magic");
        if (magic != 0x46554747) { // "GGUF" read little-endian
            throw in.error(0, "not a GGUF file: starts with 0x" + String.format("%08x", Integer.reverseBytes(magic))
                    + " instead of \"GGUF\"");
        }
        long version = in.u32("version");
        if (version != 2 && version != 3) {
            String why = (version & 0xFFFF) == 0 && version != 0
                    ? "big-endian GGUF files are not supported"
                    : "GGUF version " + version + " is not supported (only 2 and 3)";
            throw in.error(4, why);
        }
        long tensorCount = in.i64("tensor count");
        long kvCount = in.i64("metadata count");
        in.requireRoom(8, tensorCount, MIN_TENSOR_INFO_BYTES, "tensor count");
        in.requireRoom(16, kvCount, MIN_METADATA_BYTES, "metadata count");

        Map<String, Object> metadata = new LinkedHashMap<>();
        int alignment = DEFAULT_ALIGNMENT;
        for (long i = 0; i < kvCount; i++) {
            long keyAt = in.position();
            String key = in.string("metadata key");
            if (metadata.containsKey(key)) throw in.error(keyAt, "metadata key " + key + " appears twice");
            long typeAt = in.position();
            long typeId = in.u32("value type of " + key);
            GgufValueType type = GgufValueType.ofId(typeId);
            if (type == null) throw in.error(typeAt, "metadata " + key + " has unknown value type " + typeId);
            Object value = value(in, type, key, 0);
            if (key.equals("general.alignment")) alignment = alignment(in, typeAt, type, value);
            metadata.put(key, value);
        }

        List<GgufTensorInfo> infos = new ArrayList<>();
        List<Long> offsetPositions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            long nameAt = in.position();
            String name = in.string("tensor name");
            if (!seen.add(name)) throw in.error(nameAt, "tensor " + name + " appears twice");
            long dimsAt = in.position();
            long dims = in.u32("dimension count of " + name);
            if (dims > MAX_DIMENSIONS) {
                throw in.error(dimsAt, "tensor " + name + " has " + dims + " dimensions (at most " + MAX_DIMENSIONS + ")");
            }
            long[] shape = new long[(int) dims];
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                long at = in.position();
                shape[d] = in.i64("dimension of " + name);
                if (shape[d] < 0) throw in.error(at, "tensor " + name + " has a negative dimension");
                try {
                    elements = Math.multiplyExact(elements, shape[d]);
                } catch (ArithmeticException e) {
                    throw in.error(at, "tensor " + name + " has more than 2^63 elements");
                }
            }
            int typeId = (int) Math.min(in.u32("type of " + name), Integer.MAX_VALUE);
            offsetPositions.add(in.position());
            long offset = in.i64("data offset of " + name);
            infos.add(new GgufTensorInfo(name, typeId, shape, offset));
        }
        long dataStart = alignUp(in.position(), alignment);
        for (int i = 0; i < infos.size(); i++) {
            checkExtent(in, infos.get(i), offsetPositions.get(i), alignment, dataStart);
        }
        return new GgufFile(path, channel, (int) version, metadata, infos, alignment, dataStart);
    }

    private static void checkExtent(HeaderInput in, GgufTensorInfo t, long at, int alignment, long dataStart)
            throws MalformedGgufException {
        long offset = t.offset();
        if (offset < 0 || offset % alignment != 0) {
            throw in.error(at, "tensor " + t.name() + " has data offset " + Long.toUnsignedString(offset)
                    + ", not a multiple of the alignment " + alignment);
        }
        long dataBytes = in.fileSize() - dataStart;
        if (offset > dataBytes) {
            throw in.error(at, "tensor " + t.name() + " has data offset " + offset + ", beyond the end of the file ("
                    + "its data section holds " + Math.max(0, dataBytes) + " bytes from byte " + dataStart + ")");
        }
        if (!t.isSupported()) return; // its size is checked when it is used, if ever
        GgmlType type = t.type();
        long elements = t.elements();
        if (elements % type.blockSize() != 0) {
            throw in.error(at, "tensor " + t.name() + " has " + elements + " values, not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
        long bytes = type.bytesFor(elements);
        if (bytes > dataBytes - offset) {
            throw in.error(at, "tensor " + t.name() + " (" + type + " " + Arrays.toString(t.shape())
                    + ") needs bytes " + (dataStart + offset) + " to " + (dataStart + offset + bytes)
                    + ", but the file ends at byte " + in.fileSize());
        }
    }

    private static int alignment(HeaderInput in, long at, GgufValueType type, Object value)
            throws MalformedGgufException {
        long a = value instanceof Number n && type.isIntegral() ? n.longValue() : -1;
        if (a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
            throw in.error(at, "general.alignment must be a power of two, got " + value);
        }
        return (int) a;
    }

    private static Object value(HeaderInput in, GgufValueType type, String key, int depth)
            throws MalformedGgufException {
        String what = "metadata " + key;
        switch (type) {
            case UINT8: return in.u8(what);
            case INT8: return (int) (byte) in.u8(what);
            case UINT16: return in.u16(what);
            case INT16: return (int) (short) in.u16(what);
            case INT32: return in.i32(what);
            case UINT32: {
                long v = in.u32(what);
                // Integer per the contract; one beyond its range keeps its value as a Long
                if (v <= Integer.MAX_VALUE) return (int) v;
                return v;
            }
            case UINT64, INT64: return in.i64(what);
            case FLOAT32: return Float.intBitsToFloat(in.i32(what));
            case FLOAT64: return Double.longBitsToDouble(in.i64(what));
            case BOOL: {
                long at = in.position();
                int b = in.u8(what);
                if (b > 1) throw in.error(at, what + " is a bool of value " + b + " (only 0 and 1 are valid)");
                return b == 1;
            }
            case STRING: return in.string(what);
            case ARRAY: return array(in, key, depth);
            default: throw new AssertionError(type);
        }
    }

    private static List<Object> array(HeaderInput in, String key, int depth) throws MalformedGgufException {
        long at = in.position();
        if (depth >= MAX_ARRAY_NESTING) {
            throw in.error(at, "metadata " + key + " nests arrays deeper than " + MAX_ARRAY_NESTING);
        }
        long typeId = in.u32("array type of " + key);
        GgufValueType type = GgufValueType.ofId(typeId);
        if (type == null) throw in.error(at, "metadata " + key + " is an array of unknown value type " + typeId);
        long countAt = in.position();
        long count = in.i64("array length of " + key);
        in.requireRoom(countAt, count, type.minBytes, "metadata " + key + " array length");
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) values.add(value(in, type, key, depth + 1));
        return Collections.unmodifiableList(values);
    }

    static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    public Path path() { return path; }

    /** The GGUF format version, 2 or 3. */
    public int version() { return version; }

    /** Bytes between the starts of tensor data: {@code general.alignment}, else 32. */
    public int alignment() { return alignment; }

    /** Where the data section starts in the file; tensor offsets count from here. */
    public long dataStart() { return dataStart; }

    /** In file order. UINT32 values beyond Integer's range are Longs; UINT64 values beyond Long's wrap. */
    @Override
    public Map<String, Object> metadata() { return metadata; }

    /** The tensor table in file order, including tensors of types we do not decode. */
    public List<GgufTensorInfo> tensors() { return tensors; }

    /** @throws IllegalArgumentException naming the tensor (and its type, when that is what we cannot read) */
    @Override
    public GgufTensor tensor(String name) {
        if (closed) throw new IllegalStateException(path + " is closed");
        GgufTensor t = mapped.get(name);
        return t != null ? t : mapped.computeIfAbsent(name, this::map);
    }

    @Override
    public boolean hasTensor(String name) { return byName.containsKey(name); }

    private GgufTensor map(String name) {
        GgufTensorInfo info = byName.get(name);
        if (info == null) throw new IllegalArgumentException("no tensor named " + name + " in " + path);
        GgmlType type;
        try {
            type = info.type();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
        long bytes = type.bytesFor(info.elements());
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(path + ": tensor " + name + " holds " + bytes
                    + " bytes; one tensor can be at most 2 GiB here");
        }
        try {
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.offset(), bytes);
            return new GgufTensor(name, type, info.shape(), data);
        } catch (IOException e) {
            throw new UncheckedIOException("mapping tensor " + name + " of " + path, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a read-only channel loses nothing
        }
    }
}

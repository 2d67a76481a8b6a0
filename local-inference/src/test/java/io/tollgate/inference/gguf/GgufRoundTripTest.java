package io.tollgate.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {
    @TempDir Path dir;

    @Test
    void everyWritableMetadataTypeReadsBackAsTheContractTypesIt() throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", "llama");
        metadata.put("test.string", "grüße \u20ac \uD83D\uDE00");
        metadata.put("test.empty_string", "");
        metadata.put("test.int8", (byte) -7);
        metadata.put("test.int16", (short) -30000);
        metadata.put("test.int32", Integer.MIN_VALUE);
        metadata.put("test.int64", Long.MAX_VALUE);
        metadata.put("test.float32", 1.5e-7f);
        metadata.put("test.float64", Math.PI);
        metadata.put("test.true", true);
        metadata.put("test.false", false);
        metadata.put("test.strings", List.of("a", "", "\u0120b"));
        metadata.put("test.ints", List.of(1, -2, 3));
        metadata.put("test.floats", List.of(0.5f, -1f));
        metadata.put("test.bools", List.of(true, false));
        metadata.put("test.nested", List.of(List.of(1, 2), List.of(), List.of(3)));
        metadata.put("test.nested_strings", List.of(List.of("x"), List.of("y", "z")));
        metadata.put("test.empty", List.of());
        metadata.put("llama.context_length", 4096);
        metadata.put("tokenizer.ggml.eos_token_id", 2);

        Path file = dir.resolve("meta.gguf");
        GgufWriter.write(file, metadata, List.of());
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(3, gguf.version());
            Map<String, Object> back = gguf.metadata();
            assertEquals(new ArrayList<>(metadata.keySet()), new ArrayList<>(back.keySet()), "key order kept");
            assertEquals(-7, back.get("test.int8"));
            assertEquals(-30000, back.get("test.int16"));
            metadata.put("test.int8", -7); // 8- and 16-bit integers come back as Integer
            metadata.put("test.int16", -30000);
            assertEquals(metadata, back);
            assertEquals(Long.class, back.get("test.int64").getClass());
            assertEquals(Float.class, back.get("test.float32").getClass());
            assertEquals(Double.class, back.get("test.float64").getClass());
            assertTrue(gguf.tensors().isEmpty());
        }
        assertEquals(GgufValueType.UINT32, typeOnDisk(file, "llama.context_length"));
        assertEquals(GgufValueType.UINT32, typeOnDisk(file, "tokenizer.ggml.eos_token_id"));
        assertEquals(GgufValueType.INT32, typeOnDisk(file, "test.int32"));
        assertEquals(GgufValueType.INT8, typeOnDisk(file, "test.int8"));
        assertEquals(GgufValueType.ARRAY, typeOnDisk(file, "test.nested"));
    }

    @Test
    void readsEveryGgufValueTypeIncludingUnsignedOnesWeNeverWrite() throws IOException {
        HeaderOutput h = new HeaderOutput();
        h.u8('G').u8('G').u8('U').u8('F').u32(2).u64(0).u64(14);
        h.string("u8").u32(0).u8(250);
        h.string("i8").u32(1).u8(0x80);
        h.string("u16").u32(2).u16(65000);
        h.string("i16").u32(3).u16(0x8000);
        h.string("u32").u32(4).u32(7);
        h.string("u32.big").u32(4).u32(0xFFFFFFF0L);
        h.string("i32").u32(5).u32(-5);
        h.string("f32").u32(6).u32(Float.floatToIntBits(2.25f));
        h.string("bool").u32(7).u8(1);
        h.string("str").u32(8).string("hi");
        h.string("u64").u32(10).u64(1L << 40);
        h.string("i64").u32(11).u64(-9);
        h.string("f64").u32(12).u64(Double.doubleToLongBits(-0.125));
        h.string("arr").u32(9).u32(9).u64(2) // array of arrays: [[u16 1, u16 2], []]
                .u32(2).u64(2).u16(1).u16(2)
                .u32(2).u64(0);
        Path file = write("types.gguf", h);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(2, gguf.version());
            Map<String, Object> m = gguf.metadata();
            assertEquals(250, m.get("u8"));
            assertEquals(-128, m.get("i8"));
            assertEquals(65000, m.get("u16"));
            assertEquals(-32768, m.get("i16"));
            assertEquals(7, m.get("u32"));
            assertEquals(0xFFFFFFF0L, m.get("u32.big"), "a uint32 beyond Integer keeps its value as a Long");
            assertEquals(-5, m.get("i32"));
            assertEquals(2.25f, m.get("f32"));
            assertEquals(true, m.get("bool"));
            assertEquals("hi", m.get("str"));
            assertEquals(1L << 40, m.get("u64"));
            assertEquals(-9L, m.get("i64"));
            assertEquals(-0.125, m.get("f64"));
            assertEquals(List.of(List.of(1, 2), List.of()), m.get("arr"));
        }
    }

    @Test
    void everyTensorTypeKeepsItsBytesShapeAndOrderOnAlignedOffsets() throws IOException {
        Random random = new Random(7);
        InMemoryTensors source = new InMemoryTensors().putMetadata("general.architecture", "llama");
        // odd byte sizes (3*5 F32 = 60, 7 F16 = 14, Q4_0 = 18 per block) make every next tensor need padding
        source.put("a.f32", GgmlType.F32, new long[] {3, 5}, floats(random, 15));
        source.put("b.f16", GgmlType.F16, new long[] {7}, floats(random, 7));
        source.put("c.q8", GgmlType.Q8_0, new long[] {64, 3}, floats(random, 192));
        source.put("d.q4", GgmlType.Q4_0, new long[] {32, 1, 1, 3}, floats(random, 96));
        source.put("e.scalar", GgmlType.F32, new long[] {1}, new float[] {42f});

        Path file = dir.resolve("tensors.gguf");
        GgufWriter.write(file, source);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(List.of("a.f32", "b.f16", "c.q8", "d.q4", "e.scalar"),
                    gguf.tensors().stream().map(GgufTensorInfo::name).toList());
            assertEquals(0, gguf.dataStart() % 32);
            for (GgufTensorInfo info : gguf.tensors()) {
                assertEquals(0, info.offset() % 32, info.name() + " aligned");
                GgufTensor expected = source.tensor(info.name());
                GgufTensor read = gguf.tensor(info.name());
                assertEquals(expected.type(), read.type());
                assertArrayEquals(expected.shape(), read.shape());
                assertEquals(expected.data(), read.data(), info.name() + " bytes");
                assertTrue(read.data().isDirect(), "mapped from the file, not copied to the heap");
                assertEquals(ByteOrder.LITTLE_ENDIAN, read.data().order());
            }
            assertEquals(42f, gguf.tensor("e.scalar").data().getFloat(0));
            // the padding between tensors is zeros, as GGML writes it
            byte[] all = Files.readAllBytes(file);
            for (long i = gguf.dataStart() + 60; i < gguf.dataStart() + 64; i++) assertEquals(0, all[(int) i]);
        }
    }

    @Test
    void honoursAWiderAlignmentFromTheMetadata() throws IOException {
        InMemoryTensors source = new InMemoryTensors()
                .putMetadata("general.alignment", 64)
                .put("x", GgmlType.F32, new long[] {3}, new float[] {1, 2, 3})
                .put("y", GgmlType.F32, new long[] {2}, new float[] {4, 5});
        Path file = dir.resolve("aligned.gguf");
        GgufWriter.write(file, source);
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(64, gguf.alignment());
            assertEquals(0, gguf.dataStart() % 64);
            assertEquals(64, gguf.tensors().get(1).offset());
            assertEquals(5f, gguf.tensor("y").data().getFloat(4));
        }
        assertEquals(GgufValueType.UINT32, typeOnDisk(file, "general.alignment"));
    }

    @Test
    void aFileWrittenFromAnOpenedFileIsByteForByteTheSame() throws IOException {
        Path original = dir.resolve("tiny.gguf");
        assertEquals(0, GenerateModel.run(new String[] {"--out", original.toString(), "--preset", "tiny",
                "--type", "Q4_0"}, System.out, System.err));
        Path copy = dir.resolve("copy.gguf");
        try (GgufFile gguf = GgufFile.open(original)) {
            GgufWriter.write(copy, gguf, gguf.tensors().stream().map(GgufTensorInfo::name).toList());
        }
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
        assertTrue(Files.notExists(dir.resolve("copy.gguf.part")));
    }

    private Path write(String name, HeaderOutput header) throws IOException {
        Path file = dir.resolve(name);
        ByteBuffer b = header.toBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        Files.write(file, bytes);
        return file;
    }

    private static float[] floats(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }

    /** The GGUF value type stored right after {@code key}'s text, read from the raw bytes. */
    static GgufValueType typeOnDisk(Path file, String key) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 8; i + 8 + k.length + 4 <= all.length; i++) {
            if (b.getLong(i) == k.length && ByteBuffer.wrap(all, i + 8, k.length).equals(ByteBuffer.wrap(k))) {
                return GgufValueType.ofId(b.getInt(i + 8 + k.length));
            }
        }
        throw new AssertionError(key + " not in " + file);
    }
}

package io.tollgate.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each broken file must fail at open with the file, the problem and its byte offset in the message. */
class GgufFileErrorsTest {
    // byte offsets in the file good() writes
    private static final int TENSOR_COUNT = 8;
    private static final int KV_COUNT = 16;
    private static final int FIRST_KEY_LENGTH = 24;
    private static final int FIRST_VALUE_TYPE = 52;
    private static final int TENSOR_TYPE = 90;
    private static final int TENSOR_OFFSET = 94;
    private static final int DATA_START = 128;

    @TempDir Path dir;
    private byte[] good;

    @BeforeEach
    void writeGoodFile() throws IOException {
        Path file = dir.resolve("good.gguf");
        GgufWriter.write(file, new InMemoryTensors()
                .putMetadata("general.architecture", "llama")
                .put("w", GgmlType.F32, new long[] {8}, new float[8]));
        good = Files.readAllBytes(file);
        assertEquals(DATA_START + 32, good.length, "the layout these offsets assume");
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(DATA_START, gguf.dataStart());
        }
    }

    @Test
    void badMagic() throws IOException {
        byte[] b = good.clone();
        b[3] = 'L';
        assertMalformed(b, 0, "not a GGUF file: starts with 0x4747554c instead of \"GGUF\"");
        assertMalformed(Arrays.copyOf(good, 3), 0, "not a GGUF file: only 3 bytes");
    }

    @Test
    void unsupportedVersions() throws IOException {
        assertMalformed(withInt(4, 1), 4, "GGUF version 1 is not supported (only 2 and 3)");
        assertMalformed(withInt(4, Integer.reverseBytes(3)), 4, "big-endian GGUF files are not supported");
    }

    @Test
    void countsBeyondTheFile() throws IOException {
        assertMalformed(withLong(TENSOR_COUNT, 1_000_000), TENSOR_COUNT,
                "tensor count 1000000 needs at least 24000000 more bytes, but the file ends at byte 160");
        assertMalformed(withLong(KV_COUNT, -1), KV_COUNT,
                "metadata count 18446744073709551615 needs at least more than 2^63 more bytes");
    }

    @Test
    void stringLengthBeyondTheFile() throws IOException {
        assertMalformed(withLong(FIRST_KEY_LENGTH, 1L << 40), FIRST_KEY_LENGTH,
                "metadata key length 1099511627776 runs past the end: the file ends at byte 160");
    }

    @Test
    void fileCutInsideTheMetadata() throws IOException {
        assertMalformed(Arrays.copyOf(good, 66), 56,
                "metadata general.architecture length 5 runs past the end: the file ends at byte 66");
        assertMalformed(Arrays.copyOf(good, 60), 56,
                "metadata general.architecture length runs past the end: the file ends at byte 60");
    }

    @Test
    void unknownMetadataValueType() throws IOException {
        assertMalformed(withInt(FIRST_VALUE_TYPE, 99), FIRST_VALUE_TYPE,
                "metadata general.architecture has unknown value type 99");
    }

    @Test
    void tensorOffsetBeyondTheEnd() throws IOException {
        assertMalformed(withLong(TENSOR_OFFSET, 4096), TENSOR_OFFSET,
                "tensor w has data offset 4096, beyond the end of the file (its data section holds 32 bytes from byte 128)");
    }

    @Test
    void tensorDataCutShort() throws IOException {
        assertMalformed(Arrays.copyOf(good, 150), TENSOR_OFFSET,
                "tensor w (F32 [8]) needs bytes 128 to 160, but the file ends at byte 150");
    }

    @Test
    void misalignedTensorOffset() throws IOException {
        assertMalformed(withLong(TENSOR_OFFSET, 4), TENSOR_OFFSET,
                "tensor w has data offset 4, not a multiple of the alignment 32");
    }

    @Test
    void invalidBoolAndAlignment() throws IOException {
        HeaderOutput h = header(1).string("flag").u32(7).u8(2);
        assertMalformed(bytes(h), 40, "metadata flag is a bool of value 2 (only 0 and 1 are valid)");
        h = header(1).string("general.alignment").u32(4).u32(24);
        assertMalformed(bytes(h), 49, "general.alignment must be a power of two, got 24");
    }

    @Test
    void aTensorOfATypeWeDoNotReadFailsOnlyWhenUsed() throws IOException {
        List<GgufTensorInfo> infos = List.of(
                new GgufTensorInfo("blk.0.ffn_down.weight", 14, new long[] {256}, 0), // Q6_K: 210 bytes
                new GgufTensorInfo("output_norm.weight", GgmlType.F32.id(), new long[] {2}, 224));
        ByteBuffer header = GgufWriter.header(Map.of("general.architecture", "llama"), infos, 32);
        ByteBuffer file = ByteBuffer.allocate(header.remaining() + 232).order(ByteOrder.LITTLE_ENDIAN);
        file.put(header).putFloat(file.position() + 224, 0.75f);
        Path path = write(file.array());
        try (GgufFile gguf = GgufFile.open(path)) {
            GgufTensorInfo q6 = gguf.tensors().get(0);
            assertEquals("Q6_K", q6.typeName());
            assertFalse(q6.isSupported());
            assertEquals(0.75f, gguf.tensor("output_norm.weight").data().getFloat(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gguf.tensor("blk.0.ffn_down.weight"));
            assertEquals(path + ": tensor blk.0.ffn_down.weight has type Q6_K (GGML id 14), which is not supported"
                    + " (supported: F32, F16, Q4_0, Q8_0)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> gguf.tensor("nope"));
            assertEquals("no tensor named nope in " + path, e.getMessage());
        }
    }

    @Test
    void aClosedFileRefusesTensors() throws IOException {
        Path path = write(good);
        GgufFile gguf = GgufFile.open(path);
        gguf.close();
        assertThrows(IllegalStateException.class, () -> gguf.tensor("w"));
    }

    private void assertMalformed(byte[] bytes, long offset, String problem) throws IOException {
        Path path = write(bytes);
        MalformedGgufException e = assertThrows(MalformedGgufException.class, () -> GgufFile.open(path).close());
        assertTrue(e.getMessage().startsWith(path + ": " + problem), e.getMessage());
        assertTrue(e.getMessage().endsWith("(at byte " + offset + ")"), e.getMessage());
        assertEquals(offset, e.offset());
    }

    private static HeaderOutput header(int kvCount) {
        return new HeaderOutput().u8('G').u8('G').u8('U').u8('F').u32(3).u64(0).u64(kvCount);
    }

    private static byte[] bytes(HeaderOutput h) {
        ByteBuffer b = h.toBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private byte[] withInt(int at, int value) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return b;
    }

    private byte[] withLong(int at, long value) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
        return b;
    }

    private int files;

    private Path write(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("case" + files++ + ".gguf"), bytes);
    }
}

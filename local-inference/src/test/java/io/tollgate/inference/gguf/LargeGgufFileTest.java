package io.tollgate.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files past 2 GiB, like a 7B model's: sparse files, so they take no disk and no heap. Values written at the ends
 * of tensors must come back through the per-tensor mappings.
 */
class LargeGgufFileTest {
    private static final long GIB = 1L << 30;

    @TempDir Path dir;

    @Test
    void opensA7GiBFileAndReadsTensorsBeyondTheFirst2GiBWithoutCopyingThem() throws IOException {
        long big = 3 * GIB / 2 / 4; // 1.5 GiB of F32 values
        long huge = 5 * GIB / 2 / 4; // 2.5 GiB: more than one buffer holds
        List<GgufTensorInfo> infos = List.of(
                new GgufTensorInfo("a", 0, new long[] {big}, 0),
                new GgufTensorInfo("b", 0, new long[] {1024, big / 1024}, 4 * big),
                new GgufTensorInfo("huge", 0, new long[] {huge}, 8 * big),
                new GgufTensorInfo("c", 0, new long[] {big}, 8 * big + 4 * huge));
        ByteBuffer header = GgufWriter.header(Map.of("general.architecture", "llama"), infos, 32);
        long dataStart = header.remaining();
        Path path = dir.resolve("big.gguf");
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            file.write(header);
            file.write(floatAt(1.25f), dataStart + 4 * big - 4); // last value of a
            file.write(floatAt(-3.5f), dataStart + 8 * big - 4); // last value of b
            file.write(floatAt(9f), dataStart + 8 * big + 4 * huge + 4 * big - 4); // last value of c, past 7 GiB
        }

        try (GgufFile gguf = GgufFile.open(path)) {
            assertEquals(4, gguf.tensors().size());
            GgufTensor a = gguf.tensor("a");
            GgufTensor c = gguf.tensor("c");
            assertTrue(a.data().isDirect() && c.data().isDirect(), "mapped, not on the heap");
            assertEquals(1.25f, a.data().getFloat((int) (4 * big - 4)));
            assertEquals(-3.5f, gguf.tensor("b").data().getFloat((int) (4 * big - 4)));
            assertEquals(9f, c.data().getFloat((int) (4 * big - 4)));
            assertEquals(0f, c.data().getFloat(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gguf.tensor("huge"));
            assertEquals(path + ": tensor huge holds " + 4 * huge + " bytes; one tensor can be at most 2 GiB here",
                    e.getMessage());
        }
    }

    private static ByteBuffer floatAt(float v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, v);
    }
}

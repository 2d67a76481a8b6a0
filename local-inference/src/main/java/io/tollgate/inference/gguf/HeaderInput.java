package io.tollgate.inference.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The start of a GGUF file being parsed: little-endian reads that check every length against what is left, so a
 * truncated or corrupt file fails with its offset instead of reading garbage or allocating a huge array.
 */
final class HeaderInput {
    private final Path file;
    private final long fileSize;
    private final ByteBuffer bytes;

    /** @param bytes the file from offset 0 (perhaps only its first 2 GiB) */
    HeaderInput(Path file, long fileSize, ByteBuffer bytes) {
        this.file = file;
        this.fileSize = fileSize;
        this.bytes = bytes.order(ByteOrder.LITTLE_ENDIAN);
    }

    long position() {
        return bytes.position();
    }

    long remaining() {
        return bytes.remaining();
    }

    long fileSize() {
        return fileSize;
    }

    MalformedGgufException error(long offset, String problem) {
        return new MalformedGgufException(file, offset, problem);
    }

    /** Fails unless {@code count} items (read at {@code at}) of at least {@code minBytes} each can still follow. */
    void requireRoom(long at, long count, long minBytes, String what) throws MalformedGgufException {
        if (count < 0 || (minBytes > 0 && count > remaining() / minBytes)) {
            throw error(at, what + " " + Long.toUnsignedString(count) + " needs at least "
                    + (count < 0 ? "more than 2^63" : count * minBytes) + " more bytes, but " + ending());
        }
    }

    private String ending() {
        return bytes.limit() < fileSize
                ? "a GGUF header is read from the first 2 GiB only"
                : "the file ends at byte " + fileSize;
    }

    private void need(int n, String what) throws MalformedGgufException {
        if (bytes.remaining() < n) {
            throw error(position(), what + " runs past the end: " + ending());
        }
    }

    int u8(String what) throws MalformedGgufException {
        need(1, what);
        return bytes.get() & 0xFF;
    }

    int u16(String what) throws MalformedGgufException {
        need(2, what);
        return bytes.getShort() & 0xFFFF;
    }

    int i32(String what) throws MalformedGgufException {
        need(4, what);
        return bytes.getInt();
    }

    long u32(String what) throws MalformedGgufException {
        return i32(what) & 0xFFFFFFFFL;
    }

    long i64(String what) throws MalformedGgufException {
        need(8, what);
        return bytes.getLong();
    }

    String string(String what) throws MalformedGgufException {
        long at = position();
        long length = i64(what + " length");
        if (length < 0 || length > remaining()) {
            throw error(at, what + " length " + Long.toUnsignedString(length) + " runs past the end: " + ending());
        }
        byte[] b = new byte[(int) length];
        bytes.get(b);
        // token texts may hold partial UTF-8 sequences: decode leniently rather than reject a usable file
        return new String(b, StandardCharsets.UTF_8);
    }
}

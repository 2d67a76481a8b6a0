package io.tollgate.inference.gguf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A GGUF header being built: little-endian writes into a buffer that grows as needed. */
final class HeaderOutput {
    private ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    private ByteBuffer room(int n) {
        if (bytes.remaining() < n) {
            long capacity = Math.max((long) bytes.capacity() * 2, (long) bytes.position() + n);
            ByteBuffer bigger = ByteBuffer.allocate(Math.toIntExact(capacity)).order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(bytes.flip());
            bytes = bigger;
        }
        return bytes;
    }

    long position() {
        return bytes.position();
    }

    HeaderOutput u8(int v) { room(1).put((byte) v); return this; }

    HeaderOutput u16(int v) { room(2).putShort((short) v); return this; }

    HeaderOutput u32(long v) { room(4).putInt((int) v); return this; }

    HeaderOutput u64(long v) { room(8).putLong(v); return this; }

    HeaderOutput string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(b.length);
        room(b.length).put(b);
        return this;
    }

    /** Zero bytes up to the next multiple of {@code alignment}. */
    HeaderOutput pad(int alignment) {
        long to = GgufFile.alignUp(position(), alignment);
        while (position() < to) u8(0);
        return this;
    }

    /** The bytes written, ready to be read from position 0. */
    ByteBuffer toBuffer() {
        return bytes.duplicate().flip();
    }
}

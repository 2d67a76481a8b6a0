package io.tollgate.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns generated tokens into text as they come, for streaming. A character split across tokens (an emoji is
 * often two or more byte tokens) is held back until its last byte arrives. The pieces add up to
 * {@link Tokenizer#decode} of all the tokens. Not thread-safe: one per stream.
 */
public final class TokenDecoder {

    private final Tokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int length;
    private int previous = -1;

    public TokenDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text that {@code token} completes; empty while a character is still incomplete. */
    public String append(int token) {
        byte[] bytes = tokenizer.tokenBytes(token, previous);
        previous = token;
        if (length + bytes.length > pending.length) pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + bytes.length));
        System.arraycopy(bytes, 0, pending, length, bytes.length);
        length += bytes.length;
        int complete = completeLength(pending, length);
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, length - complete);
        length -= complete;
        return text;
    }

    /** What is still held back, as U+FFFD for the incomplete character; call when the stream ends. */
    public String flush() {
        String text = new String(pending, 0, length, StandardCharsets.UTF_8);
        length = 0;
        return text;
    }

    /** The length of the prefix that ends on a character boundary: an incomplete last sequence is left out. */
    static int completeLength(byte[] bytes, int length) {
        for (int i = length - 1; i >= Math.max(0, length - 4); i--) {
            int b = bytes[i] & 0xFF;
            if ((b & 0xC0) == 0x80) continue;
            int needed = b >= 0xF0 && b <= 0xF7 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xC0 && b <= 0xDF ? 2 : 1;
            return length - i < needed ? i : length;
        }
        // only continuation bytes at the end: malformed, nothing to wait for
        return length;
    }
}

package io.tollgate.inference.tokenizer;

/**
 * GPT-2's reversible mapping of the 256 byte values to printable characters, in which byte-level BPE
 * vocabularies spell their tokens: printable Latin-1 bytes stand for themselves, the others (space, control
 * bytes) take the characters from U+0100 on, so a space is 'Ġ' and a newline 'Ċ'.
 */
final class ByteUnicode {

    private static final char[] CHAR_OF_BYTE = new char[256];
    private static final short[] BYTE_OF_CHAR = new short[512];

    static {
        java.util.Arrays.fill(BYTE_OF_CHAR, (short) -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = (short) b;
        }
    }

    private ByteUnicode() {}

    static char charOf(byte b) {
        return CHAR_OF_BYTE[b & 0xFF];
    }

    /** -1 for a character that stands for no byte. */
    static int byteOf(char c) {
        return c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
    }

    static String spell(byte[] bytes, int from, int to) {
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) chars[i - from] = charOf(bytes[i]);
        return new String(chars);
    }
}

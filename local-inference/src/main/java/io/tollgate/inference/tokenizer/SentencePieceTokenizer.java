package io.tollgate.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

/**
 * SentencePiece BPE ({@code tokenizer.ggml.model} = "llama"), as Llama 2 uses it: spaces are written '▁', text
 * after the start or a special token gets a leading '▁', the characters are merged pairwise into the
 * highest-scoring token first, and characters no token covers fall back to byte tokens {@code <0xNN>}.
 */
final class SentencePieceTokenizer extends VocabularyTokenizer {

    private static final char SPACE = '\u2581';

    private final float[] scores;
    private final SpecialTokenMatcher specials;
    private final boolean addSpacePrefix;
    private final int[] byteTokens = new int[256];

    SentencePieceTokenizer(TokenizerMetadata metadata) {
        this(metadata, new Vocabulary(metadata, true));
    }

    private SentencePieceTokenizer(TokenizerMetadata metadata, Vocabulary vocabulary) {
        super(vocabulary, id -> bytesOf(vocabulary, id));
        scores = new float[vocabulary.size()];
        if (metadata.has(TokenizerMetadata.SCORES)) {
            List<?> list = metadata.list(TokenizerMetadata.SCORES);
            if (list.size() != scores.length) {
                throw new IllegalArgumentException("GGUF metadata " + TokenizerMetadata.SCORES + " has " + list.size()
                        + " entries for " + scores.length + " tokens");
            }
            for (int i = 0; i < scores.length; i++) scores[i] = TokenizerMetadata.number(list, i, TokenizerMetadata.SCORES).floatValue();
        }
        specials = vocabulary.specialTokens();
        addSpacePrefix = metadata.bool(TokenizerMetadata.ADD_SPACE_PREFIX, true);
        for (int b = 0; b < 256; b++) byteTokens[b] = vocabulary.id(String.format(Locale.ROOT, "<0x%02X>", b));
    }

    private static byte[] bytesOf(Vocabulary vocabulary, int id) {
        String text = vocabulary.text(id);
        if (vocabulary.type(id) == TokenType.BYTE && text.length() == 6 && text.startsWith("<0x")) {
            return new byte[] {(byte) Integer.parseInt(text.substring(3, 5), 16)};
        }
        if (vocabulary.type(id) == TokenType.NORMAL) text = text.replace(SPACE, ' ');
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int[] encode(String text) {
        TokenSink out = new TokenSink();
        specials.split(text, new SpecialTokenMatcher.Sink() {
            private boolean afterSpecial = true;

            @Override
            public void text(String s, int start, int end) {
                String piece = (addSpacePrefix && afterSpecial ? " " : "") + s.substring(start, end);
                encodePiece(piece.replace(' ', SPACE), out);
                afterSpecial = false;
            }

            @Override
            public void special(int id) {
                out.add(id);
                afterSpecial = true;
            }
        });
        return out.toArray();
    }

    private record Bigram(int left, int right, float score, int length) {}

    private void encodePiece(String text, TokenSink out) {
        // one symbol per code point, as a linked list of [start, start + length) ranges of text
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, offset = 0; i < n; i++) {
            start[i] = offset;
            length[i] = Character.charCount(text.codePointAt(offset));
            offset += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) ->
                a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) offer(queue, text, start, length, i, i + 1);
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int l = bigram.left;
            int r = bigram.right;
            // stale: one side was merged away or has grown since this pair was offered
            if (length[l] == 0 || length[r] == 0 || length[l] + length[r] != bigram.length || next[l] != r) continue;
            length[l] += length[r];
            length[r] = 0;
            next[l] = next[r];
            if (next[r] >= 0) prev[next[r]] = l;
            if (prev[l] >= 0) offer(queue, text, start, length, prev[l], l);
            if (next[l] >= 0) offer(queue, text, start, length, l, next[l]);
        }
        for (int i = 0; i >= 0 && n > 0; i = next[i]) {
            String symbol = text.substring(start[i], start[i] + length[i]);
            int id = vocabulary.id(symbol);
            if (id >= 0) {
                out.add(id);
                continue;
            }
            for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                int byteToken = byteTokens[b & 0xFF] >= 0 ? byteTokens[b & 0xFF] : vocabulary.unknown;
                if (byteToken >= 0) out.add(byteToken);
            }
        }
    }

    private void offer(PriorityQueue<Bigram> queue, String text, int[] start, int[] length, int l, int r) {
        int id = vocabulary.id(text.substring(start[l], start[r] + length[r]));
        if (id >= 0) queue.add(new Bigram(l, r, scores[id], length[l] + length[r]));
    }

    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokens.length * 4);
        int previous = -1;
        for (int id : tokens) {
            out.writeBytes(tokenBytes(id, previous));
            previous = id;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] tokenBytes(int id, int previous) {
        byte[] bytes = bytesOfToken[vocabulary.checked(id)];
        boolean runStart = previous < 0 || vocabulary.type(previous).special();
        // the '▁' encode put before a run of text is no part of the text
        if (runStart && addSpacePrefix && !vocabulary.type(id).special() && bytes.length > 0 && bytes[0] == ' ') {
            return Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return bytes.clone();
    }
}

package io.tollgate.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;

/**
 * Byte-level BPE ({@code tokenizer.ggml.model} = "gpt2"): GPT-2, Llama 3, Qwen2. Text is split into words by
 * the {@link PreTokenizer}, each word's UTF-8 bytes start as one token per byte and are merged by rank.
 */
final class ByteLevelBpeTokenizer extends VocabularyTokenizer {

    private static final int CACHED_WORDS = 1 << 16;

    private final MergeTable merges;
    private final PreTokenizer preTokenizer;
    private final SpecialTokenMatcher specials;
    private final int[] byteTokens = new int[256];
    private final WordCache cache = new WordCache(CACHED_WORDS);

    ByteLevelBpeTokenizer(TokenizerMetadata metadata) {
        this(metadata, new Vocabulary(metadata, false));
    }

    private ByteLevelBpeTokenizer(TokenizerMetadata metadata, Vocabulary vocabulary) {
        super(vocabulary, id -> bytesOf(vocabulary, id));
        preTokenizer = PreTokenizer.named(metadata.string(TokenizerMetadata.PRE, "default"));
        merges = MergeTable.parse(metadata.list(TokenizerMetadata.MERGES), vocabulary);
        specials = vocabulary.specialTokens();
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = vocabulary.id(String.valueOf(ByteUnicode.charOf((byte) b)));
            if (byteTokens[b] < 0) {
                throw new IllegalArgumentException("byte-level BPE vocabulary lacks the token of byte 0x"
                        + Integer.toHexString(b) + " ('" + ByteUnicode.charOf((byte) b) + "')");
            }
        }
    }

    private static byte[] bytesOf(Vocabulary vocabulary, int id) {
        String text = vocabulary.text(id);
        if (vocabulary.type(id).special()) return text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            int b = ByteUnicode.byteOf(text.charAt(i));
            // not a byte character: a vocabulary from elsewhere; keep the character itself
            if (b < 0) out.writeBytes(String.valueOf(text.charAt(i)).getBytes(StandardCharsets.UTF_8));
            else out.write(b);
        }
        return out.toByteArray();
    }

    @Override
    public int[] encode(String text) {
        TokenSink out = new TokenSink();
        specials.split(text, new SpecialTokenMatcher.Sink() {
            @Override
            public void text(String s, int start, int end) {
                Matcher words = preTokenizer.pattern.matcher(s).region(start, end);
                while (words.find()) out.addAll(cache.get(words.group(), ByteLevelBpeTokenizer.this::encodeWord));
            }

            @Override
            public void special(int id) {
                out.add(id);
            }
        });
        return out.toArray();
    }

    private int[] encodeWord(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        if (preTokenizer.wholeWordFirst) {
            int whole = vocabulary.id(ByteUnicode.spell(bytes, 0, bytes.length));
            if (whole >= 0) return new int[] {whole};
        }
        int[] symbols = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) symbols[i] = byteTokens[bytes[i] & 0xFF];
        return merges.apply(symbols);
    }

    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokens.length * 4);
        for (int id : tokens) out.writeBytes(bytesOfToken[vocabulary.checked(id)]);
        return out.toString(StandardCharsets.UTF_8);
    }
}

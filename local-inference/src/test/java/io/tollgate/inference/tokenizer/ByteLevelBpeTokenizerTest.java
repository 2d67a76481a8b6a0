package io.tollgate.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ByteLevelBpeTokenizerTest {

    @Test
    void aWarmWordCacheGivesTheSameTokensAsACold() {
        Tokenizer llama3Like = Tokenizers.fromMetadata(TiktokenVocabulary.metadata("cl100k_base", "llama-bpe"));
        StringBuilder text = new StringBuilder();
        String corpus = TokenizerTexts.corpus();
        while (text.length() < 100_000) text.append(corpus, 0, Math.min(corpus.length(), 100_000 - text.length()));
        int[] cold = llama3Like.encode(text.toString());
        int[] warm = llama3Like.encode(text.toString());
        assertArrayEquals(cold, warm);
        assertEquals(text.toString(), llama3Like.decode(cold));
    }

    @Test
    void mergesTheLowestRankedPairFirst() {
        // "abc": with "b c" ranked first, bc is made and "ab c" never applies
        Tokenizer bcFirst = Tokenizers.fromMetadata(handBuilt(List.of("b c", "a b", "ab c"), List.of("ab", "bc", "abc")));
        assertEquals(List.of("a", "bc"), texts(bcFirst, "abc"));
        Tokenizer abFirst = Tokenizers.fromMetadata(handBuilt(List.of("a b", "b c", "ab c"), List.of("ab", "bc", "abc")));
        assertEquals(List.of("abc"), texts(abFirst, "abc"));
        // leftmost of equal pairs: "aaa" is aa + a
        Tokenizer repeats = Tokenizers.fromMetadata(handBuilt(List.of("a a"), List.of("aa")));
        assertEquals(List.of("aa", "a"), texts(repeats, "aaa"));
        // merges stay inside a word: " bc" is one word (Ġ b c), "ab" another
        assertEquals(List.of("ab", "Ġ", "bc"), texts(abFirst, "ab bc"));
    }

    @Test
    void writesSpacesAndNewlinesAsGpt2ByteCharacters() {
        Tokenizer tokenizer = Tokenizers.fromMetadata(handBuilt(List.of("Ġ a"), List.of("Ġa")));
        assertEquals(List.of("Ġa", "Ċ"), texts(tokenizer, " a\n"));
        assertEquals(" a\n", tokenizer.decode(tokenizer.encode(" a\n")));
    }

    @Test
    void matchesUserDefinedTokensBeforeSplittingWords() {
        Map<String, Object> metadata = handBuilt(List.of(), List.of("<tool>"));
        @SuppressWarnings("unchecked")
        List<Integer> types = (List<Integer>) metadata.get("tokenizer.ggml.token_type");
        types.set(types.size() - 1, TokenType.USER_DEFINED.code());
        Tokenizer tokenizer = Tokenizers.fromMetadata(metadata);
        int[] ids = tokenizer.encode("x<tool>y");
        assertArrayEquals(new int[] {'x' - '!', 256, 'y' - '!'}, ids);
        assertEquals("x<tool>y", tokenizer.decode(ids));
    }

    private static List<String> texts(Tokenizer tokenizer, String text) {
        List<String> out = new ArrayList<>();
        for (int id : tokenizer.encode(text)) out.add(tokenizer.tokenText(id));
        return out;
    }

    /** The 256 byte tokens in GPT-2's order, then {@code extra}, with {@code merges}. */
    static Map<String, Object> handBuilt(List<String> merges, List<String> extra) {
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) tokens.add(null);
        for (int b = 0; b < 256; b++) tokens.set(byteOrder(b), String.valueOf(ByteUnicode.charOf((byte) b)));
        tokens.addAll(extra);
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) types.add(TokenType.NORMAL.code());
        return new java.util.HashMap<>(Map.of("tokenizer.ggml.model", "gpt2", "tokenizer.ggml.tokens", tokens,
                "tokenizer.ggml.token_type", types, "tokenizer.ggml.merges", merges));
    }

    /** GPT-2's vocabulary lists the printable bytes first ('!' is token 0), then the rest. */
    private static int byteOrder(int b) {
        char c = ByteUnicode.charOf((byte) b);
        int printableBefore = 0;
        for (int x = 0; x < 256; x++) if (ByteUnicode.charOf((byte) x) < c) printableBefore++;
        return printableBefore;
    }

    @Test
    void decodesInvalidUtf8AsReplacementCharacters() {
        Tokenizer tokenizer = Tokenizers.fromMetadata(handBuilt(List.of(), List.of()));
        int[] firstByteOfEuro = {tokenizer.encode("€")[0]};
        assertEquals("\uFFFD", tokenizer.decode(firstByteOfEuro));
        assertEquals(3, "€".getBytes(StandardCharsets.UTF_8).length);
    }
}

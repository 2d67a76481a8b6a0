package io.tollgate.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.inference.tokenizer.BpeTrainer;
import io.tollgate.inference.tokenizer.Tokenizer;
import io.tollgate.inference.tokenizer.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeneratedTextTest {

    private final CharTokenizer chars = new CharTokenizer();

    @Test
    void aPossibleStopStringIsHeldBackAndTheStopStringIsNotOutput() {
        GeneratedText text = new GeneratedText(chars, List.of("END"));
        List<String> pieces = addAll(text, "abcEN");
        assertEquals(List.of("a", "b", "c", "", ""), pieces);
        assertEquals("", text.add(CharTokenizer.id('D')));
        assertTrue(text.stopped());
        assertEquals("abc", text.text());
        assertEquals("", text.flush());
    }

    @Test
    void heldBackTextIsReleasedOnceItCannotStartAStopString() {
        GeneratedText text = new GeneratedText(chars, List.of("END", "!!"));
        List<String> pieces = addAll(text, "xEN!y");
        assertEquals(List.of("x", "", "", "EN", "!y"), pieces);
        assertFalse(text.stopped());
    }

    @Test
    void theEarliestStopStringWinsEvenWhenOneTokenCompletesTwo() {
        GeneratedText text = new GeneratedText(new WordTokenizer(), List.of("cd", "b"));
        assertEquals("a", text.add(0)); // "abcd" in one token: "b" comes first
        assertTrue(text.stopped());
        assertEquals("a", text.text());
    }

    @Test
    void flushReleasesWhatWasHeldBack() {
        GeneratedText text = new GeneratedText(chars, List.of("END"));
        addAll(text, "okE");
        assertEquals("E", text.flush());
        assertEquals("okE", text.text());
    }

    @Test
    void aCharacterSplitAcrossTokensIsReleasedWhole() {
        GeneratedText text = new GeneratedText(new ByteTokenizer(), List.of());
        byte[] utf8 = "é!".getBytes(StandardCharsets.UTF_8);
        assertEquals("", text.add(utf8[0] & 0xff));
        assertEquals("é", text.add(utf8[1] & 0xff));
        assertEquals("!", text.add(utf8[2] & 0xff));
    }

    @Test
    void aLongGenerationHasTheTextOfTheWholeOutputDecodedAtOnce() {
        Tokenizer bpe = Tokenizers.fromMetadata(BpeTrainer.train(BpeTrainer.bundledCorpus(), 1024));
        // random ids include lone byte tokens (malformed UTF-8); the texts split emoji and CJK across byte tokens
        SplittableRandom random = new SplittableRandom(6);
        int[] tokens = IntStream.concat(IntStream.of(bpe.encode("Hi 😀 café 日本語 👨‍👩‍👧 ")),
                random.ints(3000, 0, bpe.vocabularySize())).toArray();
        GeneratedText text = new GeneratedText(bpe, List.of());
        StringBuilder streamed = new StringBuilder();
        for (int token : tokens) streamed.append(text.add(token));
        streamed.append(text.flush());
        assertEquals(bpe.decode(tokens), text.text());
        assertEquals(text.text(), streamed.toString());
    }

    @Test
    void aMultiByteStopStringSplitAcrossTokensEndsTheTextWhereTheWholeDecodeHasIt() {
        Tokenizer bpe = Tokenizers.fromMetadata(BpeTrainer.train(BpeTrainer.bundledCorpus(), 1024));
        String stop = "😀 END";
        int[] tokens = bpe.encode("résumé 日本語 the end 😀 EN 😀 END and more");
        assertTrue(bpe.encode("😀").length > 1, "the emoji is split across byte tokens");
        GeneratedText text = new GeneratedText(bpe, List.of(stop));
        StringBuilder streamed = new StringBuilder();
        int added = 0;
        while (!text.stopped()) streamed.append(text.add(tokens[added++]));
        streamed.append(text.flush());
        String whole = bpe.decode(Arrays.copyOf(tokens, added));
        assertEquals(whole.substring(0, whole.indexOf(stop)), text.text());
        assertEquals("résumé 日本語 the end 😀 EN ", streamed.toString());
    }

    private List<String> addAll(GeneratedText text, String generated) {
        List<String> pieces = new ArrayList<>();
        for (int token : chars.encode(generated)) {
            pieces.add(text.add(token));
        }
        return pieces;
    }

    /** Each token is one byte of UTF-8. */
    private static final class ByteTokenizer extends FixedTokenizer {
        @Override
        public String decode(int[] tokens) {
            byte[] bytes = new byte[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                bytes[i] = (byte) tokens[i];
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public byte[] tokenBytes(int id) {
            return new byte[] {(byte) id};
        }
    }

    /** Token 0 is "abcd". */
    private static final class WordTokenizer extends FixedTokenizer {
        @Override
        public String decode(int[] tokens) {
            return "abcd".repeat(tokens.length);
        }
    }

    private abstract static class FixedTokenizer implements Tokenizer {
        @Override public int[] encode(String text) { throw new UnsupportedOperationException(); }
        @Override public int vocabularySize() { return 256; }
        @Override public int bosId() { return 0; }
        @Override public int eosId() { return 0; }
        @Override public Set<Integer> stopIds() { return Set.of(); }
        @Override public String tokenText(int id) { return decode(new int[] {id}); }
        @Override public boolean addBos() { return false; }
    }
}

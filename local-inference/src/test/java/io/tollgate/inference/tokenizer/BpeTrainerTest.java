package io.tollgate.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

    private static final Map<String, Object> TRAINED = BpeTrainer.train(BpeTrainer.bundledCorpus(), 2048);
    private static final Tokenizer TOKENIZER = Tokenizers.fromMetadata(TRAINED);

    @Test
    void givesTheRequestedSizeWithSpecialTokensLast() {
        assertEquals(2048, TOKENIZER.vocabularySize());
        assertEquals("<|begin_of_text|>", TOKENIZER.tokenText(TOKENIZER.bosId()));
        assertEquals("<|end_of_text|>", TOKENIZER.tokenText(TOKENIZER.eosId()));
        assertEquals(2044, TOKENIZER.bosId());
        assertTrue(TOKENIZER.addBos());
        int imEnd = TOKENIZER.encode("<|im_end|>")[0];
        assertEquals("<|im_end|>", TOKENIZER.tokenText(imEnd));
        assertEquals(java.util.Set.of(TOKENIZER.eosId(), imEnd), TOKENIZER.stopIds());
        assertEquals(2048 - 256 - 4, ((List<?>) TRAINED.get("tokenizer.ggml.merges")).size());
    }

    @Test
    void fillsTheSizeWithReservedControlTokensWhenTheTextRunsOutOfPairs() {
        Tokenizer bytesOnly = Tokenizers.fromMetadata(BpeTrainer.train("", 300));
        assertEquals(300, bytesOnly.vocabularySize());
        assertEquals("<|begin_of_text|>", bytesOnly.tokenText(256));
        assertEquals("<|reserved_0|>", bytesOnly.tokenText(260));
        assertEquals("<|reserved_39|>", bytesOnly.tokenText(299));
        assertEquals(List.of(72, 105), java.util.Arrays.stream(bytesOnly.encode("Hi")).boxed().toList(), "one token per byte");
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train("", BpeTrainer.MINIMUM_SIZE - 1));
    }

    @Test
    void isDeterministic() {
        assertEquals(TRAINED, BpeTrainer.train(BpeTrainer.bundledCorpus(), 2048));
    }

    @Test
    void learnsTheCorpusWords() {
        String corpus = BpeTrainer.bundledCorpus();
        int tokens = TOKENIZER.encode(corpus).length;
        double bytesPerToken = corpus.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / (double) tokens;
        assertTrue(bytesPerToken > 3.0, "bytes per token " + bytesPerToken);
        assertEquals(1, TOKENIZER.encode(" Tollgate").length, "a frequent corpus word is one token");
    }

    @Test
    void roundTripsAnyText() {
        for (String text : TokenizerTexts.SAMPLES) assertEquals(text, TOKENIZER.decode(TOKENIZER.encode(text)));
        Random random = new Random(7);
        for (int n = 0; n < 300; n++) {
            String text = randomText(random, 1 + random.nextInt(40));
            assertEquals(text, TOKENIZER.decode(TOKENIZER.encode(text)), () -> "text: " + text);
        }
    }

    /** Code points from every plane that is valid Unicode text (no lone surrogates), ASCII-heavy. */
    private static String randomText(Random random, int codePoints) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int cp;
            switch (random.nextInt(5)) {
                case 0, 1 -> cp = 0x20 + random.nextInt(0x5F);
                case 2 -> cp = random.nextInt(0x800);
                case 3 -> cp = 0x1F300 + random.nextInt(0x300);
                default -> {
                    do cp = random.nextInt(0x110000); while (cp >= 0xD800 && cp <= 0xDFFF);
                }
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    @Test
    void encodesChatSpecialTokensWhole() {
        int[] ids = TOKENIZER.encode("<|im_start|>user\nHi<|im_end|>\n");
        assertEquals("<|im_start|>", TOKENIZER.tokenText(ids[0]));
        assertEquals("<|im_end|>", TOKENIZER.tokenText(ids[ids.length - 2]));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", TOKENIZER.decode(ids));
    }

    @Test
    void stopsMergingWhenTheTextRunsOutOfPairs() {
        Map<String, Object> trained = BpeTrainer.train("abab abab", 1000);
        Tokenizer small = Tokenizers.fromMetadata(trained);
        assertEquals(3, ((List<?>) trained.get("tokenizer.ggml.merges")).size(), "ab, abab, ' abab'");
        assertEquals(1000, small.vocabularySize());
        assertEquals("<|reserved_0|>", small.tokenText(256 + 3 + 4));
        assertArrayEquals(small.encode(" abab"), new int[] {258});
        assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train("x", 100));
    }
}

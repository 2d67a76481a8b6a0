package io.tollgate.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenDecoderTest {

    private static final Tokenizer TOKENIZER = Tokenizers.fromMetadata(BpeTrainer.train(BpeTrainer.bundledCorpus(), 1024));

    @Test
    void streamsWholeCharactersOnly() {
        String text = "Hi 😀 café 日本語 👨‍👩‍👧 done";
        TokenDecoder decoder = new TokenDecoder(TOKENIZER);
        List<String> pieces = new ArrayList<>();
        for (int token : TOKENIZER.encode(text)) pieces.add(decoder.append(token));
        pieces.add(decoder.flush());
        assertEquals(text, String.join("", pieces));
        assertTrue(pieces.contains(""), "the emoji's byte tokens were held back until complete: " + pieces);
        for (String piece : pieces) assertFalse(piece.contains("\uFFFD"), piece);
    }

    @Test
    void flushGivesAReplacementCharacterForAnIncompleteEnd() {
        TokenDecoder decoder = new TokenDecoder(TOKENIZER);
        int[] emoji = TOKENIZER.encode("😀");
        assertEquals(4, emoji.length, "the corpus has no emoji: one token per byte");
        assertEquals("", decoder.append(emoji[0]));
        assertEquals("", decoder.append(emoji[1]));
        assertEquals("\uFFFD", decoder.flush());
        assertEquals("a", decoder.append(TOKENIZER.encode("a")[0]), "nothing is left over after a flush");
    }

    @Test
    void doesNotHoldBackMalformedBytes() {
        byte[] continuationOnly = {(byte) 0x80, (byte) 0x80};
        assertEquals(2, TokenDecoder.completeLength(continuationOnly, 2));
        byte[] truncatedEuro = {'x', (byte) 0xE2, (byte) 0x82};
        assertEquals(1, TokenDecoder.completeLength(truncatedEuro, 3));
        byte[] euro = {(byte) 0xE2, (byte) 0x82, (byte) 0xAC};
        assertEquals(3, TokenDecoder.completeLength(euro, 3));
    }
}

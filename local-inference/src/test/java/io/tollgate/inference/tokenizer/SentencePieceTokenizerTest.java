package io.tollgate.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Llama 2 style on a hand-built vocabulary: "▁" for spaces, highest score merged first, byte fallback. */
class SentencePieceTokenizerTest {

    private static final Tokenizer TOKENIZER = Tokenizers.fromMetadata(vocabulary());

    /** &lt;unk&gt; &lt;s&gt; &lt;/s&gt;, the 256 byte tokens, then pieces; "he" outscores "▁h", "ll" comes before "llo". */
    private static Map<String, Object> vocabulary() {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(TokenType.UNKNOWN.code(), TokenType.CONTROL.code(), TokenType.CONTROL.code()));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format(Locale.ROOT, "<0x%02X>", b));
            types.add(TokenType.BYTE.code());
            scores.add(0f);
        }
        Object[][] pieces = {{"▁", -10f}, {"h", -20f}, {"e", -20f}, {"l", -20f}, {"o", -20f},
            {"he", -1f}, {"▁h", -2f}, {"ll", -3f}, {"llo", -4f}};
        for (Object[] p : pieces) {
            tokens.add((String) p[0]);
            types.add(TokenType.NORMAL.code());
            scores.add((Float) p[1]);
        }
        return Map.of("tokenizer.ggml.model", "llama", "tokenizer.ggml.tokens", tokens,
                "tokenizer.ggml.token_type", types, "tokenizer.ggml.scores", scores,
                "tokenizer.ggml.bos_token_id", 1, "tokenizer.ggml.eos_token_id", 2, "tokenizer.ggml.unknown_token_id", 0);
    }

    private static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        for (int id : TOKENIZER.encode(text)) out.add(TOKENIZER.tokenText(id));
        return out;
    }

    @Test
    void mergesTheHighestScoringPairFirst() {
        // by score: he (-1) before ▁h (-2), so ▁h never forms; ll (-3) then llo (-4)
        assertEquals(List.of("▁", "he", "llo"), pieces("hello"));
    }

    @Test
    void fallsBackToBytesForCharactersNoPieceCovers() {
        assertEquals(List.of("▁", "he", "llo", "<0x0A>", "<0xC3>", "<0xA9>"), pieces("hello\né"));
        assertEquals(List.of("▁", "▁", "he"), pieces(" he"));
    }

    @Test
    void putsASpaceBeforeTextAfterASpecialToken() {
        assertEquals(List.of("<s>", "▁", "he", "</s>", "▁", "he"), pieces("<s>he</s>he"));
    }

    @Test
    void decodesBackToTheText() {
        for (String text : List.of("hello", "hello\né", " he", "<s>he</s>he", "hello hello  world 😀", "")) {
            assertEquals(text, TOKENIZER.decode(TOKENIZER.encode(text)), text);
            TokenDecoder decoder = new TokenDecoder(TOKENIZER);
            StringBuilder streamed = new StringBuilder();
            for (int id : TOKENIZER.encode(text)) streamed.append(decoder.append(id));
            assertEquals(text, streamed.append(decoder.flush()).toString(), "streamed: " + text);
        }
        assertEquals(" ", new String(TOKENIZER.tokenBytes(TOKENIZER.encode("he")[0]), java.nio.charset.StandardCharsets.UTF_8),
                "streamed pieces keep their spaces");
    }

    @Test
    void readsTheSpecialTokenIds() {
        assertEquals(1, TOKENIZER.bosId());
        assertEquals(2, TOKENIZER.eosId());
        assertTrue(TOKENIZER.addBos(), "SentencePiece models add BOS unless the metadata says otherwise");
        assertEquals(java.util.Set.of(2), TOKENIZER.stopIds());
    }
}

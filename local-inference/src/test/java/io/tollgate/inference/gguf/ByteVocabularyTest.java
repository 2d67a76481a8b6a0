package io.tollgate.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ByteVocabularyTest {

    @Test
    void bytesAreSpelledAsGpt2Does() {
        assertEquals("A", ByteVocabulary.byteToken('A'));
        assertEquals("\u0120", ByteVocabulary.byteToken(' '), "space is Ġ");
        assertEquals("\u010A", ByteVocabulary.byteToken('\n'), "newline is Ċ");
        assertEquals("\u0100", ByteVocabulary.byteToken(0));
        assertEquals("\u0121", ByteVocabulary.byteToken(0x7F));
        assertEquals("\u0143", ByteVocabulary.byteToken(0xAD), "soft hyphen is the last shifted byte");
        assertEquals("\u00FF", ByteVocabulary.byteToken(0xFF));
    }

    @Test
    void padsWithReservedControlTokensToTheSize() {
        Map<String, Object> m = ByteVocabulary.metadata(300);
        List<?> tokens = (List<?>) m.get("tokenizer.ggml.tokens");
        List<?> types = (List<?>) m.get("tokenizer.ggml.token_type");
        assertEquals(300, tokens.size());
        assertEquals(300, types.size());
        assertEquals(256, new HashSet<>(tokens.subList(0, 256)).size(), "every byte has its own token");
        assertEquals("<|begin_of_text|>", tokens.get(((Number) m.get("tokenizer.ggml.bos_token_id")).intValue()));
        assertEquals("<|end_of_text|>", tokens.get(((Number) m.get("tokenizer.ggml.eos_token_id")).intValue()));
        assertEquals("<|im_end|>", tokens.get(((Number) m.get("tokenizer.ggml.eot_token_id")).intValue()));
        assertEquals("<|reserved_0|>", tokens.get(260));
        assertEquals("<|reserved_39|>", tokens.get(299));
        assertEquals(1, types.get(255));
        assertEquals(3, types.get(256));
        assertEquals(3, types.get(299));
        assertEquals(List.of(), m.get("tokenizer.ggml.merges"));
        assertEquals("gpt2", m.get("tokenizer.ggml.model"));
        assertThrows(IllegalArgumentException.class, () -> ByteVocabulary.metadata(259));
    }
}

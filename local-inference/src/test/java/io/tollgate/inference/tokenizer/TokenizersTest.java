package io.tollgate.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A GGUF file whose tokenizer cannot be built is refused with the key at fault. */
class TokenizersTest {

    private static String refusal(Map<String, Object> metadata) {
        return assertThrows(IllegalArgumentException.class, () -> Tokenizers.fromMetadata(metadata)).getMessage();
    }

    private static Map<String, Object> trained() {
        return new HashMap<>(BpeTrainer.train("some text", 270));
    }

    private static int size(Map<String, Object> metadata) {
        return ((List<?>) metadata.get("tokenizer.ggml.tokens")).size();
    }

    @Test
    void namesWhatIsMissingOrUnsupported() {
        assertEquals("GGUF metadata lacks tokenizer.ggml.model", refusal(Map.of()));
        assertEquals("unsupported tokenizer.ggml.model 'bert' (supported: gpt2 = byte-level BPE, llama = SentencePiece BPE)",
                refusal(Map.of("tokenizer.ggml.model", "bert")));
        assertEquals("GGUF metadata lacks tokenizer.ggml.tokens", refusal(Map.of("tokenizer.ggml.model", "gpt2")));

        Map<String, Object> noMerges = trained();
        noMerges.remove("tokenizer.ggml.merges");
        assertEquals("GGUF metadata lacks tokenizer.ggml.merges", refusal(noMerges));

        Map<String, Object> falcon = trained();
        falcon.put("tokenizer.ggml.pre", "falcon");
        assertEquals("unsupported tokenizer.ggml.pre 'falcon' (supported: default, gpt-2, gpt2, llama-bpe, llama3, "
                + "llama-v3, qwen2, gpt-4o)", refusal(falcon));

        Map<String, Object> badEos = trained();
        badEos.put("tokenizer.ggml.eos_token_id", 100_000);
        assertEquals("GGUF metadata tokenizer.ggml.eos_token_id = 100000 is outside the " + size(badEos) + " tokens",
                refusal(badEos));
    }

    @Test
    void namesAMalformedEntry() {
        Map<String, Object> shortTypes = trained();
        shortTypes.put("tokenizer.ggml.token_type", List.of(1, 1));
        assertEquals("GGUF metadata tokenizer.ggml.token_type has 2 entries for " + size(shortTypes) + " tokens",
                refusal(shortTypes));
        Map<String, Object> numberTokens = trained();
        numberTokens.put("tokenizer.ggml.tokens", List.of(1, 2));
        numberTokens.remove("tokenizer.ggml.token_type");
        assertEquals("GGUF metadata tokenizer.ggml.tokens[0] should be a string, is Integer", refusal(numberTokens));
    }

    @Test
    void readsIdsOfAnyIntegerWidth() {
        Map<String, Object> longIds = trained();
        longIds.put("tokenizer.ggml.bos_token_id", 5L);
        longIds.put("tokenizer.ggml.eos_token_id", (short) 6);
        Tokenizer tokenizer = Tokenizers.fromMetadata(longIds);
        assertEquals(5, tokenizer.bosId());
        assertEquals(6, tokenizer.eosId());
    }
}

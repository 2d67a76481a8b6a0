package io.tollgate.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenAI's encodings, converted to GGUF metadata, must give JTokkit's exact tokens: this proves the merge
 * order, the byte mapping and the pre-tokenizer regexes (cl100k's split is Llama 3's).
 */
class TiktokenCrossCheckTest {

    private static final EncodingRegistry REGISTRY = Encodings.newDefaultEncodingRegistry();

    @ParameterizedTest
    @CsvSource({"cl100k_base, CL100K_BASE, llama-bpe", "o200k_base, O200K_BASE, gpt-4o", "r50k_base, R50K_BASE, gpt-2"})
    void encodesAsJTokkitDoes(String file, EncodingType type, String pre) {
        Tokenizer tokenizer = Tokenizers.fromMetadata(TiktokenVocabulary.metadata(file, pre));
        Encoding reference = REGISTRY.getEncoding(type);
        List<String> texts = new ArrayList<>(TokenizerTexts.SAMPLES);
        String corpus = TokenizerTexts.corpus();
        for (int i = 0; i + 2000 <= corpus.length(); i += 2000) texts.add(corpus.substring(i, i + 2000));
        int tokens = 0;
        for (String text : texts) {
            int[] expected = reference.encodeOrdinary(text).toArray();
            int[] actual = tokenizer.encode(text);
            assertArrayEquals(expected, actual, () -> file + " on: " + text);
            assertEquals(text, tokenizer.decode(actual));
            tokens += actual.length;
        }
        assertTrue(tokens > 10_000, "compared " + tokens + " tokens");
    }
}

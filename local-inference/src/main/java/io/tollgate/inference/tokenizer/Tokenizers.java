package io.tollgate.inference.tokenizer;

import java.util.Map;

/** Builds the tokenizer a GGUF file describes. */
public final class Tokenizers {

    private Tokenizers() {}

    /**
     * @param metadata GGUF metadata as the GGUF reader maps it
     * @throws IllegalArgumentException naming the key that is missing, malformed or unsupported
     */
    public static Tokenizer fromMetadata(Map<String, Object> metadata) {
        TokenizerMetadata m = new TokenizerMetadata(metadata);
        String model = m.string(TokenizerMetadata.MODEL, null);
        if (model == null) throw new IllegalArgumentException("GGUF metadata lacks " + TokenizerMetadata.MODEL);
        return switch (model) {
            case "gpt2" -> new ByteLevelBpeTokenizer(m);
            case "llama" -> new SentencePieceTokenizer(m);
            default -> throw new IllegalArgumentException("unsupported " + TokenizerMetadata.MODEL + " '" + model
                    + "' (supported: gpt2 = byte-level BPE, llama = SentencePiece BPE)");
        };
    }
}

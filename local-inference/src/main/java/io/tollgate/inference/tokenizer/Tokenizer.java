package io.tollgate.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Text to token ids and back, as read from a model's GGUF metadata. Thread-safe.
 *
 * <p>{@link #encode} never adds the BOS token: the caller prepends {@link #bosId()} when {@link #addBos()} says
 * so. Control and user-defined tokens written in the text (e.g. {@code <|im_start|>}) are encoded as those tokens.
 */
public interface Tokenizer {

    int[] encode(String text);

    /** The text of the tokens; bytes that do not form valid UTF-8 become U+FFFD. */
    String decode(int[] tokens);

    int vocabularySize();

    int bosId();

    int eosId();

    /** Tokens that end generation: EOS, EOT and the end-of-turn tokens of the chat formats. */
    Set<Integer> stopIds();

    /** The token as the vocabulary spells it (e.g. "Ġthe" or "▁the"), for logs and debugging. */
    String tokenText(int id);

    boolean addBos();

    /** The bytes this token stands for in decoded text; may be part of a UTF-8 sequence. */
    default byte[] tokenBytes(int id) {
        return decode(new int[] {id}).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The bytes this token adds to decoded text after {@code previous} (-1 at the start): {@link #decode} is these
     * bytes of each token in turn, which lets text be decoded one token at a time ({@link TokenDecoder}).
     */
    default byte[] tokenBytes(int id, int previous) {
        return tokenBytes(id);
    }
}

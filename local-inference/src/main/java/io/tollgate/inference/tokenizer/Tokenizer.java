package io.tollgate.inference.tokenizer;

import java.util.Set;

/**
 * Text to token ids and back, as read from a model's GGUF metadata. Thread-safe. {@link #encode} never adds the
 * BOS token: the caller prepends {@link #bosId()} when {@link #addBos()} says so.
 */
public interface Tokenizer {

    int[] encode(String text);

    /** The text of the tokens; bytes that do not form valid UTF-8 become U+FFFD. */
    String decode(int[] tokens);

    int vocabularySize();

    int bosId();

    int eosId();

    /** Tokens that end generation. */
    Set<Integer> stopIds();

    /** The token as the vocabulary spells it, for logs and debugging. */
    String tokenText(int id);

    boolean addBos();
}

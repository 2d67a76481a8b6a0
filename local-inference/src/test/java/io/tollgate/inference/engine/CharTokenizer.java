package io.tollgate.inference.engine;

import io.tollgate.inference.tokenizer.Tokenizer;
import java.util.Set;

/** One token per printable ASCII character, after BOS (1) and EOS (2). */
public final class CharTokenizer implements Tokenizer {

    public static final int BOS = 1;
    public static final int EOS = 2;
    private static final int FIRST_CHAR = 3;

    private final Set<Integer> stopIds;

    public CharTokenizer() {
        this(Set.of(EOS));
    }

    public CharTokenizer(Set<Integer> stopIds) {
        this.stopIds = stopIds;
    }

    public static int id(char c) {
        if (c < ' ' || c > '~') {
            throw new IllegalArgumentException("not printable ASCII: " + (int) c);
        }
        return FIRST_CHAR + c - ' ';
    }

    @Override
    public int[] encode(String text) {
        return text.chars().map(c -> id((char) c)).toArray();
    }

    @Override
    public String decode(int[] tokens) {
        StringBuilder text = new StringBuilder();
        for (int token : tokens) {
            if (token >= FIRST_CHAR) {
                text.append((char) (token - FIRST_CHAR + ' '));
            }
        }
        return text.toString();
    }

    @Override
    public int vocabularySize() { return FIRST_CHAR + 95; }

    @Override
    public int bosId() { return BOS; }

    @Override
    public int eosId() { return EOS; }

    @Override
    public Set<Integer> stopIds() { return stopIds; }

    @Override
    public String tokenText(int id) { return id >= FIRST_CHAR ? decode(new int[] {id}) : "<" + id + ">"; }

    @Override
    public boolean addBos() { return true; }
}

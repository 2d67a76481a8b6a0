package io.tollgate.inference.tokenizer;

/** The kinds of {@code tokenizer.ggml.token_type}, numbered as llama.cpp numbers them. */
public enum TokenType {
    UNDEFINED, NORMAL, UNKNOWN, CONTROL, USER_DEFINED, UNUSED, BYTE;

    public int code() {
        return ordinal();
    }

    public static TokenType of(int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : UNDEFINED;
    }

    /** Written in text, these are matched whole before the text is split into words. */
    boolean special() {
        return this == CONTROL || this == USER_DEFINED;
    }

    private static final TokenType[] VALUES = values();
}

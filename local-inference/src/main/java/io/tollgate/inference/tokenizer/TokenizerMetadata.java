package io.tollgate.inference.tokenizer;

import java.util.List;
import java.util.Map;

/** Typed reads of GGUF metadata, failing with the key's name. */
final class TokenizerMetadata {

    static final String MODEL = "tokenizer.ggml.model";
    static final String PRE = "tokenizer.ggml.pre";
    static final String TOKENS = "tokenizer.ggml.tokens";
    static final String TOKEN_TYPE = "tokenizer.ggml.token_type";
    static final String MERGES = "tokenizer.ggml.merges";
    static final String SCORES = "tokenizer.ggml.scores";
    static final String BOS = "tokenizer.ggml.bos_token_id";
    static final String EOS = "tokenizer.ggml.eos_token_id";
    static final String EOT = "tokenizer.ggml.eot_token_id";
    static final String UNKNOWN = "tokenizer.ggml.unknown_token_id";
    static final String ADD_BOS = "tokenizer.ggml.add_bos_token";
    static final String ADD_SPACE_PREFIX = "tokenizer.ggml.add_space_prefix";
    static final String CHAT_TEMPLATE = "tokenizer.chat_template";

    private final Map<String, Object> entries;

    TokenizerMetadata(Map<String, Object> entries) {
        this.entries = entries;
    }

    String string(String key, String fallback) {
        Object value = entries.get(key);
        if (value == null) return fallback;
        if (value instanceof String s) return s;
        throw wrongType(key, "a string", value);
    }

    List<?> list(String key) {
        Object value = entries.get(key);
        if (value == null) throw new IllegalArgumentException("GGUF metadata lacks " + key);
        if (value instanceof List<?> list) return list;
        throw wrongType(key, "an array", value);
    }

    boolean has(String key) {
        return entries.get(key) != null;
    }

    /** {@code fallback} when absent. */
    int integer(String key, int fallback) {
        Object value = entries.get(key);
        if (value == null) return fallback;
        if (value instanceof Number n) return n.intValue();
        throw wrongType(key, "a number", value);
    }

    boolean bool(String key, boolean fallback) {
        Object value = entries.get(key);
        if (value == null) return fallback;
        if (value instanceof Boolean b) return b;
        throw wrongType(key, "a bool", value);
    }

    static String element(List<?> list, int index, String key) {
        Object value = list.get(index);
        if (value instanceof String s) return s;
        throw wrongType(key + "[" + index + "]", "a string", value);
    }

    static Number number(List<?> list, int index, String key) {
        Object value = list.get(index);
        if (value instanceof Number n) return n;
        throw wrongType(key + "[" + index + "]", "a number", value);
    }

    private static IllegalArgumentException wrongType(String key, String expected, Object value) {
        return new IllegalArgumentException("GGUF metadata " + key + " should be " + expected + ", is "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}

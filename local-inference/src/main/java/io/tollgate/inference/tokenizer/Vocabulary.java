package io.tollgate.inference.tokenizer;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The token strings of a model with their kinds and the ids that have a role (BOS, EOS, stop tokens). */
final class Vocabulary {

    /** End-of-turn tokens of the chat formats; llama.cpp stops on these too when they are control tokens. */
    private static final Set<String> END_OF_TURN = Set.of(
            "<|eot_id|>", "<|im_end|>", "<|end_of_text|>", "<|endoftext|>", "<|end|>", "<end_of_turn>", "</s>");

    private final String[] texts;
    private final TokenType[] types;
    private final Map<String, Integer> ids;
    final int bos;
    final int eos;
    final int unknown;
    final boolean addBos;
    final Set<Integer> stopIds;

    Vocabulary(TokenizerMetadata metadata, boolean addBosByDefault) {
        List<?> tokens = metadata.list(TokenizerMetadata.TOKENS);
        int size = tokens.size();
        if (size == 0) throw new IllegalArgumentException("GGUF metadata " + TokenizerMetadata.TOKENS + " is empty");
        texts = new String[size];
        types = new TokenType[size];
        ids = new HashMap<>(size * 2);
        List<?> typeCodes = metadata.has(TokenizerMetadata.TOKEN_TYPE) ? metadata.list(TokenizerMetadata.TOKEN_TYPE) : null;
        if (typeCodes != null && typeCodes.size() != size) {
            throw new IllegalArgumentException("GGUF metadata " + TokenizerMetadata.TOKEN_TYPE + " has " + typeCodes.size()
                    + " entries for " + size + " tokens");
        }
        for (int id = 0; id < size; id++) {
            texts[id] = TokenizerMetadata.element(tokens, id, TokenizerMetadata.TOKENS);
            types[id] = typeCodes == null ? TokenType.NORMAL
                    : TokenType.of(TokenizerMetadata.number(typeCodes, id, TokenizerMetadata.TOKEN_TYPE).intValue());
            ids.putIfAbsent(texts[id], id);
        }
        bos = checkedId(metadata, TokenizerMetadata.BOS);
        eos = checkedId(metadata, TokenizerMetadata.EOS);
        unknown = checkedId(metadata, TokenizerMetadata.UNKNOWN);
        addBos = metadata.bool(TokenizerMetadata.ADD_BOS, addBosByDefault) && bos >= 0;
        Set<Integer> stops = new LinkedHashSet<>();
        if (eos >= 0) stops.add(eos);
        int eot = checkedId(metadata, TokenizerMetadata.EOT);
        if (eot >= 0) stops.add(eot);
        for (int id = 0; id < size; id++) {
            if (types[id] == TokenType.CONTROL && END_OF_TURN.contains(texts[id])) stops.add(id);
        }
        stopIds = Collections.unmodifiableSet(stops);
    }

    private int checkedId(TokenizerMetadata metadata, String key) {
        int id = metadata.integer(key, -1);
        if (id >= texts.length) {
            throw new IllegalArgumentException("GGUF metadata " + key + " = " + id + " is outside the " + texts.length + " tokens");
        }
        return id;
    }

    int size() {
        return texts.length;
    }

    String text(int id) {
        return texts[checked(id)];
    }

    int checked(int id) {
        if (id < 0 || id >= texts.length) {
            throw new IllegalArgumentException("token " + id + " is outside the vocabulary of " + texts.length);
        }
        return id;
    }

    TokenType type(int id) {
        return types[id];
    }

    /** -1 when absent. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    SpecialTokenMatcher specialTokens() {
        Map<String, Integer> specials = new HashMap<>();
        for (int id = 0; id < texts.length; id++) {
            if (types[id].special() && !texts[id].isEmpty()) specials.putIfAbsent(texts[id], id);
        }
        return new SpecialTokenMatcher(specials);
    }
}

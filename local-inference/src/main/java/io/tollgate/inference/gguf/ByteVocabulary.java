package io.tollgate.inference.gguf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level tokenizer's GGUF metadata: one token per byte (GPT-2's byte-to-unicode spelling), no merges, then
 * the special tokens and reserved control tokens up to the vocabulary size. Stands in for a trained BPE vocabulary
 * so that a generated model file is complete. Conversations use ChatML; {@code <|im_end|>} ends a turn.
 */
public final class ByteVocabulary {
    public static final List<String> SPECIALS = List.of(
            "<|begin_of_text|>", "<|end_of_text|>", "<|im_start|>", "<|im_end|>");
    public static final int BOS_ID = 256;
    public static final int EOS_ID = 257;
    public static final int END_OF_TURN_ID = 259;

    /** ChatML, as Qwen2 models ship it. */
    public static final String CHAT_TEMPLATE = "{% for message in messages %}"
            + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final int NORMAL = 1;
    private static final int CONTROL = 3;

    private ByteVocabulary() {}

    /** The {@code tokenizer.*} entries for a vocabulary of {@code size} tokens (at least 260). */
    public static Map<String, Object> metadata(int size) {
        int fixed = 256 + SPECIALS.size();
        if (size < fixed) {
            throw new IllegalArgumentException("a byte vocabulary needs at least " + fixed + " tokens, asked for " + size);
        }
        List<String> tokens = new ArrayList<>(size);
        List<Integer> types = new ArrayList<>(size);
        for (int b = 0; b < 256; b++) {
            tokens.add(byteToken(b));
            types.add(NORMAL);
        }
        tokens.addAll(SPECIALS);
        for (int i = 0; tokens.size() < size; i++) tokens.add("<|reserved_" + i + "|>");
        while (types.size() < size) types.add(CONTROL);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", "gpt2");
        m.put("tokenizer.ggml.pre", "default");
        m.put("tokenizer.ggml.tokens", Collections.unmodifiableList(tokens));
        m.put("tokenizer.ggml.token_type", Collections.unmodifiableList(types));
        m.put("tokenizer.ggml.merges", List.<String>of());
        m.put("tokenizer.ggml.bos_token_id", BOS_ID);
        m.put("tokenizer.ggml.eos_token_id", EOS_ID);
        m.put("tokenizer.ggml.eot_token_id", END_OF_TURN_ID);
        m.put("tokenizer.ggml.add_bos_token", false);
        m.put("tokenizer.chat_template", CHAT_TEMPLATE);
        return m;
    }

    /**
     * GPT-2's spelling of a byte: printable Latin-1 characters stand for themselves; the others (controls, space,
     * DEL, NBSP, soft hyphen) are shifted to U+0100 onwards in byte order, so no token text holds whitespace.
     */
    static String byteToken(int b) {
        if (printable(b)) return String.valueOf((char) b);
        int shifted = 0;
        for (int c = 0; c < b; c++) {
            if (!printable(c)) shifted++;
        }
        return String.valueOf((char) (256 + shifted));
    }

    private static boolean printable(int b) {
        return b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
    }
}

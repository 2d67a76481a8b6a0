package io.tollgate.inference.gguf;

import java.util.Set;

/**
 * Metadata keys that llama.cpp reads as uint32. Its loader checks a value's type exactly ("key ... has wrong
 * type"), so a count written as int32 would make it refuse our files.
 */
final class LlamaCppKeys {
    private LlamaCppKeys() {}

    private static final Set<String> GENERAL = Set.of(
            "general.alignment", "general.file_type", "general.quantization_version");

    /** Keys after the architecture prefix, e.g. "llama.context_length". */
    private static final Set<String> PER_ARCHITECTURE = Set.of(
            "context_length", "embedding_length", "block_count", "feed_forward_length", "vocab_size",
            "expert_count", "expert_used_count", "leading_dense_block_count", "expert_feed_forward_length",
            "attention.head_count", "attention.head_count_kv", "attention.key_length", "attention.value_length",
            "attention.sliding_window", "rope.dimension_count", "rope.scaling.original_context_length");

    static boolean isUint32(String key) {
        if (GENERAL.contains(key)) return true;
        if (key.startsWith("tokenizer.ggml.") && key.endsWith("_token_id")) return true;
        int dot = key.indexOf('.');
        return dot > 0 && !key.startsWith("general.") && !key.startsWith("tokenizer.")
                && PER_ARCHITECTURE.contains(key.substring(dot + 1));
    }
}

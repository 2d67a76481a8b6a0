package io.tollgate.inference.model;

import java.util.Map;

/**
 * The hyper-parameters of a Llama-family model, read from GGUF metadata under llama.cpp's keys
 * ({@code <arch>.embedding_length} and so on).
 *
 * @param ropeDimensions leading values of each head that are rotated (llama.cpp's n_rot)
 */
public record LlamaConfig(String architecture, int embeddingLength, int blockCount, int feedForwardLength,
                          int headCount, int headCountKv, int contextLength, float ropeFreqBase, float rmsEpsilon,
                          int ropeDimensions) {

    /** How rotary embedding pairs a head's values, after llama.cpp's rope types. */
    public enum RopePairs {
        /** (x[2i], x[2i+1]): LLAMA_ROPE_TYPE_NORM; llama.cpp's converter permutes Llama's Q and K rows to suit. */
        ADJACENT,
        /** (x[i], x[i + n_rot/2]): LLAMA_ROPE_TYPE_NEOX, as Qwen2 is trained. */
        HALVES
    }

    public LlamaConfig {
        if (headCount <= 0 || headCountKv <= 0) {
            throw new IllegalArgumentException("head counts must be positive: " + headCount + " heads, "
                    + headCountKv + " kv heads (attention.head_count / attention.head_count_kv)");
        }
        if (embeddingLength % headCount != 0) {
            throw new IllegalArgumentException(headCount + " heads do not divide the embedding length " + embeddingLength);
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException(headCountKv + " kv heads do not divide " + headCount + " heads");
        }
        if (ropeDimensions % 2 != 0 || ropeDimensions > embeddingLength / headCount) {
            throw new IllegalArgumentException("rope dimension count " + ropeDimensions
                    + " must be even and at most the head dimension " + embeddingLength / headCount);
        }
    }

    /**
     * @throws IllegalArgumentException for an architecture other than llama and qwen2, or a missing or non-numeric
     *                                  required key (named)
     */
    public static LlamaConfig from(Map<String, Object> metadata) {
        Object arch = metadata.get("general.architecture");
        if (arch == null) throw new IllegalArgumentException("GGUF metadata has no general.architecture");
        String a = arch.toString();
        if (!a.equals("llama") && !a.equals("qwen2")) {
            throw new IllegalArgumentException("unsupported architecture '" + a + "' (supported: llama, qwen2)");
        }
        int embedding = required(metadata, a + ".embedding_length").intValue();
        int heads = required(metadata, a + ".attention.head_count").intValue();
        return new LlamaConfig(a,
                embedding,
                required(metadata, a + ".block_count").intValue(),
                required(metadata, a + ".feed_forward_length").intValue(),
                heads,
                optional(metadata, a + ".attention.head_count_kv", heads).intValue(),
                required(metadata, a + ".context_length").intValue(),
                optional(metadata, a + ".rope.freq_base", 10000f).floatValue(),
                required(metadata, a + ".attention.layer_norm_rms_epsilon").floatValue(),
                optional(metadata, a + ".rope.dimension_count", heads > 0 ? embedding / heads : 0).intValue());
    }

    public int headDimension() { return embeddingLength / headCount; }

    /** Width of the keys (and values) of one position: kv heads times head dimension. */
    public int kvDimension() { return headCountKv * headDimension(); }

    public RopePairs ropePairs() {
        return architecture.equals("qwen2") ? RopePairs.HALVES : RopePairs.ADJACENT;
    }

    /** Qwen2 adds learned biases to the Q, K and V projections. */
    public boolean attentionBiases() { return architecture.equals("qwen2"); }

    private static Number required(Map<String, Object> metadata, String key) {
        Object v = metadata.get(key);
        if (v == null) throw new IllegalArgumentException("GGUF metadata lacks " + key);
        return number(key, v);
    }

    private static Number optional(Map<String, Object> metadata, String key, Number fallback) {
        Object v = metadata.get(key);
        return v == null ? fallback : number(key, v);
    }

    private static Number number(String key, Object v) {
        if (v instanceof Number n) return n;
        throw new IllegalArgumentException(key + " should be a number, is " + v.getClass().getSimpleName() + " " + v);
    }
}

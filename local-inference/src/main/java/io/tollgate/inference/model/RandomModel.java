package io.tollgate.inference.model;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.InMemoryTensors;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a model with random weights under llama.cpp's GGUF names and metadata keys. Weights are scaled so
 * activations stay in range through the layers (std 0.02, output projections shrunk by depth); norms are 1.
 */
public final class RandomModel {
    private RandomModel() {}

    /** @param tokenizerMetadata {@code tokenizer.*} entries; its token count must equal the spec's vocabulary */
    public static InMemoryTensors build(ModelSpec spec, Map<String, Object> tokenizerMetadata) {
        Object tokens = tokenizerMetadata.get("tokenizer.ggml.tokens");
        if (tokens instanceof List<?> list && list.size() != spec.vocabularySize()) {
            throw new IllegalArgumentException("tokenizer has " + list.size() + " tokens, spec says "
                    + spec.vocabularySize());
        }
        String a = spec.architecture();
        InMemoryTensors m = new InMemoryTensors()
                .putMetadata("general.architecture", a)
                .putMetadata("general.name", "tollgate-random-" + a + "-" + spec.weightType().name().toLowerCase())
                .putMetadata("general.file_type", fileType(spec.weightType()))
                .putMetadata(a + ".context_length", spec.contextLength())
                .putMetadata(a + ".embedding_length", spec.embeddingLength())
                .putMetadata(a + ".block_count", spec.blockCount())
                .putMetadata(a + ".feed_forward_length", spec.feedForwardLength())
                .putMetadata(a + ".attention.head_count", spec.headCount())
                .putMetadata(a + ".attention.head_count_kv", spec.headCountKv())
                .putMetadata(a + ".rope.freq_base", spec.ropeFreqBase())
                .putMetadata(a + ".rope.dimension_count", spec.headDimension())
                .putMetadata(a + ".attention.layer_norm_rms_epsilon", spec.rmsEpsilon())
                .putMetadata(a + ".vocab_size", spec.vocabularySize());
        tokenizerMetadata.forEach(m::putMetadata);

        SplittableRandom random = new SplittableRandom(spec.seed());
        int d = spec.embeddingLength();
        int kv = spec.headCountKv() * spec.headDimension();
        int ff = spec.feedForwardLength();
        float residualScale = (float) (0.02 / Math.sqrt(2.0 * spec.blockCount()));
        GgmlType w = spec.weightType();
        m.put("token_embd.weight", w, shape(d, spec.vocabularySize()), gaussian(random, d * spec.vocabularySize(), 1f));
        for (int l = 0; l < spec.blockCount(); l++) {
            String b = "blk." + l + ".";
            m.put(b + "attn_norm.weight", GgmlType.F32, shape(d), ones(d));
            m.put(b + "attn_q.weight", w, shape(d, d), gaussian(random, d * d, 0.02f));
            m.put(b + "attn_k.weight", w, shape(d, kv), gaussian(random, d * kv, 0.02f));
            m.put(b + "attn_v.weight", w, shape(d, kv), gaussian(random, d * kv, 0.02f));
            if (a.equals("qwen2")) {
                m.put(b + "attn_q.bias", GgmlType.F32, shape(d), gaussian(random, d, 0.02f));
                m.put(b + "attn_k.bias", GgmlType.F32, shape(kv), gaussian(random, kv, 0.02f));
                m.put(b + "attn_v.bias", GgmlType.F32, shape(kv), gaussian(random, kv, 0.02f));
            }
            m.put(b + "attn_output.weight", w, shape(d, d), gaussian(random, d * d, residualScale));
            m.put(b + "ffn_norm.weight", GgmlType.F32, shape(d), ones(d));
            m.put(b + "ffn_gate.weight", w, shape(d, ff), gaussian(random, d * ff, 0.02f));
            m.put(b + "ffn_up.weight", w, shape(d, ff), gaussian(random, d * ff, 0.02f));
            m.put(b + "ffn_down.weight", w, shape(ff, d), gaussian(random, ff * d, residualScale));
        }
        m.put("output_norm.weight", GgmlType.F32, shape(d), ones(d));
        if (!spec.tiedEmbeddings()) {
            m.put("output.weight", w, shape(d, spec.vocabularySize()), gaussian(random, d * spec.vocabularySize(), 0.02f));
        }
        return m;
    }

    /** llama.cpp's LLAMA_FTYPE numbers for an all-one-type file. */
    private static int fileType(GgmlType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
        };
    }

    private static long[] shape(long... dims) { return dims; }

    private static float[] ones(int n) {
        float[] x = new float[n];
        java.util.Arrays.fill(x, 1f);
        return x;
    }

    private static float[] gaussian(SplittableRandom random, int n, float std) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller from two uniforms: SplittableRandom has no nextGaussian on JDK 17
            double u = 1.0 - random.nextDouble();
            double v = random.nextDouble();
            x[i] = (float) (Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v)) * std;
        }
        return x;
    }
}

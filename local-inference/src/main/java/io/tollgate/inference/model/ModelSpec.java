package io.tollgate.inference.model;

import io.tollgate.inference.gguf.GgmlType;

/**
 * The shape of a Llama-family model, as a generator needs it. {@code architecture} is "llama" (rotary pairs
 * adjacent, as llama.cpp's Llama GGUF files store Q and K) or "qwen2" (rotary halves, biases on Q, K and V).
 */
public record ModelSpec(String architecture, int vocabularySize, int embeddingLength, int blockCount,
                        int headCount, int headCountKv, int feedForwardLength, int contextLength,
                        float ropeFreqBase, float rmsEpsilon, GgmlType weightType, boolean tiedEmbeddings,
                        long seed) {

    public ModelSpec {
        if (embeddingLength % headCount != 0 || headCount % headCountKv != 0) {
            throw new IllegalArgumentException("heads must divide the embedding and kv heads the heads");
        }
        if (weightType.blockSize() > 1
                && (embeddingLength % weightType.blockSize() != 0 || feedForwardLength % weightType.blockSize() != 0)) {
            throw new IllegalArgumentException(weightType + " needs row lengths that are multiples of "
                    + weightType.blockSize());
        }
    }

    /** About 160K parameters (64-wide, 2 layers, 512-token vocabulary): fast enough for every unit test. */
    public static ModelSpec tiny(GgmlType weightType) {
        return new ModelSpec("llama", 512, 64, 2, 4, 2, 192, 256, 10000f, 1e-5f, weightType, false, 42);
    }

    /** About 100M parameters: the benchmark model (GPT-2 small sized, Llama-shaped). */
    public static ModelSpec hundredMillion(GgmlType weightType, int vocabularySize) {
        return new ModelSpec("llama", vocabularySize, 768, 12, 12, 4, 2048, 2048, 10000f, 1e-5f,
                weightType, false, 42);
    }

    public int headDimension() { return embeddingLength / headCount; }

    public ModelSpec withArchitecture(String arch) {
        return new ModelSpec(arch, vocabularySize, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, ropeFreqBase, rmsEpsilon, weightType, tiedEmbeddings, seed);
    }

    public ModelSpec withTiedEmbeddings(boolean tied) {
        return new ModelSpec(architecture, vocabularySize, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, ropeFreqBase, rmsEpsilon, weightType, tied, seed);
    }

    public ModelSpec withVocabularySize(int size) {
        return new ModelSpec(architecture, size, embeddingLength, blockCount, headCount, headCountKv,
                feedForwardLength, contextLength, ropeFreqBase, rmsEpsilon, weightType, tiedEmbeddings, seed);
    }
}

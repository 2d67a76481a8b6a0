package io.tollgate.inference.model;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.GgufTensor;
import io.tollgate.inference.gguf.Quantizer;
import io.tollgate.inference.gguf.TensorSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a Llama model's tensors under llama.cpp's names, checking shapes, and counts what it read; a backend turns
 * matrices into its {@code M} and decoded vectors into its {@code V}.
 */
public final class TensorLoader<M, V> {
    private final TensorSource source;
    private final Function<GgufTensor, M> matrices;
    private final Function<float[], V> vectors;
    private final Map<GgmlType, Long> elementsByType = new EnumMap<>(GgmlType.class);
    private long parameters;

    public TensorLoader(TensorSource source, Function<GgufTensor, M> matrices, Function<float[], V> vectors) {
        this.source = source;
        this.matrices = matrices;
        this.vectors = vectors;
    }

    /** @param rows expected rows, or -1 for any */
    public M matrix(String name, int columns, int rows) {
        return matrices.apply(tensor(name, columns, rows));
    }

    /** A matrix's tensor, checked and counted under its type (the model's weight type is the most common one). */
    public GgufTensor tensor(String name, int columns, int rows) {
        GgufTensor t = checked(name, columns, rows);
        elementsByType.merge(t.type(), t.elements(), Long::sum);
        return t;
    }

    public V vector(String name, int length) {
        GgufTensor t = checked(name, length, 1);
        return vectors.apply(Quantizer.decode(t.type(), t.data(), 0, length));
    }

    /** Block {@code block}'s weights, in file order (biases only where {@code c} has them). */
    public LayerWeights<M, V> layer(LlamaConfig c, int block) {
        String b = "blk." + block + ".";
        int d = c.embeddingLength();
        int kv = c.kvDimension();
        int ff = c.feedForwardLength();
        boolean bias = c.attentionBiases();
        return new LayerWeights<>(vector(b + "attn_norm.weight", d),
                matrix(b + "attn_q.weight", d, d), matrix(b + "attn_k.weight", d, kv),
                matrix(b + "attn_v.weight", d, kv),
                bias ? vector(b + "attn_q.bias", d) : null, bias ? vector(b + "attn_k.bias", kv) : null,
                bias ? vector(b + "attn_v.bias", kv) : null,
                matrix(b + "attn_output.weight", d, d), vector(b + "ffn_norm.weight", d),
                matrix(b + "ffn_gate.weight", d, ff), matrix(b + "ffn_up.weight", d, ff),
                matrix(b + "ffn_down.weight", ff, d));
    }

    /** Every block's weights. */
    public List<LayerWeights<M, V>> layers(LlamaConfig c) {
        List<LayerWeights<M, V>> layers = new ArrayList<>(c.blockCount());
        for (int i = 0; i < c.blockCount(); i++) layers.add(layer(c, i));
        return List.copyOf(layers);
    }

    /** Elements read, matrices and vectors. */
    public long parameters() { return parameters; }

    /** The types the matrices came in. */
    public Set<GgmlType> matrixTypes() { return elementsByType.keySet(); }

    public GgmlType mostCommonType() {
        return elementsByType.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private GgufTensor checked(String name, int columns, int rows) {
        GgufTensor t = source.tensor(name);
        if (t.columns() != columns || (rows >= 0 && t.rows() != rows)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(t.shape()) + ", expected ["
                    + columns + (rows == 1 ? "" : ", " + (rows < 0 ? "vocabulary" : rows)) + "]");
        }
        parameters += t.elements();
        return t;
    }
}

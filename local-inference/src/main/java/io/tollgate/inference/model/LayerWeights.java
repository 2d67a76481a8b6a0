package io.tollgate.inference.model;

import java.util.List;

/**
 * One decoder block's weights under a backend's matrix type {@code M} and vector type {@code V}; the Q/K/V biases
 * are null unless the architecture has them (Qwen2).
 */
public record LayerWeights<M, V>(V attentionNorm, M q, M k, M v, V qBias, V kBias, V vBias, M o,
                                 V ffnNorm, M gate, M up, M down) {

    /** The matrices a forward pass multiplies by, in the order they are used. */
    public List<M> matrices() { return List.of(q, k, v, o, gate, up, down); }
}

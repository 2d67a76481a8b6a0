package io.tollgate.inference.gguf;

import java.util.Map;

/** What a model is loaded from: a GGUF file, or tensors built in memory by tests. */
public interface TensorSource {

    /** GGUF metadata, typed as the GGUF reader maps it (strings, Integer/Long, Float/Double, Boolean, List). */
    Map<String, Object> metadata();

    /** @throws IllegalArgumentException naming the tensor when it is absent */
    GgufTensor tensor(String name);

    boolean hasTensor(String name);
}

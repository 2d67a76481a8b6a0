package io.tollgate.inference.gguf;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tensors and metadata held on the heap: generated models, and what tests build. Keeps insertion order. */
public final class InMemoryTensors implements TensorSource {
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, GgufTensor> tensors = new LinkedHashMap<>();

    public InMemoryTensors putMetadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    /** Encodes {@code values} as {@code type}; {@code shape[0]} is the contiguous dimension. */
    public InMemoryTensors put(String name, GgmlType type, long[] shape, float[] values) {
        tensors.put(name, new GgufTensor(name, type, shape.clone(), ByteBuffer.wrap(Quantizer.encode(type, values))));
        return this;
    }

    @Override
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    @Override
    public GgufTensor tensor(String name) {
        GgufTensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("no tensor named " + name);
        return t;
    }

    @Override
    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    public Collection<GgufTensor> tensors() {
        return Collections.unmodifiableCollection(tensors.values());
    }
}

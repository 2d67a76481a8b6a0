package io.tollgate.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tollgate.inference.gguf.GgmlType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlamaConfigTest {

    @Test
    void readsLlamaCppKeysWhateverTheNumberType() {
        Map<String, Object> m = new HashMap<>(RandomModel.build(ModelSpec.tiny(GgmlType.F32).withArchitecture("qwen2"),
                Map.of()).metadata());
        m.put("qwen2.context_length", 32768L);       // a GGUF uint64
        m.put("qwen2.rope.freq_base", 1000000.0);    // a GGUF float64
        LlamaConfig c = LlamaConfig.from(m);
        assertEquals(new LlamaConfig("qwen2", 64, 2, 192, 4, 2, 32768, 1e6f, 1e-5f, 16), c);
        assertEquals(LlamaConfig.RopePairs.HALVES, c.ropePairs());
        assertEquals(32, c.kvDimension());
        assertEquals(LlamaConfig.RopePairs.ADJACENT,
                LlamaConfig.from(RandomModel.build(ModelSpec.tiny(GgmlType.F32), Map.of()).metadata()).ropePairs());
    }

    @Test
    void defaultsWhatLlamaCppDefaults() {
        Map<String, Object> m = new HashMap<>(RandomModel.build(ModelSpec.tiny(GgmlType.F32), Map.of()).metadata());
        m.remove("llama.attention.head_count_kv");
        m.remove("llama.rope.freq_base");
        m.remove("llama.rope.dimension_count");
        LlamaConfig c = LlamaConfig.from(m);
        assertEquals(4, c.headCountKv());
        assertEquals(10000f, c.ropeFreqBase());
        assertEquals(16, c.ropeDimensions());
    }

    @Test
    void namesWhatIsMissingOrUnsupported() {
        Map<String, Object> m = new HashMap<>(RandomModel.build(ModelSpec.tiny(GgmlType.F32), Map.of()).metadata());
        m.remove("llama.block_count");
        assertEquals("GGUF metadata lacks llama.block_count",
                assertThrows(IllegalArgumentException.class, () -> LlamaConfig.from(m)).getMessage());
        m.put("llama.block_count", "two");
        assertEquals("llama.block_count should be a number, is String two",
                assertThrows(IllegalArgumentException.class, () -> LlamaConfig.from(m)).getMessage());
        m.put("general.architecture", "gpt2");
        assertEquals("unsupported architecture 'gpt2' (supported: llama, qwen2)",
                assertThrows(IllegalArgumentException.class, () -> LlamaConfig.from(m)).getMessage());
        m.remove("general.architecture");
        assertEquals("GGUF metadata has no general.architecture",
                assertThrows(IllegalArgumentException.class, () -> LlamaConfig.from(m)).getMessage());
    }

    @Test
    void aZeroHeadCountIsNamedNotADivisionByZero() {
        Map<String, Object> m = new HashMap<>(RandomModel.build(ModelSpec.tiny(GgmlType.F32), Map.of()).metadata());
        m.put("llama.attention.head_count_kv", 0);
        assertEquals("head counts must be positive: 4 heads, 0 kv heads (attention.head_count / attention.head_count_kv)",
                assertThrows(IllegalArgumentException.class, () -> LlamaConfig.from(m)).getMessage());
        m.put("llama.attention.head_count", 0);
        m.remove("llama.rope.dimension_count");
        assertEquals("head counts must be positive: 0 heads, 0 kv heads (attention.head_count / attention.head_count_kv)",
                assertThrows(IllegalArgumentException.class, () -> LlamaConfig.from(m)).getMessage());
    }
}

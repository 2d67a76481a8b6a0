package io.tollgate.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.InMemoryTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LlamaModelTest {
    private static final int[] PROMPT = {1, 17, 300, 42, 42, 7, 511, 0, 128};

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (GgmlType type : GgmlType.values()) {
            for (String arch : List.of("llama", "qwen2")) {
                for (boolean tied : List.of(false, true)) {
                    for (boolean vector : List.of(true, false)) all.add(Arguments.of(type, arch, tied, vector));
                }
            }
        }
        return all.stream();
    }

    static ModelSpec spec(GgmlType type, String arch, boolean tied) {
        return ModelSpec.tiny(type).withArchitecture(arch).withTiedEmbeddings(tied);
    }

    /**
     * Tolerance: the backend sums in float (weights widened exactly as {@code Quantizer.decode} does, activations not
     * quantized), the reference in double. Measured: at most 4e-7 of the largest logit over all variants; 1e-5 of
     * it (plus 1e-6 absolute) leaves room for summation order and still fails on a real mistake: swapping the two
     * rope pairings fails all 32 variants (random weights give near-uniform attention, so such errors are small).
     */
    static void assertClose(double[] expected, float[] actual, String what) {
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double tolerance = 1e-6 + 1e-5 * scale;
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            int at = i;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance,
                    () -> what + ": logit " + at + " is " + actual[at] + ", reference " + expected[at]
                            + " (tolerance " + tolerance + ")");
        }
    }

    @ParameterizedTest(name = "{0} {1} tied={2} vector={3}")
    @MethodSource("variants")
    void logitsMatchTheReference(GgmlType type, String arch, boolean tied, boolean vector) {
        InMemoryTensors source = RandomModel.build(spec(type, arch, tied), Map.of());
        ReferenceLlama reference = new ReferenceLlama(source);
        try (LlamaModel model = LlamaModel.load(source, new ModelOptions(2, vector))) {
            assertEquals(vector, model.backend().startsWith("cpu (Vector API"), model.backend());
            KvCache cache = model.newCache(64);
            assertClose(reference.logits(PROMPT), model.prefill(cache, PROMPT), "prefill");
            int[] sequence = PROMPT.clone();
            for (int token : new int[] {5, 400, 5}) {
                sequence = append(sequence, token);
                float[] logits = model.decode(new KvCache[] {cache}, new int[] {token})[0];
                assertClose(reference.logits(sequence), logits, "decode at " + (sequence.length - 1));
            }
            assertEquals(sequence.length, cache.length());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void batchedDecodeEqualsOneSequenceAtATime(GgmlType type) {
        InMemoryTensors source = RandomModel.build(ModelSpec.tiny(type), Map.of());
        try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults())) {
            int batch = 5; // two pairs and one alone
            KvCache[] together = new KvCache[batch];
            KvCache[] alone = new KvCache[batch];
            int[] next = new int[batch];
            for (int i = 0; i < batch; i++) {
                int[] prompt = java.util.Arrays.copyOf(PROMPT, 2 + i); // each sequence at its own position
                together[i] = model.newCache(32);
                alone[i] = model.newCache(32);
                model.prefill(together[i], prompt);
                model.prefill(alone[i], prompt);
                next[i] = 100 + i;
            }
            for (int step = 0; step < 3; step++) {
                float[][] batched = model.decode(together, next);
                for (int i = 0; i < batch; i++) {
                    float[] single = model.decode(new KvCache[] {alone[i]}, new int[] {next[i]})[0];
                    assertArrayEquals(single, batched[i], "sequence " + i + " step " + step);
                }
                for (int i = 0; i < batch; i++) next[i] = argmax(batched[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void prefillEqualsSingleSteps(GgmlType type) {
        InMemoryTensors source = RandomModel.build(ModelSpec.tiny(type), Map.of());
        try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults())) {
            KvCache whole = model.newCache(32);
            float[] prefilled = model.prefill(whole, PROMPT);
            KvCache stepped = model.newCache(32);
            float[] last = null;
            for (int token : PROMPT) last = model.decode(new KvCache[] {stepped}, new int[] {token})[0];
            assertArrayEquals(last, prefilled);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void prefixReuseGivesTheColdLogits(GgmlType type) {
        InMemoryTensors source = RandomModel.build(ModelSpec.tiny(type), Map.of());
        try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults())) {
            int[] first = PROMPT;
            int[] second = {1, 17, 300, 42, 42, 9, 9, 250};
            KvCache earlier = model.newCache(32);
            model.prefill(earlier, first);

            KvCache reused = model.newCache(32);
            reused.copyPrefixFrom(earlier, 5);
            float[] warm = model.prefill(reused, java.util.Arrays.copyOfRange(second, 5, second.length));
            float[] cold = model.prefill(model.newCache(32), second);
            assertArrayEquals(cold, warm);

            earlier.truncate(5); // the same cache, rewound
            assertArrayEquals(cold, model.prefill(earlier, java.util.Arrays.copyOfRange(second, 5, second.length)));
        }
    }

    @Test
    void prefillLongerThanOnePassMatchesTheReference() {
        ModelSpec tiny = ModelSpec.tiny(GgmlType.Q8_0);
        ModelSpec longer = new ModelSpec("qwen2", tiny.vocabularySize(), tiny.embeddingLength(), 1, tiny.headCount(),
                tiny.headCountKv(), tiny.feedForwardLength(), 512, tiny.ropeFreqBase(), tiny.rmsEpsilon(),
                GgmlType.Q8_0, false, 7);
        InMemoryTensors source = RandomModel.build(longer, Map.of());
        int[] prompt = new int[300];
        for (int i = 0; i < prompt.length; i++) prompt[i] = (i * 37 + 11) % tiny.vocabularySize();
        try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults())) {
            assertClose(new ReferenceLlama(source).logits(prompt), model.prefill(model.newCache(512), prompt),
                    "300-token prefill");
        }
    }

    @ParameterizedTest(name = "vector={0}")
    @MethodSource("bothPaths")
    void greedyGenerationIsDeterministic(boolean vector) {
        InMemoryTensors source = RandomModel.build(ModelSpec.tiny(GgmlType.Q4_0), Map.of());
        try (LlamaModel model = LlamaModel.load(source, new ModelOptions(2, vector))) {
            int[] once = greedy(model, 24);
            int[] again = greedy(model, 24);
            assertArrayEquals(once, again);
            assertTrue(java.util.Arrays.stream(once).distinct().count() > 1, "generation should not be constant");
        }
    }

    @Test
    void rejectsMisuse() {
        InMemoryTensors source = RandomModel.build(ModelSpec.tiny(GgmlType.F16), Map.of());
        try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults());
             LlamaModel other = LlamaModel.load(source, ModelOptions.defaults())) {
            KvCache small = model.newCache(4);
            assertThrows(IllegalStateException.class, () -> model.prefill(small, PROMPT));
            assertEquals(0, small.length(), "a refused prefill leaves the cache as it was");
            assertThrows(IllegalArgumentException.class, () -> model.prefill(other.newCache(8), new int[] {1}));
            assertThrows(IllegalArgumentException.class, () -> model.prefill(model.newCache(8), new int[] {512}));
            KvCache c = model.newCache(8);
            assertThrows(IllegalArgumentException.class, () -> model.decode(new KvCache[] {c, c}, new int[] {1, 2}));
            assertThrows(IllegalArgumentException.class, () -> model.newCache(257));
        }
    }

    @Test
    void aClosedCacheRefusesEveryUseWithAReasonAndLeavesOthersAlone() {
        InMemoryTensors source = RandomModel.build(ModelSpec.tiny(GgmlType.F32), Map.of());
        try (LlamaModel model = LlamaModel.load(source, ModelOptions.defaults())) {
            KvCache open = model.newCache(32);
            float[] expected = model.prefill(open, PROMPT);
            KvCache closed = model.newCache(32);
            model.prefill(closed, PROMPT);
            closed.close();
            closed.close(); // idempotent

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> model.prefill(closed, new int[] {1}));
            assertTrue(refused.getMessage().startsWith("the KV cache is closed"), refused.getMessage());
            assertThrows(IllegalStateException.class, () -> model.decode(new KvCache[] {open, closed}, new int[] {1, 1}));
            assertThrows(IllegalStateException.class, () -> open.copyPrefixFrom(closed, 4));
            assertThrows(IllegalStateException.class, () -> closed.copyPrefixFrom(open, 4));
            assertThrows(IllegalStateException.class, () -> closed.truncate(0));
            assertEquals(PROMPT.length, closed.length(), "its bookkeeping still answers");
            assertTrue(((PositionedCache) closed).isClosed());

            // the refused calls changed nothing in the open cache
            assertEquals(PROMPT.length, open.length());
            open.truncate(PROMPT.length - 1);
            assertArrayEquals(expected, model.prefill(open, new int[] {PROMPT[PROMPT.length - 1]}));
        }
    }

    @Test
    void describesItself() {
        InMemoryTensors source = RandomModel.build(spec(GgmlType.Q8_0, "qwen2", true), Map.of());
        try (LlamaModel model = LlamaModel.load(source, new ModelOptions(3, false))) {
            assertEquals("cpu (scalar: Vector API turned off, 3 threads)", model.backend());
            ModelInfo info = model.info();
            assertEquals("tollgate-random-qwen2-q8_0", info.name());
            assertEquals("qwen2", info.architecture());
            assertEquals(512, info.vocabularySize());
            assertEquals(256, info.contextLength());
            assertEquals("Q8_0", info.weightType());
            // tied: the embedding is counted once; 2 layers of 64x64 q/o, 64x32 k/v, 3 x 64x192, biases and norms
            long perLayer = 2 * 64 * 64 + 2 * 64 * 32 + 3 * 64 * 192 + (64 + 32 + 32) + 2 * 64;
            assertEquals(512 * 64 + 2 * perLayer + 64, info.parameterCount());
        }
    }

    static Stream<GgmlType> types() { return Stream.of(GgmlType.values()); }

    static Stream<Boolean> bothPaths() { return Stream.of(true, false); }

    private static int[] greedy(LanguageModel model, int count) {
        KvCache cache = model.newCache(64);
        float[] logits = model.prefill(cache, PROMPT);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = argmax(logits);
            logits = model.decode(new KvCache[] {cache}, new int[] {out[i]})[0];
        }
        return out;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int[] append(int[] a, int v) {
        int[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}

package io.tollgate.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tollgate.inference.engine.LanguageModels;
import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.InMemoryTensors;
import io.tollgate.inference.model.KvCache;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.LlamaModel;
import io.tollgate.inference.model.ModelOptions;
import io.tollgate.inference.model.ModelSpec;
import io.tollgate.inference.model.RandomModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CUDA backend against the CPU backend (itself checked against a reference in LlamaModelTest) on generated
 * models. Runs only where a GPU is usable; elsewhere every test is skipped with the reason printed.
 */
class CudaMatchesCpuTest {
    private static final int[] PROMPT = {1, 17, 300, 42, 42, 7, 511, 0, 128};

    @BeforeAll
    static void sayWhyNot() {
        String reason = Cuda.unavailableReason();
        if (reason != null) System.out.println("CudaMatchesCpuTest skipped: " + reason);
    }

    /** Each test, not the class, so the report counts them as skipped, each with the reason. */
    @BeforeEach
    void needsAGpu() {
        String reason = Cuda.unavailableReason();
        assumeTrue(reason == null, () -> "no usable GPU: " + reason);
    }

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (GgmlType type : GgmlType.values()) {
            for (String arch : List.of("llama", "qwen2")) {
                for (boolean tied : List.of(false, true)) all.add(Arguments.of(type, arch, tied));
            }
        }
        return all.stream();
    }

    static InMemoryTensors model(GgmlType type, String arch, boolean tied) {
        return RandomModel.build(ModelSpec.tiny(type).withArchitecture(arch).withTiedEmbeddings(tied), Map.of());
    }

    static LlamaModel cpu(InMemoryTensors source) {
        return LlamaModel.load(source, new ModelOptions(2, true, ModelOptions.Backend.CPU));
    }

    /**
     * Tolerance: 1e-4 of the largest CPU logit, plus 1e-5. Both backends widen the weights to the same floats and sum
     * in float, in different orders (cuBLAS's blocking, the kernels' tree reductions), which moves a logit by far less
     * than this (expected, not yet measured on a GPU). A wrong step (rope pairs, a missed bias, the causal mask) moves them by far more.
     */
    static float tolerance(float[] cpu) {
        float scale = 0;
        for (float v : cpu) scale = Math.max(scale, Math.abs(v));
        return 1e-5f + 1e-4f * scale;
    }

    static void assertClose(float[] cpu, float[] gpu, String what) {
        float tolerance = tolerance(cpu);
        assertEquals(cpu.length, gpu.length, what);
        float worst = 0;
        for (int i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(cpu[i] - gpu[i]));
        float w = worst;
        assertTrue(worst <= tolerance, () -> what + ": largest difference " + w + " over tolerance " + tolerance);
    }

    @ParameterizedTest(name = "{0} {1} tied={2}")
    @MethodSource("variants")
    void prefillAndBatchedDecodeMatchTheCpu(GgmlType type, String arch, boolean tied) {
        InMemoryTensors source = model(type, arch, tied);
        try (LlamaModel cpu = cpu(source); CudaLlamaModel gpu = CudaLlamaModel.load(source)) {
            assertTrue(gpu.backend().startsWith("cuda ("), gpu.backend());
            int[][] prompts = {PROMPT, {5, 6, 7}, {200}};
            KvCache[] cpuCaches = new KvCache[prompts.length];
            KvCache[] gpuCaches = new KvCache[prompts.length];
            for (int i = 0; i < prompts.length; i++) {
                cpuCaches[i] = cpu.newCache(64);
                gpuCaches[i] = gpu.newCache(48 + i); // capacities differ: each row finds its own cache's layout
                assertClose(cpu.prefill(cpuCaches[i], prompts[i]), gpu.prefill(gpuCaches[i], prompts[i]),
                        "prefill of prompt " + i);
            }
            int[] next = {5, 400, 5};
            for (int step = 0; step < 4; step++) {
                float[][] expected = cpu.decode(cpuCaches, next);
                float[][] actual = gpu.decode(gpuCaches, next);
                for (int i = 0; i < next.length; i++) {
                    assertClose(expected[i], actual[i], "decode step " + step + " of sequence " + i);
                    assertEquals(cpuCaches[i].length(), gpuCaches[i].length());
                }
                for (int i = 0; i < next.length; i++) next[i] = (next[i] * 31 + step + i) % 512;
            }
        }
    }

    /**
     * Greedy generation follows the CPU's tokens. Teacher-forced (both run the CPU's token) so one near-tie cannot
     * send the rest apart; a step whose top two CPU logits lie within twice the tolerance is not compared.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void greedyTokensMatchTheCpu(GgmlType type) {
        InMemoryTensors source = model(type, "qwen2", false);
        try (LlamaModel cpu = cpu(source); CudaLlamaModel gpu = CudaLlamaModel.load(source)) {
            KvCache c = cpu.newCache(64);
            KvCache g = gpu.newCache(64);
            float[] expected = cpu.prefill(c, PROMPT);
            float[] actual = gpu.prefill(g, PROMPT);
            int compared = 0;
            for (int step = 0; step < 24; step++) {
                int token = argmax(expected);
                float[] sorted = expected.clone();
                Arrays.sort(sorted);
                if (sorted[sorted.length - 1] - sorted[sorted.length - 2] > 2 * tolerance(expected)) {
                    assertEquals(token, argmax(actual), "greedy token at step " + step);
                    compared++;
                }
                expected = cpu.decode(new KvCache[] {c}, new int[] {token})[0];
                actual = gpu.decode(new KvCache[] {g}, new int[] {token})[0];
            }
            assertTrue(compared >= 12, "only " + compared + " of 24 steps had a clear winner");
        }
    }

    static Stream<GgmlType> types() { return Stream.of(GgmlType.values()); }

    @Test
    void prefixReuseAndALongPrefillMatchAColdRun() {
        InMemoryTensors source = model(GgmlType.Q8_0, "llama", false);
        int[] prompt = new int[256]; // one full prefill pass at the end
        for (int i = 0; i < prompt.length; i++) prompt[i] = (i * 7919) % 512;
        try (LlamaModel cpu = cpu(source); CudaLlamaModel gpu = CudaLlamaModel.load(source)) {
            KvCache cold = gpu.newCache(256);
            float[] coldLogits = gpu.prefill(cold, Arrays.copyOf(prompt, 200));
            assertClose(cpu.prefill(cpu.newCache(256), Arrays.copyOf(prompt, 200)), coldLogits, "200-token prefill");

            KvCache warm = gpu.newCache(220);
            warm.copyPrefixFrom(cold, 150);
            assertEquals(150, warm.length());
            assertClose(coldLogits, gpu.prefill(warm, Arrays.copyOfRange(prompt, 150, 200)), "prefix reuse");
            warm.truncate(199);
            assertClose(coldLogits, gpu.prefill(warm, new int[] {prompt[199]}), "after truncate");
        }
        InMemoryTensors longContext = model(GgmlType.F32, "llama", false);
        try (LlamaModel cpu = cpu(longContext); CudaLlamaModel gpu = CudaLlamaModel.load(longContext)) {
            int[] first = Arrays.copyOf(prompt, 256);
            assertClose(cpu.prefill(cpu.newCache(256), first), gpu.prefill(gpu.newCache(256), first), "256-token prefill");
        }
    }

    @Test
    void autoPicksTheGpuAndCloseFreesIt() {
        InMemoryTensors source = model(GgmlType.F16, "llama", true);
        LanguageModel model = LanguageModels.load(source, ModelOptions.defaults());
        assertTrue(model.backend().startsWith("cuda ("), model.backend());
        KvCache cache = model.newCache(16);
        model.prefill(cache, PROMPT);
        model.close();
        assertThrows(IllegalStateException.class, () -> model.newCache(16));
        assertThrows(IllegalStateException.class, () -> model.prefill(cache, new int[] {1}));
    }

    @Test
    void closingACacheGivesItsDeviceMemoryBackAtOnceAndItRefusesUse() {
        // 4 layers x 2048 positions x 512 kv floats: 16 MiB of keys and 16 of values per cache
        ModelSpec wideKv = new ModelSpec("llama", 512, 512, 4, 8, 8, 512, 2048, 10000f, 1e-5f, GgmlType.F32, false, 7);
        InMemoryTensors source = RandomModel.build(wideKv, Map.of());
        try (LlamaModel cpu = cpu(source); CudaLlamaModel gpu = CudaLlamaModel.load(source)) {
            long before = freeDeviceMemory(gpu);
            List<KvCache> caches = new ArrayList<>();
            for (int i = 0; i < 4; i++) caches.add(gpu.newCache(2048));
            long held = before - freeDeviceMemory(gpu);
            assertTrue(held >= 96L << 20, "4 caches of 32 MiB took " + held + " bytes");
            gpu.prefill(caches.get(0), PROMPT);

            caches.forEach(KvCache::close);
            caches.get(0).close(); // idempotent
            long left = before - freeDeviceMemory(gpu);
            assertTrue(left <= 16L << 20, "closed caches still hold " + left + " bytes");

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> gpu.prefill(caches.get(0), new int[] {1}));
            assertTrue(refused.getMessage().startsWith("the KV cache is closed"), refused.getMessage());
            KvCache open = gpu.newCache(64);
            assertThrows(IllegalStateException.class, () -> open.copyPrefixFrom(caches.get(0), 4));
            assertClose(cpu.prefill(cpu.newCache(64), PROMPT), gpu.prefill(open, PROMPT), "a new cache after closes");
        }
    }

    private static long freeDeviceMemory(CudaLlamaModel model) {
        model.makeCurrent();
        long[] free = new long[1];
        jcuda.driver.JCudaDriver.cuMemGetInfo(free, new long[1]);
        return free[0];
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}

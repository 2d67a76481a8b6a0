package io.tollgate.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.tollgate.inference.cuda.Cuda;
import io.tollgate.inference.cuda.CudaUnavailableException;
import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.InMemoryTensors;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.LlamaModel;
import io.tollgate.inference.model.ModelOptions;
import io.tollgate.inference.model.ModelOptions.Backend;
import io.tollgate.inference.model.ModelSpec;
import io.tollgate.inference.model.RandomModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend choice on a machine without a usable GPU (CudaMatchesCpuTest covers the machine with one). */
class LanguageModelsTest {
    private static final InMemoryTensors MODEL = RandomModel.build(ModelSpec.tiny(GgmlType.Q8_0), Map.of());

    @Test
    void autoFallsBackToTheCpuWithOneLineSayingWhy() throws Exception {
        String reason = Cuda.unavailableReason();
        assumeFalse(reason == null, "a usable GPU is here: CudaMatchesCpuTest checks that auto picks it");
        List<String> notices = new ArrayList<>();
        try (LanguageModel model = LanguageModels.load(MODEL, new ModelOptions(1, true), notices::add)) {
            assertInstanceOf(LlamaModel.class, model);
            assertEquals(1, notices.size(), notices::toString);
            String line = notices.get(0);
            System.out.println("fallback line: " + line);
            assertEquals("tollgate local-inference: GPU not used: " + reason + "; running on " + model.backend(), line);
            assertFalse(line.contains("\n"), line);
            if (!libraryOnLoaderPath("libcuda.so.1")) {
                assertTrue(reason.startsWith("no CUDA driver (libcuda.so.1 not found"), reason);
            }
        }
        // no driver: JCuda's natives were never loaded into this JVM
        if (!libraryOnLoaderPath("libcuda.so.1") && Files.isReadable(Path.of("/proc/self/maps"))) {
            assertFalse(Files.readString(Path.of("/proc/self/maps")).contains("JCuda"), "a JCuda library is mapped");
        }
    }

    @Test
    void cudaOnlyFailsWithTheSameReason() {
        String reason = Cuda.unavailableReason();
        assumeFalse(reason == null, "a usable GPU is here");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> LanguageModels.load(MODEL, new ModelOptions(1, true, Backend.CUDA), line -> {}));
        assertEquals(reason, e.getMessage());
    }

    @Test
    void cpuSaysNothing() {
        List<String> notices = new ArrayList<>();
        try (LanguageModel model = LanguageModels.load(MODEL, ModelOptions.defaults().withBackend(Backend.CPU),
                notices::add)) {
            assertTrue(model.backend().startsWith("cpu ("), model.backend());
            assertEquals(List.of(), notices);
        }
    }

    @Test
    void aBrokenModelIsAnErrorOnEveryBackendNotAFallback() {
        InMemoryTensors broken = RandomModel.build(ModelSpec.tiny(GgmlType.F32), Map.of())
                .putMetadata("general.architecture", "gpt2");
        for (Backend b : Backend.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LanguageModels.load(broken, new ModelOptions(1, true, b), line -> {}));
            assertTrue(e.getMessage().contains("unsupported architecture 'gpt2'"), e.getMessage());
        }
    }

    @Test
    void backendNamesParseInAnyCase() {
        assertEquals(Backend.CUDA, Backend.parse(" Cuda"));
        assertEquals(Backend.AUTO, new ModelOptions(2, false).backend());
        assertThrows(IllegalArgumentException.class, () -> Backend.parse("rocm"));
    }

    @Test
    void theDefaultBackendIsTheOneTheSystemPropertyNames() {
        assertEquals(Backend.AUTO, ModelOptions.defaults().backend());
        try {
            System.setProperty(ModelOptions.BACKEND_PROPERTY, "CPU");
            assertEquals(Backend.CPU, ModelOptions.defaults().backend());
            System.setProperty(ModelOptions.BACKEND_PROPERTY, "gpu");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ModelOptions::defaults);
            assertTrue(e.getMessage().contains("tollgate.inference.backend") && e.getMessage().contains("'gpu'"), e.getMessage());
        } finally {
            System.clearProperty(ModelOptions.BACKEND_PROPERTY);
        }
    }

    private static boolean libraryOnLoaderPath(String name) {
        String env = System.getenv("LD_LIBRARY_PATH");
        List<String> dirs = new ArrayList<>(List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu", "/usr/local/cuda/lib64"));
        if (env != null) dirs.addAll(List.of(env.split(":")));
        return dirs.stream().filter(d -> !d.isBlank()).anyMatch(d -> Files.exists(Path.of(d, name)));
    }
}

package io.tollgate.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * llama.cu compiles for a GPU architecture with every kernel LlamaKernels looks up, checked with nvcc where the
 * CUDA toolkit's compiler is installed (a GPU is not needed). NVRTC, which compiles it at run time, takes the same
 * CUDA C++.
 */
class KernelSourceTest {

    @Test
    void theKernelsCompileForSm80(@TempDir Path dir) throws Exception {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        assumeTrue(Files.isExecutable(nvcc), "no CUDA compiler at " + nvcc + " (set CUDA_HOME)");
        Path source = dir.resolve("llama.cu");
        try (InputStream in = LlamaKernels.class.getResourceAsStream("llama.cu")) {
            Files.write(source, in.readAllBytes());
        }
        Path ptx = dir.resolve("llama.ptx");
        Process p = new ProcessBuilder(nvcc.toString(), "-arch=sm_80", "--fmad=false", "-ptx", source.toString(), "-o",
                ptx.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc did not finish");
        assertEquals(0, p.exitValue(), log);
        String code = Files.readString(ptx);
        for (String kernel : List.of("rms_norm", "add_bias", "rope", "store_kv", "attention", "swiglu")) {
            assertTrue(code.contains(".entry " + kernel + "("), kernel + " is not an unmangled entry point");
        }
    }
}

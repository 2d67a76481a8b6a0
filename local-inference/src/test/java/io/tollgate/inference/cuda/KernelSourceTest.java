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
 * Checks of llama.cu that need no GPU: it compiles for a GPU architecture with every kernel LlamaKernels looks up
 * (nvcc, where the CUDA toolkit's compiler is installed; NVRTC takes the same CUDA C++), and its kernels, run on the
 * CPU with one thread per CUDA thread ({@code src/test/cuda}), agree with the steps of the CPU forward pass.
 */
class KernelSourceTest {

    @Test
    void theKernelsAgreeWithTheCpuStepsWhenRunOnTheCpu(@TempDir Path dir) throws Exception {
        Path gxx = Path.of("/usr/bin/g++");
        assumeTrue(Files.isExecutable(gxx), "no C++ compiler at " + gxx);
        Path source = copyKernels(dir);
        Path binary = dir.resolve("kernel_check");
        Path harness = Path.of("src/test/cuda").toAbsolutePath();
        String log = run(gxx.toString(), "-std=c++20", "-O1", "-pthread", "-I", harness.toString(), "-I",
                source.getParent().toString(), harness.resolve("kernel_check.cpp").toString(), "-o", binary.toString());
        assumeTrue(!log.contains("barrier: No such file"), "this g++ has no C++20 <barrier>");
        String output = run(binary.toString());
        System.out.print(output);
        assertTrue(output.contains("all kernels agree"), output);
    }

    /** Runs a command; fails the test, with its output, when it exits with an error. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), command[0] + " did not finish");
        if (!log.contains("barrier: No such file")) assertEquals(0, p.exitValue(), log);
        return log;
    }

    private static Path copyKernels(Path dir) throws Exception {
        Path source = dir.resolve("llama.cu");
        try (InputStream in = LlamaKernels.class.getResourceAsStream("llama.cu")) {
            Files.write(source, in.readAllBytes());
        }
        return source;
    }

    @Test
    void theKernelsCompileForSm80(@TempDir Path dir) throws Exception {
        Path nvcc = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "nvcc");
        assumeTrue(Files.isExecutable(nvcc), "no CUDA compiler at " + nvcc + " (set CUDA_HOME)");
        Path source = copyKernels(dir);
        Path ptx = dir.resolve("llama.ptx");
        run(nvcc.toString(), "-arch=sm_80", "--fmad=false", "-ptx", source.toString(), "-o", ptx.toString());
        String code = Files.readString(ptx);
        for (String kernel : List.of("rms_norm", "add_bias", "rope", "store_kv", "attention", "swiglu")) {
            assertTrue(code.contains(".entry " + kernel + "("), kernel + " is not an unmangled entry point");
        }
    }
}

package io.tollgate.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {

    @Test
    void namesTheFirstMissingLibraryInTheOrderJCudaNeedsThem(@TempDir Path lib, @TempDir Path other) throws Exception {
        List<Path> dirs = List.of(other, lib);
        assertEquals("no CUDA driver (libcuda.so.1 not found on LD_LIBRARY_PATH or the loader's paths)",
                NativeLibraries.missing(NativeLibraries.LINUX_NEEDS, dirs));
        Files.createFile(lib.resolve("libcuda.so.1"));
        assertTrue(NativeLibraries.missing(NativeLibraries.LINUX_NEEDS, dirs).startsWith("no NVRTC of CUDA 12 "
                + "(the CUDA toolkit's runtime compiler) (libnvrtc.so.12 not found"));
        Files.createFile(other.resolve("libnvrtc.so.12"));
        assertTrue(NativeLibraries.missing(NativeLibraries.LINUX_NEEDS, dirs).startsWith("no cuBLAS of CUDA 12 "
                + "(libcublas.so.12 not found"));
        Files.createFile(lib.resolve("libcublas.so.12"));
        assertNull(NativeLibraries.missing(NativeLibraries.LINUX_NEEDS, dirs));
    }

    @Test
    void theJCudaJarsOnTheClassPathCarryThisPlatformsNatives() {
        String arch = System.getProperty("os.arch");
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        assumeTrue((os.startsWith("linux") || os.startsWith("windows")) && (arch.equals("amd64") || arch.equals("x86_64")),
                "JCuda 12.0.0 ships natives for Linux and Windows on x86-64 only; this is " + os + " " + arch);
        assertNull(NativeLibraries.missingJCudaNatives());
        assertTrue(NativeLibraries.class.getResource("/lib/" + NativeLibraries.jcudaLibrary("JCublas2")) != null,
                "the jcublas natives are on the class path");
        assertTrue(NativeLibraries.class.getResource("/lib/" + NativeLibraries.jcudaLibrary("JNvrtc")) != null,
                "the NVRTC bindings are on the class path");
    }

    @Test
    void theLoaderSearchPathIncludesLdLibraryPathAndTheSystemDirectories() {
        List<Path> path = NativeLibraries.searchPath();
        assertTrue(path.contains(Path.of("/usr/lib")), path::toString);
        String env = System.getenv("LD_LIBRARY_PATH");
        if (env != null && !env.isBlank()) assertTrue(path.contains(Path.of(env.split(":")[0])), path::toString);
    }
}

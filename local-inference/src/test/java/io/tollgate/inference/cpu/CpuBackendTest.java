package io.tollgate.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CpuBackendTest {

    /** Prints the backend a JVM chooses; run in a child JVM. */
    public static void main(String[] args) {
        try (CpuBackend cpu = CpuBackend.create(1, true)) {
            System.out.print(cpu.description());
        }
    }

    @Test
    void usesTheVectorApiWhenTheModuleIsAdded() {
        // surefire starts this JVM with --add-modules jdk.incubator.vector
        try (CpuBackend cpu = CpuBackend.create(2, true)) {
            assertEquals("cpu (Vector API, " + VectorKernels.bits() + "-bit, 2 threads)", cpu.description());
        }
    }

    @Test
    void fallsBackToScalarWithoutTheModuleAndSaysWhy() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CpuBackendTest.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("cpu (scalar: jdk.incubator.vector not added, 1 thread)", out);
    }
}

package io.tollgate.inference.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;
import jcuda.nvrtc.nvrtcResult;

/**
 * The kernels of {@code llama.cu}, compiled by NVRTC for the device at hand, and their launches. All run on the
 * default stream, in order with cuBLAS's products.
 */
final class LlamaKernels implements AutoCloseable {
    /** Threads per block; llama.cu's THREADS, a power of two for its reductions. */
    private static final int THREADS = 256;

    private final CUmodule module;
    private final CUfunction rmsNorm;
    private final CUfunction addBias;
    private final CUfunction rope;
    private final CUfunction storeKv;
    private final CUfunction attention;
    private final CUfunction swiglu;

    private LlamaKernels(CUmodule module) {
        this.module = module;
        rmsNorm = function("rms_norm");
        addBias = function("add_bias");
        rope = function("rope");
        storeKv = function("store_kv");
        attention = function("attention");
        swiglu = function("swiglu");
    }

    /** @throws CudaUnavailableException "NVRTC failed: ..." with the compiler's log */
    static LlamaKernels compile(int major, int minor) {
        String source = source();
        nvrtcProgram program = new nvrtcProgram();
        JNvrtc.setExceptionsEnabled(false); // a failed compile must hand back its log, not throw without it
        check(JNvrtc.nvrtcCreateProgram(program, source, "llama.cu", 0, null, null), "nvrtcCreateProgram", null);
        try {
            int wanted = major * 10 + minor;
            int target = bestArchitecture(wanted);
            // a CUBIN for the device's own architecture needs no JIT by the driver; else PTX for the newest it knows
            boolean cubin = target == wanted;
            String arch = (cubin ? "--gpu-architecture=sm_" : "--gpu-architecture=compute_") + target;
            int status = JNvrtc.nvrtcCompileProgram(program, 2, new String[] {arch, "--fmad=false"});
            check(status, "nvrtcCompileProgram " + arch, program);
            CUmodule module = new CUmodule();
            if (cubin) {
                long[] size = {0};
                check(JNvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize", program);
                byte[] image = new byte[Math.toIntExact(size[0])];
                check(JNvrtc.nvrtcGetCUBIN(program, image), "nvrtcGetCUBIN", program);
                cuModuleLoadData(module, image);
            } else {
                String[] ptx = {null};
                check(JNvrtc.nvrtcGetPTX(program, ptx), "nvrtcGetPTX", program);
                cuModuleLoadData(module, ptx[0]);
            }
            return new LlamaKernels(module);
        } finally {
            JNvrtc.nvrtcDestroyProgram(program);
        }
    }

    /** The device's architecture when NVRTC can target it, else the newest older one it can (as PTX). */
    private static int bestArchitecture(int wanted) {
        int[] count = {0};
        check(JNvrtc.nvrtcGetNumSupportedArchs(count), "nvrtcGetNumSupportedArchs", null);
        int[] archs = new int[count[0]];
        check(JNvrtc.nvrtcGetSupportedArchs(archs), "nvrtcGetSupportedArchs", null);
        return Arrays.stream(archs).filter(a -> a <= wanted).max()
                .orElseThrow(() -> new CudaUnavailableException("NVRTC failed: it targets none of the architectures up to "
                        + "sm_" + wanted + " (supports " + Arrays.toString(archs) + ")", null));
    }

    private static void check(int status, String call, nvrtcProgram program) {
        if (status == nvrtcResult.NVRTC_SUCCESS) return;
        String log = "";
        if (program != null) {
            long[] size = {0};
            String[] text = {""};
            if (JNvrtc.nvrtcGetProgramLogSize(program, size) == nvrtcResult.NVRTC_SUCCESS && size[0] > 1
                    && JNvrtc.nvrtcGetProgramLog(program, text) == nvrtcResult.NVRTC_SUCCESS) {
                log = ": " + String.join(" | ", text[0].strip().lines().limit(3).toList());
            }
        }
        throw new CudaUnavailableException("NVRTC failed: " + call + " returned "
                + nvrtcResult.stringFor(status) + log, null);
    }

    private static String source() {
        try (InputStream in = LlamaKernels.class.getResourceAsStream("llama.cu")) {
            if (in == null) throw new IllegalStateException("llama.cu is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CUfunction function(String name) {
        CUfunction f = new CUfunction();
        cuModuleGetFunction(f, module, name);
        return f;
    }

    private static void launch(CUfunction f, int blocksX, int blocksY, Pointer... arguments) {
        cuLaunchKernel(f, blocksX, blocksY, 1, THREADS, 1, 1, 0, null, Pointer.to(arguments), null);
    }

    private static int blocksFor(long elements) { return Math.toIntExact((elements + THREADS - 1) / THREADS); }

    private static Pointer of(CUdeviceptr p) { return Pointer.to(p); }

    private static Pointer of(int v) { return Pointer.to(new int[] {v}); }

    private static Pointer of(float v) { return Pointer.to(new float[] {v}); }

    /** {@code rows} rows of {@code n}: y = x / rms(x) * weight (y may be x). */
    void rmsNorm(CUdeviceptr x, CUdeviceptr weight, CUdeviceptr y, int rows, int n, float epsilon) {
        launch(rmsNorm, rows, 1, of(x), of(weight), of(y), of(n), of(epsilon));
    }

    void addBias(CUdeviceptr x, CUdeviceptr bias, int n, int rows) {
        launch(addBias, blocksFor((long) n * rows), 1, of(x), of(bias), of(n), of(n * rows));
    }

    /** Rotates {@code heads} heads of each of {@code rows} rows ({@code rowStride} floats apart) by its position. */
    void rope(CUdeviceptr v, CUdeviceptr positions, int rows, int heads, int headDim, int ropeDims, int rowStride,
              boolean halves, float freqBase) {
        launch(rope, rows, 1, of(v), of(positions), of(heads), of(headDim), of(ropeDims), of(rowStride),
                of(halves ? 1 : 0), of(freqBase));
    }

    void storeKv(CUdeviceptr k, CUdeviceptr v, RowTable table, int rows, int layer, int kvd) {
        launch(storeKv, rows, 1, of(k), of(v), of(table.keyCaches.pointer), of(table.valueCaches.pointer),
                of(table.capacities.pointer), of(table.positions.pointer), of(layer), of(kvd));
    }

    void attention(CUdeviceptr q, CUdeviceptr out, CUdeviceptr scores, RowTable table, int rows, int layer, int heads,
                   int group, int headDim, int kvd, int scoreStride, float scale) {
        launch(attention, heads, rows, of(q), of(out), of(scores), of(table.keyCaches.pointer),
                of(table.valueCaches.pointer), of(table.capacities.pointer), of(table.positions.pointer), of(layer),
                of(heads), of(group), of(headDim), of(kvd), of(scoreStride), of(scale));
    }

    void swiglu(CUdeviceptr gate, CUdeviceptr up, int n) {
        launch(swiglu, blocksFor(n), 1, of(gate), of(up), of(n));
    }

    @Override
    public void close() {
        cuModuleUnload(module);
    }
}

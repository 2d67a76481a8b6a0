package io.tollgate.inference.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

/**
 * The first CUDA device with its primary context (the one cuBLAS, through the CUDA runtime, also uses), a cuBLAS
 * handle and the compiled kernels. Every JCuda call throws on an error code.
 */
final class CudaDevice implements AutoCloseable {
    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    final cublasHandle cublas = new cublasHandle();
    final String name;
    final int computeMajor;
    final int computeMinor;
    final long totalMemory;
    /** Theoretical memory bandwidth in bytes/s: memory clock x bus width x 2 (double data rate). */
    final double peakBandwidth;
    LlamaKernels kernels;
    private boolean contextHeld;
    private boolean cublasHeld;
    private boolean closed;

    private CudaDevice() {
        JCudaDriver.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        cuInit(0);
        int[] count = {0};
        cuDeviceGetCount(count);
        if (count[0] == 0) throw new CudaUnavailableException("no CUDA device (the driver reports none)", null);
        cuDeviceGet(device, 0);
        byte[] nameBytes = new byte[256];
        cuDeviceGetName(nameBytes, nameBytes.length, device);
        int end = 0;
        while (end < nameBytes.length && nameBytes[end] != 0) end++;
        name = new String(nameBytes, 0, end, StandardCharsets.UTF_8);
        computeMajor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        computeMinor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        long[] memory = {0};
        cuDeviceTotalMem(memory, device);
        totalMemory = memory[0];
        double clockHz = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE) * 1000.0; // given in kHz
        double busBytes = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH) / 8.0;
        peakBandwidth = clockHz * busBytes * 2;
    }

    /**
     * Opens device 0, ready to run: context current on this thread, cuBLAS created, kernels compiled.
     *
     * @throws CudaUnavailableException saying why not (with nothing left allocated)
     */
    static CudaDevice open() {
        String missing = NativeLibraries.missing();
        if (missing != null) throw new CudaUnavailableException(missing, null);
        CudaDevice d = null;
        try {
            d = new CudaDevice();
            cuDevicePrimaryCtxRetain(d.context, d.device);
            d.contextHeld = true;
            cuCtxSetCurrent(d.context);
            d.kernels = LlamaKernels.compile(d.computeMajor, d.computeMinor);
            JCublas2.cublasCreate(d.cublas);
            d.cublasHeld = true;
            return d;
        } catch (CudaUnavailableException e) {
            if (d != null) d.close();
            throw e;
        } catch (Throwable t) {
            if (d != null) d.close();
            throw new CudaUnavailableException(oneLine(t), t);
        }
    }

    /** The driver's context is per thread: the engine may call the model from another thread than loaded it. */
    void makeCurrent() { cuCtxSetCurrent(context); }

    /** E.g. "NVIDIA H100 80GB HBM3, compute 9.0, 79.1 GiB, 3352 GB/s". */
    String description() {
        return String.format("%s, compute %d.%d, %.1f GiB, %.0f GB/s", name, computeMajor, computeMinor,
                totalMemory / (double) (1L << 30), peakBandwidth / 1e9);
    }

    private int attribute(int which) {
        int[] v = {0};
        cuDeviceGetAttribute(v, which, device);
        return v[0];
    }

    /** The start of a failure's message on one line, or its class when it has none. */
    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        String line = String.join(" ", m.strip().lines().limit(3).toList());
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            if (contextHeld) makeCurrent();
            if (kernels != null) kernels.close();
            if (cublasHeld) JCublas2.cublasDestroy(cublas);
        } finally {
            if (contextHeld) cuDevicePrimaryCtxRelease(device);
        }
    }
}

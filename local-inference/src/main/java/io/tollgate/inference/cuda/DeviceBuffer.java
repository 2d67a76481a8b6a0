package io.tollgate.inference.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/** One allocation of device memory; freed once, by {@link #close()}, with the owner's context current. */
final class DeviceBuffer implements AutoCloseable {
    final Address pointer = new Address();
    final long bytes;
    private boolean freed;

    private DeviceBuffer(long bytes) {
        this.bytes = bytes;
        cuMemAlloc(pointer, Math.max(bytes, 4)); // a zero-byte request is an error in CUDA
    }

    static DeviceBuffer allocate(long bytes) { return new DeviceBuffer(bytes); }

    static DeviceBuffer floats(long count) { return new DeviceBuffer(count * Sizeof.FLOAT); }

    static DeviceBuffer of(float[] values) {
        DeviceBuffer b = floats(values.length);
        b.upload(values, values.length);
        return b;
    }

    void upload(float[] values, int count) {
        cuMemcpyHtoD(pointer, Pointer.to(values), (long) count * Sizeof.FLOAT);
    }

    void upload(int[] values, int count) {
        cuMemcpyHtoD(pointer, Pointer.to(values), (long) count * Sizeof.INT);
    }

    void upload(long[] values, int count) {
        cuMemcpyHtoD(pointer, Pointer.to(values), (long) count * Sizeof.LONG);
    }

    /** Copies {@code count} floats from the start of the buffer; waits for the work queued before it. */
    void download(float[] into, int count) {
        cuMemcpyDtoH(Pointer.to(into), pointer, (long) count * Sizeof.FLOAT);
    }

    /** The device address {@code floatIndex} floats in. */
    CUdeviceptr at(long floatIndex) { return pointer.withByteOffset(floatIndex * Sizeof.FLOAT); }

    /** The raw device address, as kernels take it in arrays of pointers. */
    long address() { return pointer.value(); }

    /** A device pointer that tells its address (JCuda keeps it protected). */
    static final class Address extends CUdeviceptr {
        long value() { return getNativePointer() + getByteOffset(); }
    }

    @Override
    public void close() {
        if (freed) return;
        freed = true;
        cuMemFree(pointer);
    }
}

package io.tollgate.inference.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;

import io.tollgate.inference.model.PositionedCache;
import java.lang.ref.Cleaner;
import jcuda.Sizeof;

/**
 * One sequence's keys and values in device memory, {@code [layer][position][kvDimension]}. Its memory is freed by
 * {@link #close()}, else once the cache is unreachable (GPU memory pressure does not run the GC, so owners close),
 * or when its model closes: all three run the model's one free of that memory, which happens once.
 */
final class CudaCache extends PositionedCache {
    final DeviceBuffer keys;
    final DeviceBuffer values;
    private final CudaLlamaModel model;
    private final int layers;
    private final int kvDimension;
    private final Cleaner.Cleanable memory;

    /** {@code free} gives back {@code keys} and {@code values}; it must not refer to this cache. */
    CudaCache(CudaLlamaModel owner, DeviceBuffer keys, DeviceBuffer values, Runnable free, int layers,
              int kvDimension, int capacity) {
        super(owner, capacity);
        this.model = owner;
        this.keys = keys;
        this.values = values;
        this.layers = layers;
        this.kvDimension = kvDimension;
        this.memory = Unreachable.CLEANER.register(this, free);
    }

    /** Runs the free now and unregisters it from the cleaner. */
    @Override
    protected void release() {
        memory.clean();
    }

    /** Holds the cleaner's thread, started only once a cache exists. */
    private static final class Unreachable {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** Device-to-device copies, one per layer for keys and for values (the two caches' capacities may differ). */
    @Override
    protected void copyPositions(PositionedCache other, int prefix) {
        CudaCache from = (CudaCache) other;
        int capacity = capacity();
        model.makeCurrent();
        long bytes = (long) prefix * kvDimension * Sizeof.FLOAT;
        for (int l = 0; l < layers; l++) {
            cuMemcpyDtoD(keys.at((long) l * capacity * kvDimension),
                    from.keys.at((long) l * from.capacity() * kvDimension), bytes);
            cuMemcpyDtoD(values.at((long) l * capacity * kvDimension),
                    from.values.at((long) l * from.capacity() * kvDimension), bytes);
        }
    }
}

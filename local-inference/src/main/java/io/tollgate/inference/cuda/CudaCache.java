package io.tollgate.inference.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;

import io.tollgate.inference.model.PositionedCache;
import jcuda.Sizeof;

/**
 * One sequence's keys and values in device memory, {@code [layer][position][kvDimension]}. Its memory is freed when
 * the cache becomes unreachable (the engine drops caches without closing them) or when its model closes.
 */
final class CudaCache extends PositionedCache {
    final DeviceBuffer keys;
    final DeviceBuffer values;
    private final CudaLlamaModel model;
    private final int layers;
    private final int kvDimension;

    CudaCache(CudaLlamaModel owner, DeviceBuffer keys, DeviceBuffer values, int layers, int kvDimension, int capacity) {
        super(owner, capacity);
        this.model = owner;
        this.keys = keys;
        this.values = values;
        this.layers = layers;
        this.kvDimension = kvDimension;
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

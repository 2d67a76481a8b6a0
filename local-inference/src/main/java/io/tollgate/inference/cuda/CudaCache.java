package io.tollgate.inference.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;

import io.tollgate.inference.model.KvCache;
import jcuda.Sizeof;

/**
 * One sequence's keys and values in device memory, {@code [layer][position][kvDimension]}. Its memory is freed when
 * the cache becomes unreachable (the engine drops caches without closing them) or when its model closes.
 */
final class CudaCache implements KvCache {
    final CudaLlamaModel owner;
    final DeviceBuffer keys;
    final DeviceBuffer values;
    private final int layers;
    private final int kvDimension;
    private final int capacity;
    private int length;

    CudaCache(CudaLlamaModel owner, DeviceBuffer keys, DeviceBuffer values, int layers, int kvDimension, int capacity) {
        this.owner = owner;
        this.keys = keys;
        this.values = values;
        this.layers = layers;
        this.kvDimension = kvDimension;
        this.capacity = capacity;
    }

    @Override public int length() { return length; }

    @Override public int capacity() { return capacity; }

    /** Called once a forward pass has written positions up to {@code newLength}. */
    void grow(int newLength) { length = newLength; }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " positions to " + newLength);
        }
        length = newLength;
    }

    /** Device-to-device copies, one per layer for keys and for values (the two caches' capacities may differ). */
    @Override
    public void copyPrefixFrom(KvCache other, int prefix) {
        if (!(other instanceof CudaCache from) || from.owner != owner) {
            throw new IllegalArgumentException("the cache belongs to another model");
        }
        if (prefix < 0 || prefix > from.length || prefix > capacity) {
            throw new IllegalArgumentException("cannot copy " + prefix + " positions from a cache of " + from.length
                    + " into one of capacity " + capacity);
        }
        if (from != this && prefix > 0) {
            owner.makeCurrent();
            long bytes = (long) prefix * kvDimension * Sizeof.FLOAT;
            for (int l = 0; l < layers; l++) {
                cuMemcpyDtoD(keys.at((long) l * capacity * kvDimension), from.keys.at((long) l * from.capacity * kvDimension),
                        bytes);
                cuMemcpyDtoD(values.at((long) l * capacity * kvDimension),
                        from.values.at((long) l * from.capacity * kvDimension), bytes);
            }
        }
        length = prefix;
    }
}

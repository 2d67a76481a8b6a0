package io.tollgate.inference.cuda;

/**
 * Per row of a forward pass, on the device: its position, and the cache it writes and reads (keys and values base
 * addresses, capacity), so one kernel launch serves rows of different sequences.
 */
final class RowTable implements AutoCloseable {
    final int rows;
    final DeviceBuffer positions;
    final DeviceBuffer capacities;
    final DeviceBuffer keyCaches;
    final DeviceBuffer valueCaches;

    RowTable(int rows) {
        this.rows = rows;
        positions = DeviceBuffer.allocate(4L * rows);
        capacities = DeviceBuffer.allocate(4L * rows);
        keyCaches = DeviceBuffer.allocate(8L * rows);
        valueCaches = DeviceBuffer.allocate(8L * rows);
    }

    /** Row t is {@code caches[t]} at {@code positions[t]}. */
    void fill(CudaCache[] caches, int[] positionsOfRows) {
        int n = caches.length;
        int[] capacity = new int[n];
        long[] keys = new long[n];
        long[] values = new long[n];
        for (int t = 0; t < n; t++) {
            capacity[t] = caches[t].capacity();
            keys[t] = caches[t].keys.address();
            values[t] = caches[t].values.address();
        }
        positions.upload(positionsOfRows, n);
        capacities.upload(capacity, n);
        keyCaches.upload(keys, n);
        valueCaches.upload(values, n);
    }

    @Override
    public void close() {
        positions.close();
        capacities.close();
        keyCaches.close();
        valueCaches.close();
    }
}

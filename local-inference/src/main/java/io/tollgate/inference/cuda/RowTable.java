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
        DeviceBuffer[] made = new DeviceBuffer[4];
        try {
            made[0] = DeviceBuffer.allocate(4L * rows);
            made[1] = DeviceBuffer.allocate(4L * rows);
            made[2] = DeviceBuffer.allocate(8L * rows);
            made[3] = DeviceBuffer.allocate(8L * rows);
        } catch (RuntimeException e) {
            // out of device memory part way: give back what was allocated
            for (DeviceBuffer b : made) if (b != null) b.close();
            throw e;
        }
        positions = made[0];
        capacities = made[1];
        keyCaches = made[2];
        valueCaches = made[3];
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

package io.tollgate.inference.cuda;

/** A linear layer's weights on the device as F32, {@code rows x columns}, row r contiguous (as GGUF lays it out). */
record DeviceMatrix(DeviceBuffer data, int rows, int columns) {
    long bytes() { return data.bytes; }
}

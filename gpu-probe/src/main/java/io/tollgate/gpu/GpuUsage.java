package io.tollgate.gpu;

/**
 * One request's share of a GPU.
 *
 * @param gpuSeconds the request's share of wall time on the device: each moment counts 1/k while k requests run on it
 * @param energyJoules the device's energy over the request, shared the same way; NaN when the device reports neither energy nor power
 * @param deviceModel the device's name, e.g. {@code NVIDIA H100 80GB HBM3}; null when unknown
 */
public record GpuUsage(double gpuSeconds, double energyJoules, String deviceModel) {}

package io.tollgate.core.record;

/**
 * What an in-process inference call used, for the ledger's {@code local} object and the engine's span.
 *
 * @param engine the engine that ran it ({@code tollgate-local-inference}, {@code jlama})
 * @param backend where it ran, as the engine says ({@code cpu (Vector API, 256-bit)}, {@code cuda})
 * @param device the GPU model when a GPU ran it, else null
 * @param reusedTokens prompt tokens whose keys and values came from the prefix cache (also the usage's cache reads)
 * @param timePerOutputTokenMs decode time over the output tokens after the first; null with fewer than two
 * @param gpuSeconds this call's share of GPU busy time; null when no GPU was used or none could be measured
 * @param energyJoules this call's share of the GPU's energy; null when unmeasured
 * @param computeCost CPU- or GPU-time cost in USD; null when no rate is configured
 * @param energyCost energy cost in USD; null when no energy price is configured or energy is unmeasured
 */
public record LocalInference(
    String engine,
    String backend,
    String device,
    boolean cacheHit,
    long reusedTokens,
    double queuedMs,
    double prefillMs,
    double decodeMs,
    Double timePerOutputTokenMs,
    double cpuSeconds,
    Double gpuSeconds,
    Double energyJoules,
    double meanBatchSize,
    Double computeCost,
    Double energyCost) {}

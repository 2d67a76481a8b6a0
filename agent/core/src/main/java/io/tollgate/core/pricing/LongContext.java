package io.tollgate.core.pricing;

/**
 * The rates for a request whose input (cache reads and writes included) is above a threshold. All
 * or nothing: every token of such a request, output included, is billed at these rates.
 */
public record LongContext(long aboveInputTokens, Rates rates) {}

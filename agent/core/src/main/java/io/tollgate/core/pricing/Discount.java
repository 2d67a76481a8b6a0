package io.tollgate.core.pricing;

/**
 * A negotiated discount from the override file: a multiplier on every amount of a provider's calls,
 * or of one model's ({@code model} null for the whole provider). A model's discount beats its
 * provider's.
 */
public record Discount(String providerFamily, String model, double multiplier) {}

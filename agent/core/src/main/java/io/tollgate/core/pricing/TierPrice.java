package io.tollgate.core.pricing;

/**
 * The price of a service tier (batch, flex, priority): either a multiplier of the rates that would
 * otherwise apply, or rates of its own. Exactly one of the two is set.
 */
public record TierPrice(Double multiplier, Rates rates) {}

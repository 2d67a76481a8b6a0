package io.tollgate.core.budget;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the engine knows about a request before it is sent.
 *
 * @param pricingFamily catalog family of the provider ({@code openai}, {@code anthropic})
 * @param model requested model; null when the request did not say
 * @param inputTokensBound a cheap upper bound of the prompt's tokens (the body's length in bytes)
 * @param exactInputTokens counts the prompt with the tokenizer; null when the provider has no public one
 * @param maxOutputTokens from the request; null when it set none
 * @param attributes scope attributes: resource, request attribution, {@code provider}, {@code model}
 */
public record CallFacts(
    String pricingFamily,
    String model,
    long inputTokensBound,
    LongSupplier exactInputTokens,
    Long maxOutputTokens,
    Map<String, String> attributes) {}

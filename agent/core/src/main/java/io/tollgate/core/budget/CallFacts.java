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
 * @param choices answers the request asks for, each up to {@code maxOutputTokens} (OpenAI's {@code n}): at least 1
 * @param attributes scope attributes: resource, request attribution, {@code provider}, {@code model}
 * @param selfHosted a server the user runs (a provider configured {@code self-hosted}): its calls cost nothing at an
 *     API's prices (their cost is on the serving side's own record), so USD limits count them at $0, token limits
 *     as they are, and the catalog is not asked even when the model's name is in it
 */
public record CallFacts(
    String pricingFamily,
    String model,
    long inputTokensBound,
    LongSupplier exactInputTokens,
    Long maxOutputTokens,
    int choices,
    Map<String, String> attributes,
    boolean selfHosted) {}

package io.tollgate.core.wire;

/**
 * @param name the {@code gen_ai.operation.name} ({@code chat}, {@code embeddings}, ...)
 * @param api the provider API it came through ({@code chat.completions}, {@code responses}, {@code messages})
 */
public record Operation(String name, String api) {}

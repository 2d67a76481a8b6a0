package io.tollgate.core.wire;

/**
 * @param name the {@code gen_ai.operation.name} ({@code chat}, {@code embeddings}, ...)
 * @param api the provider API it came through ({@code chat.completions}, {@code responses}, {@code messages})
 * @param streamed whether the endpoint itself streams (Gemini's {@code streamGenerateContent}), whatever the body says
 */
public record Operation(String name, String api, boolean streamed) {

  /** An operation whose request body says whether it streams. */
  public Operation(String name, String api) {
    this(name, api, false);
  }
}

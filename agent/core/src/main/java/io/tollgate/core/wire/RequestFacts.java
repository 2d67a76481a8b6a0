package io.tollgate.core.wire;

/**
 * What a request says about the call it starts; any field may be null when the request did not say.
 *
 * @param choices how many answers it asks for (OpenAI's {@code n}, Gemini's {@code candidateCount}), each up to
 *     {@code maxOutputTokens}: 1 when it did not say
 */
public record RequestFacts(
    String model,
    Long maxOutputTokens,
    boolean stream,
    Boolean includeUsage,
    String serviceTier,
    Double temperature,
    Double topP,
    Long seed,
    int choices) {

  /** A request for one answer. */
  public RequestFacts(String model, Long maxOutputTokens, boolean stream, Boolean includeUsage, String serviceTier,
      Double temperature, Double topP, Long seed) {
    this(model, maxOutputTokens, stream, includeUsage, serviceTier, temperature, topP, seed, 1);
  }

  /** The same request as sent after a budget changed it; null arguments keep the field. */
  public RequestFacts withChanges(String newModel, Long newMaxOutputTokens) {
    return new RequestFacts(newModel != null ? newModel : model, newMaxOutputTokens != null ? newMaxOutputTokens : maxOutputTokens,
        stream, includeUsage, serviceTier, temperature, topP, seed, choices);
  }

  public static final RequestFacts UNKNOWN = new RequestFacts(null, null, false, null, null, null, null, null);
}

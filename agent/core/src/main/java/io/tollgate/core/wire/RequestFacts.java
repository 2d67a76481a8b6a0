package io.tollgate.core.wire;

/** What a request says about the call it starts; any field may be null when the request did not say. */
public record RequestFacts(
    String model,
    Long maxOutputTokens,
    boolean stream,
    Boolean includeUsage,
    String serviceTier,
    Double temperature,
    Double topP,
    Long seed) {

  /** The same request as sent after a budget changed it; null arguments keep the field. */
  public RequestFacts withChanges(String newModel, Long newMaxOutputTokens) {
    return new RequestFacts(newModel != null ? newModel : model, newMaxOutputTokens != null ? newMaxOutputTokens : maxOutputTokens,
        stream, includeUsage, serviceTier, temperature, topP, seed);
  }

  public static final RequestFacts UNKNOWN = new RequestFacts(null, null, false, null, null, null, null, null);
}

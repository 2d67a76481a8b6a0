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

  public static final RequestFacts UNKNOWN = new RequestFacts(null, null, false, null, null, null, null, null);
}

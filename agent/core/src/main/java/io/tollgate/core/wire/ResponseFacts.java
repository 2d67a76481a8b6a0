package io.tollgate.core.wire;

import io.tollgate.core.usage.Usage;
import java.util.List;

/** What a response says; {@code usage} is null when the response carried none. */
public record ResponseFacts(
    String id,
    String model,
    Usage usage,
    List<String> finishReasons,
    String errorType,
    String errorMessage,
    String serviceTier) {

  public static final ResponseFacts NONE = new ResponseFacts(null, null, null, List.of(), null, null, null);
}

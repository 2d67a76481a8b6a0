package io.tollgate.core.wire;

import io.tollgate.core.usage.Usage;
import java.util.List;

/**
 * What a response says; {@code usage} is null when the response carried none.
 *
 * @param outputSoFar the usage's output count is only what the provider had counted when its stream stopped (an
 *     Anthropic stream cut before its final {@code message_delta}): its input and cache counts are final, its output
 *     is not
 */
public record ResponseFacts(
    String id,
    String model,
    Usage usage,
    List<String> finishReasons,
    String errorType,
    String errorMessage,
    String serviceTier,
    boolean outputSoFar) {

  public static final ResponseFacts NONE = new ResponseFacts(null, null, null, List.of(), null, null, null);

  /** Facts whose usage, when there is one, is final. */
  public ResponseFacts(String id, String model, Usage usage, List<String> finishReasons, String errorType,
      String errorMessage, String serviceTier) {
    this(id, model, usage, finishReasons, errorType, errorMessage, serviceTier, false);
  }
}

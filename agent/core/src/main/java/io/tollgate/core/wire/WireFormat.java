package io.tollgate.core.wire;

import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;

/** How one family of LLM APIs (OpenAI, Anthropic, ...) puts model, limits and usage on the wire. */
public interface WireFormat {

  /** Short id used in configuration ({@code tollgate.providers.<id>...}) and as the pricing family. */
  String id();

  /** The operation behind a request path relative to the API base ({@code /chat/completions}); null when the call is not billable. */
  Operation operation(String method, String relativePath);

  /** A model the request path names (Gemini's {@code models/gemini-2.5-flash:generateContent}), or null. */
  default String modelFromPath(String relativePath) {
    return null;
  }

  JsonPaths requestPaths();

  RequestFacts readRequest(JsonLeaves request);

  JsonPaths responsePaths(Operation operation);

  ResponseFacts readResponse(Operation operation, JsonLeaves response);

  /** The text a request sends to the model, for estimating its input tokens when no usage comes back. */
  default io.tollgate.core.estimate.TokenEstimator.PromptText promptText(Operation operation, byte[] requestBody) {
    return io.tollgate.core.estimate.TokenEstimator.PromptText.NONE;
  }

  /**
   * For a streamed request that did not ask for usage: the body asking for it, or null when this
   * format cannot or need not. {@link #requestedUsageIn} then finds what that changed in the stream.
   */
  default byte[] withUsageRequested(Operation operation, RequestFacts request, byte[] body) {
    return null;
  }

  /** {@link #requestedUsageIn}: the event is as it would have been without the usage request. */
  long KEEP_EVENT = -1;
  /** {@link #requestedUsageIn}: the usage request added the whole event. */
  long DROP_EVENT = -2;

  /**
   * What the usage request changed in one whole SSE event, {@code stream}[start, end) (the stream's bytes one char
   * per byte, so that searches run on {@link String#indexOf}; it runs for every event): {@link #KEEP_EVENT},
   * {@link #DROP_EVENT}, or the span of characters it added, as {@code (long) from << 32 | to}.
   */
  default long requestedUsageIn(String stream, int start, int end) {
    return KEEP_EVENT;
  }

  /**
   * The body with its max output tokens set to {@code max} (added when the request had none), for
   * budget guards and clamps; null when this operation has no such limit or the body cannot be edited.
   */
  default byte[] withMaxOutputTokens(Operation operation, byte[] body, long max) {
    return null;
  }

  /** The body asking for {@code model} instead (a budget's downgrade); null when the model is not in the body. */
  default byte[] withModel(Operation operation, byte[] body, String model) {
    return null;
  }

  /** A reader for one streamed response of this operation. */
  StreamAccumulator newStream(Operation operation);
}

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
   * format cannot or need not. {@link #isInjectedEvent} then tells the extra event apart.
   */
  default byte[] withUsageRequested(Operation operation, RequestFacts request, byte[] body) {
    return null;
  }

  /** Whether a whole SSE event (its raw bytes) is the one a usage request added. */
  default boolean isInjectedEvent(byte[] event, int length) {
    return false;
  }

  /** A reader for one streamed response of this operation. */
  StreamAccumulator newStream(Operation operation);
}

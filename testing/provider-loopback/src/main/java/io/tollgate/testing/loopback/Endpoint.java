package io.tollgate.testing.loopback;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The provider paths the loopback server generates bodies for. */
enum Endpoint {
  CHAT_COMPLETIONS(ProviderLoopbackServer.CHAT_COMPLETIONS, false, OpenAiChat.DEFAULT_MODEL,
      OpenAiChat::completion, OpenAiChat::chunks),
  RESPONSES(ProviderLoopbackServer.RESPONSES, false, OpenAiResponses.DEFAULT_MODEL,
      OpenAiResponses::response, OpenAiResponses::events),
  EMBEDDINGS(ProviderLoopbackServer.EMBEDDINGS, false, OpenAiEmbeddings.DEFAULT_MODEL,
      OpenAiEmbeddings::embeddings, null),
  MESSAGES(ProviderLoopbackServer.MESSAGES, true, AnthropicMessages.DEFAULT_MODEL,
      AnthropicMessages::message, AnthropicMessages::events);

  final String path;
  final boolean anthropic;
  final String defaultModel;
  final Function<Generation, Map<String, Object>> body;
  /** Null where the API has no streaming form. */
  final Function<Generation, List<SseEvent>> stream;

  Endpoint(String path, boolean anthropic, String defaultModel,
      Function<Generation, Map<String, Object>> body, Function<Generation, List<SseEvent>> stream) {
    this.path = path;
    this.anthropic = anthropic;
    this.defaultModel = defaultModel;
    this.body = body;
    this.stream = stream;
  }

  static Endpoint forPath(String path) {
    for (Endpoint endpoint : values()) {
      if (endpoint.path.equals(path)) {
        return endpoint;
      }
    }
    return null;
  }

  /** Which error shape a path gets, known endpoint or not. */
  static boolean anthropicShaped(String path) {
    return path.startsWith("/v1/messages") || path.equals("/v1/complete");
  }
}

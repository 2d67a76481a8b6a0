package io.tollgate.sample.local;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.tollgate.inference.engine.EngineOptions;
import io.tollgate.inference.engine.InferenceEngine;
import io.tollgate.inference.engine.LocalEngines;
import io.tollgate.inference.model.ModelOptions;
import io.tollgate.inference.server.OpenAiServer;

/**
 * A plain openai-java application that knows nothing of Tollgate. It serves a small generated model (random
 * weights, a real BPE vocabulary) in-process behind an OpenAI-compatible server on 127.0.0.1, then calls it like
 * any hosted API: no network, no API key, a few seconds on a laptop CPU. Run it with the agent attached and the
 * agent prints, at exit, what each call used and cost.
 */
public final class LocalChatDemo {
  private static final String SUPPORT_POLICY = "You are the support assistant of an online shoe shop. "
      + "Customers may return unworn shoes within 30 days of delivery for a full refund. "
      + "Refunds go back to the original payment method within five working days. "
      + "Shipping costs are refunded only when the shoes arrived damaged or were not what was ordered. "
      + "Answer in one short sentence.";

  private LocalChatDemo() {}

  public static void main(String[] args) throws Exception {
    int port = args.length >= 2 && "--port".equals(args[0]) ? Integer.parseInt(args[1]) : 18080;
    try (InferenceEngine engine = LocalEngines.generated(LocalEngines.demoSpec(), ModelOptions.defaults(),
            EngineOptions.defaults());
        OpenAiServer server = OpenAiServer.start(engine, port)) {
      String model = engine.modelInfo().name();
      String baseUrl = "http://127.0.0.1:" + server.port() + "/v1";
      System.out.println("In-process model " + model + " served at " + baseUrl
          + " (random weights: its answers read as noise)");
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("not-needed").build();

      ChatCompletion first = client.chat().completions().create(question(model, "Can I return shoes after 40 days?", 1));
      System.out.println("plain:    " + oneLine(first.choices().get(0).message().content().orElse("")));

      // the same system prompt again: the engine reuses its KV cache for that prefix
      StringBuilder streamed = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream =
          client.chat().completions().createStreaming(question(model, "Do you refund the shipping costs?", 2))) {
        stream.stream().flatMap(chunk -> chunk.choices().stream())
            .forEach(choice -> choice.delta().content().ifPresent(streamed::append));
      }
      System.out.println("streamed: " + oneLine(streamed.toString()));

      ChatCompletion third = client.chat().completions().create(question(model, "How long does a refund take?", 3));
      System.out.println("plain:    " + oneLine(third.choices().get(0).message().content().orElse("")));
    }
  }

  private static ChatCompletionCreateParams question(String model, String question, long seed) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage(SUPPORT_POLICY)
        .addUserMessage(question).maxCompletionTokens(24).temperature(0.8).seed(seed).build();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }
}

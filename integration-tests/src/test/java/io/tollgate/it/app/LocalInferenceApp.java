package io.tollgate.it.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.tollgate.inference.engine.EngineOptions;
import io.tollgate.inference.engine.InferenceEngine;
import io.tollgate.inference.engine.LocalEngines;
import io.tollgate.inference.model.ModelOptions;
import io.tollgate.inference.server.OpenAiServer;

/**
 * An application serving a generated model in-process behind the OpenAI-compatible server, called through
 * openai-java: two calls that share a long system prompt (the second reuses its prefix), on the base URL
 * given as args[0]'s port.
 */
public final class LocalInferenceApp {
  private LocalInferenceApp() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    try (InferenceEngine engine = LocalEngines.generated(LocalEngines.demoSpec(), ModelOptions.defaults(),
            EngineOptions.defaults());
        OpenAiServer server = OpenAiServer.start(engine, port)) {
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.port() + "/v1")
          .apiKey("local").maxRetries(0).build();
      String system = "You answer questions about the refund policy. ".repeat(6);
      for (String question : new String[] {"Can I return shoes?", "Can I return a hat?"}) {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model(engine.modelInfo().name()).addSystemMessage(system).addUserMessage(question)
            .maxCompletionTokens(12).temperature(0.0).build());
        System.out.println("RESULT ok " + c.usage().get().completionTokens() + " tokens");
      }
    }
  }
}

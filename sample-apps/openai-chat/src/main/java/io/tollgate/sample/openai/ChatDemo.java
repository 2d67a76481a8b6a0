package io.tollgate.sample.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import io.tollgate.testing.loopback.ProviderLoopbackServer;
import io.tollgate.testing.loopback.UsagePlan;

/**
 * A plain openai-java application: it knows nothing of Tollgate. It talks to an embedded endpoint
 * that speaks OpenAI's wire format on 127.0.0.1, so it needs no network and no API key. Run it with
 * the agent attached and the agent prints what each call cost when the JVM exits.
 */
public final class ChatDemo {
  private ChatDemo() {}

  public static void main(String[] args) {
    int port = args.length >= 2 && "--port".equals(args[0]) ? Integer.parseInt(args[1]) : 18080;
    try (ProviderLoopbackServer endpoint = ProviderLoopbackServer.start(port, 4)) {
      OpenAIClient client = OpenAIOkHttpClient.builder()
          .baseUrl(endpoint.openAiBaseUrl())
          .apiKey("demo-key-not-a-secret")
          .build();
      System.out.println("Embedded OpenAI-format endpoint: " + endpoint.openAiBaseUrl());

      endpoint.usagePlan(UsagePlan.of(420, 96));
      ChatCompletion chat = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage("Summarise our refund policy in one line.").build());
      System.out.println("chat (gpt-4o-mini):            " + chat.choices().get(0).message().content().orElse(""));

      endpoint.usagePlan(UsagePlan.of(5200, 180).withCachedTokens(4096));
      ChatCompletion cached = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o").addSystemMessage("You are a support agent. <long policy document>")
          .addUserMessage("Can I return shoes after 40 days?").build());
      System.out.println("chat, cached prompt (gpt-4o):  " + cached.choices().get(0).message().content().orElse(""));

      endpoint.usagePlan(UsagePlan.of(900, 650).withReasoningTokens(400));
      Response response = client.responses().create(ResponseCreateParams.builder()
          .model("o4-mini").input("Plan a three-step migration of our billing service.").build());
      System.out.println("responses (o4-mini):           " + response.id());

      endpoint.usagePlan(UsagePlan.of(64, 0));
      CreateEmbeddingResponse embedding = client.embeddings().create(EmbeddingCreateParams.builder()
          .model("text-embedding-3-small").input("refund policy").build());
      System.out.println("embeddings (text-embedding-3-small): " + embedding.data().size() + " vector");

      endpoint.usagePlan(UsagePlan.of(300, 40));
      ChatCompletion custom = client.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("acme-finetune-v2").addUserMessage("Hello").build());
      System.out.println("chat (acme-finetune-v2, not in the price catalog): " + custom.id());
    }
  }
}

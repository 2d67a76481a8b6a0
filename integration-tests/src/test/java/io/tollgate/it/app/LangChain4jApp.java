package io.tollgate.it.app;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary LangChain4j application (default JDK HttpClient transport, no Tollgate code): runs
 * the named scenarios against a loopback base URL, one {@code RESULT name outcome} line each.
 */
public final class LangChain4jApp {
  private final String baseUrl;

  private LangChain4jApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) {
    LangChain4jApp app = new LangChain4jApp(args[0]);
    for (int i = 1; i < args.length; i++) {
      String outcome;
      try {
        outcome = "ok " + app.run(args[i]);
      } catch (Throwable t) {
        outcome = "threw " + t;
      }
      System.out.println("RESULT " + args[i] + " " + outcome);
    }
    System.exit(0);
  }

  String run(String scenario) throws Exception {
    return switch (scenario) {
      case "chat" -> {
        ChatResponse r = OpenAiChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("test-key")
            .modelName("gpt-4o-mini").build().chat(dev.langchain4j.data.message.UserMessage.from("Summarise the policy."));
        yield r.tokenUsage().inputTokenCount() + " in " + r.tokenUsage().outputTokenCount() + " out: " + r.aiMessage().text();
      }
      case "stream" -> stream(openAiStreaming(), Integer.MAX_VALUE);
      case "stream-cancel" -> stream(openAiStreaming(), 3);
      case "anthropic-stream" -> stream(AnthropicStreamingChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("test-key")
          .modelName("claude-sonnet-4-5").maxTokens(1024).build(), Integer.MAX_VALUE);
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  private OpenAiStreamingChatModel openAiStreaming() {
    return OpenAiStreamingChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("test-key").modelName("gpt-4o-mini").build();
  }

  /** Streams a reply; after {@code cancelAfter} partial responses the application cancels the stream. */
  private static String stream(StreamingChatModel model, int cancelAfter) throws Exception {
    StringBuilder text = new StringBuilder();
    CompletableFuture<String> done = new CompletableFuture<>();
    model.chat("Stream please.", new StreamingChatResponseHandler() {
      int partials;

      @Override
      public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        text.append(partial.text());
        if (++partials == cancelAfter) {
          context.streamingHandle().cancel();
          done.complete("cancelled after " + partials + " partials: " + text);
        }
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(partials + " partials, " + response.tokenUsage().inputTokenCount() + " in "
            + response.tokenUsage().outputTokenCount() + " out: " + text);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }
}

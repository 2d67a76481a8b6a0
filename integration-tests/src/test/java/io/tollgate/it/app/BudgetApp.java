package io.tollgate.it.app;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.tollgate.api.BudgetExceededException;
import io.tollgate.api.Tollgate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application whose LLM calls run into budgets: it prints one {@code RESULT ...} line per step
 * so the test can see what the application saw (the SDK's exception, how long it took).
 */
public final class BudgetApp {
  private final OpenAIClient openai;
  private final AnthropicClient anthropic;
  private final String baseUrl;

  private BudgetApp(String baseUrl) {
    this.baseUrl = baseUrl;
    openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("test-key").maxRetries(2).build();
    anthropic = AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey("test-key").maxRetries(2).build();
  }

  public static void main(String[] args) throws Exception {
    BudgetApp app = new BudgetApp(args[0]);
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.out.println("UNCAUGHT on " + thread.getName() + ": " + e));
    for (int i = 1; i < args.length; i++) {
      String[] step = args[i].split(":");
      switch (step[0]) {
        case "concurrent" -> app.concurrent(Integer.parseInt(step[1]), Integer.parseInt(step[2]));
        case "openai" -> app.repeat(step, "openai", () -> app.chat("gpt-4o", 200));
        case "anthropic" -> app.repeat(step, "anthropic", app::message);
        case "openai-async" -> app.timed("openai-async", app::chatAsync);
        case "okhttp-enqueue" -> app.timed("okhttp-enqueue", app::enqueue);
        case "langchain4j" -> {
          dev.langchain4j.model.openai.OpenAiChatModel model = dev.langchain4j.model.openai.OpenAiChatModel.builder()
              .baseUrl(args[0] + "/v1").apiKey("test-key").modelName("gpt-4o").maxTokens(200).build();
          app.repeat(step, "langchain4j", () -> model.chat("hello"));
        }
        case "clamp" -> app.timed("clamp", () -> app.chat("gpt-4o", 4000));
        case "downgrade" -> app.timed("downgrade", () -> app.chat("gpt-4o", 200));
        case "team" -> {
          try (Tollgate.Scope s = Tollgate.with("team", step[1])) {
            app.timed("team-" + step[1], () -> app.chat("gpt-4o", 200));
          }
        }
        case "mdc" -> {
          org.slf4j.MDC.put("team", step[1]);
          app.timed("mdc-" + step[1], () -> app.chat("gpt-4o", 200));
          org.slf4j.MDC.remove("team");
        }
        case "baggage" -> {
          try (io.opentelemetry.context.Scope s = io.opentelemetry.api.baggage.Baggage.current().toBuilder()
              .put("tenant", step[1]).build().makeCurrent()) {
            app.timed("baggage-" + step[1], () -> app.chat("gpt-4o", 200));
          }
        }
        case "load" -> app.loadUntilKilled(Integer.parseInt(step[1]));
        default -> throw new IllegalArgumentException(step[0]);
      }
    }
    System.exit(0);
  }

  private String chat(String model, long maxTokens) {
    return openai.chat().completions().create(ChatCompletionCreateParams.builder()
        .model(model).maxCompletionTokens(maxTokens).addUserMessage("hello").build()).id();
  }

  /** The async client's future, its failure unwrapped as the application would. */
  private String chatAsync() throws Exception {
    try {
      return openai.async().chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o").maxCompletionTokens(200).addUserMessage("hello").build()).join().id();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** A plain OkHttp call enqueued: what its callback was told. */
  private String enqueue() throws Exception {
    java.util.concurrent.CompletableFuture<String> told = new java.util.concurrent.CompletableFuture<>();
    String json = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    new okhttp3.OkHttpClient().newCall(new okhttp3.Request.Builder().url(baseUrl + "/v1/chat/completions")
        .post(okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json"))).build())
        .enqueue(new okhttp3.Callback() {
          @Override
          public void onFailure(okhttp3.Call call, java.io.IOException e) {
            told.complete("onFailure " + e);
          }

          @Override
          public void onResponse(okhttp3.Call call, okhttp3.Response response) {
            response.close();
            told.complete("onResponse " + response.code());
          }
        });
    return told.get(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  private String message() {
    return anthropic.messages().create(MessageCreateParams.builder()
        .model("claude-sonnet-4-5").maxTokens(200).addUserMessage("hello").build()).id();
  }

  /** {@code openai} runs one call, {@code openai:20} twenty in a row. */
  private void repeat(String[] step, String name, java.util.concurrent.Callable<String> call) {
    int times = step.length > 1 ? Integer.parseInt(step[1]) : 1;
    for (int i = 0; i < times; i++) {
      timed(name, call);
    }
  }

  private void timed(String name, java.util.concurrent.Callable<String> call) {
    long start = System.nanoTime();
    String outcome;
    try {
      outcome = "ok " + call.call();
    } catch (BudgetExceededException e) {
      outcome = "budget-exception budget=" + e.budget() + " " + e.getMessage();
    } catch (Exception e) {
      outcome = "threw " + e.getClass().getName() + ": " + e.getMessage();
    }
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf(java.util.Locale.ROOT, "RESULT %s %.3fms %s%n", name, ms, outcome.replace('\n', ' '));
  }

  private void concurrent(int threads, int callsEach) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger blocked = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < callsEach; i++) {
          try {
            chat("gpt-4o", 200);
            ok.incrementAndGet();
          } catch (com.openai.errors.RateLimitException e) {
            (String.valueOf(e.getMessage()).contains("budget_exceeded") || String.valueOf(e.getMessage()).contains("Tollgate budget")
                ? blocked : other).incrementAndGet();
          } catch (RuntimeException e) {
            other.incrementAndGet();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    System.out.println("RESULT concurrent ok=" + ok + " blocked=" + blocked + " other=" + other);
  }

  private void loadUntilKilled(int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.submit(() -> {
        while (true) {
          try {
            chat("gpt-4o", 200);
          } catch (RuntimeException e) {
            // blocked or failed: keep the load on until the test kills this JVM
          }
        }
      });
    }
    System.out.println("RESULT load started");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

package io.tollgate.testing.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProviderLoopbackServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static ProviderLoopbackServer server;

  @BeforeAll
  static void startServer() {
    server = ProviderLoopbackServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void resetServer() {
    server.reset();
  }

  private static HttpResponse<String> post(String path, String json) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer sk-test")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return MAPPER.readTree(response.body());
  }

  @Test
  void bindsLoopbackOnEphemeralPort() {
    assertTrue(server.port() > 0);
    assertEquals("http://127.0.0.1:" + server.port(), server.baseUrl());
    assertEquals(server.baseUrl() + "/v1", server.openAiBaseUrl());
  }

  @Test
  void chatCompletionCarriesPlannedUsageAndEchoesModel() throws Exception {
    server.usagePlan(UsagePlan.of(100, 20).withCachedTokens(40).withReasoningTokens(7));

    HttpResponse<String> response = post(ProviderLoopbackServer.CHAT_COMPLETIONS,
        "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
    assertTrue(response.headers().firstValue("x-request-id").isPresent());
    JsonNode body = json(response);
    assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
    assertEquals("chat.completion", body.get("object").asText());
    assertTrue(body.get("created").asLong() > 1_700_000_000L);
    assertEquals("gpt-4.1-mini", body.get("model").asText());
    JsonNode choice = body.get("choices").get(0);
    assertEquals("assistant", choice.at("/message/role").asText());
    assertEquals("Hello from the loopback server.", choice.at("/message/content").asText());
    assertEquals("stop", choice.get("finish_reason").asText());
    JsonNode usage = body.get("usage");
    assertEquals(100, usage.get("prompt_tokens").asLong());
    assertEquals(20, usage.get("completion_tokens").asLong());
    assertEquals(120, usage.get("total_tokens").asLong());
    assertEquals(40, usage.at("/prompt_tokens_details/cached_tokens").asLong());
    assertEquals(0, usage.at("/prompt_tokens_details/cache_write_tokens").asLong());
    assertEquals(7, usage.at("/completion_tokens_details/reasoning_tokens").asLong());
  }

  @Test
  void defaultPlanIsTwelvePromptFiveCompletion() throws Exception {
    JsonNode usage = json(post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\"}")).get("usage");
    assertEquals(12, usage.get("prompt_tokens").asLong());
    assertEquals(5, usage.get("completion_tokens").asLong());
    assertEquals(0, usage.at("/prompt_tokens_details/cached_tokens").asLong());
    assertEquals(0, usage.at("/completion_tokens_details/reasoning_tokens").asLong());
  }

  @Test
  void chatHonoursNAndServiceTier() throws Exception {
    JsonNode body = json(post(ProviderLoopbackServer.CHAT_COMPLETIONS,
        "{\"model\":\"gpt-4o\",\"n\":3,\"service_tier\":\"flex\"}"));
    assertEquals(3, body.get("choices").size());
    assertEquals("flex", body.get("service_tier").asText());
  }

  @Test
  void responsesCarriesPlannedUsage() throws Exception {
    server.usagePlan(UsagePlan.of(300, 50).withCachedTokens(100).withCacheWriteTokens(60).withReasoningTokens(30));

    HttpResponse<String> response = post(ProviderLoopbackServer.RESPONSES, "{\"model\":\"o4-mini\",\"input\":\"hi\"}");

    assertEquals(200, response.statusCode());
    JsonNode body = json(response);
    assertTrue(body.get("id").asText().startsWith("resp_"));
    assertEquals("response", body.get("object").asText());
    assertEquals("completed", body.get("status").asText());
    assertEquals("o4-mini", body.get("model").asText());
    assertEquals("output_text", body.at("/output/0/content/0/type").asText());
    assertEquals("Hello from the loopback server.", body.at("/output/0/content/0/text").asText());
    JsonNode usage = body.get("usage");
    assertEquals(300, usage.get("input_tokens").asLong());
    assertEquals(100, usage.at("/input_tokens_details/cached_tokens").asLong());
    assertEquals(60, usage.at("/input_tokens_details/cache_write_tokens").asLong());
    assertEquals(50, usage.get("output_tokens").asLong());
    assertEquals(30, usage.at("/output_tokens_details/reasoning_tokens").asLong());
    assertEquals(350, usage.get("total_tokens").asLong());
  }

  @Test
  void streamingResponsesEndsWithCompletedEventCarryingUsage() throws Exception {
    server.usagePlan(UsagePlan.of(30, 9));
    HttpResponse<String> response = post(ProviderLoopbackServer.RESPONSES,
        "{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"stream\":true}");

    assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
    List<SseParsing> events = SseParsing.parse(response.body());
    assertEquals("response.created", events.get(0).event());
    SseParsing last = events.get(events.size() - 1);
    assertEquals("response.completed", last.event());
    JsonNode completed = MAPPER.readTree(last.data());
    assertEquals(30, completed.at("/response/usage/input_tokens").asLong());
    assertEquals(9, completed.at("/response/usage/output_tokens").asLong());
    for (int i = 0; i < events.size(); i++) {
      JsonNode data = MAPPER.readTree(events.get(i).data());
      assertEquals(events.get(i).event(), data.get("type").asText());
      assertEquals(i, data.get("sequence_number").asInt());
    }
  }

  @Test
  void embeddingsReturnOneVectorPerInputAndPromptOnlyUsage() throws Exception {
    server.usagePlan(UsagePlan.of(9, 0));

    JsonNode body = json(post(ProviderLoopbackServer.EMBEDDINGS,
        "{\"model\":\"text-embedding-3-large\",\"input\":[\"a\",\"b\",\"c\"]}"));

    assertEquals("list", body.get("object").asText());
    assertEquals("text-embedding-3-large", body.get("model").asText());
    assertEquals(3, body.get("data").size());
    for (int i = 0; i < 3; i++) {
      JsonNode item = body.get("data").get(i);
      assertEquals("embedding", item.get("object").asText());
      assertEquals(i, item.get("index").asInt());
      assertEquals(8, item.get("embedding").size());
      assertTrue(item.get("embedding").get(0).isNumber());
    }
    assertEquals(9, body.at("/usage/prompt_tokens").asLong());
    assertEquals(9, body.at("/usage/total_tokens").asLong());
    assertFalse(body.get("usage").has("completion_tokens"));
  }

  @Test
  void embeddingsAnswerBase64WhenAsked() throws Exception {
    JsonNode body = json(post(ProviderLoopbackServer.EMBEDDINGS,
        "{\"model\":\"text-embedding-3-small\",\"input\":\"one\",\"encoding_format\":\"base64\",\"dimensions\":4}"));

    assertEquals(1, body.get("data").size());
    byte[] bytes = Base64.getDecoder().decode(body.at("/data/0/embedding").asText());
    assertEquals(4 * Float.BYTES, bytes.length);
    float first = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    assertTrue(Math.abs(first) <= 0.25f);
  }

  @Test
  void messagesCarryPlannedAnthropicUsage() throws Exception {
    server.usagePlan(UsagePlan.of(40, 11).withCacheReadInputTokens(1000)
        .withCacheCreation5mInputTokens(200).withCacheCreation1hInputTokens(300));

    HttpResponse<String> response = post(ProviderLoopbackServer.MESSAGES,
        "{\"model\":\"claude-opus-4-1\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("request-id").isPresent());
    JsonNode body = json(response);
    assertTrue(body.get("id").asText().startsWith("msg_"));
    assertEquals("message", body.get("type").asText());
    assertEquals("assistant", body.get("role").asText());
    assertEquals("claude-opus-4-1", body.get("model").asText());
    assertEquals("text", body.at("/content/0/type").asText());
    assertEquals("end_turn", body.get("stop_reason").asText());
    JsonNode usage = body.get("usage");
    assertEquals(40, usage.get("input_tokens").asLong());
    assertEquals(11, usage.get("output_tokens").asLong());
    assertEquals(1000, usage.get("cache_read_input_tokens").asLong());
    assertEquals(500, usage.get("cache_creation_input_tokens").asLong());
    assertEquals(200, usage.at("/cache_creation/ephemeral_5m_input_tokens").asLong());
    assertEquals(300, usage.at("/cache_creation/ephemeral_1h_input_tokens").asLong());
  }

  @Test
  void streamingMessagesSendNamedEventsWithCumulativeOutputUsage() throws Exception {
    server.usagePlan(UsagePlan.of(25, 15).withCacheReadInputTokens(5));

    HttpResponse<String> response = post(ProviderLoopbackServer.MESSAGES,
        "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":[]}");

    assertEquals(200, response.statusCode());
    List<SseParsing> events = SseParsing.parse(response.body());
    List<String> names = events.stream().map(SseParsing::event).toList();
    assertEquals("message_start", names.get(0));
    assertEquals("content_block_start", names.get(1));
    assertTrue(names.contains("content_block_delta"));
    assertEquals(List.of("content_block_stop", "message_delta", "message_stop"),
        names.subList(names.size() - 3, names.size()));
    JsonNode start = MAPPER.readTree(events.get(0).data());
    assertEquals("claude-haiku-4-5", start.at("/message/model").asText());
    assertEquals(25, start.at("/message/usage/input_tokens").asLong());
    assertEquals(5, start.at("/message/usage/cache_read_input_tokens").asLong());
    assertEquals(1, start.at("/message/usage/output_tokens").asLong());
    JsonNode delta = MAPPER.readTree(events.get(events.size() - 2).data());
    assertEquals("end_turn", delta.at("/delta/stop_reason").asText());
    assertEquals(15, delta.at("/usage/output_tokens").asLong());
    for (SseParsing event : events) {
      assertEquals(event.event(), MAPPER.readTree(event.data()).get("type").asText());
    }
  }

  @Test
  void streamingChatWithoutIncludeUsageHasNoUsage() throws Exception {
    HttpResponse<String> response = post(ProviderLoopbackServer.CHAT_COMPLETIONS,
        "{\"model\":\"gpt-4o\",\"stream\":true}");

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
    List<SseParsing> events = SseParsing.parse(response.body());
    assertEquals("[DONE]", events.get(events.size() - 1).data());
    StringBuilder text = new StringBuilder();
    for (SseParsing event : events.subList(0, events.size() - 1)) {
      assertEquals(null, event.event());
      JsonNode chunk = MAPPER.readTree(event.data());
      assertEquals("chat.completion.chunk", chunk.get("object").asText());
      assertEquals("gpt-4o", chunk.get("model").asText());
      assertFalse(chunk.has("usage"), "no usage field without include_usage");
      assertEquals(1, chunk.get("choices").size());
      text.append(chunk.at("/choices/0/delta/content").asText(""));
    }
    assertEquals("Hello from the loopback server.", text.toString());
    JsonNode lastChunk = MAPPER.readTree(events.get(events.size() - 2).data());
    assertEquals("stop", lastChunk.at("/choices/0/finish_reason").asText());
  }

  @Test
  void streamingChatWithIncludeUsageAddsUsageChunkBeforeDone() throws Exception {
    server.usagePlan(UsagePlan.of(70, 8).withCachedTokens(64));

    HttpResponse<String> response = post(ProviderLoopbackServer.CHAT_COMPLETIONS,
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

    List<SseParsing> events = SseParsing.parse(response.body());
    assertEquals("[DONE]", events.get(events.size() - 1).data());
    JsonNode usageChunk = MAPPER.readTree(events.get(events.size() - 2).data());
    assertEquals(0, usageChunk.get("choices").size());
    assertEquals(70, usageChunk.at("/usage/prompt_tokens").asLong());
    assertEquals(8, usageChunk.at("/usage/completion_tokens").asLong());
    assertEquals(64, usageChunk.at("/usage/prompt_tokens_details/cached_tokens").asLong());
    for (SseParsing event : events.subList(0, events.size() - 2)) {
      JsonNode chunk = MAPPER.readTree(event.data());
      assertTrue(chunk.get("usage").isNull(), "earlier chunks carry usage:null");
      assertEquals(1, chunk.get("choices").size());
    }
  }

  @Test
  void truncatedStreamStopsWithoutUsageOrDone() throws Exception {
    server.script(ProviderLoopbackServer.CHAT_COMPLETIONS, Reply.ok().truncateStreamAfter(3));

    HttpResponse<String> response = post(ProviderLoopbackServer.CHAT_COMPLETIONS,
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

    List<SseParsing> events = SseParsing.parse(response.body());
    assertEquals(3, events.size());
    assertFalse(response.body().contains("[DONE]"));
    assertFalse(response.body().contains("prompt_tokens"));
  }

  @Test
  void scripted500ThenDefault200() throws Exception {
    String error = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    server.script(ProviderLoopbackServer.CHAT_COMPLETIONS,
        Reply.status(500).jsonBody(error).header("x-should-retry", "false"));
    assertEquals(1, server.pendingScripts(ProviderLoopbackServer.CHAT_COMPLETIONS));

    HttpResponse<String> first = post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\"}");
    HttpResponse<String> second = post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{\"model\":\"gpt-4o\"}");

    assertEquals(500, first.statusCode());
    assertEquals(error, first.body());
    assertEquals("false", first.headers().firstValue("x-should-retry").orElseThrow());
    assertEquals(200, second.statusCode());
    assertEquals("chat.completion", json(second).get("object").asText());
    assertFalse(second.headers().firstValue("x-should-retry").isPresent());
    assertEquals(0, server.pendingScripts(ProviderLoopbackServer.CHAT_COMPLETIONS));
  }

  @Test
  void scriptedRepliesAreConsumedInOrderPerPath() throws Exception {
    server.script(ProviderLoopbackServer.MESSAGES, Reply.status(529), Reply.status(429), Reply.ok().model("claude-x"));

    assertEquals(200, post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{}").statusCode(), "other paths unaffected");
    assertEquals(529, post(ProviderLoopbackServer.MESSAGES, "{}").statusCode());
    assertEquals(429, post(ProviderLoopbackServer.MESSAGES, "{}").statusCode());
    HttpResponse<String> third = post(ProviderLoopbackServer.MESSAGES, "{\"model\":\"claude-sonnet-4-5\"}");
    assertEquals("claude-x", json(third).get("model").asText());
    assertEquals("claude-sonnet-4-5",
        json(post(ProviderLoopbackServer.MESSAGES, "{\"model\":\"claude-sonnet-4-5\"}")).get("model").asText());
  }

  @Test
  void statusWithoutBodyUsesEachProvidersErrorShape() throws Exception {
    server.script(ProviderLoopbackServer.CHAT_COMPLETIONS, Reply.status(429));
    server.script(ProviderLoopbackServer.MESSAGES, Reply.status(529));

    JsonNode openAi = json(post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{}"));
    JsonNode anthropic = json(post(ProviderLoopbackServer.MESSAGES, "{}"));

    assertTrue(openAi.at("/error/message").isTextual());
    assertEquals("rate_limit_exceeded", openAi.at("/error/code").asText());
    assertTrue(openAi.get("error").has("type"));
    assertTrue(openAi.get("error").has("param"));
    assertEquals("error", anthropic.get("type").asText());
    assertEquals("overloaded_error", anthropic.at("/error/type").asText());
    assertTrue(anthropic.at("/error/message").isTextual());
  }

  @Test
  void replyUsageOverridesThePlanOnce() throws Exception {
    server.script(ProviderLoopbackServer.CHAT_COMPLETIONS, Reply.ok().usage(UsagePlan.of(1000, 1)));

    assertEquals(1000, json(post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{}")).at("/usage/prompt_tokens").asLong());
    assertEquals(12, json(post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{}")).at("/usage/prompt_tokens").asLong());
  }

  @Test
  void unknownPathIs404WithJsonError() throws Exception {
    HttpResponse<String> response = post("/v1/nope", "{}");

    assertEquals(404, response.statusCode());
    assertTrue(json(response).at("/error/message").asText().contains("/v1/nope"));
  }

  @Test
  void wrongMethodIs405AndMalformedJsonIs400() throws Exception {
    HttpResponse<String> get = CLIENT.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + ProviderLoopbackServer.CHAT_COMPLETIONS)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());

    HttpResponse<String> bad = post(ProviderLoopbackServer.MESSAGES, "{not json");
    assertEquals(400, bad.statusCode());
    assertEquals("invalid_request_error", json(bad).at("/error/type").asText());
  }

  @Test
  void countsAndKeepsReceivedRequests() throws Exception {
    post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{\"model\":\"a\"}");
    post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{\"model\":\"b\"}");
    post(ProviderLoopbackServer.MESSAGES, "{\"model\":\"c\"}");
    post("/v1/unknown", "{}");

    assertEquals(4, server.requestCount());
    assertEquals(2, server.requestCount(ProviderLoopbackServer.CHAT_COMPLETIONS));
    assertEquals(1, server.requestCount(ProviderLoopbackServer.MESSAGES));
    assertEquals(1, server.requestCount("/v1/unknown"));
    assertEquals(0, server.requestCount(ProviderLoopbackServer.EMBEDDINGS));
    List<ReceivedRequest> received = server.receivedRequests();
    assertEquals(4, received.size());
    ReceivedRequest first = received.get(0);
    assertEquals("POST", first.method());
    assertEquals(ProviderLoopbackServer.CHAT_COMPLETIONS, first.path());
    assertEquals("{\"model\":\"a\"}", first.body());
    assertEquals("Bearer sk-test", first.header("Authorization"));
    assertEquals(2, server.receivedRequests(ProviderLoopbackServer.CHAT_COMPLETIONS).size());

    server.reset();
    assertEquals(0, server.requestCount());
    assertTrue(server.receivedRequests().isEmpty());
    assertEquals(UsagePlan.defaults(), server.usagePlan());
  }

  @Test
  void countsExactlyUnderConcurrentLoad() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        results.add(pool.submit(() -> post(ProviderLoopbackServer.EMBEDDINGS, "{\"input\":\"x\"}").statusCode()));
      }
      for (Future<Integer> result : results) {
        assertEquals(200, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(200, server.requestCount(ProviderLoopbackServer.EMBEDDINGS));
    assertEquals(200, server.receivedRequests().size());
  }

  @Test
  void delayedReplyWaitsBeforeAnswering() throws Exception {
    server.script(ProviderLoopbackServer.CHAT_COMPLETIONS, Reply.ok().delay(Duration.ofMillis(200)));
    long start = System.nanoTime();
    assertNotNull(json(post(ProviderLoopbackServer.CHAT_COMPLETIONS, "{}")).get("usage"));
    assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
  }

  private static final String GEMINI_REQUEST = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

  @Test
  void geminiGenerateContentNamesTheModelFromThePath() throws Exception {
    server.usagePlan(UsagePlan.of(500, 60).withCachedTokens(256).withReasoningTokens(20));
    HttpResponse<String> response = post(ProviderLoopbackServer.geminiGenerate("gemini-2.5-flash"), GEMINI_REQUEST);
    assertEquals(200, response.statusCode());
    JsonNode body = json(response);
    assertEquals("gemini-2.5-flash", body.get("modelVersion").asText());
    assertEquals("STOP", body.at("/candidates/0/finishReason").asText());
    assertEquals("Hello from the loopback server.", body.at("/candidates/0/content/parts/0/text").asText());
    JsonNode usage = body.get("usageMetadata");
    assertEquals(500, usage.get("promptTokenCount").asInt());
    assertEquals(256, usage.get("cachedContentTokenCount").asInt());
    assertEquals(40, usage.get("candidatesTokenCount").asInt(), "the completion less its thoughts");
    assertEquals(20, usage.get("thoughtsTokenCount").asInt());
    assertEquals(560, usage.get("totalTokenCount").asInt());
  }

  @Test
  void geminiStreamsAsSseOrAsAJsonArray() throws Exception {
    server.usagePlan(UsagePlan.of(30, 12));
    HttpResponse<String> sse = post(ProviderLoopbackServer.geminiStream("gemini-2.5-pro") + "?alt=sse", GEMINI_REQUEST);
    assertTrue(sse.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
    List<SseParsing> events = SseParsing.parse(sse.body());
    JsonNode last = MAPPER.readTree(events.get(events.size() - 1).data());
    assertEquals(12, last.at("/usageMetadata/candidatesTokenCount").asInt());
    assertEquals("STOP", last.at("/candidates/0/finishReason").asText());
    assertTrue(MAPPER.readTree(events.get(0).data()).at("/usageMetadata/candidatesTokenCount").asInt() < 12,
        "earlier chunks carry the running total");

    HttpResponse<String> array = post(ProviderLoopbackServer.geminiStream("gemini-2.5-pro"), GEMINI_REQUEST);
    assertTrue(array.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
    JsonNode elements = MAPPER.readTree(array.body());
    assertEquals(events.size(), elements.size());
    assertEquals(12, elements.get(elements.size() - 1).at("/usageMetadata/candidatesTokenCount").asInt());
  }

  @Test
  void geminiErrorsInGooglesShape() throws Exception {
    server.script(ProviderLoopbackServer.geminiGenerate("gemini-2.5-flash"), Reply.status(429));
    HttpResponse<String> response = post(ProviderLoopbackServer.geminiGenerate("gemini-2.5-flash"), GEMINI_REQUEST);
    assertEquals(429, response.statusCode());
    assertEquals("RESOURCE_EXHAUSTED", json(response).at("/error/status").asText());
    assertEquals(429, json(response).at("/error/code").asInt());
  }
}

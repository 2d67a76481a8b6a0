package io.tollgate.instrumentation.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.WireFormat;
import io.tollgate.instrumentation.wire.anthropic.AnthropicWireFormat;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Payloads as the providers' API references show them. */
class WireFormatsTest {
  private final WireFormat openai = new OpenAiWireFormat();
  private final WireFormat anthropic = new AnthropicWireFormat();

  private static ResponseFacts response(WireFormat f, Operation op, String json) {
    JsonLeafCollector c = JsonLeafCollector.parse(f.responsePaths(op), json.getBytes(StandardCharsets.UTF_8));
    assertNull(c.failure());
    return f.readResponse(op, c.leaves());
  }

  private static RequestFacts request(WireFormat f, String json) {
    return f.readRequest(JsonLeafCollector.parse(f.requestPaths(), json.getBytes(StandardCharsets.UTF_8)).leaves());
  }

  @Test
  void openAiChatCompletionWithCachedAndReasoningTokens() {
    ResponseFacts r = response(openai, OpenAiWireFormat.CHAT_COMPLETIONS, """
        {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
         "model":"o3-2025-04-16","choices":[{"index":0,"message":{"role":"assistant","content":"..."},
         "logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163,
           "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},
           "completion_tokens_details":{"reasoning_tokens":32,"audio_tokens":0,
             "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
         "service_tier":"default","system_fingerprint":null}""");
    assertEquals(new Usage(1117, 46, 1024, 0, 0, 32), r.usage());
    assertEquals("o3-2025-04-16", r.model());
    assertEquals(List.of("stop"), r.finishReasons());
    assertEquals("default", r.serviceTier());
  }

  @Test
  void openAiResponsesApi() {
    ResponseFacts r = response(openai, OpenAiWireFormat.RESPONSES, """
        {"id":"resp_67ccd3a9da748190","object":"response","created_at":1741476777,"status":"completed",
         "model":"gpt-4.1-2025-04-14","output":[{"type":"message","id":"msg_1","status":"completed",
         "role":"assistant","content":[{"type":"output_text","text":"...","annotations":[]}]}],
         "usage":{"input_tokens":328,"input_tokens_details":{"cached_tokens":0},"output_tokens":52,
           "output_tokens_details":{"reasoning_tokens":0},"total_tokens":380}}""");
    assertEquals(new Usage(328, 52, 0, 0, 0, 0), r.usage());
    assertEquals(List.of("completed"), r.finishReasons());
  }

  @Test
  void openAiEmbeddingsHaveNoOutput() {
    ResponseFacts r = response(openai, OpenAiWireFormat.EMBEDDINGS, """
        {"object":"list","data":[{"object":"embedding","embedding":[0.0023064255,-0.009327292,-0.0028842222],"index":0}],
         "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}""");
    assertEquals(new Usage(8, 0, 0, 0, 0, 0), r.usage());
  }

  @Test
  void openAiErrorAndDeepSeekCacheHits() {
    ResponseFacts err = response(openai, OpenAiWireFormat.CHAT_COMPLETIONS, """
        {"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""");
    assertNull(err.usage());
    assertEquals("insufficient_quota", err.errorType());
    ResponseFacts deepseek = response(openai, OpenAiWireFormat.CHAT_COMPLETIONS, """
        {"id":"x","model":"deepseek-chat","choices":[],"usage":{"prompt_tokens":100,"completion_tokens":10,
         "total_tokens":110,"prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}""");
    assertEquals(64, deepseek.usage().cacheReadInputTokens());
  }

  @Test
  void openAiRequestFacts() {
    RequestFacts f = request(openai, """
        {"model":"gpt-4o","messages":[{"role":"user","content":"max_tokens inside content is ignored"}],
         "max_completion_tokens":256,"stream":true,"stream_options":{"include_usage":true},
         "service_tier":"flex","temperature":0.2,"top_p":0.9,"seed":7}""");
    assertEquals(new RequestFacts("gpt-4o", 256L, true, true, "flex", 0.2, 0.9, 7L), f);
    assertEquals(1, f.choices());
    assertEquals(8, request(openai, "{\"model\":\"gpt-4o-mini\",\"n\":8,\"max_completion_tokens\":1000}").choices(),
        "n answers, each up to the max: the budget's worst case counts them all");
    assertEquals("chat.completions", openai.operation("POST", "/chat/completions").api());
    assertNull(openai.operation("GET", "/chat/completions"));
    assertNull(openai.operation("POST", "/files"));
  }

  @Test
  void anthropicInputIncludesCacheReadsAndWrites() {
    ResponseFacts r = response(anthropic, AnthropicWireFormat.MESSAGES, """
        {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
         "usage":{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":1000,
           "cache_creation":{"ephemeral_5m_input_tokens":188000,"ephemeral_1h_input_tokens":86},
           "output_tokens":393,"service_tier":"standard"}}""");
    Usage u = r.usage();
    assertEquals(21 + 188086 + 1000, u.inputTokens());
    assertEquals(1000, u.cacheReadInputTokens());
    assertEquals(188000, u.cacheWrite5mInputTokens());
    assertEquals(86, u.cacheWrite1hInputTokens());
    assertEquals(21, u.uncachedInputTokens());
    assertEquals(393, u.outputTokens());
    assertEquals(List.of("end_turn"), r.finishReasons());
  }

  @Test
  void anthropicCacheWritesWithoutTtlSplitAreFiveMinuteWrites() {
    ResponseFacts r = response(anthropic, AnthropicWireFormat.MESSAGES, """
        {"id":"m","type":"message","model":"claude-3-5-haiku-20241022","content":[],
         "usage":{"input_tokens":10,"cache_creation_input_tokens":500,"cache_read_input_tokens":0,"output_tokens":5}}""");
    assertEquals(500, r.usage().cacheWrite5mInputTokens());
    assertEquals(0, r.usage().cacheWrite1hInputTokens());
  }

  @Test
  void anthropicErrorAndRequest() {
    ResponseFacts err = response(anthropic, AnthropicWireFormat.MESSAGES, """
        {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
    assertEquals("overloaded_error", err.errorType());
    assertNull(err.usage());
    RequestFacts f = request(anthropic, """
        {"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""");
    assertEquals("claude-sonnet-4-5", f.model());
    assertEquals(1024L, f.maxOutputTokens());
    assertFalse(f.stream());
    assertNull(anthropic.operation("POST", "/messages/count_tokens"), "count_tokens is free");
    assertTrue(anthropic.operation("POST", "/messages") != null);
  }
}

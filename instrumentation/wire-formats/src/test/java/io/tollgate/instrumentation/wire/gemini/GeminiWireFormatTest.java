package io.tollgate.instrumentation.wire.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.JsonArrayEventReader;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.SseEventReader;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.core.wire.StreamEventReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** GenerateContent payloads as the Gemini API and Vertex AI references show them. */
class GeminiWireFormatTest {
  private final GeminiWireFormat gemini = new GeminiWireFormat();

  private ResponseFacts response(String json) {
    JsonLeafCollector c = JsonLeafCollector.parse(gemini.responsePaths(GeminiWireFormat.GENERATE),
        json.getBytes(StandardCharsets.UTF_8));
    assertNull(c.failure());
    return gemini.readResponse(GeminiWireFormat.GENERATE, c.leaves());
  }

  /** Feeds the body in 7-byte pieces, as a transport might. */
  private StreamAccumulator stream(Function<StreamAccumulator, StreamEventReader> framing, String body) {
    StreamAccumulator acc = gemini.newStream(GeminiWireFormat.STREAM_GENERATE);
    StreamEventReader reader = framing.apply(acc);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += 7) {
      reader.feed(bytes, i, Math.min(7, bytes.length - i), System.nanoTime());
    }
    reader.finish();
    return acc;
  }

  @Test
  void pathsNameTheOperationAndTheModel() {
    assertEquals(GeminiWireFormat.GENERATE, gemini.operation("POST", "/v1beta/models/gemini-2.5-flash:generateContent"));
    assertEquals(GeminiWireFormat.STREAM_GENERATE, gemini.operation("POST", "/v1beta/models/gemini-2.5-flash:streamGenerateContent"));
    assertTrue(GeminiWireFormat.STREAM_GENERATE.streamed());
    assertEquals("gemini-2.5-flash", gemini.modelFromPath("/v1beta/models/gemini-2.5-flash:generateContent"));
    String vertex = "/v1/projects/acme/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent";
    assertEquals(GeminiWireFormat.STREAM_GENERATE, gemini.operation("POST", vertex));
    assertEquals("gemini-2.5-pro", gemini.modelFromPath(vertex));
    assertEquals("my-tuned-1", gemini.modelFromPath("/v1beta/tunedModels/my-tuned-1:generateContent"));
    assertNull(gemini.operation("POST", "/v1beta/models/gemini-2.5-flash:countTokens"), "free");
    assertNull(gemini.operation("POST", "/v1beta/models/gemini-embedding-001:embedContent"), "no usage in the response");
    assertNull(gemini.operation("GET", "/v1beta/models/gemini-2.5-flash:generateContent"));
    assertNull(gemini.operation("POST", "/v1beta/files/abc:generateContent"), "not a model");
    assertNull(gemini.operation("POST", "/v1beta/models/:generateContent"));
    assertNull(gemini.operation("POST", "/v1beta/models"));
  }

  @Test
  void requestLimitsComeFromGenerationConfig() {
    RequestFacts r = gemini.readRequest(JsonLeafCollector.parse(gemini.requestPaths(), """
        {"contents":[{"role":"user","parts":[{"text":"Hi"}]}],
         "generationConfig":{"maxOutputTokens":800,"temperature":0.2,"topP":0.9,"seed":7}}""".getBytes(StandardCharsets.UTF_8)).leaves());
    assertEquals(new RequestFacts(null, 800L, false, null, null, 0.2, 0.9, 7L), r);
  }

  @Test
  void plainResponse() {
    ResponseFacts r = response("""
        {"candidates":[{"content":{"parts":[{"text":"AI learns patterns from data."}],"role":"model"},
          "finishReason":"STOP","avgLogprobs":-0.21}],
         "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":215,"totalTokenCount":223,
           "promptTokensDetails":[{"modality":"TEXT","tokenCount":8}],
           "candidatesTokensDetails":[{"modality":"TEXT","tokenCount":215}]},
         "modelVersion":"gemini-2.0-flash","responseId":"mAitZ_yqN4ue2dcP3PW9mA4"}""");
    assertEquals(new Usage(8, 215, 0, 0, 0, 0), r.usage());
    assertEquals("gemini-2.0-flash", r.model());
    assertEquals("mAitZ_yqN4ue2dcP3PW9mA4", r.id());
    assertEquals(List.of("STOP"), r.finishReasons());
  }

  /** Thoughts are billed as output but are not in candidatesTokenCount; cached tokens are in the prompt count. */
  @Test
  void thoughtsCachedAndToolUseTokens() {
    ResponseFacts r = response("""
        {"candidates":[{"content":{"parts":[{"text":"42"}],"role":"model"},"finishReason":"STOP","index":0}],
         "usageMetadata":{"promptTokenCount":5000,"candidatesTokenCount":40,"totalTokenCount":5410,
           "cachedContentTokenCount":4096,"thoughtsTokenCount":320,"toolUsePromptTokenCount":50,
           "cacheTokensDetails":[{"modality":"TEXT","tokenCount":4096}]},
         "modelVersion":"gemini-2.5-flash","responseId":"r1"}""");
    assertEquals(new Usage(5000 + 50, 40 + 320, 4096, 0, 0, 320), r.usage());
    assertEquals(5000 + 50 - 4096, r.usage().uncachedInputTokens());
  }

  @Test
  void blockedPromptSaysWhy() {
    ResponseFacts r = response("""
        {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},
         "usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"gemini-2.5-flash"}""");
    assertEquals(List.of("SAFETY"), r.finishReasons());
    assertEquals(new Usage(12, 0, 0, 0, 0, 0), r.usage());
  }

  @Test
  void errorBody() {
    ResponseFacts r = response("""
        {"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""");
    assertEquals("RESOURCE_EXHAUSTED", r.errorType());
    assertEquals("Resource has been exhausted (e.g. check quota).", r.errorMessage());
    assertNull(r.usage());
  }

  private static final String SSE = """
      data: {"candidates": [{"content": {"parts": [{"text": "The"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 9}]},"modelVersion": "gemini-2.5-flash","responseId": "Xq1"}\r
      \r
      data: {"candidates": [{"content": {"parts": [{"text": " sky is \\"blue\\" because"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 6,"totalTokenCount": 15},"modelVersion": "gemini-2.5-flash","responseId": "Xq1"}\r
      \r
      data: {"candidates": [{"content": {"parts": [{"text": " of scattering."}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 11,"totalTokenCount": 60,"thoughtsTokenCount": 40},"modelVersion": "gemini-2.5-flash","responseId": "Xq1"}\r
      \r
      """;

  /** usageMetadata is a running total: the last one counts, never the sum. */
  @Test
  void sseStreamTakesTheLastUsage() {
    StreamAccumulator s = stream(SseEventReader::new, SSE);
    assertTrue(s.ended());
    assertEquals(new Usage(9, 11 + 40, 0, 0, 0, 40), s.facts().usage());
    assertEquals("gemini-2.5-flash", s.facts().model());
    assertEquals("Xq1", s.facts().id());
    assertEquals(List.of("STOP"), s.facts().finishReasons());
    assertEquals(3, s.chunks());
    assertTrue(s.firstChunkNanos() > 0);
    assertEquals("The sky is \"blue\" because of scattering.", s.outputText());
  }

  /** Without alt=sse the same responses come as one JSON array, element by element. */
  @Test
  void jsonArrayStreamReadsTheSameAsSse() {
    String array = "[" + String.join(",\r\n", SSE.lines().filter(l -> l.startsWith("data: "))
        .map(l -> l.substring("data: ".length()).strip()).toList()) + "]";
    StreamAccumulator s = stream(JsonArrayEventReader::new, array);
    assertTrue(s.ended());
    assertEquals(new Usage(9, 51, 0, 0, 0, 40), s.facts().usage());
    assertEquals(3, s.chunks());
    assertEquals("The sky is \"blue\" because of scattering.", s.outputText());
  }

  /** Cut before the finishing chunk: the running total so far is not the bill, so no usage is claimed. */
  @Test
  void streamCutShortClaimsNoUsage() {
    String firstTwo = SSE.substring(0, SSE.indexOf("data:", SSE.indexOf("data:", SSE.indexOf("data:") + 1) + 1));
    StreamAccumulator s = stream(SseEventReader::new, firstTwo);
    assertFalse(s.ended());
    assertNull(s.facts().usage());
    assertEquals("gemini-2.5-flash", s.facts().model());
    assertEquals(2, s.chunks());
    assertEquals("The sky is \"blue\" because", s.outputText());
  }

  /** The final chunk may carry only the finish reason and usage, with cached tokens. */
  @Test
  void finalUsageOnlyChunkWithCachedTokens() {
    StreamAccumulator s = stream(SseEventReader::new, """
        data: {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-pro","responseId":"a"}

        data: {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"MAX_TOKENS","index":0}],"usageMetadata":{"promptTokenCount":3000,"cachedContentTokenCount":2048,"candidatesTokenCount":1,"totalTokenCount":3001},"modelVersion":"gemini-2.5-pro","responseId":"a"}

        """);
    assertEquals(new Usage(3000, 1, 2048, 0, 0, 0), s.facts().usage());
    assertEquals(List.of("MAX_TOKENS"), s.facts().finishReasons());
  }

  @Test
  void errorInAStreamedArray() {
    StreamAccumulator s = stream(JsonArrayEventReader::new, """
        [{
          "error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT"}
        }
        ]""");
    assertEquals("INVALID_ARGUMENT", s.facts().errorType());
    assertNull(s.facts().usage());
    assertEquals(0, s.chunks());
  }

  @Test
  void promptTextForAnEstimate() {
    var prompt = gemini.promptText(GeminiWireFormat.GENERATE, """
        {"systemInstruction":{"parts":[{"text":"Be brief."}]},
         "contents":[{"role":"user","parts":[{"text":"Why is the sky blue?"}]},
                     {"role":"model","parts":[{"text":"Scattering."}]},
                     {"role":"user","parts":[{"text":"More."},{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]}]}"""
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("Be brief.", "Why is the sky blue?", "Scattering.", "More."), prompt.texts());
    assertEquals(3, prompt.messages());
  }
}

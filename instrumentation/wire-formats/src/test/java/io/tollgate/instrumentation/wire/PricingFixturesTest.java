package io.tollgate.instrumentation.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.core.json.JsonLeafCollector;
import io.tollgate.core.pricing.Cost;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PriceQuery;
import io.tollgate.core.pricing.PricingCatalog;
import io.tollgate.core.wire.JsonArrayEventReader;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.SseEventReader;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.core.wire.StreamEventReader;
import io.tollgate.core.wire.WireFormat;
import io.tollgate.instrumentation.wire.anthropic.AnthropicWireFormat;
import io.tollgate.instrumentation.wire.gemini.GeminiWireFormat;
import io.tollgate.instrumentation.wire.openai.OpenAiWireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance suite for pricing: provider payloads as their API references show them (under
 * {@code src/test/resources/fixtures/pricing}, with chosen usage numbers), read by the real wire
 * formats (streams through the real SSE or JSON-array reader and stream readers), priced with the bundled
 * catalog the way the call recorder prices them. Each expected amount is worked out here from the
 * published per-million rates, written as literals: neither the calculator nor catalog.json is
 * consulted for it.
 */
class PricingFixturesTest {
  private static final double UNPRICED = Double.NaN;
  private static final CostCalculator CALCULATOR = new CostCalculator(PricingCatalog.bundled());

  private static final GeminiWireFormat GEMINI = new GeminiWireFormat();

  /** How a fixture reaches its reader: a whole body, or a stream in its framing. */
  enum Api {
    CHAT(new OpenAiWireFormat(), OpenAiWireFormat.CHAT_COMPLETIONS, null),
    RESPONSES(new OpenAiWireFormat(), OpenAiWireFormat.RESPONSES, null),
    EMBEDDINGS(new OpenAiWireFormat(), OpenAiWireFormat.EMBEDDINGS, null),
    MESSAGES(new AnthropicWireFormat(), AnthropicWireFormat.MESSAGES, null),
    GENERATE(new GeminiWireFormat(), GeminiWireFormat.GENERATE, null),
    CHAT_STREAM(new OpenAiWireFormat(), OpenAiWireFormat.CHAT_COMPLETIONS, SseEventReader::new),
    RESPONSES_STREAM(new OpenAiWireFormat(), OpenAiWireFormat.RESPONSES, SseEventReader::new),
    MESSAGES_STREAM(new AnthropicWireFormat(), AnthropicWireFormat.MESSAGES, SseEventReader::new),
    GENERATE_SSE(new GeminiWireFormat(), GeminiWireFormat.STREAM_GENERATE, SseEventReader::new),
    // streamGenerateContent without alt=sse
    GENERATE_ARRAY(new GeminiWireFormat(), GeminiWireFormat.STREAM_GENERATE, JsonArrayEventReader::new);

    final WireFormat format;
    final Operation operation;
    final boolean stream;
    final Function<StreamAccumulator, StreamEventReader> framing;

    Api(WireFormat format, Operation operation, Function<StreamAccumulator, StreamEventReader> framing) {
      this.format = format;
      this.operation = operation;
      this.stream = framing != null;
      this.framing = framing;
    }
  }

  /**
   * @param requestModel the model the request named (used when the response's is not in the catalog)
   * @param requestTier the request's {@code service_tier}; the response's wins when it has one
   * @param at the day the call was made
   * @param tier the tier the price must have been taken at
   * @param longContext whether the whole request must be at long-context rates
   */
  record Case(String fixture, Api api, String requestModel, String requestTier, String at, double usd, String tier,
      boolean longContext) {
    @Override
    public String toString() {
      return fixture;
    }
  }

  /** The model a Gemini or Vertex AI request names in its path, read by the wire format. */
  private static String modelOfPath(String path) {
    return GEMINI.modelFromPath(path);
  }

  /** Tokens at a rate in USD per million tokens. */
  private static double usd(long tokens, double perMillion) {
    return tokens * perMillion / 1_000_000d;
  }

  private static Case c(String fixture, Api api, String requestModel, String requestTier, String at, double usd, String tier,
      boolean longContext) {
    return new Case(fixture, api, requestModel, requestTier, at, usd, tier, longContext);
  }

  static Stream<Case> cases() {
    final Api CHAT = Api.CHAT, RESPONSES = Api.RESPONSES, EMBEDDINGS = Api.EMBEDDINGS, MESSAGES = Api.MESSAGES;
    final Api CHAT_STREAM = Api.CHAT_STREAM, RESPONSES_STREAM = Api.RESPONSES_STREAM, MESSAGES_STREAM = Api.MESSAGES_STREAM;
    final Api GENERATE = Api.GENERATE, GENERATE_SSE = Api.GENERATE_SSE, GENERATE_ARRAY = Api.GENERATE_ARRAY;
    final String vertex = "/v1/projects/acme/locations/us-central1/publishers/google/models/";
    return Stream.of(
        c("openai/chat-gpt-4o.json", CHAT, null, null, "2026-11-23", usd(1200, 2.50) + usd(300, 10.00), "standard", false),
        c("openai/chat-gpt-4o-dated-snapshot-cached.json", CHAT, null, null, "2026-11-23", usd(464, 2.50) + usd(1536, 1.25) + usd(200, 10.00), "standard", false),
        c("openai/chat-gpt-4o-2024-05-13-own-price.json", CHAT, null, null, "2026-11-23", usd(1000, 5.00) + usd(100, 15.00), "standard", false),
        c("openai/chat-gpt-4o-2024-11-20-alias.json", CHAT, null, null, "2026-11-23", usd(800, 2.50) + usd(80, 10.00), "standard", false),
        c("openai/chat-gpt-4o-mini.json", CHAT, null, null, "2026-11-23", usd(5000, 0.15) + usd(250, 0.60), "standard", false),
        c("openai/chat-o3-before-price-cut.json", CHAT, null, null, "2025-05-01", usd(1976, 10.00) + usd(1024, 2.50) + usd(2000, 40.00), "standard", false),
        c("openai/chat-o3-after-price-cut.json", CHAT, null, null, "2025-07-01", usd(1976, 2.00) + usd(1024, 0.50) + usd(2000, 8.00), "standard", false),
        c("openai/chat-o4-mini-reasoning.json", CHAT, null, null, "2026-11-23", usd(800, 1.10) + usd(1200, 4.40), "standard", false),
        c("openai/chat-gpt-5-flex.json", CHAT, null, "flex", "2026-11-23", 0.5 * (usd(8000, 1.25) + usd(2000, 0.125) + usd(1000, 10.00)), "flex", false),
        c("openai/chat-gpt-5-priority.json", CHAT, null, "priority", "2026-11-23", usd(8000, 2.50) + usd(2000, 0.25) + usd(1000, 20.00), "priority", false),
        c("openai/chat-gpt-5-auto-answered-default.json", CHAT, null, "auto", "2026-11-23", usd(8000, 1.25) + usd(2000, 0.125) + usd(1000, 10.00), "standard", false),
        c("openai/chat-gpt-4.1-priority.json", CHAT, null, null, "2026-11-23", usd(3000, 3.50) + usd(1000, 0.875) + usd(500, 14.00), "priority", false),
        c("openai/chat-gpt-5.4-long-context-at-threshold.json", CHAT, null, null, "2026-11-23", usd(172000, 2.50) + usd(100000, 0.25) + usd(2000, 15.00), "standard", false),
        c("openai/chat-gpt-5.4-long-context-above.json", CHAT, null, null, "2026-11-23", usd(172001, 5.00) + usd(100000, 0.50) + usd(2000, 22.50), "standard", true),
        c("openai/chat-gpt-5.4-priority-above-long-context.json", CHAT, null, null, "2026-11-23", usd(300000, 5.00) + usd(1000, 22.50), "standard", true),
        c("openai/chat-gpt-5.5-flex-long-context.json", CHAT, null, null, "2026-11-23", 0.5 * (usd(300000, 10.00) + usd(1000, 45.00)), "flex", true),
        c("openai/chat-gpt-4o-audio-preview.json", CHAT, null, null, "2026-11-23", usd(300, 2.50) + usd(1200, 40.00) + usd(200, 10.00) + usd(600, 80.00), "standard", false),
        c("openai/chat-gpt-4o-mini-audio-preview.json", CHAT, null, null, "2026-11-23", usd(100, 0.15) + usd(400, 10.00) + usd(100, 0.60), "standard", false),
        c("openai/chat-gpt-5.6-terra-before-cut.json", CHAT, null, null, "2026-07-01", usd(1000, 2.50) + usd(500, 15.00), "standard", false),
        c("openai/chat-gpt-5.6-terra-after-cut.json", CHAT, null, null, "2026-08-01", usd(1000, 2.00) + usd(500, 12.00), "standard", false),
        // GPT-5.6 reports cache writes (1.25x input) inside the prompt count, beside the cache reads
        c("openai/chat-gpt-5.6-sol-cache-write.json", CHAT, null, null, "2026-11-01", usd(1000, 4.00) + usd(12000, 0.40) + usd(3000, 5.00) + usd(200, 20.00), "standard", false),
        c("openai/responses-gpt-5.6-sol-cold-cache-write.json", RESPONSES, null, null, "2026-11-01", usd(3, 4.00) + usd(9655, 5.00) + usd(42, 20.00), "standard", false),
        c("openai/chat-unknown-model.json", CHAT, null, null, "2026-11-23", UNPRICED, "standard", false),
        c("openai/chat-model-before-its-first-price.json", CHAT, null, null, "2025-08-01", UNPRICED, "standard", false),
        c("openai/embeddings-text-embedding-3-small.json", EMBEDDINGS, null, null, "2026-11-23", usd(8000, 0.02), "standard", false),
        c("openai/chat-azure-deployment-name-falls-back.json", CHAT, "gpt-4o", null, "2026-11-23", usd(1000, 2.50) + usd(100, 10.00), "standard", false),
        c("openai/responses-gpt-5-mini-cached-reasoning.json", RESPONSES, null, null, "2026-11-23", usd(1904, 0.25) + usd(4096, 0.025) + usd(900, 2.00), "standard", false),
        c("openai/responses-o3-pro.json", RESPONSES, null, null, "2026-11-23", usd(2000, 20.00) + usd(5000, 80.00), "standard", false),
        c("openai/responses-o3-flex.json", RESPONSES, null, null, "2026-11-23", 0.5 * (usd(1000, 2.00) + usd(2000, 8.00)), "flex", false),
        c("openai/chat-stream-gpt-4o-mini.sse", CHAT_STREAM, null, null, "2026-11-23", usd(19, 0.15) + usd(10, 0.60), "standard", false),
        c("openai/chat-stream-gpt-5-priority.sse", CHAT_STREAM, null, null, "2026-11-23", usd(1000, 2.50) + usd(100, 20.00), "priority", false),
        c("openai/chat-stream-gpt-5.2-cached-reasoning.sse", CHAT_STREAM, null, null, "2026-11-23", usd(1000, 1.75) + usd(4000, 0.175) + usd(700, 14.00), "standard", false),
        c("openai/responses-stream-o4-mini.sse", RESPONSES_STREAM, null, null, "2026-11-23", usd(37, 1.10) + usd(11, 4.40), "standard", false),
        c("openai/responses-stream-gpt-5.4-long-context.sse", RESPONSES_STREAM, null, null, "2026-11-23", usd(280000, 5.00) + usd(1000, 22.50), "standard", true),
        c("openai/responses-stream-gpt-4.1-incomplete.sse", RESPONSES_STREAM, null, null, "2026-11-23", usd(2000, 2.00) + usd(4096, 8.00), "standard", false),
        c("openai/responses-stream-gpt-5-flex.sse", RESPONSES_STREAM, null, null, "2026-11-23", 0.5 * (usd(2000, 1.25) + usd(1000, 0.125) + usd(400, 10.00)), "flex", false),
        c("anthropic/message-sonnet-4-5-alias.json", MESSAGES, null, null, "2026-11-23", usd(1000, 3.00) + usd(500, 15.00), "standard", false),
        c("anthropic/message-sonnet-4-5-cache-read-and-5m-write.json", MESSAGES, null, null, "2026-11-23", usd(200, 3.00) + usd(10000, 0.30) + usd(3000, 3.75) + usd(400, 15.00), "standard", false),
        c("anthropic/message-opus-4-1-1h-write.json", MESSAGES, null, null, "2026-11-23", usd(100, 15.00) + usd(5000, 30.00) + usd(300, 75.00), "standard", false),
        c("anthropic/message-haiku-4-5-5m-and-1h-writes.json", MESSAGES, null, null, "2026-11-23", usd(50, 1.00) + usd(2000, 0.10) + usd(1000, 1.25) + usd(4000, 2.00) + usd(200, 5.00), "standard", false),
        c("anthropic/message-3-5-haiku-legacy-cache-total.json", MESSAGES, null, null, "2026-11-23", usd(300, 0.80) + usd(2048, 1.00) + usd(100, 4.00), "standard", false),
        c("anthropic/message-sonnet-4-long-context-at-threshold.json", MESSAGES, null, null, "2026-11-23", usd(150000, 3.00) + usd(50000, 0.30) + usd(1000, 15.00), "standard", false),
        c("anthropic/message-sonnet-4-long-context-above.json", MESSAGES, null, null, "2026-11-23", usd(150001, 6.00) + usd(50000, 0.60) + usd(1000, 22.50), "standard", true),
        c("anthropic/message-sonnet-4-5-long-context-cache-writes.json", MESSAGES, null, null, "2026-11-23", usd(1000, 6.00) + usd(150000, 0.60) + usd(40000, 7.50) + usd(20000, 12.00) + usd(2000, 22.50), "standard", true),
        c("anthropic/message-sonnet-4-batch.json", MESSAGES, null, null, "2026-11-23", 0.5 * (usd(2000, 3.00) + usd(1000, 0.30) + usd(500, 3.75) + usd(800, 15.00)), "batch", false),
        c("anthropic/message-opus-4-5-priority-is-list-price.json", MESSAGES, null, null, "2026-11-23", usd(1000, 5.00) + usd(100, 25.00), "standard", false),
        c("anthropic/message-claude-3-haiku-published-cache-rates.json", MESSAGES, null, null, "2026-11-23", usd(100, 0.25) + usd(1000, 0.03) + usd(1000, 0.30) + usd(100, 1.25), "standard", false),
        c("anthropic/message-3-5-sonnet-older-snapshot.json", MESSAGES, null, null, "2024-09-01", usd(1000, 3.00) + usd(1000, 15.00), "standard", false),
        c("anthropic/message-unknown-model.json", MESSAGES, null, null, "2026-11-23", UNPRICED, "standard", false),
        c("anthropic/stream-sonnet-4-5-cache-read.sse", MESSAGES_STREAM, null, null, "2026-11-23", usd(25, 3.00) + usd(4000, 0.30) + usd(350, 15.00), "standard", false),
        c("anthropic/stream-opus-4-6-1h-write.sse", MESSAGES_STREAM, null, null, "2026-11-23", usd(10, 5.00) + usd(6000, 10.00) + usd(120, 25.00), "standard", false),
        c("anthropic/stream-sonnet-4-long-context.sse", MESSAGES_STREAM, null, null, "2026-11-23", usd(210000, 6.00) + usd(500, 22.50), "standard", true),
        c("anthropic/stream-haiku-4-5-priority-is-list-price.sse", MESSAGES_STREAM, null, null, "2026-11-23", usd(4000, 1.00) + usd(2000, 1.25) + usd(300, 5.00), "standard", false),
        // Gemini: promptTokenCount includes cachedContentTokenCount; thoughtsTokenCount is output not in candidatesTokenCount
        c("gemini/generate-2.5-flash.json", GENERATE, modelOfPath("/v1beta/models/gemini-2.5-flash:generateContent"), null, "2026-11-23", usd(1200, 0.30) + usd(300, 2.50), "standard", false),
        c("gemini/generate-2.5-flash-cached-content.json", GENERATE, null, null, "2026-11-23", usd(1808, 0.30) + usd(8192, 0.03) + usd(500, 2.50), "standard", false),
        c("gemini/generate-2.5-flash-grounding-tool-use.json", GENERATE, null, null, "2026-11-23", usd(100 + 900, 0.30) + usd(300, 2.50), "standard", false),
        c("gemini/generate-2.5-pro-thoughts.json", GENERATE, null, null, "2026-11-23", usd(2000, 1.25) + usd(400 + 1600, 10.00), "standard", false),
        c("gemini/generate-2.5-pro-long-context-at-threshold.json", GENERATE, null, null, "2026-11-23", usd(150000, 1.25) + usd(50000, 0.125) + usd(800 + 200, 10.00), "standard", false),
        c("gemini/generate-2.5-pro-long-context-above.json", GENERATE, null, null, "2026-11-23", usd(150001, 2.50) + usd(50000, 0.25) + usd(800 + 200, 15.00), "standard", true),
        c("gemini/generate-unknown-model.json", GENERATE, modelOfPath("/v1beta/models/gemini-9-ultra-experimental:generateContent"), null, "2026-11-23", UNPRICED, "standard", false),
        c("gemini/vertex-generate-2.0-flash-001-alias.json", GENERATE, modelOfPath(vertex + "gemini-2.0-flash-001:generateContent"), null, "2026-11-23", usd(1000, 0.10) + usd(200, 0.40), "standard", false),
        c("gemini/vertex-generate-2.5-pro-model-from-path.json", GENERATE, modelOfPath(vertex + "gemini-2.5-pro:generateContent"), null, "2026-11-23", usd(3000, 1.25) + usd(100 + 900, 10.00), "standard", false),
        c("gemini/stream-2.5-flash-thoughts.sse", GENERATE_SSE, null, null, "2026-11-23", usd(640, 0.30) + usd(210 + 1150, 2.50), "standard", false),
        c("gemini/stream-3-pro-preview-long-context.sse", GENERATE_SSE, null, null, "2026-11-23", usd(250000, 4.00) + usd(1500 + 500, 18.00), "standard", true),
        c("gemini/array-stream-2.0-flash-lite.json", GENERATE_ARRAY, null, null, "2026-11-23", usd(400, 0.075) + usd(120, 0.30), "standard", false),
        c("gemini/vertex-array-stream-2.5-flash-cached.json", GENERATE_ARRAY, modelOfPath(vertex + "gemini-2.5-flash:streamGenerateContent"), null, "2026-11-23", usd(1760, 0.30) + usd(10240, 0.03) + usd(250, 2.50), "standard", false)
    );
  }

  @Test
  void theSuiteHasAtLeastFortyCasesFromEveryProvider() {
    List<Case> all = cases().toList();
    assertTrue(all.size() >= 40, "cases: " + all.size());
    assertTrue(all.stream().anyMatch(c -> c.api().format instanceof AnthropicWireFormat));
    assertTrue(all.stream().filter(c -> c.api().format instanceof GeminiWireFormat).count() >= 8);
    assertTrue(all.stream().anyMatch(c -> c.api().stream));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pricedAsTheProviderBills(Case c) throws IOException {
    ResponseFacts facts = read(c);
    assertNotNull(facts.usage(), "the fixture carries usage");
    String tier = facts.serviceTier() != null ? facts.serviceTier() : c.requestTier();
    PriceQuery query = PriceQuery.of(c.api().format.id(), facts.model(), facts.usage(),
        LocalDate.parse(c.at()).atTime(12, 0).toInstant(ZoneOffset.UTC)).atTier(tier);
    // as the call recorder does: the response's model first, then the request's
    Cost cost = CALCULATOR.price(query);
    if (!cost.priced() && c.requestModel() != null) {
      cost = CALCULATOR.price(query.forModel(c.requestModel()));
    }

    if (Double.isNaN(c.usd())) {
      assertFalse(cost.priced(), "unknown model is unpriced");
      assertNull(cost.amount(), "never a silent $0");
      return;
    }
    assertTrue(cost.priced(), c.fixture() + " is priced");
    assertEquals(c.usd(), cost.amount(), 1e-9, "amount");
    assertEquals(cost.amount(), cost.input() + cost.cacheRead() + cost.cacheWrite() + cost.output(), 1e-12, "parts add up");
    assertEquals(c.tier(), cost.applied().serviceTier(), "service tier priced at");
    assertEquals(c.longContext(), cost.applied().longContext(), "long context");
  }

  private static ResponseFacts read(Case c) throws IOException {
    byte[] body;
    try (InputStream in = PricingFixturesTest.class.getResourceAsStream("/fixtures/pricing/" + c.fixture())) {
      assertNotNull(in, c.fixture());
      body = in.readAllBytes();
    }
    if (!c.api().stream) {
      JsonLeafCollector collector = JsonLeafCollector.parse(c.api().format.responsePaths(c.api().operation), body);
      assertNull(collector.failure());
      return c.api().format.readResponse(c.api().operation, collector.leaves());
    }
    StreamAccumulator stream = c.api().format.newStream(c.api().operation);
    StreamEventReader reader = c.api().framing.apply(stream);
    // delivered in small pieces, as a network read would
    for (int i = 0; i < body.length; i += 97) {
      reader.feed(body, i, Math.min(97, body.length - i), System.nanoTime());
    }
    reader.finish();
    assertTrue(stream.ended(), "the stream reached its end marker");
    return stream.facts();
  }
}

package io.tollgate.core.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.bootstrap.Exchange;
import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.json.JsonLeaves;
import io.tollgate.core.json.JsonPaths;
import io.tollgate.core.pricing.CostCalculator;
import io.tollgate.core.pricing.PricingCatalog;
import io.tollgate.core.provider.ProviderMatcher;
import io.tollgate.core.record.CostRecord;
import io.tollgate.core.record.Outcome;
import io.tollgate.core.record.ResourceInfo;
import io.tollgate.core.usage.Usage;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.RequestFacts;
import io.tollgate.core.wire.ResponseFacts;
import io.tollgate.core.wire.StreamAccumulator;
import io.tollgate.core.wire.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attempts, logical calls and the moment a record is made, driven as a transport would drive them. */
class CallTrackerTest {
  private static final Operation CHAT = new Operation("chat", "chat.completions");

  /** A minimal OpenAI-like format: model in the request, usage.in/out in the response. */
  private static final WireFormat FORMAT = new WireFormat() {
    @Override public String id() { return "openai"; }
    @Override public Operation operation(String method, String path) { return path.equals("/chat/completions") ? CHAT : null; }
    @Override public JsonPaths requestPaths() { return JsonPaths.of("model", "max_tokens", "stream"); }
    @Override public RequestFacts readRequest(JsonLeaves r) {
      Long max = r.has("max_tokens") ? r.getLong("max_tokens", 0) : null;
      return new RequestFacts(r.getString("model"), max, Boolean.TRUE.equals(r.getBoolean("stream")), null, null, null, null, null);
    }
    @Override public byte[] withUsageRequested(Operation o, RequestFacts request, byte[] body) {
      return (new String(body, StandardCharsets.UTF_8) + " asked for usage").getBytes(StandardCharsets.UTF_8);
    }
    @Override public JsonPaths responsePaths(Operation o) { return JsonPaths.of("usage.*", "model"); }
    @Override public ResponseFacts readResponse(Operation o, JsonLeaves r) {
      Usage u = r.hasUnder("usage") ? new Usage(r.getLong("usage.in", 0), r.getLong("usage.out", 0), 0, 0, 0, 0) : null;
      return new ResponseFacts(null, r.getString("model"), u, List.of(), null, null, null);
    }
    @Override public StreamAccumulator newStream(Operation o) {
      return new StreamAccumulator() {
        boolean ended;
        long first;
        int chunks;
        final StringBuilder text = new StringBuilder();
        boolean cut;
        @Override public void onEvent(String event, byte[] data, int length, long nanos) {
          String payload = new String(data, 0, length, StandardCharsets.UTF_8);
          if (payload.equals("[DONE]")) {
            ended = true;
          } else if (chunks++ == 0) {
            first = nanos;
          }
          if (payload.startsWith("text:")) {
            text.append(payload.substring(5)); // a payload with text, as a real format keeps it for estimates
          }
          cut |= payload.equals("text kept no more");
        }
        @Override public String outputText() { return text.toString(); }
        @Override public boolean outputTextComplete() { return !cut; }
        @Override public boolean ended() { return ended; }
        @Override public long firstChunkNanos() { return first; }
        @Override public int chunks() { return chunks; }
        @Override public ResponseFacts facts() { return ResponseFacts.NONE; }
      };
    }
  };

  private final List<CostRecord> records = new ArrayList<>();
  private final CallTrackerImpl tracker = new CallTrackerImpl(
      ProviderMatcher.create(AgentConfig.of(Map.of("providers.openai.base-urls", "http://127.0.0.1:9/v1")), Map.of("openai", FORMAT)),
      new CallRecorder(() -> new CostCalculator(PricingCatalog.bundled()), new ResourceInfo("svc", Map.of()),
          pending -> records.add(pending.get())), true);

  private static final String URL = "http://127.0.0.1:9/v1/chat/completions";

  private static void respond(Exchange e, int status, String contentType, String body) {
    respond(e, "{\"model\":\"gpt-4o-mini\"}", status, contentType, body);
  }

  private static void respond(Exchange e, String request, int status, String contentType, String body) {
    e.onRequestBody(request.getBytes(StandardCharsets.UTF_8));
    e.onResponseHead(status, contentType);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    e.onResponseBytes(bytes, 0, bytes.length, System.nanoTime());
  }

  private io.tollgate.core.budget.BudgetEngine withBudgets(String yaml) throws Exception {
    io.tollgate.core.budget.BudgetEngine engine = new io.tollgate.core.budget.BudgetEngine(
        new io.tollgate.core.budget.CatalogPricer(() -> new CostCalculator(PricingCatalog.bundled())), System::currentTimeMillis, false);
    engine.install(io.tollgate.core.budget.policy.PolicyParser.parse(yaml.getBytes(StandardCharsets.UTF_8)));
    tracker.setBudgetGate(new BudgetGate(engine, false, new ResourceInfo("svc", Map.of())));
    return engine;
  }

  @Test
  void aRequestWhoseBodyWasNotReadIsBlockedByACostBudgetAndRecorded() throws Exception {
    withBudgets("version: 1\nbudgets:\n  - name: usd\n    limit: {usd: 100}\n    window: calendar-day\n");
    Exchange e = tracker.startExchange("POST", URL, null);
    e.onRequestBody(null);
    io.tollgate.bootstrap.Blocked blocked = e.blocked();
    assertTrue(blocked != null && new String(blocked.body, StandardCharsets.UTF_8).contains("budget_exceeded"));
    assertEquals(1, records.size());
    assertEquals(Outcome.BLOCKED, records.get(0).outcome());
    assertEquals("block", records.get(0).budget().decision());
  }

  @Test
  void anUnreadBodyThatAGuardWouldClampIsBlockedNotSentUnclamped() throws Exception {
    withBudgets("version: 1\nguards: {max-output-tokens: 512}\nbudgets: []\n");
    Exchange e = tracker.startExchange("POST", URL, null);
    e.onRequestBody(null);
    io.tollgate.bootstrap.Blocked blocked = e.blocked();
    assertTrue(blocked != null && new String(blocked.body, StandardCharsets.UTF_8).contains("could not be edited"),
        blocked == null ? "sent" : new String(blocked.body, StandardCharsets.UTF_8));
    assertEquals(Outcome.BLOCKED, records.get(0).outcome());
  }

  @Test
  void aRequestLimitAloneLetsAnUnreadBodyThrough() throws Exception {
    withBudgets("version: 1\nbudgets:\n  - name: calls\n    limit: {requests: 5}\n    window: calendar-day\n");
    Exchange e = tracker.startExchange("POST", URL, null);
    e.onRequestBody(null);
    assertNull(e.blocked());
  }

  @Test
  void otherTrafficGetsNoExchange() {
    assertNull(tracker.startExchange("GET", "http://127.0.0.1:9/v1/models", null));
    assertNull(tracker.startExchange("POST", "https://example.com/v1/chat/completions", null));
  }

  @Test
  void retriedAttemptsAreOneCallRecordedWhenTheLastBodyIsDone() {
    String id = tracker.beginLogicalCall();
    Exchange first = tracker.startExchange("POST", URL, id);
    respond(first, 500, "application/json", "{\"error\":{\"type\":\"server_error\"}}");
    first.onResponseClosed();
    Exchange second = tracker.startExchange("POST", URL, id);
    respond(second, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":1000,\"out\":100}}");
    tracker.endLogicalCall(id); // the SDK returns before the application reads the body
    assertTrue(records.isEmpty(), "nothing is recorded while the body is unread");
    second.onResponseClosed();
    assertEquals(1, records.size());
    CostRecord r = records.get(0);
    assertEquals(2, r.attempts());
    assertEquals(Outcome.OK, r.outcome());
    assertEquals(1000 * 0.15 / 1e6 + 100 * 0.60 / 1e6, r.cost().amount(), 1e-12);
    assertEquals(0, tracker.openCalls());
  }

  @Test
  void aWholeBodyIsParsedWhenTheRecordIsBuiltNotOnTheApplicationsThread() {
    List<java.util.function.Supplier<CostRecord>> pending = new ArrayList<>();
    CallTrackerImpl deferring = new CallTrackerImpl(
        ProviderMatcher.create(AgentConfig.of(Map.of("providers.openai.base-urls", "http://127.0.0.1:9/v1")), Map.of("openai", FORMAT)),
        new CallRecorder(() -> new CostCalculator(PricingCatalog.bundled()), new ResourceInfo("svc", Map.of()), pending::add), true);
    long before = DeferredBody.heldBytes();
    Exchange e = deferring.startExchange("POST", URL, null);
    respond(e, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":10,\"out\":1}}");
    e.onResponseEnd();
    assertEquals(1, pending.size());
    assertTrue(DeferredBody.heldBytes() > before, "the body waits as bytes for the export thread");
    CostRecord r = pending.get(0).get();
    assertEquals(Outcome.OK, r.outcome());
    assertEquals(10, r.usage().inputTokens());
    assertEquals(before, DeferredBody.heldBytes(), "parsed: its bytes are given back");
  }

  @Test
  void everyAttemptsHeldBodyIsGivenBackOnceTheCallIsRecorded() {
    long before = DeferredBody.heldBytes();
    String id = tracker.beginLogicalCall();
    Exchange first = tracker.startExchange("POST", URL, id);
    respond(first, 500, "application/json", "{\"error\":{\"type\":\"server_error\"}}");
    first.onResponseEnd();
    Exchange second = tracker.startExchange("POST", URL, id);
    respond(second, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":3,\"out\":1}}");
    second.onResponseEnd();
    tracker.endLogicalCall(id);
    assertEquals(2, records.get(0).attempts());
    assertEquals(before, DeferredBody.heldBytes(), "the retried attempt's body, never parsed, is given back too");
  }

  @Test
  void aBodyTooLargeToHoldIsParsedAsItComes() {
    long before = DeferredBody.heldBytes();
    Exchange e = tracker.startExchange("POST", URL, null);
    String pad = "x".repeat(DeferredBody.MAX_BODY_BYTES);
    e.onRequestBody("{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8));
    e.onResponseHead(200, "application/json");
    for (String part : new String[] {"{\"pad\":\"", pad, "\",\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":7,\"out\":2}}"}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      e.onResponseBytes(bytes, 0, bytes.length, System.nanoTime());
    }
    e.onResponseEnd();
    CostRecord r = records.get(0);
    assertEquals(Outcome.OK, r.outcome());
    assertEquals(7, r.usage().inputTokens());
    assertEquals(before, DeferredBody.heldBytes());
  }

  @Test
  void aStreamHandedToTheApplicationAndNeverClosedIsRecordedOnceItGoesQuiet() throws Exception {
    io.tollgate.core.budget.BudgetEngine engine = withBudgets(
        "version: 1\nbudgets:\n  - name: calls\n    limit: {requests: 5}\n    window: calendar-day\n");
    String id = tracker.beginLogicalCall();
    Exchange e = tracker.startExchange("POST", URL, id);
    respond(e, "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100}", 200, "text/event-stream", "data: {\"x\":1}\n\n");
    tracker.endLogicalCall(id); // the SDK hands the stream over; the application drops it unread, unclosed
    assertEquals(1, tracker.openCalls(), "kept until it is recorded");
    tracker.abandonStale();
    assertTrue(records.isEmpty(), "a stream quiet for less than the abandon time is left alone");
    assertEquals(1, engine.states().get(0).reserved().requests(), "its reservation is still held");

    tracker.setAbandonAfter(0);
    tracker.abandonStale();
    assertEquals(1, records.size());
    CostRecord r = records.get(0);
    assertEquals(Outcome.CANCELLED, r.outcome());
    assertEquals("abandoned", r.errorType());
    assertEquals(1, r.streamChunks());
    assertEquals(0, engine.states().get(0).reserved().requests(), "the reservation is settled, not held for ever");
    assertEquals(1, engine.states().get(0).spent().requests());
    assertEquals(0, tracker.openCalls());

    e.onResponseClosed(); // the application closes it after all: not a second record
    assertEquals(1, records.size());
  }

  @Test
  void anAttemptNoSdkCallHoldsIsAbandonedOnlyAfterItsLastBytesNotItsStart() throws Exception {
    Exchange e = tracker.startExchange("POST", URL, null);
    respond(e, 200, "text/event-stream", "data: {\"x\":1}\n\n");
    tracker.setAbandonAfter(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(300));
    Thread.sleep(200);
    byte[] more = "data: {\"x\":2}\n\n".getBytes(StandardCharsets.UTF_8);
    e.onResponseBytes(more, 0, more.length, System.nanoTime());
    Thread.sleep(200); // 400 ms since it started, 200 since its last bytes
    tracker.abandonStale();
    assertTrue(records.isEmpty(), "a stream still sending is not abandoned");
    Thread.sleep(200);
    tracker.abandonStale();
    assertEquals(1, records.size());
    assertEquals(2, records.get(0).streamChunks());
    assertEquals("abandoned", records.get(0).errorType());
  }

  @Test
  void callsStillInFlightAtExitAreRecordedAsTheyStand() {
    String sdkCall = tracker.beginLogicalCall();
    Exchange inSdk = tracker.startExchange("POST", URL, sdkCall);
    inSdk.onRequestBody("{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8)); // no answer yet
    Exchange raw = tracker.startExchange("POST", URL, null);
    respond(raw, 200, "text/event-stream", "data: {\"x\":1}\n\n");
    Exchange finished = tracker.startExchange("POST", URL, null);
    respond(finished, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":10,\"out\":1}}");
    finished.onResponseEnd();
    assertEquals(1, records.size());
    assertEquals(1, tracker.unfinishedCalls(), "a finished call is not kept");

    tracker.abandonAll();
    assertEquals(3, records.size());
    for (CostRecord r : records.subList(1, 3)) {
      assertEquals(Outcome.CANCELLED, r.outcome(), r.toString());
      assertEquals("unfinished_at_exit", r.errorType());
    }
    assertEquals(0, tracker.openCalls());
    assertEquals(0, tracker.unfinishedCalls());
    tracker.endLogicalCall(sdkCall); // the SDK returns during shutdown: nothing more
    assertEquals(3, records.size());
  }

  @Test
  void anSdkCallWhoseBodyWasReadBeforeItReturnedIsNotKept() {
    String id = tracker.beginLogicalCall();
    Exchange e = tracker.startExchange("POST", URL, id);
    respond(e, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":10,\"out\":1}}");
    e.onResponseEnd();
    tracker.endLogicalCall(id);
    assertEquals(1, records.size());
    assertEquals(0, tracker.unfinishedCalls());
    assertEquals(0, tracker.openCalls());
  }

  @Test
  void anEstimateFromTextCutAtItsBoundIsLabelledALowerBound() {
    Exchange whole = tracker.startExchange("POST", URL, null);
    respond(whole, 200, "text/event-stream", "data: text:Hello there\n\n");
    whole.onResponseClosed();
    Exchange cut = tracker.startExchange("POST", URL, null);
    respond(cut, 200, "text/event-stream", "data: text:Hello there\n\ndata: text kept no more\n\n");
    cut.onResponseClosed();
    assertEquals("estimated_o200k_base", records.get(0).costNote());
    assertEquals("estimated_o200k_base_lower_bound", records.get(1).costNote());
    assertEquals(records.get(0).usage().outputTokens(), records.get(1).usage().outputTokens());
  }

  @Test
  void standaloneAttemptIsRecordedAtItsEnd() {
    Exchange e = tracker.startExchange("POST", URL, null);
    respond(e, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":10,\"out\":1}}");
    e.onResponseEnd();
    e.onResponseClosed(); // a second end signal is ignored
    assertEquals(1, records.size());
    assertEquals(1, records.get(0).attempts());
  }

  @Test
  void streamEndedByItsMarkerIsOkAndCutStreamIsCancelled() {
    Exchange ok = tracker.startExchange("POST", URL, null);
    respond(ok, 200, "text/event-stream", "data: {\"x\":1}\n\ndata: [DONE]\n\n");
    ok.onResponseClosed();
    Exchange cut = tracker.startExchange("POST", URL, null);
    respond(cut, 200, "text/event-stream", "data: {\"x\":1}\n\n");
    cut.onResponseClosed();
    assertEquals(Outcome.OK, records.get(0).outcome());
    assertEquals(Outcome.CANCELLED, records.get(1).outcome());
    assertEquals(1, records.get(0).streamChunks());
    assertTrue(records.get(0).ttftMs() != null && records.get(0).ttftMs() >= 0);
    assertNull(records.get(0).usage(), "no usage is invented for a stream");
    assertEquals("usage_unknown", records.get(0).costNote());
  }

  @Test
  void aSelfHostedServersCallKeepsItsTokensAndIsUnpricedAsSelfHostedEvenForACatalogModelName() {
    CallTrackerImpl selfHosted = new CallTrackerImpl(ProviderMatcher.create(AgentConfig.of(Map.of(
        "providers.gpu-box.format", "openai", "providers.gpu-box.base-urls", "http://127.0.0.1:9/v1",
        "providers.gpu-box.self-hosted", "true")), Map.of("openai", FORMAT)),
        new CallRecorder(() -> new CostCalculator(PricingCatalog.bundled()), new ResourceInfo("svc", Map.of()),
            pending -> records.add(pending.get())), true);
    Exchange e = selfHosted.startExchange("POST", URL, null);
    // a server may well serve its model under a hosted model's name: OpenAI's price is still not its cost
    respond(e, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":10,\"out\":2}}");
    e.onResponseEnd();
    CostRecord r = records.get(0);
    assertEquals("gpu-box", r.provider());
    assertEquals(10, r.usage().inputTokens());
    assertNull(r.cost().amount(), "never $0, never the catalog's price");
    assertEquals(false, r.cost().priced());
    assertEquals(CostRecord.SELF_HOSTED, r.costNote());
    assertTrue(r.selfHosted());
  }

  @Test
  void transportFailureIsAnError() {
    Exchange e = tracker.startExchange("POST", URL, null);
    e.onFailure(new java.net.ConnectException("refused"));
    assertEquals(Outcome.ERROR, records.get(0).outcome());
    assertEquals("java.net.ConnectException", records.get(0).errorType());
  }

  @Test
  void anAttemptWithoutAnAnswerStaysSpentUnlessItNeverConnected() throws Exception {
    io.tollgate.core.budget.BudgetEngine engine = withBudgets(
        "version: 1\nbudgets:\n  - name: usd\n    limit: {usd: 10}\n    window: calendar-day\n");
    String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    Exchange refused = tracker.startExchange("POST", URL, null);
    refused.onRequestBody(body.getBytes(StandardCharsets.UTF_8));
    refused.onFailure(new java.net.ConnectException("Connection refused"));
    assertEquals(0.0, engine.states().get(0).spent().usd(), "never reached the provider: nothing billed");

    Exchange timedOut = tracker.startExchange("POST", URL, null);
    timedOut.onRequestBody(body.getBytes(StandardCharsets.UTF_8));
    timedOut.onFailure(new java.net.SocketTimeoutException("timeout"));
    assertTrue(engine.states().get(0).spent().usd() > 0,
        "a read timeout may come after the provider took the request: its worst case stays spent");
    assertEquals(0.0, engine.states().get(0).reserved().usd(), 1e-12);
    assertEquals(Outcome.ERROR, records.get(1).outcome());
  }

  @Test
  void malformedResponseIsRecordedAsUnreadableNotGuessed() {
    Exchange e = tracker.startExchange("POST", URL, null);
    respond(e, 200, "application/json", "{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":10,");
    e.onResponseEnd();
    CostRecord r = records.get(0);
    assertNull(r.usage());
    assertEquals("response_unreadable", r.costNote());
    assertNull(r.cost().amount());
  }

  @Test
  void aStreamIsAskedForItsUsageUnlessItsApplicationChoseTheAnswersEncoding() {
    byte[] stream = "{\"model\":\"gpt-4o-mini\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);
    Exchange plain = tracker.startExchange("POST", URL, null);
    assertTrue(new String(plain.onRequestBody(stream), StandardCharsets.UTF_8).endsWith("asked for usage"));
    assertTrue(plain.rewritesResponse());

    Exchange encoded = tracker.startExchange("POST", URL, null);
    encoded.answerMayComeEncoded();
    assertTrue(encoded.onRequestBody(stream) == stream, "its answer could come compressed: nothing to take out of it");
    assertEquals(false, encoded.rewritesResponse());
  }

  @Test
  void aGzippedAnswerIsReadFromADecodedCopy() {
    byte[] sse = GzipDecoderTest.gzip("data: {\"x\":1}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    Exchange stream = tracker.startExchange("POST", URL, null);
    stream.onRequestBody("{\"model\":\"gpt-4o-mini\",\"stream\":true}".getBytes(StandardCharsets.UTF_8));
    stream.onResponseHead(200, "text/event-stream", "gzip");
    assertEquals(false, stream.rewritesResponse(), "a compressed stream passes as it came");
    stream.onResponseBytes(sse, 0, 9, System.nanoTime());
    stream.onResponseBytes(sse, 9, sse.length - 9, System.nanoTime());
    stream.onResponseClosed(); // a GZIPInputStream stops at the gzip trailer: the body's end is never read
    byte[] json = GzipDecoderTest.gzip("{\"model\":\"gpt-4o-mini\",\"usage\":{\"in\":10,\"out\":1}}"
        .getBytes(StandardCharsets.UTF_8));
    Exchange whole = tracker.startExchange("POST", URL, null);
    whole.onRequestBody("{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8));
    whole.onResponseHead(200, "application/json", "gzip");
    whole.onResponseBytes(json, 0, json.length, System.nanoTime());
    whole.onResponseClosed();
    assertEquals(Outcome.OK, records.get(0).outcome(), "the stream's end marker was read");
    assertEquals(1, records.get(0).streamChunks());
    assertEquals(Outcome.OK, records.get(1).outcome(), "the whole document was read");
    assertEquals(10, records.get(1).usage().inputTokens());
    assertTrue(records.get(1).cost().priced());
  }

  @Test
  void anAnswerInAnotherEncodingOrNotInItsEncodingIsLeftUnreadItsUsageUnknownNotGuessed() {
    byte[] stream = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] notGzip = "data: {\"x\":1}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    for (String encoding : new String[] {"br", "gzip"}) {
      Exchange e = tracker.startExchange("POST", URL, null);
      e.onRequestBody(stream);
      e.onResponseHead(200, "text/event-stream", encoding);
      e.onResponseBytes(notGzip, 0, notGzip.length, System.nanoTime());
      e.onResponseEnd();
    }
    Exchange refused = tracker.startExchange("POST", URL, null);
    refused.onRequestBody("{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8));
    refused.onResponseHead(401, "application/json", "br");
    refused.onResponseEnd();
    for (CostRecord r : records.subList(0, 2)) {
      assertEquals(Outcome.OK, r.outcome(), "read to its end: the call went through");
      assertNull(r.usage(), "no usage read from a body not decoded, none estimated from a stream's text never seen");
      assertNull(r.cost().amount());
      assertEquals("response_encoded", r.costNote());
    }
    assertEquals(Outcome.ERROR, records.get(2).outcome());
    assertEquals("401", records.get(2).errorType());
    assertEquals("not_billed", records.get(2).costNote());
  }

  @Test
  void logicalCallWithoutLlmAttemptsRecordsNothing() {
    String id = tracker.beginLogicalCall();
    tracker.endLogicalCall(id);
    assertTrue(records.isEmpty());
    assertEquals(0, tracker.openCalls());
  }
}

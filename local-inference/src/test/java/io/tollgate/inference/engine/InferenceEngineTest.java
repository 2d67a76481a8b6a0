package io.tollgate.inference.engine;

import io.tollgate.inference.tokenizer.ChatMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InferenceEngineTest {

    private final CountingModel model = new CountingModel(new CharTokenizer().vocabularySize(), 256);
    private final List<InferenceEngine> engines = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        engines.forEach(InferenceEngine::close);
        callers.shutdownNow();
    }

    @Test
    void greedyGenerationFollowsTheModelAndStreamsTheSameText() {
        InferenceEngine engine = engine(EngineOptions.defaults());
        List<String> pieces = new ArrayList<>();
        GenerationResult result = engine.generate(greedy("Hello there", 12), pieces::add);

        assertEquals(expectedGreedy("Hello there", 12), result.text());
        assertEquals(String.join("", pieces), result.text());
        assertEquals(GenerationResult.LENGTH, result.finishReason());
        assertEquals(12, result.promptTokens()); // BOS + 11 characters
        assertEquals(12, result.completionTokens());
        assertEquals("counting-test-model", result.model());
        assertEquals(result.queuedNanos() + result.prefillNanos(), result.timeToFirstTokenNanos());
        assertTrue(result.prefillNanos() > 0 && result.decodeNanos() > 0);
        assertEquals(1.0, result.meanBatchSize());
        assertTrue(result.cpuNanos() > 0);
    }

    @Test
    void chatMessagesAreFormattedIntoThePrompt() {
        InferenceEngine engine = engine(EngineOptions.defaults());
        GenerationResult chat = engine.generate(GenerationRequest.chat(List.of(new ChatMessage("user", "Hi")))
                .temperature(0).maxTokens(5).build(), null);
        assertEquals(expectedGreedy("user: Hi | assistant: ", 5), chat.text());
    }

    @Test
    void aStopTokenEndsGenerationAndIsNotOutput() {
        String cold = expectedGreedy("stop token", 30);
        char stopChar = cold.charAt(5);
        InferenceEngine engine = engine(new CharTokenizer(Set.of(CharTokenizer.EOS, CharTokenizer.id(stopChar))),
                EngineOptions.defaults());
        GenerationResult result = engine.generate(greedy("stop token", 30), null);

        int at = cold.indexOf(stopChar);
        assertEquals(cold.substring(0, at), result.text());
        assertEquals(GenerationResult.STOP, result.finishReason());
        assertEquals(at + 1, result.completionTokens());
    }

    @Test
    void aStopStringEndsGenerationAndIsNeverStreamed() {
        String cold = expectedGreedy("stop string", 40);
        String stop = cold.substring(10, 13);
        InferenceEngine engine = engine(EngineOptions.defaults());
        List<String> pieces = new ArrayList<>();
        GenerationResult result = engine.generate(GenerationRequest.completion("stop string").temperature(0)
                .maxTokens(40).stop(List.of(stop)).build(), pieces::add);

        int at = cold.indexOf(stop);
        assertEquals(cold.substring(0, at), result.text());
        assertEquals(result.text(), String.join("", pieces));
        assertEquals(GenerationResult.STOP, result.finishReason());
        assertEquals(at + stop.length(), result.completionTokens());
    }

    @Test
    void aSeedReproducesSampledOutput() {
        InferenceEngine engine = engine(EngineOptions.defaults().withPrefixCachePositions(0));
        GenerationRequest request = GenerationRequest.completion("sampled").temperature(1.5).topP(0.95)
                .seed(1234L).maxTokens(40).build();
        String first = engine.generate(request, null).text();
        assertEquals(first, engine.generate(request, null).text());
        assertFalse(first.equals(expectedGreedy("sampled", 40)), "temperature 1.5 sampled the greedy text");
    }

    @Test
    void aSharedPrefixIsReusedAndGivesTheColdRunsOutput() {
        InferenceEngine engine = engine(EngineOptions.defaults());
        engine.generate(greedy("The quick brown fox jumps", 8), null);
        long prefilledBefore = model.prefilledPositions.get();

        GenerationResult warm = engine.generate(greedy("The quick brown cat sleeps", 8), null);

        int shared = 1 + "The quick brown ".length();
        assertTrue(warm.cacheHit());
        assertEquals(shared, warm.reusedPromptTokens());
        assertEquals(warm.promptTokens() - shared, model.prefilledPositions.get() - prefilledBefore);
        assertEquals(expectedGreedy("The quick brown cat sleeps", 8), warm.text());
        assertEquals(1, engine.prefixCacheHits());
        assertEquals(1, engine.prefixCacheMisses());
        assertEquals(shared, engine.reusedPromptTokens());
    }

    @Test
    void aFollowUpTurnReusesThePromptAndTheGeneratedAnswer() {
        InferenceEngine engine = engine(EngineOptions.defaults());
        String answer = engine.generate(greedy("Q1", 10), null).text();

        GenerationResult next = engine.generate(greedy("Q1" + answer + "Q2", 10), null);

        // Everything the first sequence fed the model: BOS, the prompt and all answer tokens but the last.
        assertEquals(1 + 2 + answer.length() - 1, next.reusedPromptTokens());
        assertEquals(expectedGreedy("Q1" + answer + "Q2", 10), next.text());
    }

    @Test
    void theLeastRecentlyUsedCacheIsEvictedWhenThePoolIsFull() {
        // Each request allocates 1 + 6 prompt + 4 generated = 11 positions.
        assertEquals(1, reusedOnReturn(11), "a pool of one sequence keeps only the latest: BOS is shared");
        assertEquals(6, reusedOnReturn(22), "a pool of two keeps the first prompt");
    }

    private int reusedOnReturn(long poolPositions) {
        InferenceEngine engine = engine(EngineOptions.defaults().withPrefixCachePositions(poolPositions));
        engine.generate(greedy("aaaaaa", 4), null);
        engine.generate(greedy("bbbbbb", 4), null);
        GenerationResult again = engine.generate(greedy("aaaaaa", 4), null);
        assertEquals(expectedGreedy("aaaaaa", 4), again.text());
        return again.reusedPromptTokens();
    }

    @Test
    void concurrentRequestsShareDecodeStepsAndGetTheirSoloOutput() throws Exception {
        InferenceEngine engine = engine(EngineOptions.defaults());
        model.closeGate();
        Future<GenerationResult> first = callers.submit(() -> engine.generate(greedy("first request", 30), null));
        model.awaitPrefillEntered();
        Future<GenerationResult> second = callers.submit(() -> engine.generate(greedy("second one", 20), null));
        TestEngines.awaitQueued(engine, 1);
        model.openGate();

        GenerationResult a = first.get();
        GenerationResult b = second.get();
        assertEquals(expectedGreedy("first request", 30), a.text());
        assertEquals(expectedGreedy("second one", 20), b.text());
        List<Integer> batches = model.decodeBatchSizes();
        // The second joined one step after the first's prefill; all 19 of its decode steps ran alongside the
        // first's 29, so the two took 29 steps in all instead of 48.
        assertEquals(19, batches.stream().filter(size -> size == 2).count());
        assertEquals(29, batches.size());
        assertEquals(2.0, b.meanBatchSize());
        assertTrue(a.meanBatchSize() > 1 && a.meanBatchSize() < 2, "mean batch " + a.meanBatchSize());
        assertTrue(b.queuedNanos() > 0);
    }

    @Test
    void noDecodeStepExceedsTheMaximumBatchSize() throws Exception {
        InferenceEngine engine = engine(EngineOptions.defaults().withMaxBatchSize(2));
        model.closeGate();
        List<Future<GenerationResult>> results = new ArrayList<>();
        String[] prompts = {"one", "two", "three"};
        results.add(callers.submit(() -> engine.generate(greedy(prompts[0], 10), null)));
        model.awaitPrefillEntered();
        results.add(callers.submit(() -> engine.generate(greedy(prompts[1], 10), null)));
        TestEngines.awaitQueued(engine, 1);
        results.add(callers.submit(() -> engine.generate(greedy(prompts[2], 10), null)));
        TestEngines.awaitQueued(engine, 2);
        model.openGate();

        for (int i = 0; i < prompts.length; i++) {
            assertEquals(expectedGreedy(prompts[i], 10), results.get(i).get().text());
        }
        assertEquals(2, model.decodeBatchSizes().stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    @Test
    void aFullQueueRejectsTheRequest() throws Exception {
        InferenceEngine engine = engine(EngineOptions.defaults().withMaxBatchSize(1).withMaxQueuedRequests(1));
        model.closeGate();
        Future<GenerationResult> running = callers.submit(() -> engine.generate(greedy("running", 3), null));
        model.awaitPrefillEntered();
        Future<GenerationResult> queued = callers.submit(() -> engine.generate(greedy("queued", 3), null));
        TestEngines.awaitQueued(engine, 1);

        QueueFullException rejected = assertThrows(QueueFullException.class,
                () -> engine.generate(greedy("rejected", 3), null));
        assertTrue(rejected.getMessage().contains("queue is full"));
        model.openGate();
        assertEquals(expectedGreedy("running", 3), running.get().text());
        assertEquals(expectedGreedy("queued", 3), queued.get().text());
    }

    @Test
    void aListenerThatThrowsCancelsItsRequestOnly() {
        InferenceEngine engine = engine(EngineOptions.defaults());
        IllegalStateException gone = new IllegalStateException("client went away");
        model.closeDecodeGate(); // the scheduler waits in its first decode step until the caller has given up
        assertSame(gone, assertThrows(IllegalStateException.class,
                () -> engine.generate(greedy("cancel me", 200), piece -> { throw gone; })));
        model.openDecodeGate();
        assertEquals(expectedGreedy("after", 5), engine.generate(greedy("after", 5), null).text());
        assertTrue(model.decodedPositions.get() < 100, "decoded " + model.decodedPositions.get());
    }

    @Test
    void aPromptLongerThanTheContextIsRefusedAndMaxTokensIsCappedByIt() {
        InferenceEngine engine = engine(EngineOptions.defaults());
        assertThrows(IllegalArgumentException.class, () -> engine.generate(greedy("x".repeat(255), 5), null));
        GenerationResult result = engine.generate(greedy("x".repeat(250), 0), null);
        assertEquals(5, result.completionTokens());
        assertEquals(GenerationResult.LENGTH, result.finishReason());
    }

    @Test
    void closingFailsWaitingRequestsAndRefusesNewOnes() throws Exception {
        InferenceEngine engine = engine(EngineOptions.defaults());
        model.closeGate();
        Future<GenerationResult> waiting = callers.submit(() -> engine.generate(greedy("waiting", 3), null));
        model.awaitPrefillEntered();
        engine.close();
        model.openGate();
        Exception failure = assertThrows(Exception.class, waiting::get);
        assertTrue(failure.getCause() instanceof IllegalStateException, failure.toString());
        assertThrows(IllegalStateException.class, () -> engine.generate(greedy("late", 3), null));
    }

    private InferenceEngine engine(EngineOptions options) {
        return engine(new CharTokenizer(), options);
    }

    private InferenceEngine engine(CharTokenizer tokenizer, EngineOptions options) {
        InferenceEngine engine = new InferenceEngine(model, tokenizer, TestEngines.PROMPT_FORMAT, options);
        engines.add(engine);
        return engine;
    }

    static GenerationRequest greedy(String prompt, int maxTokens) {
        return GenerationRequest.completion(prompt).temperature(0).maxTokens(maxTokens).build();
    }

    private String expectedGreedy(String prompt, int maxTokens) {
        return TestEngines.expectedGreedy(model, prompt, maxTokens);
    }
}

package io.tollgate.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.LlamaModel;
import io.tollgate.inference.model.ModelOptions;
import io.tollgate.inference.model.ModelSpec;
import io.tollgate.inference.model.RandomModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the engine gives back KV caches (which on a GPU hold device memory the GC does not see), on the CPU backend
 * with its real caches: the ones the prefix cache evicts, replaces or does not keep, those of failed and cancelled
 * sequences, and every kept one when the engine closes; the kept ones still serve prefix hits.
 */
class CacheReleaseTest {
    private static final ModelOptions ONE_THREAD = new ModelOptions(1, true);
    /** Same length, different first letters: each shares only BOS with the others. */
    private static final String[] PROMPTS = {"alpha", "bravo", "delta", "gamma", "omega"};
    private static final int MAX_TOKENS = 6;
    /** Positions each of those requests allocates: BOS + 5 characters + 6 generated. */
    private static final int CAPACITY = 1 + 5 + MAX_TOKENS;

    /** The tokenizer's 98 ids, so every sampled token is text the tokenizer reads back. */
    private final LlamaModel cpu = load(ModelSpec.tiny(GgmlType.F32).withVocabularySize(98));
    private final CacheTrackingModel model = new CacheTrackingModel(cpu);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        callers.shutdownNow();
        for (AutoCloseable resource : resources) resource.close();
        cpu.close();
    }

    @Test
    void evictionClosesExactlyTheEvictedCachesAndTheKeptOnesStillGiveTheColdOutput() {
        List<String> cold = new ArrayList<>();
        for (String prompt : PROMPTS) cold.add(coldText(prompt, MAX_TOKENS));
        InferenceEngine engine = engine(model, EngineOptions.defaults().withPrefixCachePositions(3 * CAPACITY));

        for (int i = 0; i < PROMPTS.length; i++) {
            assertEquals(cold.get(i), engine.generate(greedy(PROMPTS[i]), null).text());
        }
        // Each request's BOS hit refreshes the least recently used entry; the pool ends holding the last three.
        assertEquals(List.of(0, 1), model.closedCaches());

        for (int i = 2; i < PROMPTS.length; i++) {
            GenerationResult again = engine.generate(greedy(PROMPTS[i]), null);
            assertTrue(again.cacheHit(), PROMPTS[i]);
            assertEquals(again.promptTokens() - 1, again.reusedPromptTokens(), PROMPTS[i]);
            assertEquals(cold.get(i), again.text(), PROMPTS[i]);
        }
        // each repeat held what a kept cache holds already: its own cache (5, 6, 7) was closed, the kept stay open
        assertEquals(List.of(0, 1, 5, 6, 7), model.closedCaches());

        engine.close();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), model.closedCaches());
    }

    @Test
    void aFollowUpTurnReplacesTheEarlierEntryAndClosesIt() {
        InferenceEngine engine = engine(model, EngineOptions.defaults());
        // "Hi" is answered with six text tokens, so the follow-up's prompt holds the first turn's tokens as they were
        String answer = engine.generate(greedy("Hi"), null).text();
        assertEquals(MAX_TOKENS, answer.length(), answer);
        String followUp = "Hi" + answer + " and?";
        String cold = coldText(followUp, MAX_TOKENS); // made by the untracked model

        GenerationResult next = engine.generate(greedy(followUp), null);

        assertEquals(1 + 2 + MAX_TOKENS - 1, next.reusedPromptTokens());
        assertEquals(cold, next.text());
        assertEquals(List.of(0), model.closedCaches(), "the first turn's cache is a prefix of the second's");
        assertEquals(2, model.caches().size());
    }

    @Test
    void aFailedSequencesCacheIsClosedByTheTimeTheCallerSeesTheError() {
        // a tokenizer whose ids outrun the model's vocabulary: the prefill refuses the prompt
        LlamaModel small = load(ModelSpec.tiny(GgmlType.F32).withVocabularySize(50));
        resources.add(small);
        CacheTrackingModel tracked = new CacheTrackingModel(small);
        InferenceEngine engine = engine(tracked, EngineOptions.defaults());

        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> engine.generate(greedy("zzz"), null));

        assertInstanceOf(IllegalArgumentException.class, failed.getCause());
        assertEquals(1, tracked.caches().size());
        assertEquals(List.of(0), tracked.closedCaches());
    }

    @Test
    void aCancelledSequencesCacheIsClosedWhenTheEngineDropsIt() throws Exception {
        InferenceEngine engine = engine(model, EngineOptions.defaults().withPrefixCachePositions(0));
        IllegalStateException gone = new IllegalStateException("client went away");
        model.closeDecodeGate(); // the first decode step waits until the caller has given up
        assertSame(gone, assertThrows(IllegalStateException.class,
                () -> engine.generate(GenerationRequest.completion("cancel me").temperature(0).maxTokens(200).build(),
                        piece -> { throw gone; })));
        assertEquals(List.of(), model.closedCaches());

        model.openDecodeGate();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (model.closedCaches().isEmpty() && System.nanoTime() < deadline) Thread.sleep(1);
        assertEquals(List.of(0), model.closedCaches());
    }

    @Test
    void closingTheEngineClosesKeptCachesAndThoseOfRunningSequences() throws Exception {
        InferenceEngine engine = engine(model, EngineOptions.defaults());
        engine.generate(greedy(PROMPTS[0]), null);
        engine.generate(greedy(PROMPTS[1]), null);
        model.closeDecodeGate();
        Future<GenerationResult> running = callers.submit(() -> engine.generate(
                GenerationRequest.completion("still running").temperature(0).maxTokens(100).build(), null));
        model.awaitDecodeHeld();
        assertEquals(3, model.caches().size());
        assertEquals(List.of(), model.closedCaches());

        engine.close();

        assertEquals(List.of(0, 1, 2), model.closedCaches());
        ExecutionException failure = assertThrows(ExecutionException.class, running::get);
        assertTrue(failure.getCause().getMessage().contains("closed"), failure.getCause().toString());
    }

    /** What a cold run gives: the same weights with no prefix cache and nothing tracked. */
    private String coldText(String prompt, int maxTokens) {
        try (InferenceEngine cold = new InferenceEngine(cpu, new CharTokenizer(), TestEngines.PROMPT_FORMAT,
                EngineOptions.defaults().withPrefixCachePositions(0))) {
            return cold.generate(GenerationRequest.completion(prompt).temperature(0).maxTokens(maxTokens).build(),
                    null).text();
        }
    }

    private InferenceEngine engine(LanguageModel model, EngineOptions options) {
        InferenceEngine engine = new InferenceEngine(model, new CharTokenizer(), TestEngines.PROMPT_FORMAT, options);
        resources.add(0, engine); // engines close before the models under them
        return engine;
    }

    private static GenerationRequest greedy(String prompt) {
        return GenerationRequest.completion(prompt).temperature(0).maxTokens(MAX_TOKENS).build();
    }

    private static LlamaModel load(ModelSpec spec) {
        return LlamaModel.load(RandomModel.build(spec, Map.of()), ONE_THREAD);
    }
}

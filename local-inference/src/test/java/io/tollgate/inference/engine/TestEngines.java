package io.tollgate.inference.engine;

import io.tollgate.inference.tokenizer.ChatMessage;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What tests of the engine and server share: a prompt format and the counting model's greedy output. */
public final class TestEngines {

    public static final Function<List<ChatMessage>, String> PROMPT_FORMAT = messages -> messages.stream()
            .map(m -> m.role() + ": " + m.content()).collect(Collectors.joining(" | ", "", " | assistant: "));

    private TestEngines() {}

    /** What greedy decoding of {@code model} gives for a raw prompt, worked out without the engine. */
    public static String expectedGreedy(CountingModel model, String prompt, int maxTokens) {
        CharTokenizer tokenizer = new CharTokenizer();
        int[] tokens = new int[1 + prompt.length() + maxTokens];
        tokens[0] = CharTokenizer.BOS;
        int length = 1;
        for (int token : tokenizer.encode(prompt)) {
            tokens[length++] = token;
        }
        int promptLength = length;
        for (int i = 0; i < maxTokens; i++) {
            tokens[length] = model.favourite(tokens, length);
            length++;
        }
        return tokenizer.decode(Arrays.copyOfRange(tokens, promptLength, length));
    }

    public static void awaitQueued(InferenceEngine engine, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (engine.queuedRequests() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("requests queued: " + engine.queuedRequests());
            }
            Thread.sleep(1);
        }
    }
}

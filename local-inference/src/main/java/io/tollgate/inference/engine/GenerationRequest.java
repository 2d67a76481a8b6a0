package io.tollgate.inference.engine;

import io.tollgate.inference.tokenizer.ChatMessage;

import java.util.List;

/**
 * What to generate: chat {@code messages} (formatted by the engine's prompt format) or a raw {@code prompt}.
 *
 * @param maxTokens tokens to generate at most; 0 = until the context is full
 * @param temperature 0 = greedy
 * @param topP nucleus sampling mass, in (0, 1]
 * @param seed makes sampling reproducible; null = a random seed
 * @param stop strings that end generation; they are not part of the output
 * @param model the model the caller asked for (informational: the engine serves one model)
 * @param traceParent the W3C trace context the caller's call belongs to (a server passes on its request's
 *     {@code traceparent} header), so that what records this generation can join that trace; null when none
 */
public record GenerationRequest(List<ChatMessage> messages, String prompt, int maxTokens, double temperature,
                                double topP, Long seed, List<String> stop, String model,
                                String traceParent) {

    public GenerationRequest {
        if ((messages == null) == (prompt == null)) {
            throw new IllegalArgumentException("give either messages or a prompt");
        }
        if (messages != null && messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative: " + maxTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a number >= 0: " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
        }
        messages = messages == null ? null : List.copyOf(messages);
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    public static Builder chat(List<ChatMessage> messages) {
        return new Builder(messages, null);
    }

    public static Builder completion(String prompt) {
        return new Builder(null, prompt);
    }

    /** Defaults as OpenAI's: temperature 1, top-p 1, no seed, no stop strings; max tokens: the context. */
    public static final class Builder {
        private final List<ChatMessage> messages;
        private final String prompt;
        private int maxTokens;
        private double temperature = 1;
        private double topP = 1;
        private Long seed;
        private List<String> stop = List.of();
        private String model;
        private String traceParent;

        private Builder(List<ChatMessage> messages, String prompt) {
            this.messages = messages;
            this.prompt = prompt;
        }

        public Builder maxTokens(int value) { maxTokens = value; return this; }

        public Builder temperature(double value) { temperature = value; return this; }

        public Builder topP(double value) { topP = value; return this; }

        public Builder seed(Long value) { seed = value; return this; }

        public Builder stop(List<String> value) { stop = value; return this; }

        public Builder model(String value) { model = value; return this; }

        public Builder traceParent(String value) { traceParent = value; return this; }

        public GenerationRequest build() {
            return new GenerationRequest(messages, prompt, maxTokens, temperature, topP, seed, stop, model,
                    traceParent);
        }
    }
}

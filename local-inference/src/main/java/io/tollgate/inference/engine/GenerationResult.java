package io.tollgate.inference.engine;

/**
 * What one {@link InferenceEngine#generate} call produced and what it cost. Times are wall-clock nanoseconds
 * and add up: queued + prefill + decode = the call's latency.
 *
 * @param finishReason "stop" (a stop token or stop string) or "length" (max tokens or the context is full)
 * @param completionTokens tokens sampled, including a stop token
 * @param reusedPromptTokens prompt tokens taken from the prefix cache instead of being prefilled
 * @param queuedNanos from the call to the start of its prefill
 * @param prefillNanos from the start of prefill to the first sampled token
 * @param decodeNanos from the first sampled token to the end
 * @param timeToFirstTokenNanos from the call to the first sampled token
 * @param cpuNanos CPU time of the engine thread for this request: its prefill, and its share of each batched
 *     decode step (the step's time divided by the sequences in it)
 * @param meanBatchSize mean number of sequences in the decode steps this request took part in (0 if none)
 */
public record GenerationResult(String text, String finishReason, String model, int promptTokens,
                               int completionTokens, int reusedPromptTokens, boolean cacheHit, long queuedNanos,
                               long prefillNanos, long decodeNanos, long timeToFirstTokenNanos, long cpuNanos,
                               double meanBatchSize) {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}

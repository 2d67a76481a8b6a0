package io.tollgate.inference.engine;

/**
 * Receives the generated text as it is decoded, on the thread that called
 * {@link InferenceEngine#generate}. Pieces never split a character, never contain a stop string, and
 * concatenate to {@link GenerationResult#text()}. An exception thrown here cancels the generation.
 */
@FunctionalInterface
public interface TokenListener {

    void onText(String piece);
}

package io.tollgate.inference.model;

/**
 * How to run a model.
 *
 * @param threads   threads per matrix product, the caller's included
 * @param vectorApi use the JDK Vector API when the JVM was started with {@code --add-modules jdk.incubator.vector}
 */
public record ModelOptions(int threads, boolean vectorApi) {

    public ModelOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }

    /** All available processors, Vector API when present. */
    public static ModelOptions defaults() {
        return new ModelOptions(Runtime.getRuntime().availableProcessors(), true);
    }

    public ModelOptions withThreads(int count) { return new ModelOptions(count, vectorApi); }

    public ModelOptions withVectorApi(boolean use) { return new ModelOptions(threads, use); }
}

package io.tollgate.inference.model;

/**
 * How to run a model.
 *
 * @param threads   threads per matrix product, the caller's included
 * @param vectorApi use the JDK Vector API when the JVM was started with {@code --add-modules jdk.incubator.vector}
 * @param backend   where {@code LanguageModels.load} runs the model
 */
public record ModelOptions(int threads, boolean vectorApi, Backend backend) {

    /** Where a model runs: {@code auto} tries CUDA and falls back to the CPU saying why. */
    public enum Backend {
        AUTO, CPU, CUDA;

        /** {@code auto}, {@code cpu} or {@code cuda}, any case. */
        public static Backend parse(String name) {
            for (Backend b : values()) if (b.name().equalsIgnoreCase(name.strip())) return b;
            throw new IllegalArgumentException("backend must be auto, cpu or cuda, got '" + name + "'");
        }
    }

    public ModelOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        if (backend == null) throw new IllegalArgumentException("backend must be given (auto, cpu or cuda)");
    }

    /** The automatic backend. */
    public ModelOptions(int threads, boolean vectorApi) {
        this(threads, vectorApi, Backend.AUTO);
    }

    /** All available processors, Vector API when present, CUDA when it works. */
    public static ModelOptions defaults() {
        return new ModelOptions(Runtime.getRuntime().availableProcessors(), true);
    }

    public ModelOptions withThreads(int count) { return new ModelOptions(count, vectorApi, backend); }


    public ModelOptions withBackend(Backend where) { return new ModelOptions(threads, vectorApi, where); }
}

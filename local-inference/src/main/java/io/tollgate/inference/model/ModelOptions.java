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
            throw new IllegalArgumentException("backend (" + BACKEND_PROPERTY + ") must be auto, cpu or cuda, got '" + name + "'");
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

    /** The system property that picks the backend of {@link #defaults()}: {@code auto}, {@code cpu} or {@code cuda}. */
    public static final String BACKEND_PROPERTY = "tollgate.inference.backend";

    /**
     * All available processors, Vector API when present, and the backend {@value #BACKEND_PROPERTY} names (default
     * {@code auto}: CUDA when it works): {@code cuda} refuses to fall back, so a run meant for the GPU fails rather
     * than quietly measuring the CPU; {@code cpu} leaves a GPU alone.
     */
    public static ModelOptions defaults() {
        return new ModelOptions(Runtime.getRuntime().availableProcessors(), true,
                Backend.parse(System.getProperty(BACKEND_PROPERTY, "auto")));
    }

    public ModelOptions withThreads(int count) { return new ModelOptions(count, vectorApi, backend); }


    public ModelOptions withBackend(Backend where) { return new ModelOptions(threads, vectorApi, where); }
}

package io.tollgate.inference.engine;

import io.tollgate.inference.cuda.CudaLlamaModel;
import io.tollgate.inference.cuda.CudaUnavailableException;
import io.tollgate.inference.gguf.TensorSource;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.LlamaModel;
import io.tollgate.inference.model.ModelOptions;
import java.util.function.Consumer;

/** Loads a model on the backend {@link ModelOptions#backend()} picks. */
public final class LanguageModels {
    private LanguageModels() {}

    /**
     * {@code cpu}: {@link LlamaModel}; {@code cuda}: {@link CudaLlamaModel}, failing with the reason when CUDA cannot
     * be used; {@code auto}: CUDA when it can be used, else the CPU after one line on stderr saying why not.
     *
     * @throws IllegalArgumentException naming what is wrong with the model (on any backend)
     * @throws CudaUnavailableException for {@code cuda} where it cannot run
     */
    public static LanguageModel load(TensorSource source, ModelOptions options) {
        return load(source, options, System.err::println);
    }

    static LanguageModel load(TensorSource source, ModelOptions options, Consumer<String> notice) {
        return switch (options.backend()) {
            case CPU -> LlamaModel.load(source, options);
            case CUDA -> CudaLlamaModel.load(source);
            case AUTO -> {
                String why;
                try {
                    yield CudaLlamaModel.load(source);
                } catch (CudaUnavailableException e) {
                    why = e.getMessage();
                } catch (LinkageError e) {
                    why = "JCuda is not usable (" + e + ")";
                }
                LanguageModel cpu = LlamaModel.load(source, options);
                notice.accept("tollgate local-inference: GPU not used: " + why + "; running on " + cpu.backend());
                yield cpu;
            }
        };
    }
}

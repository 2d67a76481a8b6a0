package io.tollgate.inference.engine;

import io.tollgate.inference.gguf.InMemoryTensors;
import io.tollgate.inference.gguf.TensorSource;
import io.tollgate.inference.model.ModelOptions;
import io.tollgate.inference.model.ModelSpec;
import io.tollgate.inference.model.RandomModel;
import io.tollgate.inference.tokenizer.BpeTrainer;
import io.tollgate.inference.tokenizer.ChatTemplate;
import io.tollgate.inference.tokenizer.Tokenizer;
import io.tollgate.inference.tokenizer.Tokenizers;
import java.util.Map;

/** Engines ready to serve: a model, its tokenizer and its chat template, all from one tensor source. */
public final class LocalEngines {
    private LocalEngines() {}

    /**
     * Serves the model a GGUF file (or any tensor source) holds, with the tokenizer and template it describes, on the
     * backend {@code modelOptions} picks ({@link LanguageModels}).
     */
    public static InferenceEngine of(TensorSource source, ModelOptions modelOptions, EngineOptions options) {
        Map<String, Object> metadata = source.metadata();
        ChatTemplate template = ChatTemplate.fromMetadata(metadata);
        // the tokenizer first: bad metadata must fail before a model (device memory, worker threads) is loaded
        Tokenizer tokenizer = Tokenizers.fromMetadata(metadata);
        return new InferenceEngine(LanguageModels.load(source, modelOptions), tokenizer, template::render, options, true);
    }

    /**
     * A model with random weights and a BPE vocabulary trained on the text the project ships: real work for
     * every token, nothing downloaded. Its output reads as noise.
     */
    public static InferenceEngine generated(ModelSpec spec, ModelOptions modelOptions, EngineOptions options) {
        InMemoryTensors weights = RandomModel.build(spec, BpeTrainer.train(BpeTrainer.bundledCorpus(), spec.vocabularySize()));
        return of(weights, modelOptions, options);
    }

    /** About 4M parameters: quick on any CPU, for the demo and tests. */
    public static ModelSpec demoSpec() {
        return new ModelSpec("llama", 2048, 256, 4, 8, 4, 768, 1024, 10000f, 1e-5f,
                io.tollgate.inference.gguf.GgmlType.Q8_0, false, 7);
    }
}

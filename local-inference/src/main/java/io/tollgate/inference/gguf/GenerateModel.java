package io.tollgate.inference.gguf;

import io.tollgate.inference.model.ModelSpec;
import io.tollgate.inference.model.RandomModel;
import io.tollgate.inference.tokenizer.BpeTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code generate-model}: writes a random-weight Llama-family model, with a BPE vocabulary trained on
 * the project's bundled text ({@link BpeTrainer}), as a GGUF file.
 * <pre>--out PATH --preset tiny|100m --type F32|F16|Q8_0|Q4_0 [--arch llama|qwen2] [--seed N] [--vocab N]</pre>
 */
public final class GenerateModel {
    static final String USAGE = "usage: generate-model --out PATH --preset tiny|100m --type F32|F16|Q8_0|Q4_0"
            + " [--arch llama|qwen2] [--seed N] [--vocab N]";
    /** Llama 2's vocabulary size, for the 100m preset. */
    static final int DEFAULT_100M_VOCABULARY = 32000;
    /** GGML_QNT_VERSION: required in a file holding quantized tensors. */
    private static final int QUANTIZATION_VERSION = 2;

    private static final Set<String> OPTIONS = Set.of("--out", "--preset", "--type", "--arch", "--seed", "--vocab");

    private GenerateModel() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) System.exit(status);
    }

    /** @return the exit status: 0, 1 when writing failed, 2 for a bad command line */
    static int run(String[] args, PrintStream out, PrintStream err) {
        ModelSpec spec;
        Path path;
        try {
            Map<String, String> options = options(args);
            path = Path.of(required(options, "--out"));
            spec = spec(options);
        } catch (IllegalArgumentException e) {
            err.println("generate-model: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            long started = System.nanoTime();
            InMemoryTensors model = RandomModel.build(spec, BpeTrainer.train(BpeTrainer.bundledCorpus(), spec.vocabularySize()));
            if (spec.weightType().blockSize() > 1) {
                model.putMetadata("general.quantization_version", QUANTIZATION_VERSION);
            }
            GgufWriter.write(path, model);
            long parameters = model.tensors().stream().mapToLong(GgufTensor::elements).sum();
            out.printf(Locale.ROOT, "wrote %s: %s %s, %d tensors, %,d parameters, %,d bytes, in %d ms%n", path,
                    spec.architecture(), spec.weightType(), model.tensors().size(), parameters, Files.size(path),
                    (System.nanoTime() - started) / 1_000_000);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("generate-model: could not write " + path + ": " + e);
            return 1;
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (i + 1 >= args.length) throw new IllegalArgumentException(name + " needs a value");
            options.put(name, args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String v = options.get(name);
        if (v == null) throw new IllegalArgumentException(name + " is required");
        return v;
    }

    private static ModelSpec spec(Map<String, String> options) {
        GgmlType type;
        try {
            type = GgmlType.valueOf(required(options, "--type").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--type must be F32, F16, Q8_0 or Q4_0, got " + options.get("--type"));
        }
        String preset = required(options, "--preset");
        ModelSpec spec = switch (preset) {
            case "tiny" -> ModelSpec.tiny(type);
            case "100m" -> ModelSpec.hundredMillion(type, DEFAULT_100M_VOCABULARY);
            default -> throw new IllegalArgumentException("--preset must be tiny or 100m, got " + preset);
        };
        String arch = options.getOrDefault("--arch", spec.architecture());
        if (!arch.equals("llama") && !arch.equals("qwen2")) {
            throw new IllegalArgumentException("--arch must be llama or qwen2, got " + arch);
        }
        spec = spec.withArchitecture(arch);
        if (options.containsKey("--vocab")) {
            long size = number(options, "--vocab");
            int least = BpeTrainer.MINIMUM_SIZE;
            if (size < least || size > 1_000_000) {
                throw new IllegalArgumentException("--vocab must be from " + least + " to 1000000, got " + size);
            }
            spec = spec.withVocabularySize((int) size);
        }
        long seed = options.containsKey("--seed") ? number(options, "--seed") : spec.seed();
        return new ModelSpec(spec.architecture(), spec.vocabularySize(), spec.embeddingLength(), spec.blockCount(),
                spec.headCount(), spec.headCountKv(), spec.feedForwardLength(), spec.contextLength(),
                spec.ropeFreqBase(), spec.rmsEpsilon(), spec.weightType(), spec.tiedEmbeddings(), seed);
    }

    private static long number(Map<String, String> options, String name) {
        try {
            return Long.parseLong(options.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got " + options.get(name));
        }
    }
}

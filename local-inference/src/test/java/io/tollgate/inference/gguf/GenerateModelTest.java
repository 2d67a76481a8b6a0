package io.tollgate.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tollgate.inference.model.ModelSpec;
import io.tollgate.inference.model.RandomModel;
import io.tollgate.inference.tokenizer.BpeTrainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateModelTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateModel.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theTinyModelFileHoldsWhatRandomModelBuilds() throws IOException {
        Path file = dir.resolve("tiny-f16.gguf");
        assertEquals(0, run("--out", file.toString(), "--preset", "tiny", "--type", "F16"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("wrote " + file + ": llama F16, 21 tensors"), out.toString());

        InMemoryTensors expected = RandomModel.build(ModelSpec.tiny(GgmlType.F16), BpeTrainer.train(BpeTrainer.bundledCorpus(), 512));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(expected.metadata(), gguf.metadata());
            assertEquals(expected.tensors().stream().map(GgufTensor::name).toList(),
                    gguf.tensors().stream().map(GgufTensorInfo::name).toList());
            for (GgufTensor t : expected.tensors()) {
                GgufTensor read = gguf.tensor(t.name());
                assertEquals(t.type(), read.type(), t.name());
                assertArrayEquals(t.shape(), read.shape(), t.name());
                assertEquals(t.data(), read.data(), t.name());
            }
        }
    }

    @Test
    void quantizedQwen2WithAnotherVocabularyAndSeed() throws IOException {
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        Path c = dir.resolve("c.gguf");
        assertEquals(0, run("--out", a.toString(), "--preset", "tiny", "--type", "q8_0", "--arch", "qwen2",
                "--vocab", "300", "--seed", "5"));
        assertEquals(0, run("--out", b.toString(), "--preset", "tiny", "--type", "Q8_0", "--arch", "qwen2",
                "--vocab", "300", "--seed", "5"));
        assertEquals(0, run("--out", c.toString(), "--preset", "tiny", "--type", "Q8_0", "--arch", "qwen2",
                "--vocab", "300", "--seed", "6"));
        assertEquals(-1, Files.mismatch(a, b), "the same seed gives the same file");
        assertNotEquals(-1, Files.mismatch(a, c));
        try (GgufFile gguf = GgufFile.open(a)) {
            assertEquals("qwen2", gguf.metadata().get("general.architecture"));
            assertEquals(2, gguf.metadata().get("general.quantization_version"));
            assertEquals(300, ((List<?>) gguf.metadata().get("tokenizer.ggml.tokens")).size());
            assertEquals(GgmlType.Q8_0, gguf.tensor("blk.1.attn_q.weight").type());
            assertEquals(GgmlType.F32, gguf.tensor("blk.1.attn_q.bias").type());
            assertEquals(300, gguf.tensor("output.weight").rows());
        }
    }

    @Test
    void badCommandLinesExitWithUsage() {
        assertEquals(2, run("--preset", "tiny", "--type", "F32"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--out is required"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(GenerateModel.USAGE));
        assertEquals(2, run("--out", "x.gguf", "--preset", "7b", "--type", "F32"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--preset must be tiny or 100m, got 7b"));
        assertEquals(2, run("--out", "x.gguf", "--preset", "tiny", "--type", "Q6_K"));
        assertEquals(2, run("--out", "x.gguf", "--preset", "tiny", "--type", "F32", "--vocab", "100"));
        assertEquals(2, run("--out", "x.gguf", "--preset", "tiny", "--type", "F32", "--arch", "gpt2"));
        assertEquals(2, run("--out", "x.gguf", "--preset", "tiny", "--type", "F32", "--seed"));
        assertEquals(2, run("--out", "x.gguf", "--preset", "tiny", "--type", "F32", "--colour", "red"));
        assertTrue(Files.notExists(Path.of("x.gguf")));
    }

    @Test
    void anUnwritablePathFailsWithStatusOne() {
        Path file = dir.resolve("missing-dir").resolve("m.gguf");
        assertEquals(1, run("--out", file.toString(), "--preset", "tiny", "--type", "F32"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("generate-model: could not write " + file));
    }
}

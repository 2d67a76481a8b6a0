package io.tollgate.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our files checked by another implementation: Hugging Face's {@code @huggingface/gguf} (Node) reads what we
 * write, and its writer rebuilds a header that we then read. Skipped, saying why, where Node or the package is
 * missing; {@code npm ci --prefix local-inference/src/test/js} installs the package.
 */
class HuggingFaceGgufInteropTest {
    private static final Path JS = Path.of("src/test/js");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    /** Why this test cannot run here, or null; printed once. */
    private static final String MISSING = missing();

    @BeforeEach
    void needsNodeAndThePackage() {
        assumeTrue(MISSING == null, MISSING);
    }

    private static String missing() {
        String why = null;
        if (!Files.exists(JS.resolve("node_modules/@huggingface/gguf/package.json"))) {
            why = "@huggingface/gguf is not installed: run npm ci --prefix local-inference/src/test/js";
        } else {
            try {
                Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) why = "node --version failed";
            } catch (IOException e) {
                why = "node is not on the PATH";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            }
        }
        if (why != null) System.out.println("HuggingFaceGgufInteropTest skipped: " + why);
        return why;
    }

    @Test
    void itReadsOurGeneratedModelWithTheTypesLlamaCppExpects() throws Exception {
        Path file = dir.resolve("tiny.gguf");
        assertEquals(0, GenerateModel.run(new String[] {"--out", file.toString(), "--preset", "tiny", "--type", "Q8_0"},
                System.out, System.err));
        JsonNode theirs = node("read", file.toString());
        try (GgufFile ours = GgufFile.open(file)) {
            assertEquals(3, theirs.get("version").asInt());
            assertEquals(String.valueOf(ours.tensors().size()), theirs.get("tensorCount").asText());
            assertEquals(String.valueOf(ours.dataStart()), theirs.get("tensorDataOffset").asText());
            JsonNode metadata = theirs.get("metadata");
            assertEquals(new ArrayList<>(ours.metadata().keySet()), fieldNames(metadata));
            for (String key : List.of("llama.context_length", "llama.embedding_length", "llama.block_count",
                    "llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
                    "llama.rope.dimension_count", "llama.vocab_size", "general.file_type",
                    "general.quantization_version", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id")) {
                assertEquals(GgufValueType.UINT32.id, metadata.get(key).get("type").asInt(), key);
            }
            assertType(metadata, "llama.rope.freq_base", GgufValueType.FLOAT32, null);
            assertType(metadata, "tokenizer.ggml.tokens", GgufValueType.ARRAY, GgufValueType.STRING);
            assertType(metadata, "tokenizer.ggml.token_type", GgufValueType.ARRAY, GgufValueType.INT32);
            assertType(metadata, "tokenizer.ggml.merges", GgufValueType.ARRAY, GgufValueType.STRING);
            assertType(metadata, "tokenizer.ggml.add_bos_token", GgufValueType.BOOL, null);
            assertType(metadata, "tokenizer.chat_template", GgufValueType.STRING, null);
            for (Map.Entry<String, Object> e : ours.metadata().entrySet()) {
                assertSameValue(e.getValue(), metadata.get(e.getKey()).get("value"), e.getKey());
            }

            JsonNode tensors = theirs.get("tensors");
            assertEquals(ours.tensors().size(), tensors.size());
            for (int i = 0; i < tensors.size(); i++) {
                GgufTensorInfo t = ours.tensors().get(i);
                JsonNode j = tensors.get(i);
                assertEquals(t.name(), j.get("name").asText());
                assertEquals(t.typeId(), j.get("dtype").asInt(), t.name());
                assertEquals(String.valueOf(t.offset()), j.get("offset").asText(), t.name());
                List<Long> shape = new ArrayList<>();
                j.get("shape").forEach(d -> shape.add(Long.parseLong(d.asText())));
                assertEquals(boxed(t.shape()), shape, t.name());
            }
        }
    }

    @Test
    void itReadsEveryTypeWeWriteIncludingNestedArrays() throws Exception {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("t.int8", (byte) -3);
        metadata.put("t.int16", (short) 1234);
        metadata.put("t.int32", -70000);
        metadata.put("t.int64", Long.MIN_VALUE);
        metadata.put("t.float32", 0.5f);
        metadata.put("t.float64", 1e300);
        metadata.put("t.bool", true);
        metadata.put("t.string", "\u00e9\u20ac");
        metadata.put("t.nested", List.of(List.of(1, 2), List.of(), List.of(3)));
        metadata.put("t.longs", List.of(1, 5L));
        Path file = dir.resolve("types.gguf");
        GgufWriter.write(file, metadata, List.of());

        JsonNode m = node("read", file.toString()).get("metadata");
        assertType(m, "t.int8", GgufValueType.INT8, null);
        assertType(m, "t.int16", GgufValueType.INT16, null);
        assertType(m, "t.int32", GgufValueType.INT32, null);
        assertType(m, "t.int64", GgufValueType.INT64, null);
        assertType(m, "t.float32", GgufValueType.FLOAT32, null);
        assertType(m, "t.float64", GgufValueType.FLOAT64, null);
        assertType(m, "t.bool", GgufValueType.BOOL, null);
        assertType(m, "t.string", GgufValueType.STRING, null);
        assertType(m, "t.nested", GgufValueType.ARRAY, GgufValueType.ARRAY);
        assertType(m, "t.longs", GgufValueType.ARRAY, GgufValueType.INT64);
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            assertSameValue(e.getValue(), m.get(e.getKey()).get("value"), e.getKey());
        }
    }

    @Test
    void weReadAHeaderItsWriterBuilt() throws Exception {
        Path original = dir.resolve("tiny.gguf");
        Path rewritten = dir.resolve("rewritten.gguf");
        assertEquals(0, GenerateModel.run(new String[] {"--out", original.toString(), "--preset", "tiny",
                "--type", "Q4_0", "--arch", "qwen2"}, System.out, System.err));
        node("rewrite", original.toString(), rewritten.toString());

        try (GgufFile before = GgufFile.open(original); GgufFile after = GgufFile.open(rewritten)) {
            Map<String, Object> m = after.metadata();
            assertEquals(200, m.get("interop.uint8"));
            assertEquals(-300, m.get("interop.int16"));
            assertEquals(4_000_000_000L, m.get("interop.uint32"));
            assertEquals(1L << 40, m.get("interop.uint64"));
            assertEquals(0.1, m.get("interop.float64"));
            assertEquals(true, m.get("interop.bool"));
            assertEquals(List.of("a", "\u00fc\u20ac"), m.get("interop.strings"));
            Map<String, Object> kept = new LinkedHashMap<>(m);
            kept.keySet().removeIf(k -> k.startsWith("interop."));
            assertEquals(before.metadata(), kept);
            assertTrue(after.dataStart() > before.dataStart());
            assertEquals(before.tensors(), after.tensors());
            for (GgufTensorInfo t : before.tensors()) {
                assertEquals(before.tensor(t.name()).data(), after.tensor(t.name()).data(), t.name());
            }
        }
    }

    private static JsonNode node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", JS.resolve("gguf-interop.mjs").toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("gguf-interop", ".json");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).start();
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not finish");
            assertEquals(0, p.exitValue(), "node " + String.join(" ", args) + ": " + stderr);
            String out = Files.readString(stdout);
            return out.isEmpty() ? null : JSON.readTree(out);
        } finally {
            Files.delete(stdout);
        }
    }

    private static void assertType(JsonNode metadata, String key, GgufValueType type, GgufValueType elements) {
        JsonNode entry = metadata.get(key);
        assertEquals(type.id, entry.get("type").asInt(), key);
        if (elements != null) assertEquals(elements.id, entry.get("subType").asInt(), key + " elements");
    }

    /** Numbers compare by value (the JSON has 64-bit integers as text, FLOAT32 widened to double). */
    private static void assertSameValue(Object ours, JsonNode theirs, String key) {
        if (ours instanceof List<?> list) {
            assertEquals(list.size(), theirs.size(), key);
            for (int i = 0; i < list.size(); i++) assertSameValue(list.get(i), theirs.get(i), key + "[" + i + "]");
        } else if (ours instanceof Float || ours instanceof Double) {
            assertEquals(((Number) ours).doubleValue(), theirs.asDouble(), key);
        } else if (ours instanceof Number n) {
            assertEquals(n.longValue(), Long.parseLong(theirs.asText()), key);
        } else if (ours instanceof Boolean b) {
            assertEquals(b, theirs.asBoolean(), key);
        } else {
            assertEquals(ours, theirs.asText(), key);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>();
        for (long v : values) list.add(v);
        return list;
    }
}

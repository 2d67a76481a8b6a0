package io.tollgate.inference.model;

import io.tollgate.inference.cpu.CpuBackend;
import io.tollgate.inference.cpu.WeightMatrix;
import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.GgufTensor;
import io.tollgate.inference.gguf.Quantizer;
import io.tollgate.inference.gguf.TensorSource;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A Llama-family decoder (Llama 2/3, Qwen2) on the CPU: RMSNorm, rotary embeddings, grouped-query attention over
 * the KV cache, SwiGLU feed-forward. One forward pass handles any set of (sequence, position, token) rows, so
 * prefill (one sequence, many positions) and batched decode (many sequences, one position each) both read every
 * weight once per pass.
 */
public final class LlamaModel implements LanguageModel {
    /** Prompt tokens per forward pass: bounds the activations (~2 MB per 256 tokens of a 768-wide model). */
    private static final int PREFILL_CHUNK = 256;

    private final LlamaConfig config;
    private final ModelInfo info;
    private final CpuBackend cpu;
    private final Rotary rotary;
    private final WeightMatrix embeddings;
    private final Layer[] layers;
    private final float[] outputNorm;
    private final WeightMatrix output;
    private final int vocabularySize;
    private final long decodeBytes;

    private record Layer(float[] attentionNorm, WeightMatrix q, WeightMatrix k, WeightMatrix v,
                         float[] qBias, float[] kBias, float[] vBias, WeightMatrix o,
                         float[] ffnNorm, WeightMatrix gate, WeightMatrix up, WeightMatrix down) {}

    private LlamaModel(LlamaConfig config, String name, CpuBackend cpu, WeightMatrix embeddings, Layer[] layers,
                       float[] outputNorm, WeightMatrix output, long parameters, GgmlType weightType) {
        this.config = config;
        this.cpu = cpu;
        this.rotary = new Rotary(config);
        this.embeddings = embeddings;
        this.layers = layers;
        this.outputNorm = outputNorm;
        this.output = output;
        this.vocabularySize = embeddings.rows();
        long bytes = output.bytes();
        for (Layer l : layers) {
            for (WeightMatrix w : new WeightMatrix[] {l.q, l.k, l.v, l.o, l.gate, l.up, l.down}) bytes += w.bytes();
        }
        this.decodeBytes = bytes;
        this.info = new ModelInfo(name, config.architecture(), vocabularySize, config.contextLength(), parameters,
                weightType.name());
    }

    /**
     * Copies the weights out of {@code source} (which may be closed afterwards).
     *
     * @throws IllegalArgumentException naming what is missing or misshapen
     */
    public static LlamaModel load(TensorSource source, ModelOptions options) {
        LlamaConfig c = LlamaConfig.from(source.metadata());
        Loader loader = new Loader(source);
        int d = c.embeddingLength();
        WeightMatrix embeddings = loader.matrix("token_embd.weight", d, -1);
        int vocab = embeddings.rows();
        Layer[] layers = new Layer[c.blockCount()];
        for (int i = 0; i < layers.length; i++) {
            String b = "blk." + i + ".";
            int kv = c.kvDimension();
            int ff = c.feedForwardLength();
            boolean bias = c.attentionBiases();
            layers[i] = new Layer(loader.vector(b + "attn_norm.weight", d),
                    loader.matrix(b + "attn_q.weight", d, d), loader.matrix(b + "attn_k.weight", d, kv),
                    loader.matrix(b + "attn_v.weight", d, kv),
                    bias ? loader.vector(b + "attn_q.bias", d) : null, bias ? loader.vector(b + "attn_k.bias", kv) : null,
                    bias ? loader.vector(b + "attn_v.bias", kv) : null,
                    loader.matrix(b + "attn_output.weight", d, d), loader.vector(b + "ffn_norm.weight", d),
                    loader.matrix(b + "ffn_gate.weight", d, ff), loader.matrix(b + "ffn_up.weight", d, ff),
                    loader.matrix(b + "ffn_down.weight", ff, d));
        }
        float[] outputNorm = loader.vector("output_norm.weight", d);
        // tied embeddings: llama.cpp falls back to token_embd when the file has no output.weight
        WeightMatrix output = source.hasTensor("output.weight") ? loader.matrix("output.weight", d, vocab) : embeddings;
        Object name = source.metadata().get("general.name");
        return new LlamaModel(c, name != null ? name.toString() : c.architecture(),
                CpuBackend.create(options.threads(), options.vectorApi()), embeddings, layers, outputNorm, output,
                loader.parameters, loader.mostCommonType());
    }

    public LlamaConfig config() { return config; }

    /** Bytes of weights one decode step reads (every layer's matrices and the output projection). */
    public long decodeBytes() { return decodeBytes; }

    @Override public ModelInfo info() { return info; }

    @Override public String backend() { return cpu.description(); }

    @Override
    public KvCache newCache(int capacity) {
        if (capacity < 1 || capacity > config.contextLength()) {
            throw new IllegalArgumentException("cache capacity " + capacity + " outside 1.." + config.contextLength());
        }
        return new LlamaCache(this, layers.length, config.kvDimension(), capacity);
    }

    @Override
    public float[] prefill(KvCache cache, int[] tokens) {
        LlamaCache c = own(cache);
        if (tokens.length == 0) throw new IllegalArgumentException("prefill needs at least one token");
        checkRoom(c, tokens.length);
        float[] logits = null;
        for (int from = 0; from < tokens.length; from += PREFILL_CHUNK) {
            int n = Math.min(PREFILL_CHUNK, tokens.length - from);
            LlamaCache[] caches = new LlamaCache[n];
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) {
                caches[i] = c;
                positions[i] = c.length() + i;
            }
            boolean last = from + n == tokens.length;
            float[][] out = forward(caches, positions, Arrays.copyOfRange(tokens, from, from + n),
                    last ? new int[] {n - 1} : new int[0]);
            c.grow(c.length() + n);
            if (last) logits = out[0];
        }
        return logits;
    }

    @Override
    public float[][] decode(KvCache[] caches, int[] tokens) {
        if (caches.length != tokens.length) {
            throw new IllegalArgumentException(caches.length + " caches for " + tokens.length + " tokens");
        }
        LlamaCache[] cs = new LlamaCache[caches.length];
        int[] positions = new int[caches.length];
        Map<LlamaCache, Boolean> seen = new IdentityHashMap<>();
        for (int i = 0; i < caches.length; i++) {
            cs[i] = own(caches[i]);
            if (seen.put(cs[i], Boolean.TRUE) != null) {
                throw new IllegalArgumentException("a cache appears twice in one decode step");
            }
            checkRoom(cs[i], 1);
            positions[i] = cs[i].length();
        }
        int[] rows = new int[tokens.length];
        Arrays.setAll(rows, i -> i);
        float[][] logits = forward(cs, positions, tokens, rows);
        for (LlamaCache c : cs) c.grow(c.length() + 1);
        return logits;
    }

    @Override
    public void close() {
        cpu.close();
    }

    private LlamaCache own(KvCache cache) {
        if (cache instanceof LlamaCache c && c.owner == this) return c;
        throw new IllegalArgumentException("the cache was not made by this model");
    }

    private static void checkRoom(LlamaCache c, int tokens) {
        if (c.length() + tokens > c.capacity()) {
            throw new IllegalStateException("cache full: " + c.length() + " + " + tokens + " positions exceed its capacity "
                    + c.capacity());
        }
    }

    /**
     * Runs row {@code t} (token {@code tokens[t]} at {@code positions[t]} of {@code caches[t]}) through every layer,
     * writing its keys and values into its cache; returns the logits of the rows listed in {@code logitRows}.
     */
    private float[][] forward(LlamaCache[] caches, int[] positions, int[] tokens, int[] logitRows) {
        int rows = tokens.length;
        int d = config.embeddingLength();
        int kvd = config.kvDimension();
        int hd = config.headDimension();
        int ff = config.feedForwardLength();
        float[] x = new float[rows * d];
        float[][] angles = new float[rows][];
        for (int t = 0; t < rows; t++) {
            if (tokens[t] < 0 || tokens[t] >= vocabularySize) {
                throw new IllegalArgumentException("token " + tokens[t] + " outside the vocabulary of " + vocabularySize);
            }
            embeddings.row(tokens[t], x, t * d);
            angles[t] = rotary.angles(positions[t]);
        }
        float[] xb = new float[rows * d];
        float[] q = new float[rows * d];
        float[] k = new float[rows * kvd];
        float[] v = new float[rows * kvd];
        float[] attended = new float[rows * d];
        float[] projected = new float[rows * d];
        float[] gate = new float[rows * ff];
        float[] up = new float[rows * ff];
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            rmsNorm(x, layer.attentionNorm, xb, rows);
            cpu.multiply(new WeightMatrix[] {layer.q, layer.k, layer.v}, xb, rows, new float[][] {q, k, v});
            if (layer.qBias != null) {
                addRows(q, layer.qBias, rows);
                addRows(k, layer.kBias, rows);
                addRows(v, layer.vBias, rows);
            }
            for (int t = 0; t < rows; t++) {
                rotary.rotate(q, t * d, config.headCount(), hd, angles[t]);
                rotary.rotate(k, t * kvd, config.headCountKv(), hd, angles[t]);
                System.arraycopy(k, t * kvd, caches[t].keys[l], positions[t] * kvd, kvd);
                System.arraycopy(v, t * kvd, caches[t].values[l], positions[t] * kvd, kvd);
            }
            attend(l, caches, positions, q, attended);
            cpu.multiply(layer.o, attended, rows, projected);
            for (int i = 0; i < x.length; i++) x[i] += projected[i];

            rmsNorm(x, layer.ffnNorm, xb, rows);
            cpu.multiply(new WeightMatrix[] {layer.gate, layer.up}, xb, rows, new float[][] {gate, up});
            for (int i = 0; i < gate.length; i++) {
                float g = gate[i];
                gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
            }
            cpu.multiply(layer.down, gate, rows, projected);
            for (int i = 0; i < x.length; i++) x[i] += projected[i];
        }
        float[] last = new float[logitRows.length * d];
        for (int i = 0; i < logitRows.length; i++) System.arraycopy(x, logitRows[i] * d, last, i * d, d);
        rmsNorm(last, outputNorm, last, logitRows.length);
        float[] logits = new float[logitRows.length * vocabularySize];
        cpu.multiply(output, last, logitRows.length, logits);
        float[][] out = new float[logitRows.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(logits, i * vocabularySize, (i + 1) * vocabularySize);
        }
        return out;
    }

    /** Causal grouped-query attention: row t's head h reads kv head h / (heads / kvHeads) at positions 0..pos. */
    private void attend(int layer, LlamaCache[] caches, int[] positions, float[] q, float[] out) {
        int heads = config.headCount();
        int group = heads / config.headCountKv();
        int hd = config.headDimension();
        int d = config.embeddingLength();
        int kvd = config.kvDimension();
        float scale = (float) (1.0 / Math.sqrt(hd));
        cpu.forEach(positions.length * heads, i -> {
            int t = i / heads;
            int h = i % heads;
            cpu.attend(q, t * d + h * hd, caches[t].keys[layer], caches[t].values[layer], (h / group) * hd, kvd,
                    positions[t] + 1, hd, scale, out, t * d + h * hd);
        });
    }

    /** y = x / sqrt(mean(x^2) + eps) * weight, row by row; the sum of squares in double as GGML does. */
    private void rmsNorm(float[] x, float[] weight, float[] y, int rows) {
        int n = weight.length;
        for (int t = 0; t < rows; t++) {
            int o = t * n;
            double sum = 0;
            for (int i = 0; i < n; i++) sum += x[o + i] * x[o + i];
            float inv = (float) (1.0 / Math.sqrt(sum / n + config.rmsEpsilon()));
            for (int i = 0; i < n; i++) y[o + i] = x[o + i] * inv * weight[i];
        }
    }

    private static void addRows(float[] x, float[] bias, int rows) {
        for (int t = 0; t < rows; t++) {
            for (int i = 0; i < bias.length; i++) x[t * bias.length + i] += bias[i];
        }
    }

    /** Reads tensors, checking shapes, and counts what it read. */
    private static final class Loader {
        private final TensorSource source;
        private final Map<GgmlType, Long> elementsByType = new EnumMap<>(GgmlType.class);
        long parameters;

        Loader(TensorSource source) { this.source = source; }

        /** @param rows expected rows, or -1 for any */
        WeightMatrix matrix(String name, int columns, int rows) {
            GgufTensor t = checked(name, columns, rows);
            elementsByType.merge(t.type(), t.elements(), Long::sum);
            return WeightMatrix.of(t);
        }

        float[] vector(String name, int length) {
            GgufTensor t = checked(name, length, 1);
            return Quantizer.decode(t.type(), t.data(), 0, length);
        }

        GgmlType mostCommonType() {
            return elementsByType.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }

        private GgufTensor checked(String name, int columns, int rows) {
            GgufTensor t = source.tensor(name);
            if (t.columns() != columns || (rows >= 0 && t.rows() != rows)) {
                throw new IllegalArgumentException(name + " has shape " + Arrays.toString(t.shape()) + ", expected ["
                        + columns + (rows == 1 ? "" : ", " + (rows < 0 ? "vocabulary" : rows)) + "]");
            }
            parameters += t.elements();
            return t;
        }
    }
}

package io.tollgate.inference.model;

import io.tollgate.inference.cpu.CpuBackend;
import io.tollgate.inference.cpu.WeightMatrix;
import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.TensorSource;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

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
    private final List<LayerWeights<WeightMatrix, float[]>> layers;
    private final float[] outputNorm;
    private final WeightMatrix output;
    private final int vocabularySize;
    private final long decodeBytes;

    private LlamaModel(LlamaConfig config, String name, CpuBackend cpu, WeightMatrix embeddings,
                       List<LayerWeights<WeightMatrix, float[]>> layers, float[] outputNorm, WeightMatrix output,
                       long parameters, GgmlType weightType) {
        this.config = config;
        this.cpu = cpu;
        this.rotary = new Rotary(config);
        this.embeddings = embeddings;
        this.layers = layers;
        this.outputNorm = outputNorm;
        this.output = output;
        this.vocabularySize = embeddings.rows();
        long bytes = output.bytes();
        for (LayerWeights<WeightMatrix, float[]> l : layers) {
            for (WeightMatrix w : l.matrices()) bytes += w.bytes();
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
        TensorLoader<WeightMatrix, float[]> loader = new TensorLoader<>(source, WeightMatrix::of, Function.identity());
        int d = c.embeddingLength();
        WeightMatrix embeddings = loader.matrix("token_embd.weight", d, -1);
        int vocab = embeddings.rows();
        List<LayerWeights<WeightMatrix, float[]>> layers = loader.layers(c);
        float[] outputNorm = loader.vector("output_norm.weight", d);
        // tied embeddings: llama.cpp falls back to token_embd when the file has no output.weight
        WeightMatrix output = source.hasTensor("output.weight") ? loader.matrix("output.weight", d, vocab) : embeddings;
        Object name = source.metadata().get("general.name");
        return new LlamaModel(c, name != null ? name.toString() : c.architecture(),
                CpuBackend.create(options.threads(), options.vectorApi()), embeddings, layers, outputNorm, output,
                loader.parameters(), loader.mostCommonType());
    }

    /** Bytes of weights one decode step reads (every layer's matrices and the output projection). */
    public long decodeBytes() { return decodeBytes; }

    @Override public ModelInfo info() { return info; }

    @Override public String backend() { return cpu.description(); }

    @Override
    public KvCache newCache(int capacity) {
        ModelChecks.checkCapacity(capacity, config);
        return new LlamaCache(this, layers.size(), config.kvDimension(), capacity);
    }

    @Override
    public float[] prefill(KvCache cache, int[] tokens) {
        LlamaCache c = ModelChecks.prefillCache(this, LlamaCache.class, cache, tokens);
        return ChunkedPrefill.run(c, tokens, PREFILL_CHUNK, (caches, positions, chunk, last) ->
                forward(caches, positions, chunk, last ? new int[] {chunk.length - 1} : new int[0]));
    }

    @Override
    public float[][] decode(KvCache[] caches, int[] tokens) {
        LlamaCache[] cs = ModelChecks.decodeCaches(this, LlamaCache.class, caches, tokens);
        int[] positions = ModelChecks.positions(cs);
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
            ModelChecks.checkToken(tokens[t], vocabularySize);
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
        for (int l = 0; l < layers.size(); l++) {
            LayerWeights<WeightMatrix, float[]> layer = layers.get(l);
            rmsNorm(x, layer.attentionNorm(), xb, rows);
            cpu.multiply(new WeightMatrix[] {layer.q(), layer.k(), layer.v()}, xb, rows, new float[][] {q, k, v});
            if (layer.qBias() != null) {
                addRows(q, layer.qBias(), rows);
                addRows(k, layer.kBias(), rows);
                addRows(v, layer.vBias(), rows);
            }
            for (int t = 0; t < rows; t++) {
                rotary.rotate(q, t * d, config.headCount(), hd, angles[t]);
                rotary.rotate(k, t * kvd, config.headCountKv(), hd, angles[t]);
                System.arraycopy(k, t * kvd, caches[t].keys[l], positions[t] * kvd, kvd);
                System.arraycopy(v, t * kvd, caches[t].values[l], positions[t] * kvd, kvd);
            }
            attend(l, caches, positions, q, attended);
            cpu.multiply(layer.o(), attended, rows, projected);
            for (int i = 0; i < x.length; i++) x[i] += projected[i];

            rmsNorm(x, layer.ffnNorm(), xb, rows);
            cpu.multiply(new WeightMatrix[] {layer.gate(), layer.up()}, xb, rows, new float[][] {gate, up});
            for (int i = 0; i < gate.length; i++) {
                float g = gate[i];
                gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
            }
            cpu.multiply(layer.down(), gate, rows, projected);
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
}

package io.tollgate.inference.cuda;

import static jcuda.jcublas.JCublas2.cublasSgemm;
import static jcuda.jcublas.JCublas2.cublasSgemv;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

import io.tollgate.inference.cpu.WeightMatrix;
import io.tollgate.inference.gguf.GgufTensor;
import io.tollgate.inference.gguf.Quantizer;
import io.tollgate.inference.gguf.TensorSource;
import io.tollgate.inference.model.ChunkedPrefill;
import io.tollgate.inference.model.KvCache;
import io.tollgate.inference.model.LanguageModel;
import io.tollgate.inference.model.LayerWeights;
import io.tollgate.inference.model.LlamaConfig;
import io.tollgate.inference.model.ModelChecks;
import io.tollgate.inference.model.ModelInfo;
import io.tollgate.inference.model.TensorLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * The Llama/Qwen2 forward pass of {@code LlamaModel} on a CUDA device: weights uploaded once as F32 (quantized
 * types dequantized on upload), matrix products in cuBLAS, the other steps in NVRTC-compiled kernels
 * ({@code llama.cu}), keys and values in device memory. Only the embedding lookup runs on the host.
 */
public final class CudaLlamaModel implements LanguageModel {
    private static final int PREFILL_CHUNK = 256;
    /** Attention scores a pass may hold (floats): bounds prefill rows on long contexts. */
    private static final long SCORE_BUDGET = 1L << 26;
    private static final Pointer ONE = Pointer.to(new float[] {1f});
    private static final Pointer ZERO = Pointer.to(new float[] {0f});

    private final CudaDevice device;
    private final LlamaConfig config;
    private final ModelInfo info;
    private final WeightMatrix embeddings;
    private final List<LayerWeights<DeviceMatrix, DeviceBuffer>> layers;
    private final DeviceBuffer outputNorm;
    private final DeviceMatrix output;
    private final List<DeviceBuffer> weights;
    private final long decodeBytes;
    private final String weightTypes;
    private final Set<CacheMemory> liveCaches = new HashSet<>();
    private Activations activations;
    private DeviceBuffer scores;
    /** Sized for the rows that want logits (one per sequence), not for every row of a prefill pass. */
    private DeviceBuffer logits;
    private boolean closed;

    private CudaLlamaModel(CudaDevice device, LlamaConfig config, String name, Uploader loaded,
                           WeightMatrix embeddings, List<LayerWeights<DeviceMatrix, DeviceBuffer>> layers,
                           DeviceBuffer outputNorm, DeviceMatrix output) {
        this.device = device;
        this.config = config;
        this.embeddings = embeddings;
        this.layers = layers;
        this.outputNorm = outputNorm;
        this.output = output;
        this.weights = loaded.uploaded;
        long bytes = output.bytes();
        for (LayerWeights<DeviceMatrix, DeviceBuffer> l : layers) {
            for (DeviceMatrix m : l.matrices()) bytes += m.bytes();
        }
        this.decodeBytes = bytes;
        this.weightTypes = loaded.tensors.matrixTypes().toString();
        this.info = new ModelInfo(name, config.architecture(), embeddings.rows(), config.contextLength(),
                loaded.tensors.parameters(), loaded.tensors.mostCommonType().name());
    }

    /**
     * Opens the first CUDA device and uploads the weights of {@code source} (which may be closed afterwards).
     *
     * @throws CudaUnavailableException why CUDA cannot be used (nothing stays allocated)
     * @throws IllegalArgumentException naming what is missing or misshapen in the model
     */
    public static CudaLlamaModel load(TensorSource source) {
        LlamaConfig c = LlamaConfig.from(source.metadata());
        CudaDevice device = CudaDevice.open();
        Uploader loader = new Uploader(source);
        TensorLoader<DeviceMatrix, DeviceBuffer> tensors = loader.tensors;
        try {
            int d = c.embeddingLength();
            GgufTensor embeddingTensor = tensors.tensor("token_embd.weight", d, -1);
            // kept on the host in its own encoding (copied: the source may be closed); a pass decodes its rows
            WeightMatrix embeddings = WeightMatrix.of(embeddingTensor);
            int vocab = embeddings.rows();
            List<LayerWeights<DeviceMatrix, DeviceBuffer>> layers = tensors.layers(c);
            DeviceBuffer outputNorm = tensors.vector("output_norm.weight", d);
            // tied embeddings: llama.cpp falls back to token_embd when the file has no output.weight
            DeviceMatrix output = source.hasTensor("output.weight") ? tensors.matrix("output.weight", d, vocab)
                    : loader.upload(embeddingTensor);
            Object name = source.metadata().get("general.name");
            return new CudaLlamaModel(device, c, name != null ? name.toString() : c.architecture(), loader, embeddings,
                    layers, outputNorm, output);
        } catch (RuntimeException e) {
            loader.uploaded.forEach(DeviceBuffer::close);
            device.close();
            if (e instanceof IllegalArgumentException || e instanceof CudaUnavailableException) throw e;
            // e.g. CUDA_ERROR_OUT_OF_MEMORY: the model does not fit this device
            throw new CudaUnavailableException("loading the weights onto " + device.name + " failed: "
                    + CudaDevice.oneLine(e), e);
        } catch (Error e) {
            loader.uploaded.forEach(DeviceBuffer::close);
            device.close();
            throw e;
        }
    }

    /** Bytes of weights one decode step reads from device memory: every layer's matrices and the output, as F32. */
    public long decodeBytes() { return decodeBytes; }

    /** The device's theoretical memory bandwidth, bytes/s (memory clock x bus width x 2). */
    public double peakBandwidth() { return device.peakBandwidth; }

    @Override public ModelInfo info() { return info; }

    @Override
    public String backend() {
        return "cuda (" + device.description() + "; cuBLAS F32, weights " + weightTypes + " as F32 on the device)";
    }

    /** For a cache of this model: a closed model's context and memory are gone, as for {@link #newCache}. */
    void makeCurrent() { open(); }

    @Override
    public synchronized KvCache newCache(int capacity) {
        ModelChecks.checkCapacity(capacity, config);
        open();
        long floats = (long) layers.size() * capacity * config.kvDimension();
        DeviceBuffer keys = DeviceBuffer.floats(floats);
        DeviceBuffer values;
        try {
            values = DeviceBuffer.floats(floats);
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        CacheMemory memory = new CacheMemory(keys, values);
        liveCaches.add(memory);
        return new CudaCache(this, keys, values, memory, layers.size(), config.kvDimension(), capacity);
    }

    @Override
    public float[] prefill(KvCache cache, int[] tokens) {
        CudaCache c = ModelChecks.prefillCache(this, CudaCache.class, cache, tokens);
        open();
        long perRow = (long) config.headCount() * (c.length() + tokens.length);
        int chunk = (int) Math.max(1, Math.min(PREFILL_CHUNK, SCORE_BUDGET / perRow));
        return ChunkedPrefill.run(c, tokens, chunk, (caches, positions, part, last) ->
                forward(caches, positions, part, last ? part.length - 1 : 0, last ? 1 : 0));
    }

    @Override
    public float[][] decode(KvCache[] caches, int[] tokens) {
        CudaCache[] cs = ModelChecks.decodeCaches(this, CudaCache.class, caches, tokens);
        int[] positions = ModelChecks.positions(cs);
        if (tokens.length == 0) return new float[0][]; // a launch of no blocks is a CUDA error
        open();
        float[][] logits = forward(cs, positions, tokens, 0, tokens.length);
        for (CudaCache c : cs) c.grow(c.length() + 1);
        return logits;
    }

    /**
     * Runs row {@code t} (token {@code tokens[t]} at {@code positions[t]} of {@code caches[t]}) through every layer,
     * writing its keys and values into its cache; returns the logits of rows {@code firstLogitRow} onwards.
     */
    private float[][] forward(CudaCache[] caches, int[] positions, int[] tokens, int firstLogitRow, int logitRows) {
        int rows = tokens.length;
        int d = config.embeddingLength();
        int kvd = config.kvDimension();
        int hd = config.headDimension();
        int ff = config.feedForwardLength();
        int heads = config.headCount();
        int vocab = embeddings.rows();
        float eps = config.rmsEpsilon();
        float[] embedded = new float[rows * d];
        int visible = 0;
        for (int t = 0; t < rows; t++) {
            ModelChecks.checkToken(tokens[t], vocab);
            embeddings.row(tokens[t], embedded, t * d);
            visible = Math.max(visible, positions[t] + 1);
        }
        Activations a = activations(rows);
        CUdeviceptr scores = scores((long) rows * heads * visible);
        LlamaKernels k = device.kernels;
        a.x.upload(embedded, rows * d);
        a.table.fill(caches, positions);
        boolean halves = config.ropePairs() == LlamaConfig.RopePairs.HALVES;
        float scale = (float) (1.0 / Math.sqrt(hd));
        for (int l = 0; l < layers.size(); l++) {
            LayerWeights<DeviceMatrix, DeviceBuffer> layer = layers.get(l);
            k.rmsNorm(a.x.pointer, layer.attentionNorm().pointer, a.xb.pointer, rows, d, eps);
            multiply(layer.q(), a.xb.pointer, rows, a.q.pointer, ZERO);
            multiply(layer.k(), a.xb.pointer, rows, a.k.pointer, ZERO);
            multiply(layer.v(), a.xb.pointer, rows, a.v.pointer, ZERO);
            if (layer.qBias() != null) {
                k.addBias(a.q.pointer, layer.qBias().pointer, d, rows);
                k.addBias(a.k.pointer, layer.kBias().pointer, kvd, rows);
                k.addBias(a.v.pointer, layer.vBias().pointer, kvd, rows);
            }
            k.rope(a.q.pointer, a.table.positions.pointer, rows, heads, hd, config.ropeDimensions(), d, halves,
                    config.ropeFreqBase());
            k.rope(a.k.pointer, a.table.positions.pointer, rows, config.headCountKv(), hd, config.ropeDimensions(), kvd,
                    halves, config.ropeFreqBase());
            k.storeKv(a.k.pointer, a.v.pointer, a.table, rows, l, kvd);
            k.attention(a.q.pointer, a.attended.pointer, scores, a.table, rows, l, heads, heads / config.headCountKv(),
                    hd, kvd, visible, scale);
            multiply(layer.o(), a.attended.pointer, rows, a.x.pointer, ONE); // beta 1: the residual add, x += W_o a

            k.rmsNorm(a.x.pointer, layer.ffnNorm().pointer, a.xb.pointer, rows, d, eps);
            multiply(layer.gate(), a.xb.pointer, rows, a.gate.pointer, ZERO);
            multiply(layer.up(), a.xb.pointer, rows, a.up.pointer, ZERO);
            k.swiglu(a.gate.pointer, a.up.pointer, rows * ff);
            multiply(layer.down(), a.gate.pointer, rows, a.x.pointer, ONE);
        }
        float[][] out = new float[logitRows][];
        if (logitRows == 0) return out;
        k.rmsNorm(a.x.at((long) firstLogitRow * d), outputNorm.pointer, a.xb.pointer, logitRows, d, eps);
        DeviceBuffer onDevice = logits((long) logitRows * vocab);
        multiply(output, a.xb.pointer, logitRows, onDevice.pointer, ZERO);
        float[] host = new float[logitRows * vocab];
        onDevice.download(host, host.length); // waits for the whole pass
        for (int i = 0; i < logitRows; i++) out[i] = Arrays.copyOfRange(host, i * vocab, (i + 1) * vocab);
        return out;
    }

    /**
     * {@code out[t * rows + r] = dot(weight row r, x row t) + beta * out[...]}. cuBLAS is column-major: the
     * row-major weights are the transposed operand, activations and results are columns.
     */
    private void multiply(DeviceMatrix w, CUdeviceptr x, int tokens, CUdeviceptr out, Pointer beta) {
        if (tokens == 1) {
            cublasSgemv(device.cublas, CUBLAS_OP_T, w.columns(), w.rows(), ONE, w.data().pointer, w.columns(), x, 1,
                    beta, out, 1);
        } else {
            cublasSgemm(device.cublas, CUBLAS_OP_T, CUBLAS_OP_N, w.rows(), tokens, w.columns(), ONE, w.data().pointer,
                    w.columns(), x, w.columns(), beta, out, w.rows());
        }
    }

    private Activations activations(int rows) {
        if (activations == null || activations.rows < rows) {
            if (activations != null) activations.close();
            activations = null;
            activations = new Activations(rows, config);
        }
        return activations;
    }

    private CUdeviceptr scores(long floats) {
        if (scores == null || scores.bytes < floats * 4) {
            if (scores != null) scores.close();
            scores = null;
            scores = DeviceBuffer.floats(Math.max(floats, 1 << 16));
        }
        return scores.pointer;
    }

    private DeviceBuffer logits(long floats) {
        if (logits == null || logits.bytes < floats * 4) {
            if (logits != null) logits.close();
            logits = null;
            logits = DeviceBuffer.floats(floats);
        }
        return logits;
    }

    private void open() {
        if (closed) throw new IllegalStateException("the model is closed");
        device.makeCurrent();
    }

    private synchronized void free(CacheMemory memory) {
        if (closed || !liveCaches.remove(memory)) return; // close() freed it
        device.makeCurrent();
        memory.keys.close();
        memory.values.close();
    }

    /** Frees all device memory: weights, activations, every cache still alive (they become unusable), the context. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            device.makeCurrent();
            for (CacheMemory m : liveCaches) {
                m.keys.close();
                m.values.close();
            }
            liveCaches.clear();
            if (activations != null) activations.close();
            if (scores != null) scores.close();
            if (logits != null) logits.close();
            weights.forEach(DeviceBuffer::close);
        } finally {
            device.close();
        }
    }

    /**
     * A cache's device memory, freed by the cache's close() or by the cleaner once the cache is unreachable; must
     * not refer to the cache.
     */
    private final class CacheMemory implements Runnable {
        final DeviceBuffer keys;
        final DeviceBuffer values;

        CacheMemory(DeviceBuffer keys, DeviceBuffer values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public void run() {
            try {
                free(this);
            } catch (RuntimeException e) {
                // neither the cleaner thread nor an ending sequence can act on it; the context's teardown reclaims it
            }
        }
    }

    /** One pass's buffers on the device, for up to {@code rows} rows. */
    private static final class Activations implements AutoCloseable {
        final int rows;
        final List<DeviceBuffer> all = new ArrayList<>();
        final DeviceBuffer x;
        final DeviceBuffer xb;
        final DeviceBuffer q;
        final DeviceBuffer k;
        final DeviceBuffer v;
        final DeviceBuffer attended;
        final DeviceBuffer gate;
        final DeviceBuffer up;
        final RowTable table;

        Activations(int rows, LlamaConfig c) {
            this.rows = rows;
            try {
                x = add(rows, c.embeddingLength());
                xb = add(rows, c.embeddingLength());
                q = add(rows, c.embeddingLength());
                k = add(rows, c.kvDimension());
                v = add(rows, c.kvDimension());
                attended = add(rows, c.embeddingLength());
                gate = add(rows, c.feedForwardLength());
                up = add(rows, c.feedForwardLength());
                table = new RowTable(rows);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        private DeviceBuffer add(int rows, int width) {
            DeviceBuffer b = DeviceBuffer.floats((long) rows * width);
            all.add(b);
            return b;
        }

        @Override
        public void close() {
            all.forEach(DeviceBuffer::close);
            if (table != null) table.close();
        }
    }

    /** Uploads the tensors {@link TensorLoader} reads as F32, remembering each buffer so a failed load frees them. */
    private static final class Uploader {
        final List<DeviceBuffer> uploaded = new ArrayList<>();
        final TensorLoader<DeviceMatrix, DeviceBuffer> tensors;

        Uploader(TensorSource source) { tensors = new TensorLoader<>(source, this::upload, this::upload); }

        DeviceMatrix upload(GgufTensor t) {
            DeviceBuffer b = upload(Quantizer.decode(t.type(), t.data(), 0, Math.toIntExact(t.elements())));
            return new DeviceMatrix(b, t.rows(), t.columns());
        }

        DeviceBuffer upload(float[] values) {
            DeviceBuffer b = DeviceBuffer.of(values);
            uploaded.add(b);
            return b;
        }
    }
}

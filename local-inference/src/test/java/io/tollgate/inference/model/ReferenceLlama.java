package io.tollgate.inference.model;

import io.tollgate.inference.gguf.GgufTensor;
import io.tollgate.inference.gguf.Quantizer;
import io.tollgate.inference.gguf.TensorSource;

/**
 * The textbook forward pass, for checking {@link LlamaModel}: every tensor dequantized with {@link Quantizer},
 * all arithmetic in doubles, no cache (the whole sequence is recomputed for each answer), plain loops.
 */
final class ReferenceLlama {
    private final TensorSource source;
    private final LlamaConfig c;
    private final java.util.Map<String, double[][]> decoded = new java.util.HashMap<>();

    ReferenceLlama(TensorSource source) {
        this.source = source;
        this.c = LlamaConfig.from(source.metadata());
    }

    /** Logits after the last of {@code tokens}, the sequence starting at position 0. */
    double[] logits(int[] tokens) {
        int n = tokens.length;
        int d = c.embeddingLength();
        int hd = c.headDimension();
        int heads = c.headCount();
        int kvHeads = c.headCountKv();
        double[][] embedding = matrix("token_embd.weight");
        double[][] x = new double[n][];
        for (int t = 0; t < n; t++) x[t] = embedding[tokens[t]].clone();

        for (int l = 0; l < c.blockCount(); l++) {
            String b = "blk." + l + ".";
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], vector(b + "attn_norm.weight"));
                q[t] = matVec(matrix(b + "attn_q.weight"), h);
                k[t] = matVec(matrix(b + "attn_k.weight"), h);
                v[t] = matVec(matrix(b + "attn_v.weight"), h);
                if (c.architecture().equals("qwen2")) {
                    add(q[t], vector(b + "attn_q.bias"));
                    add(k[t], vector(b + "attn_k.bias"));
                    add(v[t], vector(b + "attn_v.bias"));
                }
                for (int h0 = 0; h0 < heads; h0++) rope(q[t], h0 * hd, t);
                for (int h0 = 0; h0 < kvHeads; h0++) rope(k[t], h0 * hd, t);
            }
            for (int t = 0; t < n; t++) {
                double[] attended = new double[d];
                for (int h = 0; h < heads; h++) {
                    int kvHead = h / (heads / kvHeads);
                    double[] weights = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int p = 0; p <= t; p++) {
                        double s = 0;
                        for (int j = 0; j < hd; j++) s += q[t][h * hd + j] * k[p][kvHead * hd + j];
                        weights[p] = s / Math.sqrt(hd);
                        max = Math.max(max, weights[p]);
                    }
                    double sum = 0;
                    for (int p = 0; p <= t; p++) sum += weights[p] = Math.exp(weights[p] - max);
                    for (int p = 0; p <= t; p++) {
                        for (int j = 0; j < hd; j++) attended[h * hd + j] += weights[p] / sum * v[p][kvHead * hd + j];
                    }
                }
                add(x[t], matVec(matrix(b + "attn_output.weight"), attended));
            }
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], vector(b + "ffn_norm.weight"));
                double[] gate = matVec(matrix(b + "ffn_gate.weight"), h);
                double[] up = matVec(matrix(b + "ffn_up.weight"), h);
                for (int i = 0; i < gate.length; i++) gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                add(x[t], matVec(matrix(b + "ffn_down.weight"), gate));
            }
        }
        double[] last = rmsNorm(x[n - 1], vector("output_norm.weight"));
        String out = source.hasTensor("output.weight") ? "output.weight" : "token_embd.weight";
        return matVec(matrix(out), last);
    }

    /** llama: pairs (2i, 2i+1); qwen2: pairs (i, i + n/2); angle pos * base^(-2i/n). */
    private void rope(double[] v, int offset, int position) {
        int dims = c.ropeDimensions();
        for (int i = 0; i < dims / 2; i++) {
            double theta = position * Math.pow(c.ropeFreqBase(), -2.0 * i / dims);
            int a = c.architecture().equals("qwen2") ? offset + i : offset + 2 * i;
            int b = c.architecture().equals("qwen2") ? a + dims / 2 : a + 1;
            double x0 = v[a];
            double x1 = v[b];
            v[a] = x0 * Math.cos(theta) - x1 * Math.sin(theta);
            v[b] = x0 * Math.sin(theta) + x1 * Math.cos(theta);
        }
    }

    private double[] rmsNorm(double[] x, double[] weight) {
        double sum = 0;
        for (double value : x) sum += value * value;
        double inv = 1 / Math.sqrt(sum / x.length + c.rmsEpsilon());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] * inv * weight[i];
        return y;
    }

    private static double[] matVec(double[][] w, double[] x) {
        double[] y = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            for (int i = 0; i < x.length; i++) y[r] += w[r][i] * x[i];
        }
        return y;
    }

    private static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) x[i] += y[i];
    }

    private double[] vector(String name) {
        return matrix(name)[0];
    }

    /** rows x columns, dequantized. */
    private double[][] matrix(String name) {
        return decoded.computeIfAbsent(name, this::decode);
    }

    private double[][] decode(String name) {
        GgufTensor t = source.tensor(name);
        float[] all = Quantizer.decode(t.type(), t.data(), 0, Math.toIntExact(t.elements()));
        double[][] m = new double[t.rows()][t.columns()];
        for (int r = 0; r < t.rows(); r++) {
            for (int i = 0; i < t.columns(); i++) m[r][i] = all[r * t.columns() + i];
        }
        return m;
    }
}

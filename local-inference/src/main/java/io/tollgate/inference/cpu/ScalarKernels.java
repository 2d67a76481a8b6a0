package io.tollgate.inference.cpu;

import io.tollgate.inference.gguf.Float16;

/** Plain loops: the path for JVMs without the Vector API, and the baseline the vector path is checked against. */
final class ScalarKernels implements Kernels {
    private final String description;

    ScalarKernels(String why) {
        this.description = "scalar: " + why;
    }

    @Override public String description() { return description; }

    @Override
    public void f32(F32Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * n;
            for (int t = 0; t < tokens; t++) {
                int xo = t * n;
                float s = 0;
                for (int i = 0; i < n; i++) s += w.values[base + i] * x[xo + i];
                out[t * w.rows + r] = s;
            }
        }
    }

    @Override
    public void f16(F16Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        float[] row = new float[n];
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * n;
            for (int i = 0; i < n; i++) row[i] = Float16.toFloat(w.bits[base + i]);
            for (int t = 0; t < tokens; t++) {
                int xo = t * n;
                float s = 0;
                for (int i = 0; i < n; i++) s += row[i] * x[xo + i];
                out[t * w.rows + r] = s;
            }
        }
    }

    @Override
    public float[] q8Activations(float[] x, int tokens, int n) {
        return x;
    }

    @Override
    public void q8(Q8Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        int blocks = n / 32;
        for (int r = rowFrom; r < rowTo; r++) {
            for (int t = 0; t < tokens; t++) {
                int xo = t * n;
                float s = 0;
                for (int b = 0; b < blocks; b++) {
                    int q = r * n + b * 32;
                    int xb = xo + b * 32;
                    float block = 0;
                    for (int j = 0; j < 32; j++) block += w.quants[q + j] * x[xb + j];
                    s += block * w.scales[r * blocks + b];
                }
                out[t * w.rows + r] = s;
            }
        }
    }

    @Override
    public void q4(Q4Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        int blocks = n / 32;
        for (int r = rowFrom; r < rowTo; r++) {
            for (int t = 0; t < tokens; t++) {
                int xo = t * n;
                float s = 0;
                for (int b = 0; b < blocks; b++) {
                    int p = (r * blocks + b) * 16;
                    int xb = xo + b * 32;
                    float block = 0;
                    for (int j = 0; j < 16; j++) {
                        int q = w.packed[p + j] & 0xFF;
                        block += ((q & 0x0F) - 8) * x[xb + j] + ((q >>> 4) - 8) * x[xb + j + 16];
                    }
                    s += block * w.scales[r * blocks + b];
                }
                out[t * w.rows + r] = s;
            }
        }
    }

    @Override
    public void scores(float[] q, int qo, float[] keys, int ko, int stride, int n, float scale, float[] scores,
                       int count) {
        for (int p = 0; p < count; p++) {
            int k = ko + p * stride;
            float s = 0;
            for (int j = 0; j < n; j++) s += q[qo + j] * keys[k + j];
            scores[p] = s * scale;
        }
    }

    @Override
    public void softmax(float[] scores, int count) {
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < count; p++) max = Math.max(max, scores[p]);
        float sum = 0;
        for (int p = 0; p < count; p++) {
            scores[p] = (float) Math.exp(scores[p] - max);
            sum += scores[p];
        }
        for (int p = 0; p < count; p++) scores[p] /= sum;
    }

    @Override
    public void weightedSum(float[] weights, int count, float[] values, int vo, int stride, int n, float[] out,
                            int oo) {
        java.util.Arrays.fill(out, oo, oo + n, 0f);
        for (int p = 0; p < count; p++) {
            float w = weights[p];
            int v = vo + p * stride;
            for (int j = 0; j < n; j++) out[oo + j] += w * values[v + j];
        }
    }
}

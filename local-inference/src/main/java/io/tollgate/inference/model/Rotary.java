package io.tollgate.inference.model;

/** Rotary position embedding of one model: its frequencies and how it pairs a head's values. */
final class Rotary {
    private final double[] inverseFrequencies;
    private final LlamaConfig.RopePairs pairs;
    private final int dimensions;

    Rotary(LlamaConfig config) {
        dimensions = config.ropeDimensions();
        pairs = config.ropePairs();
        inverseFrequencies = new double[dimensions / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            inverseFrequencies[i] = Math.pow(config.ropeFreqBase(), -2.0 * i / dimensions);
        }
    }

    /** cos then sin of each pair's angle at {@code position}: {@code [cos0..cos(n/2-1), sin0..]}. */
    float[] angles(int position) {
        int half = inverseFrequencies.length;
        float[] cs = new float[2 * half];
        for (int i = 0; i < half; i++) {
            double theta = position * inverseFrequencies[i];
            cs[i] = (float) Math.cos(theta);
            cs[half + i] = (float) Math.sin(theta);
        }
        return cs;
    }

    /** Rotates {@code heads} consecutive heads of {@code headDimension} values starting at {@code offset}. */
    void rotate(float[] v, int offset, int heads, int headDimension, float[] angles) {
        int half = inverseFrequencies.length;
        for (int h = 0; h < heads; h++) {
            int base = offset + h * headDimension;
            for (int i = 0; i < half; i++) {
                int a = pairs == LlamaConfig.RopePairs.ADJACENT ? base + 2 * i : base + i;
                int b = pairs == LlamaConfig.RopePairs.ADJACENT ? a + 1 : a + dimensions / 2;
                float x0 = v[a];
                float x1 = v[b];
                float c = angles[i];
                float s = angles[half + i];
                v[a] = x0 * c - x1 * s;
                v[b] = x0 * s + x1 * c;
            }
        }
    }
}

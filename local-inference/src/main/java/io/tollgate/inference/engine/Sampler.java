package io.tollgate.inference.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: the most likely one at temperature 0, otherwise a draw from the
 * temperature-scaled distribution cut to its top-p nucleus. One per request; the same seed draws the same
 * tokens.
 */
public final class Sampler {

    private final double temperature;
    private final double topP;
    private final SplittableRandom random;
    private double[] weights = new double[0];
    private long[] ranked = new long[0];

    public Sampler(double temperature, double topP, long seed) {
        this.temperature = temperature;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    public int sample(float[] logits) {
        if (temperature == 0) {
            return argmax(logits);
        }
        int n = logits.length;
        if (weights.length != n) {
            weights = new double[n];
        }
        float max = logits[argmax(logits)];
        double total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = Math.exp((logits[i] - max) / temperature);
            total += weights[i];
        }
        return topP < 1 ? drawFromNucleus(total) : draw(total);
    }

    private int draw(double total) {
        double r = random.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                r -= weights[i];
                if (r < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    private int drawFromNucleus(double total) {
        int n = weights.length;
        // A token of weight w has at least total - n * w ahead of it, so one below this floor can never be inside
        // the nucleus and only the few above it are sorted; the heaviest (at least total / n) always passes.
        double floor = (1 - topP) / n * total;
        if (ranked.length != n) {
            ranked = new long[n];
        }
        int candidates = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] >= floor) {
                // Non-negative floats order like their bit patterns: one primitive sort of (weight, index).
                ranked[candidates++] = ((long) Float.floatToIntBits((float) weights[i]) << 32) | i;
            }
        }
        Arrays.sort(ranked, 0, candidates);
        double mass = 0;
        int nucleusStart = candidates - 1;
        for (int k = candidates - 1; k >= 0; k--) {
            mass += weights[(int) ranked[k]];
            nucleusStart = k;
            if (mass >= topP * total) {
                break;
            }
        }
        double r = random.nextDouble() * mass;
        for (int k = candidates - 1; k > nucleusStart; k--) {
            int token = (int) ranked[k];
            r -= weights[token];
            if (r < 0) {
                return token;
            }
        }
        return (int) ranked[nucleusStart];
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}

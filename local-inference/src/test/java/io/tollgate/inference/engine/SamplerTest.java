package io.tollgate.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float[] HALF_THIRD_FIFTH = {
            (float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};

    @Test
    void temperatureZeroTakesTheMostLikelyToken() {
        float[] logits = {0.1f, 2.5f, -1f, 2.4f};
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(1, new Sampler(0, 0.5, seed).sample(logits));
        }
    }

    @Test
    void theSameSeedDrawsTheSameTokensAndAnotherSeedOthers() {
        float[] logits = new float[50];
        Arrays.fill(logits, 1f);
        int[] first = draws(new Sampler(1, 1, 7), logits, 100);
        assertEquals(Arrays.toString(first), Arrays.toString(draws(new Sampler(1, 1, 7), logits, 100)));
        assertNotEquals(Arrays.toString(first), Arrays.toString(draws(new Sampler(1, 1, 8), logits, 100)));
    }

    @Test
    void drawsFollowTheSoftmaxAtTemperatureOne() {
        double[] frequency = frequencies(new Sampler(1, 1, 42), HALF_THIRD_FIFTH, 20_000);
        assertEquals(0.5, frequency[0], 0.02);
        assertEquals(0.3, frequency[1], 0.02);
        assertEquals(0.2, frequency[2], 0.02);
    }

    @Test
    void topPKeepsTheSmallestSetReachingThatMass() {
        // 0.5 alone is short of 0.75, 0.5 + 0.3 reaches it: the 0.2 token is cut and the rest renormalised.
        double[] frequency = frequencies(new Sampler(1, 0.75, 42), HALF_THIRD_FIFTH, 20_000);
        assertEquals(0.625, frequency[0], 0.02);
        assertEquals(0.375, frequency[1], 0.02);
        assertEquals(0, frequency[2]);
    }

    @Test
    void aTinyTopPOverFlatLogitsStillDrawsAToken() {
        // top_p far below 1/n (a client asking for "greedy" this way) over equal weights: the nucleus is one token
        for (int seed = 0; seed < 20; seed++) {
            int token = new Sampler(1.0, 0.1, seed).sample(new float[] {0, 0, 0, 0});
            assertTrue(token >= 0 && token < 4, "token " + token);
        }
        float[] nearlyFlat = new float[32_000];
        nearlyFlat[123] = 1e-3f;
        assertEquals(123, new Sampler(1.0, 1e-5, 3).sample(nearlyFlat));
    }

    @Test
    void aLowTemperatureSharpensTheDistribution() {
        double[] frequency = frequencies(new Sampler(0.1, 1, 42), HALF_THIRD_FIFTH, 5_000);
        assertTrue(frequency[0] > 0.99, "argmax frequency " + frequency[0]);
    }

    private static int[] draws(Sampler sampler, float[] logits, int count) {
        int[] tokens = new int[count];
        for (int i = 0; i < count; i++) {
            tokens[i] = sampler.sample(logits);
        }
        return tokens;
    }

    private static double[] frequencies(Sampler sampler, float[] logits, int count) {
        double[] frequency = new double[logits.length];
        for (int token : draws(sampler, logits, count)) {
            frequency[token] += 1.0 / count;
        }
        return frequency;
    }
}

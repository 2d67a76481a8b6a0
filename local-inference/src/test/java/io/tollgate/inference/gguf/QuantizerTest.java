package io.tollgate.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    @Test
    void halfFloatRoundTripsEveryHalfValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Float16.toFloat((short) bits);
            if (Float.isNaN(f)) continue;
            assertEquals((short) bits, Float16.fromFloat(f), "half 0x" + Integer.toHexString(bits));
        }
        assertEquals(65504f, Float16.toFloat(Float16.fromFloat(65504f)));
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat(Float16.fromFloat(70000f)));
        assertEquals(1.0009765625f, Float16.toFloat(Float16.fromFloat(1.00048828125f + 1e-7f)));
        assertEquals(1.0f, Float16.toFloat(Float16.fromFloat(1.00048828125f)), "ties go to even");
    }

    @Test
    void q8BlockKeepsEachValueWithinHalfAStep() {
        float[] x = randoms(256, 1);
        float[] back = roundTrip(GgmlType.Q8_0, x);
        for (int b = 0; b < x.length; b += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
            for (int j = 0; j < 32; j++) {
                assertEquals(x[b + j], back[b + j], amax / 127f * 0.51f + 1e-3f * amax);
            }
        }
    }

    @Test
    void q4BlockMapsTheLargestMagnitudeToMinusEightSteps() {
        float[] x = new float[32];
        x[3] = -2f;
        x[20] = 1f;
        byte[] bytes = Quantizer.encode(GgmlType.Q4_0, x);
        assertEquals(18, bytes.length);
        float[] back = Quantizer.decode(GgmlType.Q4_0, ByteBuffer.wrap(bytes), 0, 32);
        assertEquals(-2f, back[3], 1e-6);
        assertEquals(1f, back[20], 1e-6);
        assertEquals(0f, back[0], 1e-6);
        float[] r = randoms(128, 2);
        float[] rb = roundTrip(GgmlType.Q4_0, r);
        for (int i = 0; i < r.length; i++) assertEquals(r[i], rb[i], 0.2f);
    }

    @Test
    void floatTypesRoundTrip() {
        float[] x = randoms(64, 3);
        assertArrayEquals(x, roundTrip(GgmlType.F32, x));
        float[] h = roundTrip(GgmlType.F16, x);
        for (int i = 0; i < x.length; i++) assertEquals(x[i], h[i], Math.abs(x[i]) / 1024f);
    }

    @Test
    void partialBlocksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Quantizer.encode(GgmlType.Q8_0, new float[31]));
        assertThrows(IllegalArgumentException.class, () -> GgmlType.ofId(12));
    }

    private static float[] roundTrip(GgmlType type, float[] x) {
        return Quantizer.decode(type, ByteBuffer.wrap(Quantizer.encode(type, x)), 0, x.length);
    }

    private static float[] randoms(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}

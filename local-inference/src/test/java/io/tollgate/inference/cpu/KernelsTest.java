package io.tollgate.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tollgate.inference.gguf.GgmlType;
import io.tollgate.inference.gguf.GgufTensor;
import io.tollgate.inference.gguf.Quantizer;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kernel against a double-precision product of the decoded weights, on row lengths that leave odd vector
 * counts and scalar tails, and for every batch size up to nine: a token's result must be the same bits whether it
 * runs alone or two at a time with others.
 */
class KernelsTest {

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (boolean vector : new boolean[] {true, false}) {
            for (GgmlType type : GgmlType.values()) {
                int[] columns = type.blockSize() > 1 ? new int[] {32, 96, 800} : new int[] {7, 40, 48, 800};
                for (int c : columns) cases.add(Arguments.of(type, c, vector));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} columns={1} vector={2}")
    @MethodSource("cases")
    void matchesTheDecodedProductWhateverTheBatch(GgmlType type, int columns, boolean vector) {
        Kernels kernels = CpuKernels.select(vector);
        assumeTrue(vector != kernels instanceof ScalarKernels, "the Vector API is not available here");
        int rows = 37;
        SplittableRandom random = new SplittableRandom(columns);
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) values[i] = (float) random.nextDouble(-1, 1);
        byte[] encoded = Quantizer.encode(type, values);
        WeightMatrix w = WeightMatrix.of(new GgufTensor("w", type, new long[] {columns, rows}, ByteBuffer.wrap(encoded)));
        float[] decoded = Quantizer.decode(type, ByteBuffer.wrap(encoded), 0, values.length);
        int maxTokens = 9;
        float[] x = new float[maxTokens * columns];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-1, 1);

        float[][] alone = new float[maxTokens][rows];
        for (int t = 0; t < maxTokens; t++) {
            float[] xt = java.util.Arrays.copyOfRange(x, t * columns, (t + 1) * columns);
            w.multiply(kernels, w.activations(kernels, xt, 1), 1, alone[t], 0, rows);
            for (int r = 0; r < rows; r++) {
                double expected = 0;
                double magnitude = 0;
                for (int i = 0; i < columns; i++) {
                    expected += (double) decoded[r * columns + i] * xt[i];
                    magnitude += Math.abs((double) decoded[r * columns + i] * xt[i]);
                }
                assertTrue(Math.abs(expected - alone[t][r]) <= 1e-6 * magnitude,
                        "row " + r + " token " + t + ": " + alone[t][r] + " vs " + expected);
            }
        }
        for (int tokens = 2; tokens <= maxTokens; tokens++) {
            float[] out = new float[tokens * rows];
            // two calls over split row ranges, as the worker pool makes them
            float[] xs = w.activations(kernels, java.util.Arrays.copyOf(x, tokens * columns), tokens);
            w.multiply(kernels, xs, tokens, out, 0, 16);
            w.multiply(kernels, xs, tokens, out, 16, rows);
            for (int t = 0; t < tokens; t++) {
                for (int r = 0; r < rows; r++) {
                    assertEquals(Float.floatToIntBits(alone[t][r]), Float.floatToIntBits(out[t * rows + r]),
                            "token " + t + " of " + tokens + ", row " + r);
                }
            }
        }
    }
}

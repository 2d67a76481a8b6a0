package io.tollgate.inference.cpu;

import io.tollgate.inference.gguf.Float16;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JDK Vector API path; loaded only when the JVM has {@code jdk.incubator.vector} (see {@link CpuKernels}).
 * Quantized weights are widened to floats one vector at a time and multiplied with float activations (the
 * activations are not quantized), so results differ from the scalar path only by float summation order.
 * Tokens go four at a time: each weight vector, once widened, feeds four accumulators.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** As many bytes, shorts and ints as there are float lanes, so one conversion yields one float vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * 8)));
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, L * 16)));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    VectorKernels() {
        if (L < 8 || 32 % L != 0) {
            throw new IllegalStateException("preferred vector width " + F.vectorBitSize() + "-bit is too narrow");
        }
    }

    static int bits() { return F.vectorBitSize(); }

    @Override public String description() { return "Vector API, " + F.vectorBitSize() + "-bit"; }

    @Override
    public void f32(F32Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        int bound = F.loopBound(n);
        float[] v = w.values;
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * n;
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
                int x0 = t * n, x1 = x0 + n, x2 = x1 + n, x3 = x2 + n;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0; i < bound; i += L) {
                    FloatVector wv = FloatVector.fromArray(F, v, base + i);
                    a0 = wv.fma(FloatVector.fromArray(F, x, x0 + i), a0);
                    a1 = wv.fma(FloatVector.fromArray(F, x, x1 + i), a1);
                    a2 = wv.fma(FloatVector.fromArray(F, x, x2 + i), a2);
                    a3 = wv.fma(FloatVector.fromArray(F, x, x3 + i), a3);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD) + f32Tail(v, base, x, x0, bound, n);
                out[(t + 1) * w.rows + r] = a1.reduceLanes(VectorOperators.ADD) + f32Tail(v, base, x, x1, bound, n);
                out[(t + 2) * w.rows + r] = a2.reduceLanes(VectorOperators.ADD) + f32Tail(v, base, x, x2, bound, n);
                out[(t + 3) * w.rows + r] = a3.reduceLanes(VectorOperators.ADD) + f32Tail(v, base, x, x3, bound, n);
            }
            for (; t < tokens; t++) {
                int x0 = t * n;
                FloatVector a0 = FloatVector.zero(F);
                for (int i = 0; i < bound; i += L) {
                    a0 = FloatVector.fromArray(F, v, base + i).fma(FloatVector.fromArray(F, x, x0 + i), a0);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD) + f32Tail(v, base, x, x0, bound, n);
            }
        }
    }

    private static float f32Tail(float[] v, int base, float[] x, int xo, int from, int n) {
        float s = 0;
        for (int i = from; i < n; i++) s += v[base + i] * x[xo + i];
        return s;
    }

    @Override
    public void f16(F16Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        int bound = F.loopBound(n);
        short[] h = w.bits;
        for (int r = rowFrom; r < rowTo; r++) {
            int base = r * n;
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
                int x0 = t * n, x1 = x0 + n, x2 = x1 + n, x3 = x2 + n;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0; i < bound; i += L) {
                    FloatVector wv = halves(h, base + i);
                    a0 = wv.fma(FloatVector.fromArray(F, x, x0 + i), a0);
                    a1 = wv.fma(FloatVector.fromArray(F, x, x1 + i), a1);
                    a2 = wv.fma(FloatVector.fromArray(F, x, x2 + i), a2);
                    a3 = wv.fma(FloatVector.fromArray(F, x, x3 + i), a3);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD) + f16Tail(h, base, x, x0, bound, n);
                out[(t + 1) * w.rows + r] = a1.reduceLanes(VectorOperators.ADD) + f16Tail(h, base, x, x1, bound, n);
                out[(t + 2) * w.rows + r] = a2.reduceLanes(VectorOperators.ADD) + f16Tail(h, base, x, x2, bound, n);
                out[(t + 3) * w.rows + r] = a3.reduceLanes(VectorOperators.ADD) + f16Tail(h, base, x, x3, bound, n);
            }
            for (; t < tokens; t++) {
                int x0 = t * n;
                FloatVector a0 = FloatVector.zero(F);
                for (int i = 0; i < bound; i += L) {
                    a0 = halves(h, base + i).fma(FloatVector.fromArray(F, x, x0 + i), a0);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD) + f16Tail(h, base, x, x0, bound, n);
            }
        }
    }

    /**
     * Widens L halves: the exponent and mantissa bits moved to float position give the value times 2^-112 (for
     * normals and subnormals alike), so one multiply rescales. Infinities and NaNs come out as large finite values:
     * weights never hold them.
     */
    private static FloatVector halves(short[] h, int offset) {
        IntVector raw = (IntVector) ShortVector.fromArray(S, h, offset).convertShape(VectorOperators.S2I, I, 0);
        FloatVector magnitude = raw.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
        return magnitude.reinterpretAsInts().or(raw.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    private static float f16Tail(short[] h, int base, float[] x, int xo, int from, int n) {
        float s = 0;
        for (int i = from; i < n; i++) s += Float16.toFloat(h[base + i]) * x[xo + i];
        return s;
    }

    @Override
    public void q8(Q8Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        int blocks = n / 32;
        byte[] q = w.quants;
        float[] scales = w.scales;
        for (int r = rowFrom; r < rowTo; r++) {
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
                int x0 = t * n, x1 = x0 + n, x2 = x1 + n, x3 = x2 + n;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                for (int b = 0; b < blocks; b++) {
                    int qo = r * n + b * 32;
                    int xb = b * 32;
                    FloatVector p0 = FloatVector.zero(F), p1 = p0, p2 = p0, p3 = p0;
                    for (int j = 0; j < 32; j += L) {
                        FloatVector wv = bytes(q, qo + j);
                        p0 = wv.fma(FloatVector.fromArray(F, x, x0 + xb + j), p0);
                        p1 = wv.fma(FloatVector.fromArray(F, x, x1 + xb + j), p1);
                        p2 = wv.fma(FloatVector.fromArray(F, x, x2 + xb + j), p2);
                        p3 = wv.fma(FloatVector.fromArray(F, x, x3 + xb + j), p3);
                    }
                    FloatVector d = FloatVector.broadcast(F, scales[r * blocks + b]);
                    a0 = p0.fma(d, a0);
                    a1 = p1.fma(d, a1);
                    a2 = p2.fma(d, a2);
                    a3 = p3.fma(d, a3);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD);
                out[(t + 1) * w.rows + r] = a1.reduceLanes(VectorOperators.ADD);
                out[(t + 2) * w.rows + r] = a2.reduceLanes(VectorOperators.ADD);
                out[(t + 3) * w.rows + r] = a3.reduceLanes(VectorOperators.ADD);
            }
            for (; t < tokens; t++) {
                int x0 = t * n;
                FloatVector a0 = FloatVector.zero(F);
                for (int b = 0; b < blocks; b++) {
                    int qo = r * n + b * 32;
                    FloatVector p0 = FloatVector.zero(F);
                    for (int j = 0; j < 32; j += L) {
                        p0 = bytes(q, qo + j).fma(FloatVector.fromArray(F, x, x0 + b * 32 + j), p0);
                    }
                    a0 = p0.fma(FloatVector.broadcast(F, scales[r * blocks + b]), a0);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD);
            }
        }
    }

    private static FloatVector bytes(byte[] q, int offset) {
        return (FloatVector) ByteVector.fromArray(B, q, offset).convertShape(VectorOperators.B2F, F, 0);
    }

    @Override
    public void q4(Q4Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        int blocks = n / 32;
        byte[] packed = w.packed;
        float[] scales = w.scales;
        for (int r = rowFrom; r < rowTo; r++) {
            int t = 0;
            for (; t + 4 <= tokens; t += 4) {
                int x0 = t * n, x1 = x0 + n, x2 = x1 + n, x3 = x2 + n;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                for (int b = 0; b < blocks; b++) {
                    int po = (r * blocks + b) * 16;
                    int xb = b * 32;
                    FloatVector p0 = FloatVector.zero(F), p1 = p0, p2 = p0, p3 = p0;
                    for (int j = 0; j < 16; j += L) {
                        ByteVector v = ByteVector.fromArray(B, packed, po + j);
                        FloatVector lo = lowNibbles(v);
                        FloatVector hi = highNibbles(v);
                        p0 = hi.fma(FloatVector.fromArray(F, x, x0 + xb + 16 + j), lo.fma(FloatVector.fromArray(F, x, x0 + xb + j), p0));
                        p1 = hi.fma(FloatVector.fromArray(F, x, x1 + xb + 16 + j), lo.fma(FloatVector.fromArray(F, x, x1 + xb + j), p1));
                        p2 = hi.fma(FloatVector.fromArray(F, x, x2 + xb + 16 + j), lo.fma(FloatVector.fromArray(F, x, x2 + xb + j), p2));
                        p3 = hi.fma(FloatVector.fromArray(F, x, x3 + xb + 16 + j), lo.fma(FloatVector.fromArray(F, x, x3 + xb + j), p3));
                    }
                    FloatVector d = FloatVector.broadcast(F, scales[r * blocks + b]);
                    a0 = p0.fma(d, a0);
                    a1 = p1.fma(d, a1);
                    a2 = p2.fma(d, a2);
                    a3 = p3.fma(d, a3);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD);
                out[(t + 1) * w.rows + r] = a1.reduceLanes(VectorOperators.ADD);
                out[(t + 2) * w.rows + r] = a2.reduceLanes(VectorOperators.ADD);
                out[(t + 3) * w.rows + r] = a3.reduceLanes(VectorOperators.ADD);
            }
            for (; t < tokens; t++) {
                int x0 = t * n;
                FloatVector a0 = FloatVector.zero(F);
                for (int b = 0; b < blocks; b++) {
                    int po = (r * blocks + b) * 16;
                    int xb = x0 + b * 32;
                    FloatVector p0 = FloatVector.zero(F);
                    for (int j = 0; j < 16; j += L) {
                        ByteVector v = ByteVector.fromArray(B, packed, po + j);
                        p0 = highNibbles(v).fma(FloatVector.fromArray(F, x, xb + 16 + j),
                                lowNibbles(v).fma(FloatVector.fromArray(F, x, xb + j), p0));
                    }
                    a0 = p0.fma(FloatVector.broadcast(F, scales[r * blocks + b]), a0);
                }
                out[t * w.rows + r] = a0.reduceLanes(VectorOperators.ADD);
            }
        }
    }

    private static FloatVector lowNibbles(ByteVector v) {
        return (FloatVector) v.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0);
    }

    private static FloatVector highNibbles(ByteVector v) {
        return (FloatVector) v.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8)
                .convertShape(VectorOperators.B2F, F, 0);
    }
}

package io.tollgate.inference.cpu;

import io.tollgate.inference.gguf.Float16;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The JDK Vector API path; loaded only when the JVM has {@code jdk.incubator.vector} (see {@link CpuKernels}).
 *
 * <p>One token (decode at batch 1) streams each weight row once: quantized weights are widened to float in
 * registers, scaled by their block's scale and multiplied with the float activations (which are not quantized).
 * Two accumulators, even and odd vectors, keep consecutive FMAs independent so the loop runs at the speed of the
 * loads. Several tokens (prefill, batched decode) widen a row once into a per-call scratch row of floats and dot
 * it with two tokens at a time, each weight vector feeding both tokens' accumulators (the row stays in L1 for
 * the next pair). Every path sums a token in the same order over the same float weights, so a token's result does
 * not depend on the batch.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** As many bytes, shorts and ints as there are float lanes, so one conversion yields one float vector. */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * 8)));
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, L * 16)));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** Q8_0 values are read 2L at a time (within a block): 2L bytes widen to a vector of shorts, L ints of two. */
    private static final int PIECE = 2 * L;
    private static final VectorSpecies<Byte> PIECE_BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(PIECE * 8));
    private static final VectorSpecies<Short> S_FULL = VectorSpecies.of(short.class, F.vectorShape());
    /** Lane i takes lane i + k: folding a vector onto itself in halves. */
    private static final VectorShuffle<Float> FOLD_8 = VectorShuffle.fromOp(F, i -> (i + 8) % L);
    private static final VectorShuffle<Float> FOLD_4 = VectorShuffle.fromOp(F, i -> (i + 4) % L);
    private static final VectorShuffle<Float> FOLD_2 = VectorShuffle.fromOp(F, i -> (i + 2) % L);
    private static final VectorShuffle<Float> FOLD_1 = VectorShuffle.fromOp(F, i -> (i + 1) % L);

    VectorKernels() {
        // a vector must lie within one 32-value block and one Q4_0 half-block
        if (L < 8 || L > 16) {
            throw new IllegalStateException("preferred vector width " + F.vectorBitSize() + "-bit is not 256 or 512");
        }
    }

    static int bits() { return F.vectorBitSize(); }


    @Override public String description() { return "Vector API, " + F.vectorBitSize() + "-bit"; }

    @Override
    public void f32(F32Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        for (int r = rowFrom; r < rowTo; r++) {
            if (tokens == 1) out[r] = f32Dot(w.values, r * n, n, x, 0);
            else rowTimesTokens(w.values, r * n, n, x, tokens, out, r, w.rows);
        }
    }

    @Override
    public void f16(F16Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        float[] row = tokens == 1 ? null : new float[n];
        for (int r = rowFrom; r < rowTo; r++) {
            if (tokens == 1) {
                out[r] = f16Dot(w.bits, r * n, n, x);
            } else {
                int i = 0;
                for (; i < F.loopBound(n); i += L) halves(w.bits, r * n + i).intoArray(row, i);
                for (; i < n; i++) row[i] = Float16.toFloat(w.bits[r * n + i]);
                rowTimesTokens(row, 0, n, x, tokens, out, r, w.rows);
            }
        }
    }

    @Override
    public float[] q8Activations(float[] x, int tokens, int n) {
        float[] xp = new float[tokens * n];
        for (int c = 0; c < tokens * n; c += PIECE) {
            for (int k = 0; k < L; k++) {
                xp[c + k] = x[c + 2 * k];
                xp[c + L + k] = x[c + 2 * k + 1];
            }
        }
        return xp;
    }

    @Override
    public void q8(Q8Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        float[] row = tokens == 1 ? null : new float[n];
        for (int r = rowFrom; r < rowTo; r++) {
            if (tokens == 1) {
                out[r] = q8Dot(w.quants, w.scales, r * n, n, x);
            } else {
                q8Row(w.quants, w.scales, r * n, n, row);
                rowTimesTokens(row, 0, n, x, tokens, out, r, w.rows);
            }
        }
    }

    @Override
    public void q4(Q4Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo) {
        int n = w.columns;
        float[] row = tokens == 1 ? null : new float[n];
        for (int r = rowFrom; r < rowTo; r++) {
            if (tokens == 1) {
                out[r] = q4Dot(w.packed, w.scales, r * n, n, x);
            } else {
                q4Row(w.packed, w.scales, r * n, n, row);
                rowTimesTokens(row, 0, n, x, tokens, out, r, w.rows);
            }
        }
    }

    @Override
    public void scores(float[] q, int qo, float[] keys, int ko, int stride, int n, float scale, float[] scores,
                       int count) {
        for (int p = 0; p < count; p++) scores[p] = f32Dot(keys, ko + p * stride, n, q, qo) * scale;
    }

    @Override
    public void softmax(float[] scores, int count) {
        int bound = F.loopBound(count);
        FloatVector top = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int p = 0; p < bound; p += L) top = top.max(FloatVector.fromArray(F, scores, p));
        float max = top.reduceLanes(VectorOperators.MAX);
        for (int p = bound; p < count; p++) max = Math.max(max, scores[p]);
        FloatVector sums = FloatVector.zero(F);
        for (int p = 0; p < bound; p += L) {
            FloatVector e = FloatVector.fromArray(F, scores, p).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(scores, p);
            sums = sums.add(e);
        }
        float sum = sum(sums);
        for (int p = bound; p < count; p++) {
            scores[p] = (float) Math.exp(scores[p] - max);
            sum += scores[p];
        }
        float inverse = 1f / sum;
        for (int p = 0; p < bound; p += L) FloatVector.fromArray(F, scores, p).mul(inverse).intoArray(scores, p);
        for (int p = bound; p < count; p++) scores[p] *= inverse;
    }

    @Override
    public void weightedSum(float[] weights, int count, float[] values, int vo, int stride, int n, float[] out,
                            int oo) {
        int j = 0;
        // a vector of the output at a time, kept in a register across all positions
        for (; j < F.loopBound(n); j += L) {
            FloatVector acc = FloatVector.zero(F);
            for (int p = 0; p < count; p++) {
                acc = FloatVector.fromArray(F, values, vo + p * stride + j).fma(FloatVector.broadcast(F, weights[p]), acc);
            }
            acc.intoArray(out, oo + j);
        }
        for (; j < n; j++) {
            float s = 0;
            for (int p = 0; p < count; p++) s += weights[p] * values[vo + p * stride + j];
            out[oo + j] = s;
        }
    }

    /**
     * The lanes' sum in one fixed order (halves folded onto each other). {@code reduceLanes(ADD)} may add float
     * lanes in any order, and newer JDKs' compiled code does not add them as the interpreter does, so a row could
     * come out a bit different from one call to the next.
     */
    private static float sum(FloatVector v) {
        // small methods, so the JIT inlines them at any call site and no vector is ever boxed
        return L == 16 ? sum16(v) : sum8(v);
    }

    private static float sum16(FloatVector v) {
        return fold(fold(fold(fold(v, FOLD_8), FOLD_4), FOLD_2), FOLD_1).lane(0);
    }

    private static float sum8(FloatVector v) {
        return fold(fold(fold(v, FOLD_4), FOLD_2), FOLD_1).lane(0);
    }

    private static FloatVector fold(FloatVector v, VectorShuffle<Float> shuffle) {
        return v.add(v.rearrange(shuffle));
    }

    /** {@code out[t * stride + r] = dot(v row at base, x row t)} for every token, two at a time. */
    private static void rowTimesTokens(float[] v, int base, int n, float[] x, int tokens, float[] out, int r,
                                       int stride) {
        int t = 0;
        for (; t + 2 <= tokens; t += 2) f32Pair(v, base, n, x, t * n, out, t * stride + r, stride);
        for (; t < tokens; t++) out[t * stride + r] = f32Dot(v, base, n, x, t * n);
    }

    // The dot products below share one summation order: vector k of the row goes into accumulator k % 2, then
    // (a + b) is reduced and the scalar tail (F32/F16 rows that are not a multiple of L) added. f32Pair keeps
    // it for both of its tokens, which is what makes a batch give the logits of its tokens one by one.

    private static float f32Dot(float[] v, int base, int n, float[] x, int xo) {
        FloatVector a = FloatVector.zero(F), b = a;
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            a = FloatVector.fromArray(F, v, base + i).fma(FloatVector.fromArray(F, x, xo + i), a);
            b = FloatVector.fromArray(F, v, base + i + L).fma(FloatVector.fromArray(F, x, xo + i + L), b);
        }
        if (i + L <= n) {
            a = FloatVector.fromArray(F, v, base + i).fma(FloatVector.fromArray(F, x, xo + i), a);
            i += L;
        }
        float sum = sum(a.add(b));
        return i < n ? sum + f32Tail(v, base, x, xo, i, n) : sum;
    }

    /**
     * Two tokens against one row: each weight vector is loaded once for both. (A tile of four compiles to more IR
     * nodes than C2 inlines into one method, and the vectors its last sums take would then be boxed.)
     */
    private static void f32Pair(float[] v, int base, int n, float[] x, int x0, float[] out, int o, int stride) {
        int x1 = x0 + n;
        FloatVector a0 = FloatVector.zero(F), b0 = a0, a1 = a0, b1 = a0;
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector w0 = FloatVector.fromArray(F, v, base + i);
            FloatVector w1 = FloatVector.fromArray(F, v, base + i + L);
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + i), a0);
            b0 = w1.fma(FloatVector.fromArray(F, x, x0 + i + L), b0);
            a1 = w0.fma(FloatVector.fromArray(F, x, x1 + i), a1);
            b1 = w1.fma(FloatVector.fromArray(F, x, x1 + i + L), b1);
        }
        if (i + L <= n) {
            FloatVector w0 = FloatVector.fromArray(F, v, base + i);
            a0 = w0.fma(FloatVector.fromArray(F, x, x0 + i), a0);
            a1 = w0.fma(FloatVector.fromArray(F, x, x1 + i), a1);
            i += L;
        }
        out[o] = sum(a0.add(b0));
        out[o + stride] = sum(a1.add(b1));
        if (i < n) {
            out[o] += f32Tail(v, base, x, x0, i, n);
            out[o + stride] += f32Tail(v, base, x, x1, i, n);
        }
    }

    private static float f32Tail(float[] v, int base, float[] x, int xo, int from, int n) {
        float s = 0;
        for (int i = from; i < n; i++) s += v[base + i] * x[xo + i];
        return s;
    }

    private static float f16Dot(short[] h, int base, int n, float[] x) {
        FloatVector a = FloatVector.zero(F), b = a;
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            a = halves(h, base + i).fma(FloatVector.fromArray(F, x, i), a);
            b = halves(h, base + i + L).fma(FloatVector.fromArray(F, x, i + L), b);
        }
        if (i + L <= n) {
            a = halves(h, base + i).fma(FloatVector.fromArray(F, x, i), a);
            i += L;
        }
        float sum = sum(a.add(b));
        if (i == n) return sum;
        float tail = 0;
        for (; i < n; i++) tail += Float16.toFloat(h[base + i]) * x[i];
        return sum + tail;
    }

    // Q8_0 rows are read 2L bytes at a time, sign-extended to 2L shorts (one vector register) and taken as L int
    // lanes of two values each: shifts give the even and the odd values as ints, converted to floats and scaled.
    // That is cheaper here than widening L bytes straight to L float lanes. The activations were put in the same
    // order once per product (q8Activations: per 2L values, the even ones, then the odd ones). q8Dot sums what
    // f32Dot sums over the row q8Row widens (the even values are vector 2k of that row, the odd ones 2k + 1), in
    // the same order, so the several-token path (widened row, f32Pair) gives each token the bits q8Dot gives it.

    private static float q8Dot(byte[] q, float[] scales, int base, int n, float[] xp) {
        FloatVector a = FloatVector.zero(F), b = a;
        for (int i = 0; i < n; i += PIECE) {
            IntVector pairs = q8Pairs(q, base + i);
            FloatVector d = FloatVector.broadcast(F, scales[(base + i) >> 5]);
            a = evenValues(pairs).mul(d).fma(FloatVector.fromArray(F, xp, i), a);
            b = oddValues(pairs).mul(d).fma(FloatVector.fromArray(F, xp, i + L), b);
        }
        return sum(a.add(b));
    }

    /** A Q8_0 row times its blocks' scales into {@code row}, in the order q8Activations gives the activations. */
    private static void q8Row(byte[] q, float[] scales, int base, int n, float[] row) {
        for (int i = 0; i < n; i += PIECE) {
            IntVector pairs = q8Pairs(q, base + i);
            FloatVector d = FloatVector.broadcast(F, scales[(base + i) >> 5]);
            evenValues(pairs).mul(d).intoArray(row, i);
            oddValues(pairs).mul(d).intoArray(row, i + L);
        }
    }

    /** Quants {@code [i, i + 2L)} sign-extended to shorts, as L ints of two values each. */
    private static IntVector q8Pairs(byte[] q, int i) {
        return ((ShortVector) ByteVector.fromArray(PIECE_BYTES, q, i).convertShape(VectorOperators.B2S, S_FULL, 0))
                .reinterpretAsInts();
    }

    private static FloatVector evenValues(IntVector pairs) {
        return (FloatVector) pairs.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                .convert(VectorOperators.I2F, 0);
    }

    private static FloatVector oddValues(IntVector pairs) {
        return (FloatVector) pairs.lanewise(VectorOperators.ASHR, 16).convert(VectorOperators.I2F, 0);
    }

    /** As {@link #f32Dot} would sum the widened row: with L = 8 a block is four vectors, lo, lo, hi, hi. */
    private static float q4Dot(byte[] packed, float[] scales, int base, int n, float[] x) {
        FloatVector a = FloatVector.zero(F), b = a;
        int first = base >> 5;
        for (int block = 0, xo = 0; xo < n; block++, xo += 32) {
            float d = scales[first + block];
            int po = (first + block) * 16;
            if (L == 16) {
                ByteVector v = ByteVector.fromArray(B, packed, po);
                a = lowNibbles(v).mul(d).fma(FloatVector.fromArray(F, x, xo), a);
                b = highNibbles(v).mul(d).fma(FloatVector.fromArray(F, x, xo + 16), b);
            } else {
                ByteVector v0 = ByteVector.fromArray(B, packed, po);
                ByteVector v1 = ByteVector.fromArray(B, packed, po + 8);
                a = lowNibbles(v0).mul(d).fma(FloatVector.fromArray(F, x, xo), a);
                b = lowNibbles(v1).mul(d).fma(FloatVector.fromArray(F, x, xo + 8), b);
                a = highNibbles(v0).mul(d).fma(FloatVector.fromArray(F, x, xo + 16), a);
                b = highNibbles(v1).mul(d).fma(FloatVector.fromArray(F, x, xo + 24), b);
            }
        }
        return sum(a.add(b));
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

    /** Widens a Q4_0 row into {@code row}, each value times its block's scale. */
    private static void q4Row(byte[] packed, float[] scales, int base, int n, float[] row) {
        int first = base >> 5;
        for (int block = 0, o = 0; o < n; block++, o += 32) {
            float d = scales[first + block];
            for (int j = 0; j < 16; j += L) {
                ByteVector v = ByteVector.fromArray(B, packed, (first + block) * 16 + j);
                lowNibbles(v).mul(d).intoArray(row, o + j);
                highNibbles(v).mul(d).intoArray(row, o + 16 + j);
            }
        }
    }

    /** Values 0-15 of a Q4_0 block are the low nibbles of its 16 bytes, minus 8; values 16-31 the high ones. */
    private static FloatVector lowNibbles(ByteVector v) {
        return (FloatVector) v.and((byte) 0x0F).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0);
    }

    private static FloatVector highNibbles(ByteVector v) {
        return (FloatVector) v.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8)
                .convertShape(VectorOperators.B2F, F, 0);
    }
}

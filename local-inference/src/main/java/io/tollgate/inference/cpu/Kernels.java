package io.tollgate.inference.cpu;

/**
 * Matrix products for each weight encoding. Each computes, for weight rows {@code [rowFrom, rowTo)} and
 * {@code tokens} activation rows of {@code x}, {@code out[t * rows + r] = dot(row r, x row t)}; a weight row is
 * read once for all the tokens. A token's result must not depend on how many tokens share the call, so a batch
 * gives the same logits as its sequences one at a time.
 */
interface Kernels {
    void f32(F32Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo);

    void f16(F16Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo);

    /** {@code x} as {@link #q8} reads it ({@code tokens} rows of {@code n}), made once per product. */
    float[] q8Activations(float[] x, int tokens, int n);

    /** {@code x} as {@link #q8Activations} gave it. */
    void q8(Q8Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo);

    void q4(Q4Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo);

    /** {@code scores[p] = scale * dot(q[qo, qo + n), keys[ko + p * stride, ... + n))} for {@code p < count}. */
    void scores(float[] q, int qo, float[] keys, int ko, int stride, int n, float scale, float[] scores, int count);

    /** Replaces {@code scores[0, count)} by their softmax. */
    void softmax(float[] scores, int count);

    /** {@code out[oo, oo + n) = sum over p < count of weights[p] * values[vo + p * stride, ... + n)}. */
    void weightedSum(float[] weights, int count, float[] values, int vo, int stride, int n, float[] out, int oo);

    /** For {@code backend()}: "scalar: why" or "Vector API, 512-bit". */
    String description();
}

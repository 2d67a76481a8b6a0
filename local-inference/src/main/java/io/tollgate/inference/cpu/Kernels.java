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

    void q8(Q8Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo);

    void q4(Q4Matrix w, float[] x, int tokens, float[] out, int rowFrom, int rowTo);

    /** For {@code backend()}: "scalar: why" or "Vector API, 512-bit". */
    String description();
}

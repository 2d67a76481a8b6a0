// Runs each kernel of llama.cu on the CPU (cuda_on_cpu.h) and compares it with the step of LlamaModel.forward it
// stands for, written out plainly here. Exit status 0 when all agree; prints each check's largest difference.
#include "cuda_on_cpu.h"
#include "llama.cu"

#include <cstdio>
#include <random>

static int failures = 0;
static std::mt19937 rng(7);

static std::vector<float> randoms(size_t n, float scale = 1) {
    std::uniform_real_distribution<float> u(-scale, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = u(rng);
    return v;
}

static void expectClose(const char* what, const std::vector<float>& expected, const std::vector<float>& actual,
                        double tolerance) {
    double worst = 0;
    for (size_t i = 0; i < expected.size(); i++) worst = std::fmax(worst, std::fabs(expected[i] - actual[i]));
    bool ok = expected.size() == actual.size() && worst <= tolerance;
    std::printf("%-52s largest difference %.3g %s\n", what, worst, ok ? "ok" : "FAILED");
    if (!ok) failures++;
}

static void checkRmsNorm(int rows, int n) {
    auto x = randoms((size_t) rows * n, 3), w = randoms(n), y = std::vector<float>(x.size());
    float eps = 1e-5f;
    launch(rows, 1, THREADS, [&] { rms_norm(x.data(), w.data(), y.data(), n, eps); });
    std::vector<float> expected(x.size());
    for (int t = 0; t < rows; t++) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += x[t * n + i] * x[t * n + i];
        float inv = (float) (1.0 / std::sqrt(sum / n + eps));
        for (int i = 0; i < n; i++) expected[t * n + i] = x[t * n + i] * inv * w[i];
    }
    char name[64];
    std::snprintf(name, sizeof name, "rms_norm %d rows of %d", rows, n);
    expectClose(name, expected, y, 1e-6);
    launch(rows, 1, THREADS, [&] { rms_norm(x.data(), w.data(), x.data(), n, eps); }); // in place
    std::snprintf(name, sizeof name, "rms_norm %d rows of %d, in place", rows, n);
    expectClose(name, expected, x, 1e-6);
}

static void checkRope(bool halves, int ropeDims) {
    int rows = 3, heads = 4, headDim = 16, stride = heads * headDim + 8; // rows further apart than their heads
    std::vector<int> positions = {0, 5, 1000};
    auto v = randoms((size_t) rows * stride);
    auto expected = v;
    float base = 10000;
    launch(rows, 1, THREADS, [&] { rope(v.data(), positions.data(), heads, headDim, ropeDims, stride, halves, base); });
    int half = ropeDims / 2;
    for (int t = 0; t < rows; t++) {
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                double theta = positions[t] * std::pow((double) base, -2.0 * i / ropeDims);
                float c = (float) std::cos(theta), s = (float) std::sin(theta);
                int a = t * stride + h * headDim + (halves ? i : 2 * i);
                int b = halves ? a + ropeDims / 2 : a + 1;
                float x0 = expected[a], x1 = expected[b];
                expected[a] = x0 * c - x1 * s;
                expected[b] = x0 * s + x1 * c;
            }
        }
    }
    char name[64];
    std::snprintf(name, sizeof name, "rope %s, %d of 16 dims rotated", halves ? "halves" : "adjacent", ropeDims);
    expectClose(name, expected, v, 1e-6);
}

// Two sequences' caches with different capacities; rows of a pass write their keys and values, then attend.
static void checkAttention(const char* what, std::vector<int> sequenceOfRow, std::vector<int> positions) {
    const int layers = 2, layer = 1, heads = 4, kvHeads = 2, headDim = 8, kvd = kvHeads * headDim, d = heads * headDim;
    const int capacity[2] = {10, 7};
    std::vector<float> keys[2], values[2];
    for (int s = 0; s < 2; s++) {
        keys[s] = randoms((size_t) layers * capacity[s] * kvd);
        values[s] = randoms((size_t) layers * capacity[s] * kvd);
    }
    int rows = (int) positions.size();
    auto q = randoms((size_t) rows * d), k = randoms((size_t) rows * kvd), v = randoms((size_t) rows * kvd);
    std::vector<unsigned long long> keyCaches(rows), valueCaches(rows);
    std::vector<int> capacities(rows);
    for (int t = 0; t < rows; t++) {
        keyCaches[t] = (unsigned long long) keys[sequenceOfRow[t]].data();
        valueCaches[t] = (unsigned long long) values[sequenceOfRow[t]].data();
        capacities[t] = capacity[sequenceOfRow[t]];
    }
    // the reference: LlamaModel copies each row's k and v into its cache, then attends
    std::vector<float> refKeys[2] = {keys[0], keys[1]}, refValues[2] = {values[0], values[1]};
    for (int t = 0; t < rows; t++) {
        int s = sequenceOfRow[t];
        for (int i = 0; i < kvd; i++) {
            refKeys[s][((size_t) layer * capacity[s] + positions[t]) * kvd + i] = k[t * kvd + i];
            refValues[s][((size_t) layer * capacity[s] + positions[t]) * kvd + i] = v[t * kvd + i];
        }
    }
    std::vector<float> expected((size_t) rows * d);
    float scale = (float) (1.0 / std::sqrt((double) headDim));
    int group = heads / kvHeads;
    for (int t = 0; t < rows; t++) {
        int s = sequenceOfRow[t];
        const float* ks = refKeys[s].data() + (size_t) layer * capacity[s] * kvd;
        const float* vs = refValues[s].data() + (size_t) layer * capacity[s] * kvd;
        for (int h = 0; h < heads; h++) {
            int kvOffset = (h / group) * headDim, qo = t * d + h * headDim, visible = positions[t] + 1;
            std::vector<float> scores(visible);
            float max = -INFINITY;
            for (int p = 0; p < visible; p++) {
                float dot = 0;
                for (int j = 0; j < headDim; j++) dot += q[qo + j] * ks[p * kvd + kvOffset + j];
                scores[p] = dot * scale;
                max = std::fmax(max, scores[p]);
            }
            float sum = 0;
            for (int p = 0; p < visible; p++) sum += scores[p] = (float) std::exp(scores[p] - max);
            for (int j = 0; j < headDim; j++) {
                float acc = 0;
                for (int p = 0; p < visible; p++) acc += scores[p] / sum * vs[p * kvd + kvOffset + j];
                expected[qo + j] = acc;
            }
        }
    }
    int scoreStride = 0;
    for (int p : positions) scoreStride = std::max(scoreStride, p + 1);
    std::vector<float> scores((size_t) rows * heads * scoreStride), out((size_t) rows * d);
    launch(rows, 1, THREADS, [&] {
        store_kv(k.data(), v.data(), keyCaches.data(), valueCaches.data(), capacities.data(), positions.data(), layer,
                 kvd);
    });
    expectClose((std::string(what) + ": caches after store_kv").c_str(), refKeys[0], keys[0], 0);
    expectClose((std::string(what) + ": values after store_kv").c_str(), refValues[1], values[1], 0);
    launch(heads, rows, THREADS, [&] {
        attention(q.data(), out.data(), scores.data(), keyCaches.data(), valueCaches.data(), capacities.data(),
                  positions.data(), layer, heads, group, headDim, kvd, scoreStride, scale);
    });
    expectClose((std::string(what) + ": attention").c_str(), expected, out, 1e-6);
}

static void checkElementwise() {
    int n = 37, rows = 3;
    auto x = randoms((size_t) n * rows), bias = randoms(n), expected = x;
    for (int t = 0; t < rows; t++) for (int i = 0; i < n; i++) expected[t * n + i] += bias[i];
    launch((n * rows + THREADS - 1) / THREADS, 1, THREADS, [&] { add_bias(x.data(), bias.data(), n, n * rows); });
    expectClose("add_bias 3 rows of 37", expected, x, 0);

    int m = 600;
    auto gate = randoms(m, 4), up = randoms(m), want = gate;
    for (int i = 0; i < m; i++) want[i] = gate[i] / (1.0f + (float) std::exp(-gate[i])) * up[i];
    launch((m + THREADS - 1) / THREADS, 1, THREADS, [&] { swiglu(gate.data(), up.data(), m); });
    expectClose("swiglu 600", want, gate, 1e-6);
}

int main() {
    checkRmsNorm(3, 100);
    checkRmsNorm(2, 700);
    checkRope(false, 16);
    checkRope(true, 16);
    checkRope(false, 8);
    checkRope(true, 8);
    checkAttention("decode, two sequences", {0, 1}, {3, 6});
    checkAttention("prefill, one sequence", {0, 0, 0, 0}, {2, 3, 4, 5});
    checkElementwise();
    std::printf(failures == 0 ? "all kernels agree\n" : "%d checks FAILED\n", failures);
    return failures == 0 ? 0 : 1;
}

// The steps of LlamaModel.forward that are not matrix products (those run in cuBLAS), compiled at run time by NVRTC.
// Each kernel mirrors the CPU code it is named after; reductions run in one block of THREADS threads through shared
// memory. Compiled with --fmad=false so that products are rounded as Java rounds them.
#define THREADS 256

template <typename T>
__device__ __forceinline__ T blockSum(T v, T* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) shared[threadIdx.x] += shared[threadIdx.x + stride];
        __syncthreads();
    }
    T total = shared[0];
    __syncthreads(); // the caller may reuse shared at once
    return total;
}

__device__ __forceinline__ float blockMax(float v, float* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (unsigned stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) shared[threadIdx.x] = fmaxf(shared[threadIdx.x], shared[threadIdx.x + stride]);
        __syncthreads();
    }
    float total = shared[0];
    __syncthreads();
    return total;
}

// Block per row: y = x / sqrt(mean(x^2) + eps) * weight, the sum of squares in double (LlamaModel.rmsNorm).
// y may be x: each value is read (for the sum) before the barrier in blockSum and written by the same thread after.
extern "C" __global__ void rms_norm(const float* x, const float* weight, float* y, int n, float eps) {
    __shared__ double partial[THREADS];
    const float* xr = x + (size_t) blockIdx.x * n;
    float* yr = y + (size_t) blockIdx.x * n;
    double sum = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = xr[i];
        sum += (double) (v * v);
    }
    sum = blockSum(sum, partial);
    float inv = (float) (1.0 / sqrt(sum / n + (double) eps));
    for (int i = threadIdx.x; i < n; i += blockDim.x) yr[i] = xr[i] * inv * weight[i];
}

// x[t * n + i] += bias[i] for every row t (Qwen2's Q/K/V biases).
extern "C" __global__ void add_bias(float* x, const float* bias, int n, int total) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < total) x[i] += bias[i % n];
}

// Block per row: rotates the first ropeDims values of each of `heads` heads by the row's position (Rotary.rotate).
// halves = 0: pairs (2i, 2i+1), llama.cpp's NORM; halves = 1: pairs (i, i + ropeDims/2), NEOX (Qwen2).
extern "C" __global__ void rope(float* v, const int* positions, int heads, int headDim, int ropeDims, int rowStride,
                                int halves, float freqBase) {
    int half = ropeDims / 2;
    double position = positions[blockIdx.x];
    float* row = v + (size_t) blockIdx.x * rowStride;
    for (int w = threadIdx.x; w < heads * half; w += blockDim.x) {
        int h = w / half;
        int i = w % half;
        double theta = position * pow((double) freqBase, -2.0 * i / ropeDims);
        float c = (float) cos(theta);
        float s = (float) sin(theta);
        float* head = row + h * headDim;
        int a = halves ? i : 2 * i;
        int b = halves ? i + half : a + 1;
        float x0 = head[a];
        float x1 = head[b];
        head[a] = x0 * c - x1 * s;
        head[b] = x0 * s + x1 * c;
    }
}

// Block per row: writes the row's keys and values at its position in its own sequence's cache. A cache holds, for
// each layer, `capacity` positions of kvd values: [layer][position][kvd].
extern "C" __global__ void store_kv(const float* k, const float* v, const unsigned long long* keyCaches,
                                    const unsigned long long* valueCaches, const int* capacities,
                                    const int* positions, int layer, int kvd) {
    int t = blockIdx.x;
    size_t at = ((size_t) layer * capacities[t] + positions[t]) * kvd;
    float* keys = (float*) keyCaches[t] + at;
    float* values = (float*) valueCaches[t] + at;
    for (int i = threadIdx.x; i < kvd; i += blockDim.x) {
        keys[i] = k[(size_t) t * kvd + i];
        values[i] = v[(size_t) t * kvd + i];
    }
}

// Block per (head, row): causal grouped-query attention of one query head over positions 0..position of its
// sequence (LlamaModel.attend). Head h reads kv head h / group. scores holds scoreStride floats per (row, head).
extern "C" __global__ void attention(const float* q, float* out, float* scores, const unsigned long long* keyCaches,
                                     const unsigned long long* valueCaches, const int* capacities,
                                     const int* positions, int layer, int heads, int group, int headDim, int kvd,
                                     int scoreStride, float scale) {
    __shared__ float partial[THREADS];
    int h = blockIdx.x;
    int t = blockIdx.y;
    const float* query = q + (size_t) t * heads * headDim + (size_t) h * headDim;
    size_t layerAt = (size_t) layer * capacities[t] * kvd + (size_t) (h / group) * headDim;
    const float* keys = (const float*) keyCaches[t] + layerAt;
    const float* values = (const float*) valueCaches[t] + layerAt;
    float* s = scores + ((size_t) t * heads + h) * scoreStride;
    int visible = positions[t] + 1;

    float max = __int_as_float(0xff800000); // -infinity
    for (int p = threadIdx.x; p < visible; p += blockDim.x) {
        const float* key = keys + (size_t) p * kvd;
        float dot = 0;
        for (int j = 0; j < headDim; j++) dot += query[j] * key[j];
        float score = dot * scale;
        s[p] = score;
        max = fmaxf(max, score);
    }
    max = blockMax(max, partial);
    float sum = 0;
    for (int p = threadIdx.x; p < visible; p += blockDim.x) {
        float e = expf(s[p] - max);
        s[p] = e;
        sum += e;
    }
    sum = blockSum(sum, partial); // its barriers also publish every s[p] to the whole block
    float* o = out + (size_t) t * heads * headDim + (size_t) h * headDim;
    for (int j = threadIdx.x; j < headDim; j += blockDim.x) {
        float acc = 0;
        for (int p = 0; p < visible; p++) acc += s[p] / sum * values[(size_t) p * kvd + j];
        o[j] = acc;
    }
}

// gate[i] = silu(gate[i]) * up[i] (SwiGLU).
extern "C" __global__ void swiglu(float* gate, const float* up, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        float g = gate[i];
        gate[i] = g / (1.0f + expf(-g)) * up[i];
    }
}

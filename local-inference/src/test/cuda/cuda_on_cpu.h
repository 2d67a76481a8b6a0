// Just enough of CUDA to run llama.cu's kernels on the CPU: one std::thread per CUDA thread, the blocks of a launch
// one after another (so a __shared__ array can be a static), __syncthreads as a barrier. For checking the kernels'
// indexing and reductions where there is no GPU; says nothing about speed or the GPU's memory model.
#pragma once
#include <barrier>
#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

struct Dim3 { unsigned x = 0, y = 0, z = 0; };
inline thread_local Dim3 threadIdx;
inline thread_local Dim3 blockIdx;
inline Dim3 blockDim;
inline Dim3 gridDim;
inline thread_local std::barrier<>* blockBarrier = nullptr;

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static

inline void __syncthreads() { blockBarrier->arrive_and_wait(); }

inline float __int_as_float(unsigned bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

template <class Kernel>
void launch(unsigned blocksX, unsigned blocksY, unsigned threads, Kernel kernel) {
    gridDim = {blocksX, blocksY, 1};
    blockDim = {threads, 1, 1};
    for (unsigned by = 0; by < blocksY; by++) {
        for (unsigned bx = 0; bx < blocksX; bx++) {
            std::barrier<> barrier(threads);
            std::vector<std::thread> team;
            for (unsigned t = 0; t < threads; t++) {
                team.emplace_back([&, t] {
                    threadIdx = {t, 0, 0};
                    blockIdx = {bx, by, 0};
                    blockBarrier = &barrier;
                    kernel();
                });
            }
            for (auto& member : team) member.join();
        }
    }
}

/*
 * CUDA emulator for the tests: device-side definitions
 * Copyright (c) 2026 the lavfx authors
 *
 * This file is part of lavfx.
 *
 * lavfx is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * lavfx is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with lavfx; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin Street, Fifth Floor, Boston, MA 02110-1301 USA
 */

/**
 * @file
 * What the kernels in cuda/ need of CUDA C++ to compile as host C++
 * (kernels_*.cpp include this file, then a .cu file): the thread indices,
 * __shared__, __syncthreads, atomicAdd, __shfl_xor_sync, __shfl_up_sync,
 * __any_sync and __syncwarp (whole warps only), run by the
 * scheduler of cuda_emu.cpp, which executes every thread of a block as a
 * coroutine on one CPU thread. It is a test tool that runs the kernels'
 * logic and the filters' CUDA glue without a GPU (tests/run.sh runs the
 * CUDA suites on it); it says nothing about speed, and races that need
 * real parallel threads do not show.
 *
 * __CUDACC__ is defined after the C and C++ headers, so lavfx's shared
 * headers take their device branches (as nvcc compiles them).
 */

#ifndef LAVFX_CUDA_EMU_H
#define LAVFX_CUDA_EMU_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmath>
#include <cstdint>
#include <utility>
#include <type_traits>

struct EmuDim3 { unsigned int x, y, z; };
typedef EmuDim3 dim3;

/* the running thread's indices, set by the scheduler at each switch */
extern EmuDim3 emu_threadIdx, emu_blockIdx, emu_blockDim, emu_gridDim;
#define threadIdx emu_threadIdx
#define blockIdx  emu_blockIdx
#define blockDim  emu_blockDim
#define gridDim   emu_gridDim
#define warpSize  32

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
/* one block runs at a time: a static local is the block's shared memory
 * (kept from block to block, as uninitialised as CUDA's) */
#define __shared__ static

/* CUDA's integer min and max */
static inline int min(int a, int b) { return a < b ? a : b; }
static inline int max(int a, int b) { return a > b ? a : b; }
static inline unsigned int min(unsigned int a, unsigned int b) { return a < b ? a : b; }
static inline unsigned int max(unsigned int a, unsigned int b) { return a > b ? a : b; }
static inline long long min(long long a, long long b) { return a < b ? a : b; }
static inline long long max(long long a, long long b) { return a > b ? a : b; }

/** Waits until every thread of the block that has not returned is here. */
void emu_syncthreads(void);
#define __syncthreads() emu_syncthreads()

/** This thread's lane in its warp. */
int emu_lane(void);
/** Exchanges 8 bytes with lane src_lane of the warp (every lane of the warp
 *  that has not returned must call it): returns what that lane gave. */
uint64_t emu_shfl(uint64_t v, int src_lane);

template <class T> static inline T emu_shfl_from(unsigned int mask, T v, int src_lane, int width)
{
    uint64_t u = 0, r;
    T out;
    static_assert(sizeof(T) <= 8, "shuffles of at most 8 bytes");
    if (mask != 0xffffffffu || width != 32)
        abort();                        /* not emulated: partial warps */
    memcpy(&u, &v, sizeof(T));
    r = emu_shfl(u, src_lane);
    memcpy(&out, &r, sizeof(T));
    return out;
}

template <class T> static inline T __shfl_xor_sync(unsigned int mask, T v, int lane_mask, int width = 32)
{
    return emu_shfl_from(mask, v, emu_lane() ^ (lane_mask & 31), width);
}

/* lanes below delta get their own value, as on the GPU */
template <class T> static inline T __shfl_up_sync(unsigned int mask, T v, unsigned int delta, int width = 32)
{
    int lane = emu_lane();
    return emu_shfl_from(mask, v, lane >= (int)delta ? lane - (int)delta : lane, width);
}

static inline int __any_sync(unsigned int mask, int pred)
{
    int m, any = pred != 0;
    for (m = 16; m > 0; m /= 2)
        any |= __shfl_xor_sync(mask, any, m);
    return any;
}

/* every lane of the warp waits for the others (a shuffle is such a wait) */
static inline void __syncwarp(unsigned int mask = 0xffffffffu)
{
    (void)emu_shfl_from(mask, 0, emu_lane(), 32);
}

#define __launch_bounds__(...)

/* coroutines switch only at barriers: every atomic is one uninterrupted step */
template <class T> static inline T atomicAdd(T *p, T v)
{
    T old = *p;
    *p = old + v;
    return old;
}

/** A kernel with its parameters as cuLaunchKernel passes them (an array of
 *  pointers to each argument). */
typedef void (*EmuKernel)(void **params);

/** Registers a kernel under its name, for cuModuleGetFunction; sizes holds
 *  the size of each of its nb_args parameters (cuLaunchKernel copies them,
 *  as the driver does, since the kernel runs later). */
struct EmuRegister {
    EmuRegister(const char *name, EmuKernel fn, size_t nb_args, const size_t *sizes);
};

template <class... A, size_t... I>
static inline void emu_call(void (*f)(A...), void **p, std::index_sequence<I...>)
{
    f(*(typename std::remove_reference<A>::type *)p[I]...);
}

template <class... A> constexpr size_t emu_arity(void (*)(A...)) { return sizeof...(A); }

template <class... A> static inline const size_t *emu_arg_sizes(void (*)(A...))
{
    static const size_t sizes[] = { sizeof(typename std::remove_reference<A>::type)..., 0 };
    return sizes;
}

/** Registers kernel NAME of the file that includes this header. */
#define EMU_KERNEL(name) \
    static EmuRegister emu_reg_##name(#name, [](void **p) { \
        emu_call(name, p, std::make_index_sequence<emu_arity(name)>{}); }, \
        emu_arity(name), emu_arg_sizes(name))

#define __CUDACC__ 1

#endif /* LAVFX_CUDA_EMU_H */

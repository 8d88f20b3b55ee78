/*
 * exrtonemap: kernel-level benchmark and parity check of cuda/exrtonemap.cu
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
 * Runs the two exrtonemap kernels (the PTX FFmpeg's build embeds) on
 * synthetic 1080p and 4K float frames through the CUDA driver API, checks
 * the histogram and the output bytes against the C core on the same frame,
 * and times each kernel with CUDA events: milliseconds per frame, and the
 * bytes it reads and writes per second as a fraction of the device's memory
 * bandwidth (from its memory clock and bus width). Prints one line per size;
 * exits 1 if the GPU and the CPU disagree, 2 if there is no CUDA device, 3 on
 * any other failure (a CUDA call, memory).
 *
 * Usage: exrtonemap_cuda_bench PTX_FILE [ITERATIONS]
 * (bench/exrtonemap_cuda.sh builds and runs it; the device bundle carries it.)
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exrtonemap.h"
#include "exrtonemap_cuda.h"
#include "tonemap_pixel.h"

#include "cuda_bench.h"


/* A deterministic scene: log-uniform values over 2^-20..2^12, a few NaN,
 * +-Inf and negative pixels. */
static void fill(float *p, size_t n, uint32_t seed)
{
    size_t i;
    for (i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        p[i] = exp2f((float)(seed >> 8) / (1 << 24) * 32 - 20);
        if ((seed & 0xffff) == 7)
            p[i] = (seed >> 16 & 3) == 0 ? NAN : (seed >> 16 & 3) == 1 ? INFINITY : -p[i];
    }
}

static int run(CUfunction f_stats, CUfunction f_map, int w, int h, int iters, double peak_gbs)
{
    const size_t np = (size_t)w * h;
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams par = {
        .curve = TM_CURVE_BT2390, .mode = TM_MODE_MAXRGB, .transfer = TM_TRC_SRGB,
        .ref_white = 203, .display_peak = 1000, .percentile = 99.9f, .key = 0.18f,
        .autoexposure = 1, .cut = 0.3f, .gamut = TM_GAMUT_DESATURATE, .dither = 1, .bits = 8,
        .in_primaries = TM_PRIM_ACESCG, .out_primaries = TM_PRIM_BT709,
    };
    float *src[3];
    uint8_t *ref[3], *got[3];
    uint32_t hist[TM_HIST_SIZE] = { 0 }, ghist[TM_HIST_SIZE];
    const float *curve, *encode;
    TmPixelParams px;
    TmCudaPlanes pl;
    CUdeviceptr d_src[3], d_dst[3], d_hist, d_lut;
    CUevent e0, e1;
    float ms_stats, ms_map;
    size_t diff = 0;
    int k, i;

    memset(&pl, 0, sizeof(pl));
    for (k = 0; k < 3; k++) {
        src[k] = malloc(np * sizeof(float));
        ref[k] = malloc(np);
        got[k] = malloc(np);
        if (!src[k] || !ref[k] || !got[k])
            return 3;
        fill(src[k], np, 12345u + k);
    }
    if (lavfx_tonemap_configure(t, &par) < 0)
        return 3;
    {   /* the CPU reference */
        const float *s4[4] = { src[0], src[1], src[2], NULL };
        uint8_t *d4[4] = { ref[0], ref[1], ref[2], NULL };
        ptrdiff_t ss[4] = { w * 4, w * 4, w * 4, 0 }, ds[4] = { w, w, w, 0 };
        LavfxTonemapFrameInfo info;
        lavfx_tonemap_stats(t, s4, ss, w, 0, h, hist);
        lavfx_tonemap_frame_begin(t, hist, &info);
        lavfx_tonemap_slice(t, s4, ss, w, h, d4, ds, 0, h);
    }
    lavfx_tonemap_pixel_state(t, &px, &curve, &encode);

    for (k = 0; k < 3; k++) {
        CK(cuMemAlloc(&d_src[k], np * sizeof(float)));
        CK(cuMemAlloc(&d_dst[k], np));
        CK(cuMemcpyHtoD(d_src[k], src[k], np * sizeof(float)));
        pl.src[k] = d_src[k];
        pl.src_pitch[k] = w * 4;
        pl.dst[k] = d_dst[k];
        pl.dst_pitch[k] = w;
    }
    pl.w = pl.ow = w;
    pl.h = pl.oh = h;
    CK(cuMemAlloc(&d_hist, sizeof(hist)));
    CK(cuMemAlloc(&d_lut, (TM_LUT_ALLOC + TM_ENCODE_ALLOC) * sizeof(float)));
    CK(cuMemcpyHtoD(d_lut, curve, TM_LUT_ALLOC * sizeof(float)));
    CK(cuMemcpyHtoD(d_lut + TM_LUT_ALLOC * sizeof(float), encode, TM_ENCODE_ALLOC * sizeof(float)));
    CK(cuEventCreate(&e0, CU_EVENT_DEFAULT));
    CK(cuEventCreate(&e1, CU_EVENT_DEFAULT));

    {
        CUdeviceptr d_curve = d_lut, d_encode = d_lut + TM_LUT_ALLOC * sizeof(float);
        void *stats_args[] = { &px, &pl, &d_hist };
        void *map_args[]   = { &px, &pl, &d_curve, &d_encode };
        unsigned gx = (w + TM_CUDA_BLOCK_W - 1) / TM_CUDA_BLOCK_W, gy = (h + TM_CUDA_BLOCK_H - 1) / TM_CUDA_BLOCK_H;
        unsigned sy = gy < 64 ? gy : 64;

        CK(cuMemsetD8(d_hist, 0, sizeof(hist)));
        CK(cuLaunchKernel(f_stats, gx, sy, 1, TM_CUDA_BLOCK_W, TM_CUDA_BLOCK_H, 1, 0, 0, stats_args, NULL));
        CK(cuMemcpyDtoH(ghist, d_hist, sizeof(ghist)));
        CK(cuLaunchKernel(f_map, gx, gy, 1, TM_CUDA_BLOCK_W, TM_CUDA_BLOCK_H, 1, 0, 0, map_args, NULL));
        for (k = 0; k < 3; k++)
            CK(cuMemcpyDtoH(got[k], d_dst[k], np));
        for (k = 0; k < 3; k++)
            for (i = 0; i < (int)np; i++)
                diff += got[k][i] != ref[k][i];

        CK(cuEventRecord(e0, 0));
        for (i = 0; i < iters; i++) {
            CK(cuMemsetD8(d_hist, 0, sizeof(hist)));
            CK(cuLaunchKernel(f_stats, gx, sy, 1, TM_CUDA_BLOCK_W, TM_CUDA_BLOCK_H, 1, 0, 0, stats_args, NULL));
        }
        CK(cuEventRecord(e1, 0));
        CK(cuEventSynchronize(e1));
        CK(cuEventElapsedTime(&ms_stats, e0, e1));
        CK(cuEventRecord(e0, 0));
        for (i = 0; i < iters; i++)
            CK(cuLaunchKernel(f_map, gx, gy, 1, TM_CUDA_BLOCK_W, TM_CUDA_BLOCK_H, 1, 0, 0, map_args, NULL));
        CK(cuEventRecord(e1, 0));
        CK(cuEventSynchronize(e1));
        CK(cuEventElapsedTime(&ms_map, e0, e1));
    }
    ms_stats /= iters;
    ms_map /= iters;
    printf("%dx%d  stats %.4f ms (%.0f GB/s, %.0f%% of peak)  map %.4f ms (%.0f GB/s, %.0f%% of peak)"
           "  histogram %s  output %s (%zu of %zu samples differ)\n", w, h,
           ms_stats, np * 12 / ms_stats / 1e6, 100 * np * 12 / ms_stats / 1e6 / peak_gbs,
           ms_map, np * 15 / ms_map / 1e6, 100 * np * 15 / ms_map / 1e6 / peak_gbs,
           memcmp(hist, ghist, sizeof(hist)) ? "DIFFERS" : "equal", diff ? "DIFFERS" : "equal",
           diff, 3 * np);
    for (k = 0; k < 3; k++) {
        cuMemFree(d_src[k]);
        cuMemFree(d_dst[k]);
        free(src[k]);
        free(ref[k]);
        free(got[k]);
    }
    cuMemFree(d_hist);
    cuMemFree(d_lut);
    cuEventDestroy(e0);
    cuEventDestroy(e1);
    lavfx_tonemap_free(&t);
    return diff || memcmp(hist, ghist, sizeof(hist)) ? 1 : 0;
}

int main(int argc, char **argv)
{
    CUdevice dev;
    CUmodule mod;
    CUfunction f_stats, f_map;
    char name[256];
    int clock_khz, bus_bits, iters = argc > 2 ? atoi(argv[2]) : 50, ret;
    double peak_gbs;

    if (argc < 2 || iters < 1) {
        fprintf(stderr, "usage: %s PTX_FILE [ITERATIONS >= 1]\n", argv[0]);
        return 3;
    }
    dev = cuda_bench_open(argv[1], &mod, name, sizeof(name));
    CK(cuDeviceGetAttribute(&clock_khz, CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE, dev));
    CK(cuDeviceGetAttribute(&bus_bits, CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH, dev));
    peak_gbs = 2.0 * clock_khz * 1e3 * bus_bits / 8 / 1e9;   /* double data rate */
    printf("%s: memory %.0f GB/s (from clock and bus width); %d iterations per kernel\n",
           name, peak_gbs, iters);
    CK(cuModuleGetFunction(&f_stats, mod, "exrtonemap_stats"));
    CK(cuModuleGetFunction(&f_map, mod, "exrtonemap_map"));
    ret  = run(f_stats, f_map, 1920, 1080, iters, peak_gbs);
    ret |= run(f_stats, f_map, 3840, 2160, iters, peak_gbs);
    cuModuleUnload(mod);
    cuDevicePrimaryCtxRelease(dev);
    return ret;
}

/*
 * strokerender: kernel-level benchmark and parity check of cuda/strokerender.cu
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
 * The workload of bench/strokerender.sh (one 100-point random walk per
 * image, line width 2, antialiased, gray) on the GPU: a batch of images laid
 * out by the C core, rendered by strokerender_batch (the PTX FFmpeg's build
 * embeds) through the CUDA driver API, timed with CUDA events (kernel only:
 * the layout and the copies are not counted), in images per second at 64x64
 * and 224x224, for each number of threads per image (1 to 32; "*" marks the
 * one sr_cuda_lanes picks and the filter uses); every image is checked
 * against the C core's renderer, after the first launch and after the timed
 * ones. Exits 1 if any byte differs, 2
 * without a CUDA device, 3 on any other failure (a CUDA call, memory).
 *
 * Usage: strokerender_cuda_bench PTX_FILE [BATCH] [ITERATIONS]
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stroke_raster.h"
#include "strokerender.h"
#include "strokerender_cuda.h"

#include "cuda_bench.h"
#include "walks.h"

#define NB_POINTS 100

static int run(CUfunction f, int size, int n, int iters, int lanes)
{
    LavfxStrokeStyle st = { .w = size, .h = size, .pix_fmt = LAVFX_STROKE_GRAY, .linewidth = 2, .aa = 1,
                            .color = { 255, 255, 255, 255 }, .bg = { 0, 0, 0, 255 },
                            .fit = LAVFX_STROKE_FIT_NONE };
    const size_t npix = (size_t)size * size, scratch = sr_cuda_scratch_size(size, size, lanes);
    const unsigned grid = sr_cuda_blocks(n, lanes);
    int stroke_end = NB_POINTS, i;
    static float walks[64][2 * NB_POINTS];      /* those of bench/strokerender.sh */
    uint32_t seed = 12345;
    LavfxStrokeDrawing d = { .nb_strokes = 1, .nb_points = NB_POINTS, .stroke_end = &stroke_end };
    LavfxStrokeCanvas *canvas = lavfx_stroke_canvas_alloc(size, size);
    uint64_t *dst = malloc(n * sizeof(*dst));
    int64_t *pitch = malloc(n * sizeof(*pitch));
    int32_t *stroke0 = malloc((n + 1) * sizeof(*stroke0)), *point0 = malloc((n + 1) * sizeof(*point0));
    int32_t *pts = malloc((size_t)n * 2 * NB_POINTS * sizeof(*pts));
    uint8_t *colour = malloc(4 * (size_t)n), *ref = malloc(npix), *got = malloc(npix * n);
    SrLut *lut = malloc(sizeof(*lut));
    CUdeviceptr d_img, d_dst, d_pitch, d_stroke0, d_point0, d_pts, d_colour, d_lut, d_scratch;
    SrCudaBatch b;
    CUevent e0, e1;
    float ms;
    size_t bad = 0;
    void *args[] = { &b };

    if (!canvas || !dst || !pitch || !stroke0 || !point0 || !pts || !colour || !ref || !got || !lut)
        return 3;
    for (i = 0; i < 64; i++)
        bench_walk(walks[i], NB_POINTS, &seed);
    CK(cuMemAlloc(&d_img, npix * n));
    for (i = 0; i < n; i++) {
        d.xy = walks[i % 64];
        lavfx_stroke_layout(&d, &st, pts + (size_t)2 * NB_POINTS * i, colour + 4 * i);
        dst[i] = d_img + npix * i;
        pitch[i] = size;
        stroke0[i] = i;
        point0[i] = NB_POINTS * i;
    }
    stroke0[n] = n;
    point0[n] = NB_POINTS * n;
    sr_lut_init(lut, lavfx_stroke_pen_r(&st), 1);
#define UP(dp, hp, sz) do { CK(cuMemAlloc(&dp, sz)); CK(cuMemcpyHtoD(dp, hp, sz)); } while (0)
    UP(d_dst, dst, n * sizeof(*dst));
    UP(d_pitch, pitch, n * sizeof(*pitch));
    UP(d_stroke0, stroke0, (n + 1) * sizeof(*stroke0));
    UP(d_point0, point0, (n + 1) * sizeof(*point0));
    UP(d_pts, pts, (size_t)n * 2 * NB_POINTS * sizeof(*pts));
    UP(d_colour, colour, 4 * (size_t)n);
    UP(d_lut, lut, sizeof(*lut));
    CK(cuMemAlloc(&d_scratch, scratch * n));
    CK(cuMemsetD8(d_scratch, 0, scratch * n));
    b = (SrCudaBatch){ d_dst, d_pitch, d_stroke0, d_point0, d_pts, d_colour, d_lut, d_scratch,
                       n, size, size, 1, lavfx_stroke_pen_r(&st), 1, lanes, { 0, 0, 0, 255 } };
    lavfx_stroke_background(&st, b.bg);

    CK(cuLaunchKernel(f, grid, 1, 1, SR_CUDA_BLOCK, 1, 1, 0, 0, args, NULL));
    CK(cuMemcpyDtoH(got, d_img, npix * n));
    for (i = 0; i < n; i++) {
        d.xy = walks[i % 64];
        lavfx_stroke_render(canvas, &d, &st, ref, size);
        bad += memcmp(ref, got + npix * i, npix) != 0;
    }
    CK(cuEventCreate(&e0, CU_EVENT_DEFAULT));
    CK(cuEventCreate(&e1, CU_EVENT_DEFAULT));
    CK(cuEventRecord(e0, 0));
    for (i = 0; i < iters; i++)
        CK(cuLaunchKernel(f, grid, 1, 1, SR_CUDA_BLOCK, 1, 1, 0, 0, args, NULL));
    CK(cuEventRecord(e1, 0));
    CK(cuEventSynchronize(e1));
    CK(cuEventElapsedTime(&ms, e0, e1));
    /* again after the timed launches: the scratch must have stayed zero */
    CK(cuMemcpyDtoH(got, d_img, npix * n));
    for (i = 0; i < n; i++) {
        d.xy = walks[i % 64];
        lavfx_stroke_render(canvas, &d, &st, ref, size);
        bad += memcmp(ref, got + npix * i, npix) != 0;
    }
    printf("%dx%d  batch %d  %2d thread%s per image%s  kernel %.3f ms per batch  %.0f images/s  output %s "
           "(%zu of 2 x %d images differ)\n", size, size, n, lanes, lanes > 1 ? "s" : " ",
           lanes == sr_cuda_lanes(size) ? " *" : "  ", ms / iters, n * iters / (ms / 1000),
           bad ? "DIFFERS" : "equal", bad, n);
    cuMemFree(d_img); cuMemFree(d_dst); cuMemFree(d_pitch); cuMemFree(d_stroke0); cuMemFree(d_point0);
    cuMemFree(d_pts); cuMemFree(d_colour); cuMemFree(d_lut); cuMemFree(d_scratch);
    cuEventDestroy(e0);
    cuEventDestroy(e1);
    free(dst); free(pitch); free(stroke0); free(point0); free(pts); free(colour); free(ref); free(got); free(lut);
    lavfx_stroke_canvas_free(&canvas);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    CUdevice dev;
    CUmodule mod;
    CUfunction f;
    char name[256];
    int batch = argc > 2 ? atoi(argv[2]) : 16384, iters = argc > 3 ? atoi(argv[3]) : 10, ret, lanes;

    if (argc < 2 || batch < 1 || iters < 1) {
        fprintf(stderr, "usage: %s PTX_FILE [BATCH] [ITERATIONS]\n", argv[0]);
        return 3;
    }
    dev = cuda_bench_open(argv[1], &mod, name, sizeof(name));
    printf("%s: 100-point random walks, line width 2, antialiased, gray\n", name);
    CK(cuModuleGetFunction(&f, mod, "strokerender_batch"));
    ret = 0;
    for (lanes = 1; lanes <= SR_CUDA_MAX_LANES; lanes *= 2)
        ret |= run(f, 64, batch, iters, lanes);
    for (lanes = 1; lanes <= SR_CUDA_MAX_LANES; lanes *= 2)
        ret |= run(f, 224, batch / 4 > 0 ? batch / 4 : 1, iters, lanes);
    cuModuleUnload(mod);
    cuDevicePrimaryCtxRelease(dev);
    return ret;
}

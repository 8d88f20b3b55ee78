/*
 * exrtonemap: the core's two pixel passes timed alone, on one real frame
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
 * Times lavfx_tonemap_stats() and lavfx_tonemap_slice() on one thread for
 * a raw gbrpf32le frame (FFmpeg's plane order G, B, R; W x H floats each),
 * with exrtonemap's defaults (bt2390, measured peak, max-RGB, sRGB, gamut
 * desaturation, ordered dither, 8 bits), for each build of the pixel passes
 * (AVX2 where the CPU has it, and the baseline), and, for scale, a loop that
 * only reads the three float planes and writes three byte planes. Prints
 * milliseconds per frame (CPU time, median of the frames after a warm-up).
 *
 *   exrtonemap_core_bench W H FRAME.raw [FRAMES]
 *
 * bench/exrtonemap.sh builds and runs it on its 1080p frame.
 */

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exrtonemap.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, n, sizeof(*v), cmp_double);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    int w = argc > 3 ? atoi(argv[1]) : 0, h = argc > 3 ? atoi(argv[2]) : 0;
    int n = argc > 4 ? atoi(argv[4]) : 30, k, i, simd;
    size_t np = (size_t)w * h;
    float *plane[3] = { NULL };
    uint8_t *out[3] = { NULL };
    double *t_stats = NULL, *t_slice = NULL, *t_copy = NULL;
    FILE *f;
    unsigned sum = 0;

    if (w < 1 || h < 1 || n < 3 || n > 10000) {
        fprintf(stderr, "usage: %s W H FRAME.raw [FRAMES (3-10000)]\n", argv[0]);
        return 1;
    }
    t_stats = malloc(n * sizeof(double));
    t_slice = malloc(n * sizeof(double));
    t_copy  = malloc(n * sizeof(double));
    for (k = 0; k < 3; k++) {
        plane[k] = malloc(np * sizeof(float));
        out[k]   = malloc(np);
        if (!plane[k] || !out[k] || !t_stats || !t_slice || !t_copy) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
    }
    if (!(f = fopen(argv[3], "rb"))) {
        perror(argv[3]);
        return 1;
    }
    for (k = 0; k < 3; k++)             /* G, B, R in the file */
        if (fread(plane[(k + 1) % 3], sizeof(float), np, f) != np) {
            fprintf(stderr, "%s: shorter than 3 planes of %dx%d floats\n", argv[3], w, h);
            return 1;
        }
    fclose(f);

    printf("%dx%d, one thread, ms per frame (median of %d)\n", w, h, n - 2);
    for (simd = TM_SIMD_AUTO; simd <= TM_SIMD_NONE; simd++) {
        LavfxTonemapParams par = {
            .curve = TM_CURVE_BT2390, .mode = TM_MODE_MAXRGB, .transfer = TM_TRC_SRGB,
            .ref_white = 203, .display_peak = 1000, .percentile = 99.9f, .key = 0.18f,
            .in_primaries = TM_PRIM_BT709, .out_primaries = TM_PRIM_BT709,
            .gamut = TM_GAMUT_DESATURATE, .dither = 1, .bits = 8, .simd = simd,
        };
        const float *src[4] = { plane[0], plane[1], plane[2], NULL };
        uint8_t *dst[4] = { out[0], out[1], out[2], NULL };
        ptrdiff_t ss[4] = { 4 * (ptrdiff_t)w, 4 * (ptrdiff_t)w, 4 * (ptrdiff_t)w, 0 };
        ptrdiff_t ds[4] = { w, w, w, 0 };
        LavfxTonemap *t = lavfx_tonemap_alloc();
        LavfxTonemapFrameInfo info;
        uint32_t hist[TM_HIST_SIZE];
        if (!t || lavfx_tonemap_configure(t, &par) < 0) {
            fprintf(stderr, "cannot configure the tone mapper\n");
            return 1;
        }
        for (i = 0; i < n; i++) {
            double t0 = cpu_now(), t1, t2;
            memset(hist, 0, sizeof(hist));
            lavfx_tonemap_stats(t, src, ss, w, 0, h, hist);
            t1 = cpu_now();
            lavfx_tonemap_frame_begin(t, hist, &info);
            t2 = cpu_now();
            lavfx_tonemap_slice(t, src, ss, w, h, dst, ds, 0, h);
            t_stats[i] = t1 - t0;
            t_slice[i] = cpu_now() - t2;
            sum += out[0][(size_t)i * 7919 % np];
        }
        printf("%-8s statistics %6.2f   pixel pass %6.2f   (peak %.1f)\n",
               simd == TM_SIMD_AUTO ? "auto" : "baseline", 1e3 * median(t_stats + 2, n - 2),
               1e3 * median(t_slice + 2, n - 2), info.peak);
        lavfx_tonemap_free(&t);
    }
    for (i = 0; i < n; i++) {           /* the memory traffic alone */
        double t0 = cpu_now();
        for (k = 0; k < 3; k++) {
            const float *s = plane[k];
            uint8_t *d = out[k];
            size_t j;
            for (j = 0; j < np; j++) {     /* written so that -O3 vectorises it */
                float v = s[j] * 255;
                v = v > 0 ? v : 0;
                d[j] = (uint8_t)(v < 255 ? v : 255);
            }
        }
        t_copy[i] = cpu_now() - t0;
        sum += out[1][(size_t)i * 7919 % np];
    }
    printf("read 3 float planes, write 3 byte planes: %6.2f   (checksum %u)\n",
           1e3 * median(t_copy + 2, n - 2), sum);
    for (k = 0; k < 3; k++) {
        free(plane[k]);
        free(out[k]);
    }
    free(t_stats);
    free(t_slice);
    free(t_copy);
    return 0;
}

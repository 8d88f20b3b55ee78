/*
 * exrtonemap: CUDA kernels (luminance histogram, fused tone-mapping pass)
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
 * The GPU half of exrtonemap: the same per-pixel steps as the C core
 * (filters/tonemap_pixel.h, compiled here as device code), one thread per
 * output pixel. The host builds the two LUTs (libplacebo's curve, the
 * output encoding) with the C core and copies them to the device; nothing
 * else of a frame leaves the GPU. Built with FMA contraction off
 * (ffmpeg.mk: -fmad=false), so the bits equal the CPU's.
 */

#include "exrtonemap_cuda.h"
#include "tonemap_pixel.h"

static __device__ inline const float *plane_row(uint64_t plane, int64_t pitch, int y)
{
    return (const float *)(plane + (uint64_t)(pitch * y));
}

extern "C" {

/**
 * The statistics of the input (TM_HIST_SIZE counters, zeroed by the host:
 * the histograms of luminance and of the curve's input value, as
 * lavfx_tonemap_stats; colour made straight when the output keeps alpha):
 * each block counts its pixels in shared memory over a grid-stride loop on
 * rows, then adds its non-zero bins to hist. Integer counts: the result
 * does not depend on the order of the atomics.
 */
__global__ void exrtonemap_stats(TmPixelParams px, TmCudaPlanes pl, unsigned int *hist)
{
    __shared__ unsigned int local[2][TM_HIST_BINS + 1];
    const int tid = threadIdx.y * blockDim.x + threadIdx.x, nt = blockDim.x * blockDim.y;
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int straight = pl.src[3] && pl.dst[3];
    int i, y;

    for (i = tid; i < TM_HIST_BINS + 1; i += nt)
        local[0][i] = local[1][i] = 0;
    __syncthreads();
    if (x < pl.w) {
        for (y = blockIdx.y * blockDim.y + threadIdx.y; y < pl.h; y += gridDim.y * blockDim.y) {
            float r = plane_row(pl.src[0], pl.src_pitch[0], y)[x];
            float g = plane_row(pl.src[1], pl.src_pitch[1], y)[x];
            float b = plane_row(pl.src[2], pl.src_pitch[2], y)[x];
            if (straight) {
                float inv = tm_unpremultiply(tm_sanitize(plane_row(pl.src[3], pl.src_pitch[3], y)[x], 1.0f));
                r *= inv;
                g *= inv;
                b *= inv;
            }
            atomicAdd(&local[0][tm_hist_bin(tm_luminance(px.lum_in, r, g, b))], 1u);
            atomicAdd(&local[1][tm_hist_bin(tm_peak_value(&px, r, g, b))], 1u);
        }
    }
    __syncthreads();
    for (i = tid; i < TM_HIST_BINS; i += nt) {
        if (local[0][i])
            atomicAdd(&hist[i], local[0][i]);
        if (local[1][i])
            atomicAdd(&hist[TM_HIST_BINS + i], local[1][i]);
    }
}

/**
 * The per-pixel steps of output pixel (x, y) up to the encoded signals:
 * read (or box-filter at level > 0) and sanitise, unpremultiply, expose,
 * gamut matrix, curve, gamut handling, encode. c[0..2]: R', G', B' in 0-1
 * (display-linear when px.encode is 0), c[3]: alpha.
 */
static __device__ void pixel_signal(const TmPixelParams *px, const TmCudaPlanes *pl,
                                    const float *curve, const float *encode, int x, int y,
                                    float c[4])
{
    int k;
    for (k = 0; k < 4; k++) {
        const float inf = k < 3 ? px->inf_value : 1.0f;
        if (!pl->src[k])
            c[k] = 1.0f;
        else if (!px->level)
            c[k] = tm_sanitize(plane_row(pl->src[k], pl->src_pitch[k], y)[x], inf);
        else
            c[k] = tm_box((const float *)pl->src[k], pl->src_pitch[k], pl->w, pl->h, x, y, px->level, inf);
    }
    if (pl->src[3] && pl->dst[3]) {     /* straight colour when the output keeps alpha */
        float inv = tm_unpremultiply(c[3]);
        c[0] *= inv;
        c[1] *= inv;
        c[2] *= inv;
    }
    tm_expose(px->m, px->ev_scale, &c[0], &c[1], &c[2]);
    if (px->mode == TM_MODE_CHANNEL) {
        for (k = 0; k < 3; k++)
            c[k] = tm_lut(curve, c[k]);
    } else {
        float v = px->mode == TM_MODE_MAXRGB ? tm_maxrgb(c[0], c[1], c[2])
                                             : tm_luminance(px->lum, c[0], c[1], c[2]);
        float f = tm_curve_scale(v, tm_lut(curve, v));
        c[0] *= f;
        c[1] *= f;
        c[2] *= f;
    }
    tm_gamut(px, &c[0], &c[1], &c[2]);
    if (px->hlg) {
        tm_hlg_scene(px->lum, encode + TM_LUT_ALLOC, &c[0], &c[1], &c[2]);
        /* beyond HLG's signal range: the gamut handling again, on scene light */
        tm_gamut(px, &c[0], &c[1], &c[2]);
    }
    if (px->encode)
        for (k = 0; k < 3; k++)
            c[k] = tm_lut(encode, c[k]);
}

/**
 * The fused pass to planar R, G, B (, A) frames, one thread per output
 * pixel: pixel_signal, then dither, quantise, store (8 or 16-bit samples).
 */
__global__ void exrtonemap_map(TmPixelParams px, TmCudaPlanes pl, const float *curve,
                               const float *encode)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const float scale = (float)((1 << px.bits) - 1);
    float c[4], d;
    int y, k;

    if (x >= pl.ow)
        return;
    /* rows by the grid's height (at most 65535 blocks), then again */
    for (y = blockIdx.y * blockDim.y + threadIdx.y; y < pl.oh; y += gridDim.y * blockDim.y) {
        pixel_signal(&px, &pl, curve, encode, x, y, c);
        d = px.dither ? tm_bayer16(x, y) : 0.5f;
        for (k = 0; k < 4; k++) {
            int q;
            if (!pl.dst[k])
                continue;
            q = tm_quantize(c[k], scale, k < 3 ? d : 0.5f);
            if (px.bits == 8)
                ((uint8_t *)(pl.dst[k] + (uint64_t)(pl.dst_pitch[k] * y)))[x] = (uint8_t)q;
            else
                ((uint16_t *)(pl.dst[k] + (uint64_t)(pl.dst_pitch[k] * y)))[x] = (uint16_t)q;
        }
    }
}

/**
 * The fused pass to NV12 (8-bit) or P010 (10-bit in the high bits of 16),
 * limited range, for hardware encoders: one thread per 2x2 block; luma per
 * pixel (dithered like the RGB output), chroma from the mean of the block's
 * R'G'B' (centre siting), with the Y'CbCr matrix Kr, Kb. dst[0]: Y plane,
 * dst[1]: interleaved CbCr plane. Alpha is dropped.
 */
/* One 2x2 block (bx, by) of exrtonemap_map_yuv. */
static __device__ void map_yuv_block(const TmPixelParams *px, const TmCudaPlanes *pl, const float *curve,
                                     const float *encode, float kr, float kb, int bx, int by)
{
    float sum[3] = { 0, 0, 0 };
    int i, j, n = 0, code[3];

    for (j = 0; j < 2; j++)
        for (i = 0; i < 2; i++) {
            const int x = 2 * bx + i, y = 2 * by + j;
            float c[4];
            if (x >= pl->ow || y >= pl->oh)
                continue;
            pixel_signal(px, pl, curve, encode, x, y, c);
            tm_ycbcr_limited(kr, kb, px->bits, c[0], c[1], c[2], px->dither ? tm_bayer16(x, y) : 0.5f, code);
            if (px->bits == 8)
                ((uint8_t *)(pl->dst[0] + (uint64_t)(pl->dst_pitch[0] * y)))[x] = (uint8_t)code[0];
            else
                ((uint16_t *)(pl->dst[0] + (uint64_t)(pl->dst_pitch[0] * y)))[x] = (uint16_t)(code[0] << 6);
            sum[0] += c[0];
            sum[1] += c[1];
            sum[2] += c[2];
            n++;
        }
    tm_ycbcr_limited(kr, kb, px->bits, sum[0] / n, sum[1] / n, sum[2] / n, 0.5f, code);
    if (px->bits == 8) {
        uint8_t *row = (uint8_t *)(pl->dst[1] + (uint64_t)(pl->dst_pitch[1] * by));
        row[2 * bx]     = (uint8_t)code[1];
        row[2 * bx + 1] = (uint8_t)code[2];
    } else {
        uint16_t *row = (uint16_t *)(pl->dst[1] + (uint64_t)(pl->dst_pitch[1] * by));
        row[2 * bx]     = (uint16_t)(code[1] << 6);
        row[2 * bx + 1] = (uint16_t)(code[2] << 6);
    }
}

__global__ void exrtonemap_map_yuv(TmPixelParams px, TmCudaPlanes pl, const float *curve,
                                   const float *encode, float kr, float kb)
{
    const int bx = blockIdx.x * blockDim.x + threadIdx.x;
    int by;

    if (2 * bx >= pl.ow)
        return;
    /* block rows by the grid's height (at most 65535 blocks), then again */
    for (by = blockIdx.y * blockDim.y + threadIdx.y; 2 * by < pl.oh; by += gridDim.y * blockDim.y)
        map_yuv_block(&px, &pl, curve, encode, kr, kb, bx, by);
}

}

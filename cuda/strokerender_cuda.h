/*
 * strokerender: what the host passes to the CUDA kernel
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
 * Kernel arguments of cuda/strokerender.cu, shared by the kernel (nvcc) and
 * the glue (filters/vsrc_strokerender.c): 64-bit device addresses and
 * integers, laid out the same by both compilers.
 */

#ifndef STROKERENDER_CUDA_H
#define STROKERENDER_CUDA_H

#include <stddef.h>
#include <stdint.h>

#include "lavfx_math.h"

/** Threads per block of strokerender_batch. */
#define SR_CUDA_BLOCK 128
/** The most threads that share one image (a warp). */
#define SR_CUDA_MAX_LANES 32

/**
 * Threads per image of h rows: each draws every stroke on its own rows
 * (SrCanvas.row0, row_step), so an image's rows are shared out without
 * changing a byte. A power of two, 1 .. SR_CUDA_MAX_LANES, with at least
 * SR_CUDA_LANE_ROWS rows each: fewer rows give each thread too little
 * to draw for the work of walking every segment.
 */
#define SR_CUDA_LANE_ROWS 8
LAVFX_INLINE int sr_cuda_lanes(int h)
{
    int lanes = 1;
    while (lanes < SR_CUDA_MAX_LANES && h >= 2 * lanes * SR_CUDA_LANE_ROWS)
        lanes *= 2;
    return lanes;
}

/** Rows of the image's thread with the most (touched-list entries: that times w). */
LAVFX_INLINE int sr_cuda_lane_rows(int h, int lanes)
{
    return (h + lanes - 1) / lanes;
}

/** Blocks of SR_CUDA_BLOCK threads for n images of lanes threads each. */
LAVFX_INLINE unsigned sr_cuda_blocks(int n, int lanes)
{
    return (unsigned)(((int64_t)n * lanes + SR_CUDA_BLOCK - 1) / SR_CUDA_BLOCK);
}

/** Bytes of scratch per image: w x h inks, then each thread's touched list. */
LAVFX_INLINE size_t sr_cuda_scratch_size(int w, int h, int lanes)
{
    return (size_t)w * h * sizeof(uint32_t) + (size_t)lanes * sr_cuda_lane_rows(h, lanes) * w * sizeof(int32_t);
}

/**
 * A batch of images: image i has strokes [stroke0[i], stroke0[i + 1]);
 * stroke s has points [point0[s], point0[s + 1]) of pts (x, y pairs, Q8
 * frame pixels, laid out by the core) and ink colour[s] (R, G, B, A bytes,
 * or luma in byte 0 for gray). Addresses are CUdeviceptr values.
 */
typedef struct SrCudaBatch {
    uint64_t dst;           /**< n uint64_t: each image's first pixel */
    uint64_t pitch;         /**< n int64_t: bytes between each image's rows */
    uint64_t stroke0;       /**< n + 1 int32_t */
    uint64_t point0;        /**< strokes + 1 int32_t */
    uint64_t pts;           /**< int32_t pairs */
    uint64_t colour;        /**< strokes x 4 bytes */
    uint64_t lut;           /**< one SrLut (stroke_raster.h) for the pen */
    uint64_t scratch;       /**< n x sr_cuda_scratch_size(), zero at first */
    int32_t n, w, h, ncomp; /**< images, size, bytes per pixel (1, 3 or 4) */
    int32_t r, aa;          /**< pen: half the line width (Q8), antialiasing */
    int32_t lanes;          /**< threads per image (sr_cuda_lanes) */
    uint8_t bg[4];          /**< background, first ncomp bytes */
} SrCudaBatch;

#endif /* STROKERENDER_CUDA_H */

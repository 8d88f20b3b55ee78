/*
 * primitive: what the host passes to the CUDA kernels
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
 * Kernel arguments and device-side state of cuda/primitive.cu, shared by
 * the kernels (nvcc) and the glue (filters/vf_primitive.c): 64-bit device
 * addresses and fixed-size integers, laid out the same by both compilers.
 *
 * The search of a frame runs as a queue of kernels the host never waits
 * for inside the frame: downscale, start, then for each attempt of each
 * step candidates -> climb -> commit. The step in progress (shape index,
 * attempt, stopped) lives in PrimCudaState on the
 * device; each kernel reads it, and commit advances it. The host queues one
 * attempt per missing shape, reads the state back once, and queues more
 * only where attempts failed (rare).
 */

#ifndef PRIMITIVE_CUDA_H
#define PRIMITIVE_CUDA_H

#include <stdint.h>

#include "primitive_pixel.h"
#include "primitive_shape.h"

/** Threads per block of the row and pixel kernels; warps per block of the
 *  candidate and climb kernels. */
#define PRIM_CUDA_BLOCK 128
#define PRIM_CUDA_WARPS 4
#define PRIM_CUDA_WARP  32     /**< threads per warp */
/** Warps of a climb's block: mutations tried side by side per round. */
#define PRIM_CUDA_CLIMB_WARPS 16
/** Warps of the commit and scene-cut blocks: rows drawn side by side, a
 *  warp per row. */
#define PRIM_CUDA_DRAW_WARPS 16

/** The search state of the frame in progress (device memory, zeroed per frame). */
typedef struct PrimCudaState {
    int64_t err;            /**< sum of squared RGB differences, canvas vs target */
    int64_t evals;          /**< candidates evaluated */
    uint64_t sum[3];        /**< target channel sums (mean-colour background) */
    int32_t nb_shapes;      /**< shapes committed = index of the step in progress */
    int32_t attempt;        /**< attempt of the step, 0 .. PRIM_STEP_TRIES - 1 */
    int32_t stopped;        /**< 1: a step failed all its attempts: no more shapes */
    int32_t warm;           /**< 1: the step climbs on from its seed (temporal) */
    uint8_t bg[4];          /**< background, RGB */
    int64_t shown_err;      /**< smooth: the shown picture's error (primitive_smooth) */
} PrimCudaState;

/** Temporal mode: the last frame's shapes carried to this one (device
 *  memory, written by primitive_carry and the kernels after it). */
typedef struct PrimCudaTemporal {
    int64_t last_err;       /**< error of the last frame's picture */
    int64_t start_err;      /**< error of this frame's background alone */
    int64_t carried_err;    /**< error with the seeds recoloured and drawn; -1: not measured */
    int32_t nb_seeds;       /**< seeds (0 after a scene cut) */
    int32_t cut;            /**< 1: scene cut, searched from scratch */
    int32_t shift[2];       /**< global shift the seeds were moved by (work pixels) */
} PrimCudaTemporal;

/** One hill climb's result (PrimClimb of the C core). */
typedef struct PrimCudaClimb {
    PrimShape shape;
    int64_t delta;
    int64_t evals;
} PrimCudaClimb;

/** Everything the kernels read: buffers are CUdeviceptr values. */
typedef struct PrimCudaArgs {
    uint64_t src;               /**< downscale input: packed RGB, step bytes per pixel */
    int64_t src_pitch;
    uint64_t yuv[3];            /**< 4:2:0 input planes: Y', Cb, Cr (NV12: Cr = Cb + 1) */
    int64_t yuv_pitch[3];       /**< bytes per row of yuv[0..2] */
    uint64_t rgb;               /**< 4:2:0 input converted to RGB24, 3 fw bytes per row */
    uint64_t xidx, xwt, yidx, ywt;  /**< tent taps (lavfx_primitive_tent_taps), int32 */
    uint64_t tmp;               /**< 3 x w x frame height uint32: horizontal pass, Q14 */
    uint64_t target, canvas;    /**< RGB24 work images, w x h, stride 3 w */
    uint64_t sums;              /**< h rows of w + 1 PrimSum */
    uint64_t shapes, gains;     /**< n PrimShape, n int64 (error decrease of each) */
    uint64_t cand;              /**< climbs x candidates PrimShape */
    uint64_t cand_delta;        /**< climbs x candidates int64 */
    uint64_t climbs;            /**< climbs PrimCudaClimb */
    uint64_t geoms;             /**< n PrimGeom at the plane's scale (render) */
    /* the plane primitive_geoms/primitive_render draw: pw x ph samples,
     * step bytes apart, nc components at byte offsets off[]; shape i's values
     * at vals + i * vstride, the background's bgv[]; with draw_bg, each
     * sample first copied from psrc (if not 0), then given bgv; for
     * primitive_smooth_plane psrc is the plane's smoothed state */
    uint64_t pdst, psrc, vals;
    int64_t ppitch, psrc_pitch;
    uint64_t state;             /**< one PrimCudaState */
    uint64_t prev_target;       /**< temporal: the last frame's work image */
    uint64_t seeds, replace;    /**< temporal: n PrimShape, n bytes (1: search afresh) */
    uint64_t temporal;          /**< temporal: one PrimCudaTemporal */
    uint64_t sads;              /**< temporal: (2 motion + 1)^2 pairs of uint64 (sum, count) */
    uint64_t shown, shown_ref;  /**< smooth: work picture shown, the input it stands for (RGB, 8.8 uint16) */
    uint64_t smooth_k;          /**< smooth: w x h uint16 weights of the last output, 0-256 */
    uint64_t shown_frame;       /**< smooth: the output's smoothed state (8.8 uint16 per byte), planes one after another */
    uint64_t seed;              /**< random seed */
    double cut;                 /**< temporal: scene-cut threshold (0: never) */
    int32_t fw, fh;             /**< frame size, pixels (input = output) */
    int32_t step, off[3];       /**< bytes per pixel (4), byte offsets of R, G, B */
    int32_t cstep;              /**< 4:2:0 input: bytes between chroma samples (1, NV12 2) */
    int32_t pw, ph, pstep, nc, poff[4], vstride;
    uint8_t bgv[4];
    int32_t xtaps, ytaps;
    PrimSpace sp;               /**< work image: w, h, reference pixel */
    uint32_t frame;             /**< frame number (names the random streams) */
    int32_t n;                  /**< shapes wanted */
    int32_t mode, alpha, candidates, nb_climbs, age;
    int32_t bg_auto;            /**< 1: mean colour of the target; else bg */
    int32_t carry;              /**< temporal: 1: this frame starts from the last one's shapes */
    int32_t motion;             /**< temporal: largest shift searched (work pixels) */
    int32_t nb_replace;         /**< temporal: weakest seeds searched afresh */
    int32_t draw_from, draw_to; /**< render: shapes [from, min(to, shapes found)) */
    int32_t draw_bg;            /**< render: 1: start from src with the background's R, G, B;
                                     0: draw over dst as it is */
    int32_t smooth, smooth_thresh;  /**< smooth: strength 0-256, input change 1-765 */
    int32_t smooth_restart;     /**< smooth: 1: show the canvas as it is (weights 0) */
    uint8_t bg[4];
    PrimYuv m;                  /**< 4:2:0 input: the conversion */
} PrimCudaArgs;

#endif /* PRIMITIVE_CUDA_H */

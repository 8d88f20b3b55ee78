/*
 * primitive: the shape search and the render on the GPU
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
 * The primitive search on the GPU, the same algorithm as the C core
 * (filters/primitive.c) with the same per-shape math (primitive_shape.h,
 * primitive_pixel.h, compiled here as device code) and the same random
 * streams, so it finds the same shapes and renders the same bytes:
 *
 *  - primitive_yuv_rgb: 4:2:0 frames (yuv420p, NV12) to RGB24 first;
 *  - primitive_downscale_h/_v: the tent filter to the work size (and the
 *    target's channel sums for the mean-colour background);
 *  - primitive_start: background canvas, error, row prefix sums;
 *  - temporal mode: primitive_carry (the last shapes become seeds),
 *    primitive_shift_sad/_pick (camera motion), primitive_carried (scene cut);
 *  - primitive_candidates: one warp per random candidate of every climb
 *    (each candidate draws from its own stream), the lanes sharing its rows;
 *  - primitive_climb: one block per climb, from its best candidate; each
 *    round its warps try the next mutations side by side (each has its own
 *    stream) and the first that improves is kept, as the sequential climb;
 *  - primitive_commit: one block picks the best climb, computes the exact
 *    rounded change and, if it helps, draws the shape and updates the sums
 *    (a warp per row, its lanes sharing the row's pixels);
 *  - primitive_geoms, primitive_render: the shapes at each plane's size,
 *    antialiased like lavfx_primitive_render_values, one block per row;
 *  - smooth: primitive_smooth (the work picture shown, a thread per pixel)
 *    and primitive_smooth_plane (the output frame, a block per row), as
 *    lavfx_primitive_smooth and lavfx_primitive_smooth_plane.
 *
 * Every sum is an integer, so splitting rows over lanes does not change it.
 */

#include "primitive_cuda.h"
#include "primitive_pixel.h"

#define WARP PRIM_CUDA_WARP

/* The sums of all lanes, in every lane (butterfly; integers: exact). */
static __device__ void warp_sum(PrimAcc *a)
{
    int m, k;
    for (m = WARP / 2; m > 0; m /= 2) {
        a->n  += __shfl_xor_sync(0xffffffffu, a->n, m);
        a->tc += __shfl_xor_sync(0xffffffffu, a->tc, m);
        a->cc += __shfl_xor_sync(0xffffffffu, a->cc, m);
        for (k = 0; k < 3; k++) {
            a->t[k] += __shfl_xor_sync(0xffffffffu, a->t[k], m);
            a->c[k] += __shfl_xor_sync(0xffffffffu, a->c[k], m);
        }
    }
}

/* evaluate() of the C core by a whole warp: every lane returns the same. */
static __device__ int64_t warp_evaluate(const PrimCudaArgs *a, PrimShape *s, int lane)
{
    PrimAcc acc;
    prim_shape_acc(s, (const PrimSum *)a->sums, a->sp.w, a->sp.h, lane, WARP, &acc);
    warp_sum(&acc);
    return prim_acc_delta(&acc, s);
}

/* Lane m's sums before this lane (lanes below m: zero). */
static __device__ PrimSum sum_shfl_up(const PrimSum *a, int m, int lane)
{
    PrimSum o;
    int k;
    for (k = 0; k < 3; k++) {
        o.t[k] = __shfl_up_sync(0xffffffffu, a->t[k], m);
        o.c[k] = __shfl_up_sync(0xffffffffu, a->c[k], m);
    }
    o.tc = __shfl_up_sync(0xffffffffu, a->tc, m);
    o.cc = __shfl_up_sync(0xffffffffu, a->cc, m);
    if (lane < m)
        prim_sum_zero(&o);
    return o;
}

/* prim_row_sums of target row t and canvas row c into s by a whole warp:
 * each lane sums its part of the row, a scan gives it the sums of the parts
 * before, from which it writes its part's prefix sums. Integers: the same
 * sums as one pass. */
static __device__ void warp_row_sums(const uint8_t *t, const uint8_t *c, int32_t w, PrimSum *s, int lane)
{
    const int32_t per = (w + WARP - 1) / WARP, x0 = min(lane * per, w), x1 = min(x0 + per, w);
    PrimSum part, o;
    int m, k;
    prim_sum_zero(&part);
    prim_sum_pixels(&part, t, c, x0, x1, NULL);
    for (m = 1; m < WARP; m *= 2) {     /* inclusive scan of the parts */
        o = sum_shfl_up(&part, m, lane);
        for (k = 0; k < 3; k++) {
            part.t[k] += o.t[k];
            part.c[k] += o.c[k];
        }
        part.tc += o.tc;
        part.cc += o.cc;
    }
    o = sum_shfl_up(&part, 1, lane);    /* the parts before this lane's */
    if (!lane)
        s[0] = o;
    prim_sum_pixels(&o, t, c, x0, x1, s);
}

/* This thread's part of the exact change of the error that drawing shape s
 * (geometry g, pixel rows [r0, r1)) would make: rows by warp, each row's
 * pixels by lane (prim_shape_row_part); the block's parts add up to it. */
static __device__ int64_t block_shape_delta(const PrimCudaArgs *a, const PrimGeom *g, const PrimShape *s,
                                            int32_t r0, int32_t r1)
{
    const int lane = threadIdx.x & (WARP - 1);
    int64_t d = 0;
    int32_t r;
    for (r = r0 + threadIdx.x / WARP; r < r1; r += blockDim.x / WARP)
        d += prim_shape_row_part(g, r, (const uint8_t *)a->target + (size_t)r * a->sp.w * 3,
                                 (uint8_t *)a->canvas + (size_t)r * a->sp.w * 3, a->sp.w, s, 0, lane, WARP);
    return d;
}

/* Draws shape s into the canvas as block_shape_delta shares it out, and
 * each row it changed gets new sums (warp_row_sums). */
static __device__ void block_draw(const PrimCudaArgs *a, const PrimGeom *g, const PrimShape *s,
                                  int32_t r0, int32_t r1)
{
    const int lane = threadIdx.x & (WARP - 1);
    int32_t r;
    for (r = r0 + threadIdx.x / WARP; r < r1; r += blockDim.x / WARP) {     /* the same for the whole warp */
        const uint8_t *t = (const uint8_t *)a->target + (size_t)r * a->sp.w * 3;
        uint8_t *c = (uint8_t *)a->canvas + (size_t)r * a->sp.w * 3;
        if (__any_sync(0xffffffffu, prim_shape_row_part(g, r, t, c, a->sp.w, s, 1, lane, WARP) > 0)) {
            __syncwarp();       /* the other lanes' pixels written */
            warp_row_sums(t, c, a->sp.w, (PrimSum *)a->sums + (size_t)r * (a->sp.w + 1), lane);
        }
    }
}

/* Whether step k climbs on from its seed (temporal mode, not replaced, of a
 * kind the mode draws), as lavfx_primitive_step. */
static __device__ int32_t slot_warm(const PrimCudaArgs *a, int32_t k)
{
    const PrimCudaTemporal *t = (const PrimCudaTemporal *)a->temporal;
    PrimShape s;
    if (!a->carry || k >= t->nb_seeds || ((const uint8_t *)a->replace)[k])
        return 0;
    s = ((const PrimShape *)a->seeds)[k];
    return prim_seed_adapt(&s, a->mode, a->alpha);
}

/* No more steps this frame: the wanted shapes are there, or a step failed. */
static __device__ int search_over(const PrimCudaState *st, const PrimCudaArgs *a)
{
    return st->stopped || st->nb_shapes >= a->n;
}

extern "C" {

/* 4:2:0 input to RGB24 (lavfx_primitive_yuv_to_rgb): one thread per pixel,
 * rows blockIdx.y, then gridDim.y further (frames taller than a grid). */
__global__ void primitive_yuv_rgb(PrimCudaArgs a)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y;
    if (x >= a.fw)
        return;
    for (y = blockIdx.y; y < a.fh; y += gridDim.y) {
        const uint8_t *c = (const uint8_t *)a.yuv[1] + (y >> 1) * a.yuv_pitch[1] + (x >> 1) * a.cstep;
        const uint8_t *cr = (const uint8_t *)a.yuv[2] + (y >> 1) * a.yuv_pitch[2] + (x >> 1) * a.cstep;
        prim_yuv_to_rgb(&a.m, ((const uint8_t *)a.yuv[0])[y * a.yuv_pitch[0] + x], *c, *cr,
                        (uint8_t *)a.rgb + ((size_t)y * a.fw + x) * 3);
    }
}

/* Horizontal pass: one thread per (work column x, frame row y), rows as in
 * primitive_yuv_rgb. */
__global__ void primitive_downscale_h(PrimCudaArgs a)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y, k;
    if (x >= a.sp.w)
        return;
    for (y = blockIdx.y; y < a.fh; y += gridDim.y) {
        const uint8_t *row = (const uint8_t *)a.src + y * a.src_pitch;
        uint32_t *tmp = (uint32_t *)a.tmp + ((size_t)y * a.sp.w + x) * 3;
        for (k = 0; k < 3; k++)
            tmp[k] = prim_tent_row(row, a.step, a.off[k], (const int32_t *)a.xidx + x * a.xtaps,
                                   (const int32_t *)a.xwt + x * a.xtaps, a.xtaps);
    }
}

/* Vertical pass: one thread per work pixel; adds the target to state->sum. */
__global__ void primitive_downscale_v(PrimCudaArgs a)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y;
    PrimCudaState *st = (PrimCudaState *)a.state;
    uint32_t v[3] = { 0, 0, 0 };
    int k, m;
    if (x < a.sp.w) {
        uint8_t *t = (uint8_t *)a.target + ((size_t)y * a.sp.w + x) * 3;
        for (k = 0; k < 3; k++) {
            t[k] = prim_tent_col((const uint32_t *)a.tmp + 3 * x + k, (size_t)3 * a.sp.w,
                                 (const int32_t *)a.yidx + y * a.ytaps,
                                 (const int32_t *)a.ywt + y * a.ytaps, a.ytaps);
            v[k] = t[k];
        }
    }
    for (m = WARP / 2; m > 0; m /= 2)
        for (k = 0; k < 3; k++)
            v[k] += __shfl_xor_sync(0xffffffffu, v[k], m);
    if (!(threadIdx.x & (WARP - 1)))
        for (k = 0; k < 3; k++)
            atomicAdd((unsigned long long *)&st->sum[k], (unsigned long long)v[k]);
}

/* The picture's start (start_picture of the C core): one thread per work row. */
__global__ void primitive_start(PrimCudaArgs a)
{
    const int y = blockIdx.x * blockDim.x + threadIdx.x;
    PrimCudaState *st = (PrimCudaState *)a.state;
    const uint64_t npix = (uint64_t)a.sp.w * a.sp.h;
    const uint8_t *t = (const uint8_t *)a.target + (size_t)y * a.sp.w * 3;
    uint8_t *c = (uint8_t *)a.canvas + (size_t)y * a.sp.w * 3, bg[3];
    int64_t err = 0;
    int x, k;
    if (y >= a.sp.h)
        return;
    for (k = 0; k < 3; k++)
        bg[k] = a.bg_auto ? (uint8_t)((st->sum[k] + npix / 2) / npix) : a.bg[k];
    for (x = 0; x < a.sp.w; x++)
        for (k = 0; k < 3; k++) {
            int32_t d = t[3 * x + k] - bg[k];
            c[3 * x + k] = bg[k];
            err += d * d;
        }
    prim_row_sums(t, c, a.sp.w, (PrimSum *)a.sums + (size_t)y * (a.sp.w + 1));
    atomicAdd((unsigned long long *)&st->err, (unsigned long long)err);
    if (!y) {
        for (k = 0; k < 3; k++)
            st->bg[k] = bg[k];
        st->warm = slot_warm(&a, 0);
    }
}

/* Temporal mode, before the frame's state is cleared (a thread per shape):
 * the last picture's shapes become the seeds, the weakest marked for
 * replacement. */
__global__ void primitive_carry(PrimCudaArgs a)
{
    const PrimCudaState *st = (const PrimCudaState *)a.state;
    PrimCudaTemporal *t = (PrimCudaTemporal *)a.temporal;
    const int n = st->nb_shapes, i = blockIdx.x * blockDim.x + threadIdx.x;
    if (!i) {
        t->last_err    = st->err;
        t->start_err   = 0;
        t->carried_err = -1;
        t->nb_seeds    = n;
        t->cut         = 0;
        t->shift[0]    = t->shift[1] = 0;
    }
    if (i < n) {
        ((PrimShape *)a.seeds)[i] = ((const PrimShape *)a.shapes)[i];
        ((uint8_t *)a.replace)[i] = (uint8_t)prim_replace_marked((const int64_t *)a.gains, n, a.nb_replace, i);
    }
}

/* Camera motion, block b: the sampled difference of shift b (dy-major from
 * -motion) between the last work image and this one, rows over threads. */
__global__ void primitive_shift_sad(PrimCudaArgs a)
{
    __shared__ unsigned long long sad, cnt;
    const PrimCudaTemporal *t = (const PrimCudaTemporal *)a.temporal;
    const int side = 2 * a.motion + 1, dy = blockIdx.x / side - a.motion, dx = blockIdx.x % side - a.motion;
    uint64_t ms = 0, mn = 0;
    if (!t->nb_seeds)
        return;
    if (!threadIdx.x)
        sad = cnt = 0;
    __syncthreads();
    prim_shift_sad((const uint8_t *)a.prev_target, (const uint8_t *)a.target, (size_t)3 * a.sp.w,
                   a.sp.w, a.sp.h, dx, dy, threadIdx.x, blockDim.x, &ms, &mn);
    atomicAdd(&sad, (unsigned long long)ms);
    atomicAdd(&cnt, (unsigned long long)mn);
    __syncthreads();
    if (!threadIdx.x) {
        ((uint64_t *)a.sads)[2 * blockIdx.x]     = sad;
        ((uint64_t *)a.sads)[2 * blockIdx.x + 1] = cnt;
    }
}

/* Camera motion (one thread): the best shift, and the seeds moved by it
 * (each one that stays valid). */
__global__ void primitive_shift_pick(PrimCudaArgs a)
{
    PrimCudaTemporal *t = (PrimCudaTemporal *)a.temporal;
    const uint64_t *sads = (const uint64_t *)a.sads;
    const int side = 2 * a.motion + 1;
    uint64_t best_sad = 0, best_n = 0;
    int32_t bx = 0, by = 0;
    int i;
    if (!t->nb_seeds)
        return;
    for (i = 0; i < side * side; i++)
        prim_shift_better(sads[2 * i], sads[2 * i + 1], i % side - a.motion, i / side - a.motion,
                          &best_sad, &best_n, &bx, &by);
    t->shift[0] = bx;
    t->shift[1] = by;
    for (i = 0; i < t->nb_seeds; i++) {
        PrimShape c = ((const PrimShape *)a.seeds)[i];
        prim_shape_translate(&c, bx * PRIM_ONE, by * PRIM_ONE);
        if (prim_shape_valid(&c))
            ((PrimShape *)a.seeds)[i] = c;
    }
}

/* Scene cut (one block, after primitive_start): the seeds recoloured and
 * drawn in turn on the background, as lavfx_primitive_reset_temporal does;
 * their score against the last picture's decides the cut. Leaves the error
 * at 0 for the primitive_start that follows. */
__global__ void __launch_bounds__(PRIM_CUDA_DRAW_WARPS * WARP) primitive_carried(PrimCudaArgs a)
{
    __shared__ PrimGeom g;
    __shared__ PrimShape s;
    __shared__ int64_t e;
    __shared__ unsigned long long realized;
    __shared__ int32_t r0, r1;
    const PrimScale identity = { 1, 1, 1, 1 };
    PrimCudaState *st = (PrimCudaState *)a.state;
    PrimCudaTemporal *t = (PrimCudaTemporal *)a.temporal;
    const int n = t->nb_seeds;
    int i;

    if (!threadIdx.x)
        t->start_err = st->err;
    __syncthreads();
    for (i = 0; i < n; i++) {
        if (threadIdx.x < WARP) {       /* warp 0 recolours the seed */
            PrimShape c = ((const PrimShape *)a.seeds)[i];
            int64_t ce = warp_evaluate(&a, &c, threadIdx.x);
            if (!threadIdx.x) {
                s        = c;
                e        = ce;
                realized = 0;
                prim_geom_build(&s, &identity, &g);
                prim_geom_pixel_rows(&g, a.sp.h, &r0, &r1);
            }
        }
        __syncthreads();
        if (e != INT64_MAX) {           /* the same for the whole block */
            atomicAdd(&realized, (unsigned long long)block_shape_delta(&a, &g, &s, r0, r1));
            __syncthreads();
            block_draw(&a, &g, &s, r0, r1);
            if (!threadIdx.x)
                st->err += (int64_t)realized;
        }
        __syncthreads();
    }
    if (!threadIdx.x) {
        if (n) {
            t->carried_err = st->err;
            t->cut = prim_scene_cut(prim_score(a.sp.w, a.sp.h, t->last_err),
                                    prim_score(a.sp.w, a.sp.h, t->start_err),
                                    prim_score(a.sp.w, a.sp.h, st->err), a.cut);
            if (t->cut)
                t->nb_seeds = 0;
            st->evals = n;
        }
        st->err = 0;
    }
}

/* Candidate i of climb j (warp j * candidates + i): drawn from its own
 * stream and evaluated; lane 0 stores shape (with its colour) and delta. */
__global__ void primitive_candidates(PrimCudaArgs a)
{
    const PrimCudaState *st = (const PrimCudaState *)a.state;
    const int64_t warp = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP;
    const int lane = threadIdx.x & (WARP - 1);
    const int j = (int)(warp / a.candidates), i = (int)(warp % a.candidates);
    LavfxRng rng;
    PrimShape s;
    int64_t e;
    if (search_over(st, &a) || st->warm || j >= a.nb_climbs)
        return;
    prim_candidate_rng(&rng, a.seed, a.frame, (uint32_t)st->nb_shapes,
                       prim_climb_stream(j, st->attempt, 0), (uint32_t)i);
    prim_random_candidate(&rng, &a.sp, a.mode, a.alpha, &s);
    e = warp_evaluate(&a, &s, lane);
    if (!lane) {
        ((PrimShape *)a.cand)[warp]  = s;
        ((int64_t *)a.cand_delta)[warp] = e;
    }
}

/*
 * Climb j (block j, PRIM_CUDA_CLIMB_WARPS warps): from the first best of its
 * candidates, mutations until age of them in a row fail. Each round, warp w
 * tries mutation m0 + w of the current best (each mutation has its own
 * stream) and the first that improves is kept, with the mutations after it
 * dropped: exactly the sequential climb of the C core, which would have
 * stopped at that one too. A round costs one evaluation's time; the climb
 * takes (improvements + failures / warps) rounds.
 */
__global__ void __launch_bounds__(PRIM_CUDA_CLIMB_WARPS * WARP) primitive_climb(PrimCudaArgs a)
{
    __shared__ PrimShape best, tried[PRIM_CUDA_CLIMB_WARPS];
    __shared__ int64_t best_e, tried_e[PRIM_CUDA_CLIMB_WARPS], evals;
    __shared__ int32_t age;
    __shared__ uint32_t m0;
    const PrimCudaState *st = (const PrimCudaState *)a.state;
    const int j = blockIdx.x, w = threadIdx.x / WARP, lane = threadIdx.x & (WARP - 1);
    const int warm = st->warm;
    const uint32_t stream = prim_climb_stream(j, st->attempt, warm);
    LavfxRng rng;
    PrimShape s;
    int64_t e;

    if (search_over(st, &a) || j >= (warm ? prim_warm_climbs(a.nb_climbs) : a.nb_climbs))
        return;
    if (!w && warm) {   /* temporal: climb on from the last frame's shape */
        s = ((const PrimShape *)a.seeds)[st->nb_shapes];
        prim_seed_adapt(&s, a.mode, a.alpha);   /* its kind fits: slot_warm */
        e = warp_evaluate(&a, &s, lane);
        if (!lane) {
            best   = s;
            best_e = e;
            evals  = 1;
            age    = 0;
            m0     = 0;
        }
    } else if (!w) {    /* the first index of the smallest delta, as the C core's strict < scan */
        const int64_t *delta = (const int64_t *)a.cand_delta + (int64_t)j * a.candidates;
        int64_t be = INT64_MAX;
        int bi = -1, i, m;
        for (i = lane; i < a.candidates; i += WARP)
            if (bi < 0 || delta[i] < be) {
                be = delta[i];
                bi = i;
            }
        for (m = WARP / 2; m > 0; m /= 2) {
            int64_t oe = __shfl_xor_sync(0xffffffffu, be, m);
            int oi     = __shfl_xor_sync(0xffffffffu, bi, m);
            if (oi >= 0 && (bi < 0 || oe < be || (oe == be && oi < bi))) {
                be = oe;
                bi = oi;
            }
        }
        if (!lane) {
            best   = ((const PrimShape *)a.cand)[(int64_t)j * a.candidates + bi];
            best_e = be;
            evals  = a.candidates;
            age    = 0;
            m0     = 0;
        }
    }
    __syncthreads();
    while (age < a.age) {           /* the same for the whole block */
        if (age + w < a.age) {      /* mutation m0 + w happens if all before it fail */
            s = best;
            prim_mutation_rng(&rng, a.seed, a.frame, (uint32_t)st->nb_shapes, stream, m0 + w);
            prim_mutate_candidate(&rng, &a.sp, a.alpha, &s);
            e = warp_evaluate(&a, &s, lane);
            if (!lane) {
                tried[w]   = s;
                tried_e[w] = e;
            }
        }
        __syncthreads();
        if (!threadIdx.x) {
            int n = min(PRIM_CUDA_CLIMB_WARPS, a.age - age), k;
            for (k = 0; k < n && tried_e[k] >= best_e; k++)
                ;
            if (k < n) {            /* mutation m0 + k improves: keep it, drop the rest */
                best   = tried[k];
                best_e = tried_e[k];
                evals += k + 1;
                m0    += k + 1;
                age    = 0;
            } else {
                evals += n;
                m0    += n;
                age   += n;
            }
        }
        __syncthreads();
    }
    if (!threadIdx.x) {
        PrimCudaClimb *out = (PrimCudaClimb *)a.climbs + j;
        out->shape = best;
        out->delta = best_e;
        out->evals = evals;
    }
}

/* The end of an attempt (search() of the C core), one block: the best climb;
 * if its exact rounded change lowers the error, draw it and advance to the
 * next step, else count a failed attempt (after PRIM_STEP_TRIES: stop). */
__global__ void __launch_bounds__(PRIM_CUDA_DRAW_WARPS * WARP) primitive_commit(PrimCudaArgs a)
{
    __shared__ PrimGeom g;
    __shared__ PrimShape s;
    __shared__ int verdict;                     /* 1: draw */
    __shared__ unsigned long long realized;     /* int64 two's complement */
    __shared__ int32_t r0, r1;
    PrimCudaState *st = (PrimCudaState *)a.state;
    const PrimCudaClimb *cl = (const PrimCudaClimb *)a.climbs;
    const PrimScale identity = { 1, 1, 1, 1 };

    if (search_over(st, &a))
        return;
    if (!threadIdx.x) {
        int j, best = 0, nb = st->warm ? prim_warm_climbs(a.nb_climbs) : a.nb_climbs;
        for (j = 0; j < nb; j++) {
            st->evals += cl[j].evals;
            if (cl[j].delta < cl[best].delta)
                best = j;
        }
        s       = cl[best].shape;
        verdict = cl[best].delta < 0;
        prim_geom_build(&s, &identity, &g);
        prim_geom_pixel_rows(&g, a.sp.h, &r0, &r1);
        realized = 0;
    }
    __syncthreads();
    if (verdict)
        atomicAdd(&realized, (unsigned long long)block_shape_delta(&a, &g, &s, r0, r1));
    __syncthreads();
    if (verdict && (int64_t)realized < 0) {
        block_draw(&a, &g, &s, r0, r1);
        if (!threadIdx.x) {
            ((int64_t *)a.gains)[st->nb_shapes]    = -(int64_t)realized;
            ((PrimShape *)a.shapes)[st->nb_shapes] = s;
            st->err      += (int64_t)realized;
            st->nb_shapes++;
            st->attempt   = 0;
            st->warm      = slot_warm(&a, st->nb_shapes);
        }
    } else if (!threadIdx.x && ++st->attempt >= PRIM_STEP_TRIES) {
        if (st->warm) {     /* a warm start that no longer helps: search afresh */
            st->warm    = 0;
            st->attempt = 0;
        } else {
            st->stopped = 1;
        }
    }
}

/* Shape draw_from + i at the plane's scale, for the render. */
__global__ void primitive_geoms(PrimCudaArgs a)
{
    const PrimCudaState *st = (const PrimCudaState *)a.state;
    const int i = a.draw_from + blockIdx.x * blockDim.x + threadIdx.x;
    const PrimScale sc = { a.pw, a.sp.w, a.ph, a.sp.h };
    if (i < st->nb_shapes && i < a.draw_to)
        prim_geom_build((const PrimShape *)a.shapes + i, &sc, (PrimGeom *)a.geoms + i);
}

/* Plane row y (block y), as lavfx_primitive_render_values: with draw_bg,
 * each sample copied from psrc (packed RGBA keeps its alpha) and given the
 * background's values; then shapes draw_from .. draw_to - 1 in order,
 * antialiased: threads 0 .. PRIM_AA_ROWS - 1 find the sub-scanlines'
 * intervals, every thread sums the coverage of its samples and blends. */
__global__ void primitive_render(PrimCudaArgs a)
{
    __shared__ int32_t xs[PRIM_AA_ROWS][2 * PRIM_MAX_SPANS];
    __shared__ int nx[PRIM_AA_ROWS];
    const PrimCudaState *st = (const PrimCudaState *)a.state;
    const PrimGeom *geoms = (const PrimGeom *)a.geoms;
    const PrimShape *shapes = (const PrimShape *)a.shapes;
    const int y = blockIdx.x, nb = min(st->nb_shapes, a.draw_to);
    const uint8_t *in = (const uint8_t *)a.psrc + y * a.psrc_pitch;
    uint8_t *out = (uint8_t *)a.pdst + y * a.ppitch;
    int x, k, i;

    for (x = threadIdx.x; x < a.pw && a.draw_bg; x += blockDim.x) {
        for (k = 0; k < a.pstep && a.psrc; k++)
            out[x * a.pstep + k] = in[x * a.pstep + k];
        for (k = 0; k < a.nc; k++)
            out[x * a.pstep + a.poff[k]] = a.bgv[k];
    }
    for (i = a.draw_from; i < nb; i++) {
        const PrimGeom *g = &geoms[i];
        if (y < g->ymin >> PRIM_FRAC_BITS || y >= (g->ymax + PRIM_ONE - 1) >> PRIM_FRAC_BITS)
            continue;       /* the same for the whole block */
        __syncthreads();    /* xs[] of the last shape read */
        if (threadIdx.x < PRIM_AA_ROWS) {
            int32_t ys = y * PRIM_ONE + (2 * threadIdx.x + 1) * PRIM_ONE / (2 * PRIM_AA_ROWS);
            nx[threadIdx.x] = prim_geom_row(g, ys, xs[threadIdx.x]);
        }
        __syncthreads();
        for (x = threadIdx.x; x < a.pw; x += blockDim.x) {
            const uint8_t *val = (const uint8_t *)a.vals + (size_t)i * a.vstride;
            int32_t cov = 0;
            int sub, j;
            for (sub = 0; sub < PRIM_AA_ROWS; sub++)
                for (j = 0; j < nx[sub]; j++)
                    cov += prim_cover_pixel(xs[sub][2 * j], xs[sub][2 * j + 1], a.pw, x);
            if (cov)
                for (k = 0; k < a.nc; k++) {
                    uint8_t *v = &out[x * a.pstep + a.poff[k]];
                    *v = prim_blend_cov(*v, val[k], shapes[i].alpha, cov);
                }
        }
    }
}

/* smooth: work pixel i (a thread each) shown as lavfx_primitive_smooth shows
 * it; the shown picture's error summed per warp (butterfly), then per block
 * in shared memory, then into the state. */
__global__ void primitive_smooth(PrimCudaArgs a)
{
    __shared__ unsigned long long err;
    const int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    PrimCudaState *st = (PrimCudaState *)a.state;
    unsigned long long e = 0;
    int m;
    if (!threadIdx.x)
        err = 0;
    __syncthreads();
    if (i < (int64_t)a.sp.w * a.sp.h)
        e = (unsigned long long)prim_smooth_pixel(
            (uint16_t *)a.shown + 3 * i, (uint16_t *)a.shown_ref + 3 * i, (const uint8_t *)a.target + 3 * i,
            (const uint8_t *)a.canvas + 3 * i, a.smooth, a.smooth_thresh, a.smooth_restart,
            (uint16_t *)a.smooth_k + i);
    for (m = WARP / 2; m > 0; m /= 2)
        e += __shfl_xor_sync(0xffffffffu, e, m);
    if (!(threadIdx.x % WARP))
        atomicAdd(&err, e);
    __syncthreads();
    if (!threadIdx.x)
        atomicAdd((unsigned long long *)&st->shown_err, err);
}

/* smooth: plane row y (block y) of the output, pdst, blended into the
 * plane's smoothed state, psrc (8.8, a uint16_t per byte of pdst), as
 * lavfx_primitive_smooth_plane. */
__global__ void primitive_smooth_plane(PrimCudaArgs a)
{
    const int y = blockIdx.x;
    uint8_t *d = (uint8_t *)a.pdst + y * a.ppitch;
    uint16_t *q = (uint16_t *)(a.psrc + y * a.psrc_pitch);
    const uint16_t *r0, *r1;
    int32_t x, i0, i1, ay, j0, j1, ax;
    prim_smooth_pos(y, a.ph, a.sp.h, &i0, &i1, &ay);
    r0 = (const uint16_t *)a.smooth_k + (size_t)i0 * a.sp.w;
    r1 = (const uint16_t *)a.smooth_k + (size_t)i1 * a.sp.w;
    for (x = threadIdx.x; x < a.pw; x += blockDim.x) {
        prim_smooth_pos(x, a.pw, a.sp.w, &j0, &j1, &ax);
        prim_smooth_sample(d + x * a.pstep, q + x * a.pstep, a.nc, a.poff, prim_smooth_lerp(r0, r1, j0, j1, ax, ay));
    }
}

} /* extern "C" */

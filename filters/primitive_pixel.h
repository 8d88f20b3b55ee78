/*
 * primitive: per-pixel math (colour solve, energy, blending, coverage)
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
 * Per-pixel math of the primitive search, shared by the C core and the CUDA
 * kernels. Pixels are 0-255 RGB.
 *
 * The search never walks the pixels of a candidate shape. For each row it
 * keeps prefix sums (PrimSum) of the target t, the current canvas c and
 * the products t.c and c.c, so the sums over a scanline span are two
 * lookups. From those sums the closed-form colour of fogleman/primitive's
 * computeColor (mean of c + (t - c) * 255 / alpha over the shape) and the
 * exact change of the squared error that drawing the shape with that colour
 * makes (before rounding the blended pixels) follow in O(1). A candidate
 * costs O(rows it spans), not O(its area).
 */

#ifndef PRIMITIVE_PIXEL_H
#define PRIMITIVE_PIXEL_H

#include "lavfx_math.h"
#include "primitive_shape.h"

/** Sums along a row up to (excluding) some column. tc and cc are summed over
 *  the three channels. Fits int32 for rows up to 2048 pixels. */
typedef struct PrimSum {
    int32_t t[3], c[3];
    int32_t tc, cc;
} PrimSum;

/** Sums over a whole shape (a set of spans). */
typedef struct PrimAcc {
    int64_t n;
    int64_t t[3], c[3];
    int64_t tc, cc;
} PrimAcc;

LAVFX_INLINE void prim_acc_zero(PrimAcc *a)
{
    int k;
    a->n = a->tc = a->cc = 0;
    for (k = 0; k < 3; k++)
        a->t[k] = a->c[k] = 0;
}

/** Adds pixels [x0, x1) of a row whose prefix sums are row[0..w]. */
LAVFX_INLINE void prim_acc_span(PrimAcc *a, const PrimSum *row, int32_t x0, int32_t x1)
{
    const PrimSum *s0 = &row[x0], *s1 = &row[x1];
    int k;
    a->n  += x1 - x0;
    for (k = 0; k < 3; k++) {
        a->t[k] += s1->t[k] - s0->t[k];
        a->c[k] += s1->c[k] - s0->c[k];
    }
    a->tc += s1->tc - s0->tc;
    a->cc += s1->cc - s0->cc;
}

/**
 * The colour that, blended with the given alpha (1-255), brings the shape's
 * pixels closest to the target in the least-squares sense: the mean of
 * c + (t - c) * 255 / alpha (fogleman/primitive core.go computeColor),
 * rounded to nearest and clamped to 0-255. a->n must be > 0.
 */
LAVFX_INLINE void prim_solve_color(const PrimAcc *a, int32_t alpha, uint8_t col[3])
{
    int64_t den = (int64_t)alpha * a->n;
    int k;
    for (k = 0; k < 3; k++) {
        int64_t num = 255 * a->t[k] - (int64_t)(255 - alpha) * a->c[k];
        int64_t v   = num <= 0 ? 0 : (2 * num + den) / (2 * den);
        col[k] = (uint8_t)(v > 255 ? 255 : v);
    }
}

/**
 * Change of the summed squared error sum((t - c)^2) over the shape's pixels
 * when they become c' = ((255 - alpha) c + alpha col) / 255, times 255^2
 * (exact, in integers; negative = better). With A = 255 - alpha:
 *   sum (255 t - A c - alpha col)^2 - 255^2 sum (t - c)^2
 *   = (A^2 - 255^2) cc + 2*255*alpha tc
 *     + sum_k [alpha^2 col^2 n - 2*255*alpha col t_k + 2 A alpha col c_k]
 */
LAVFX_INLINE int64_t prim_energy_delta(const PrimAcc *a, int32_t alpha, const uint8_t col[3])
{
    int64_t A = 255 - alpha, al = alpha;
    int64_t d = (A * A - 255 * 255) * a->cc + 2 * 255 * al * a->tc;
    int k;
    for (k = 0; k < 3; k++) {
        int64_t c = col[k];
        d += al * al * c * c * a->n - 2 * 255 * al * c * a->t[k] + 2 * A * al * c * a->c[k];
    }
    return d;
}

/** One 0-255 channel blended: ((255 - alpha) dst + alpha src) / 255, rounded. */
LAVFX_INLINE uint8_t prim_blend(uint8_t dst, uint8_t src, int32_t alpha)
{
    return (uint8_t)(((255 - alpha) * dst + alpha * src + 127) / 255);
}

/** Change of one channel's squared error (t - c)^2 when c becomes
 *  prim_blend(c, src, alpha): the exact, rounded counterpart of
 *  prim_energy_delta, summed to decide whether a shape is kept. */
LAVFX_INLINE int32_t prim_blend_delta(uint8_t t, uint8_t c, uint8_t src, int32_t alpha)
{
    int32_t o = t - c, n = t - prim_blend(c, src, alpha);
    return n * n - o * o;
}

/** Adds pixels [x0, x1) of an RGB24 target row t and canvas row c to acc;
 *  with s, stores the sums after each pixel x at s[x + 1]. */
LAVFX_INLINE void prim_sum_pixels(PrimSum *acc, const uint8_t *t, const uint8_t *c, int32_t x0, int32_t x1,
                                  PrimSum *s)
{
    int32_t x, k;
    for (x = x0; x < x1; x++) {
        for (k = 0; k < 3; k++) {
            int32_t tv = t[3 * x + k], cv = c[3 * x + k];
            acc->t[k] += tv;
            acc->c[k] += cv;
            acc->tc   += tv * cv;
            acc->cc   += cv * cv;
        }
        if (s)
            s[x + 1] = *acc;
    }
}

LAVFX_INLINE void prim_sum_zero(PrimSum *acc)
{
    int k;
    for (k = 0; k < 3; k++)
        acc->t[k] = acc->c[k] = 0;
    acc->tc = acc->cc = 0;
}

/** Prefix sums of one row of w RGB24 pixels of target t and canvas c into
 *  s[0..w] (s[x] sums pixels [0, x)). The GPU splits a row over a warp's
 *  lanes: prim_sum_pixels of each lane's part, then of each part again from
 *  the sums of the parts before it (integers: the same sums). */
LAVFX_INLINE void prim_row_sums(const uint8_t *t, const uint8_t *c, int32_t w, PrimSum *s)
{
    PrimSum acc;
    prim_sum_zero(&acc);
    s[0] = acc;
    prim_sum_pixels(&acc, t, c, 0, w, s);
}

/** Pixel rows [*r0, *r1) of an h-row raster whose centres can be inside g. */
LAVFX_INLINE void prim_geom_pixel_rows(const PrimGeom *g, int32_t h, int32_t *r0, int32_t *r1)
{
    *r0 = lavfx_max((g->ymin - PRIM_ONE / 2 + PRIM_ONE - 1) >> PRIM_FRAC_BITS, 0);
    *r1 = lavfx_min((g->ymax - PRIM_ONE / 2 + PRIM_ONE - 1) >> PRIM_FRAC_BITS, h);
}

/**
 * Adds to acc the pixels of g on rows r, r + rstep, ... below r1 of a raster
 * w pixels wide whose row prefix sums are sums (rows of w + 1). The C core
 * walks every row (rstep 1); a CUDA warp gives lane l the rows r0 + l,
 * r0 + l + 32, ... and adds the lanes' sums (integers: any order, same sum).
 */
LAVFX_INLINE void prim_acc_rows(PrimAcc *acc, const PrimSum *sums, int32_t w, const PrimGeom *g,
                                int32_t r, int32_t r1, int32_t rstep)
{
    int32_t xs[2 * PRIM_MAX_SPANS];
    for (; r < r1; r += rstep) {
        const PrimSum *row = sums + (size_t)r * (w + 1);
        int n = prim_geom_row(g, r * PRIM_ONE + PRIM_ONE / 2, xs), i;
        for (i = 0; i < n; i++) {
            int32_t c0, c1;
            prim_interval_pixels(xs[2 * i], xs[2 * i + 1], w, &c0, &c1);
            if (c0 < c1)
                prim_acc_span(acc, row, c0, c1);
        }
    }
}

/** The sums of shape s (work-image space) over rows r0 + lane, r0 + lane +
 *  lanes, ... of its rows r0..r1 on a w x h work image (prim_acc_rows); the C
 *  core uses lane 0 of 1, a CUDA warp lanes 0-31 of 32. */
LAVFX_INLINE void prim_shape_acc(const PrimShape *s, const PrimSum *sums, int32_t w, int32_t h,
                                 int32_t lane, int32_t lanes, PrimAcc *acc)
{
    const PrimScale identity = { 1, 1, 1, 1 };
    PrimGeom g;
    int32_t r0, r1;
    prim_geom_build(s, &identity, &g);
    prim_geom_pixel_rows(&g, h, &r0, &r1);
    prim_acc_zero(acc);
    prim_acc_rows(acc, sums, w, &g, r0 + lane, r1, lanes);
}

/**
 * Row r of shape geometry g (work-image scale) on a w-pixel row: with
 * draw = 0, returns the exact change of the squared error that blending
 * s->color at s->alpha over the row's pixels of the shape would make
 * (target row t, canvas row c, RGB24); with draw = 1, blends them into c and
 * returns the number of pixels drawn. Only the pixels lane, lane + lanes,
 * ... of each span (the GPU's warps share a row out; the CPU: 0, 1): the
 * lanes' results add up to the whole row's.
 */
LAVFX_INLINE int64_t prim_shape_row_part(const PrimGeom *g, int32_t r, const uint8_t *t, uint8_t *c,
                                         int32_t w, const PrimShape *s, int draw, int32_t lane, int32_t lanes)
{
    int32_t xs[2 * PRIM_MAX_SPANS], c0, c1, x;
    int n = prim_geom_row(g, r * PRIM_ONE + PRIM_ONE / 2, xs), i, k;
    int64_t d = 0;
    for (i = 0; i < n; i++) {
        prim_interval_pixels(xs[2 * i], xs[2 * i + 1], w, &c0, &c1);
        for (x = 3 * (c0 + lane); x < 3 * c1; x += 3 * lanes) {
            for (k = 0; k < 3; k++) {
                if (draw)
                    c[x + k] = prim_blend(c[x + k], s->color[k], s->alpha);
                else
                    d += prim_blend_delta(t[x + k], c[x + k], s->color[k], s->alpha);
            }
            d += draw;
        }
    }
    return d;
}

/** prim_shape_row_part of the whole row. */
LAVFX_INLINE int64_t prim_shape_row(const PrimGeom *g, int32_t r, const uint8_t *t, uint8_t *c,
                                    int32_t w, const PrimShape *s, int draw)
{
    return prim_shape_row_part(g, r, t, c, w, s, draw, 0, 1);
}

/** A candidate's verdict from its sums: sets s->color to the best colour for
 *  s->alpha and returns the error change (times 255^2) drawing it would
 *  make, or INT64_MAX when it covers no pixel. */
LAVFX_INLINE int64_t prim_acc_delta(const PrimAcc *acc, PrimShape *s)
{
    if (!acc->n)
        return INT64_MAX;
    prim_solve_color(acc, s->alpha, s->color);
    return prim_energy_delta(acc, s->alpha, s->color);
}

/**
 * Tent-filter resampling (lavfx_primitive_downscale), one output sample:
 * the taps weights wt (Q14, summing to 2^14) of samples idx. Horizontal:
 * 0-255 bytes of a row at byte offsets idx * step + off, giving Q14;
 * vertical: Q14 values at idx * stride, giving 0-255 rounded.
 */
LAVFX_INLINE uint32_t prim_tent_row(const uint8_t *row, int32_t step, int32_t off,
                                    const int32_t *idx, const int32_t *wt, int32_t taps)
{
    uint32_t acc = 0;
    int32_t t;
    for (t = 0; t < taps; t++)
        acc += (uint32_t)wt[t] * row[idx[t] * step + off];
    return acc;
}

LAVFX_INLINE uint8_t prim_tent_col(const uint32_t *col, size_t stride,
                                   const int32_t *idx, const int32_t *wt, int32_t taps)
{
    uint64_t acc = 0;
    int32_t t;
    for (t = 0; t < taps; t++)
        acc += (uint64_t)wt[t] * col[idx[t] * stride];
    return (uint8_t)((acc + ((uint64_t)1 << 27)) >> 28);
}

/** Antialiasing: sub-scanlines per pixel row, and the coverage of a fully
 *  covered pixel (sub-scanlines x 16 sub-pixel columns). */
#define PRIM_AA_ROWS  8
#define PRIM_AA_FULL  (PRIM_AA_ROWS * 16)

/**
 * Adds the coverage of interval [xa, xb) (Q4 units: pixel c spans
 * [16c, 16c + 16)) on one sub-scanline to cov[0..w), and widens [*lo, *hi)
 * to the touched columns.
 */
LAVFX_INLINE void prim_cover_interval(uint16_t *cov, int32_t xa, int32_t xb, int32_t w,
                                      int32_t *lo, int32_t *hi)
{
    int32_t c0, c1, c;
    xa = lavfx_max(xa, 0);
    xb = lavfx_min(xb, w * 16);
    if (xa >= xb)
        return;
    c0 = xa >> 4;
    c1 = (xb - 1) >> 4;
    if (c0 == c1) {
        cov[c0] += (uint16_t)(xb - xa);
    } else {
        cov[c0] += (uint16_t)(16 - (xa & 15));
        for (c = c0 + 1; c < c1; c++)
            cov[c] += 16;
        cov[c1] += (uint16_t)(xb - (c1 << 4));
    }
    *lo = lavfx_min(*lo, c0);
    *hi = lavfx_max(*hi, c1 + 1);
}

/**
 * The coverage interval [xa, xb) (Q4) adds to pixel column c of a w-pixel
 * row: what prim_cover_interval adds to cov[c], computed for one pixel (a
 * CUDA thread per pixel sums it over the sub-scanlines' intervals).
 */
LAVFX_INLINE int32_t prim_cover_pixel(int32_t xa, int32_t xb, int32_t w, int32_t c)
{
    int32_t lo = lavfx_max(lavfx_max(xa, 0), 16 * c);
    int32_t hi = lavfx_min(lavfx_min(xb, w * 16), 16 * c + 16);
    return hi > lo ? hi - lo : 0;
}

/** One 0-255 channel blended with alpha scaled by coverage (0..PRIM_AA_FULL). */
LAVFX_INLINE uint8_t prim_blend_cov(uint8_t dst, uint8_t src, int32_t alpha, int32_t cov)
{
    int32_t a = alpha * cov;             /* 0 .. 255 * PRIM_AA_FULL */
    int32_t one = 255 * PRIM_AA_FULL;
    return (uint8_t)(((one - a) * dst + a * src + one / 2) / one);
}

/* ------------------------------------------------------------------------ */
/* Temporal (video) mode: what carries the last frame's shapes to this one,  */
/* shared by the C core and the CUDA kernels.                                */

/** Climbs from a warm start: half of a fresh search's (at least 1). */
LAVFX_INLINE int32_t prim_warm_climbs(int32_t climbs)
{
    return climbs / 2 > 1 ? climbs / 2 : 1;
}

/**
 * Camera motion: the sum of absolute RGB differences between the new work
 * image cur (stride cstride) and the last one prev (stride 3 w) shifted by
 * (dx, dy) (new pixel (x, y) shows what the last one showed at (x - dx,
 * y - dy)), over the overlap sampled every other pixel and row. Adds the
 * sampled rows first, first + step, ... (counted from the overlap's first
 * row; the C core uses 0, 1, a CUDA block its threads) to *sad and *n.
 */
LAVFX_INLINE void prim_shift_sad(const uint8_t *prev, const uint8_t *cur, size_t cstride,
                                 int32_t w, int32_t h, int32_t dx, int32_t dy,
                                 int32_t first, int32_t step, uint64_t *sad, uint64_t *n)
{
    int32_t x0 = lavfx_max(0, dx), x1 = lavfx_min(w, w + dx);
    int32_t y0 = lavfx_max(0, dy), y1 = lavfx_min(h, h + dy), x, y, k;
    for (y = y0 + 2 * first; y < y1; y += 2 * step) {
        const uint8_t *c = cur + (size_t)y * cstride, *q = prev + (size_t)(y - dy) * w * 3;
        for (x = x0; x < x1; x += 2, (*n)++)
            for (k = 0; k < 3; k++) {
                int32_t d = c[3 * x + k] - q[3 * (x - dx) + k];
                *sad += (uint64_t)(d < 0 ? -d : d);
            }
    }
}

/**
 * The camera-motion search radius (work pixels each way) for the motion
 * option on a w x h work image: motion, at most a quarter of each side, so
 * the compared overlap keeps at least half of each side (a shift that leaves
 * a few pixels to compare can match them by chance).
 */
LAVFX_INLINE int32_t prim_shift_radius(int32_t motion, int32_t w, int32_t h)
{
    return lavfx_min(motion, lavfx_min(w, h) / 4);
}

/** Whether shift (dx, dy) with mean difference sad / n beats the best so far
 *  (*best_sad / *best_n at *bx, *by; *best_n = 0: none yet), and if so makes
 *  it the best: the smaller mean wins (compared cross-multiplied), on a tie
 *  the smaller |dx| + |dy|. Shifts are tried dy-major from -radius. */
LAVFX_INLINE int prim_shift_better(uint64_t sad, uint64_t n, int32_t dx, int32_t dy,
                                   uint64_t *best_sad, uint64_t *best_n, int32_t *bx, int32_t *by)
{
    int32_t ad = (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
    int32_t ab = (*bx < 0 ? -*bx : *bx) + (*by < 0 ? -*by : *by);
    if (!n || (*best_n && sad * *best_n > *best_sad * n) ||
        (*best_n && sad * *best_n == *best_sad * n && ad >= ab))
        return 0;
    *best_sad = sad;
    *best_n   = n;
    *bx       = dx;
    *by       = dy;
    return 1;
}

/** Whether shape j is among the nb_replace of the n shapes whose gains
 *  (error decrease when drawn) are smallest, ties going to the later shape:
 *  its rank in that order is below nb_replace. A CUDA thread per shape, or a
 *  loop over them, marks the same set. */
LAVFX_INLINE int prim_replace_marked(const int64_t *gains, int32_t n, int32_t nb_replace, int32_t j)
{
    int32_t k, rank = 0;
    for (k = 0; k < n; k++)
        rank += gains[k] < gains[j] || (gains[k] == gains[j] && k > j);
    return rank < nb_replace;
}

/**
 * Temporal smoothing (the smooth option): a motion-adaptive recursive
 * filter, as video denoisers use (FFmpeg's hqdn3d weighs its last output by
 * how little a pixel differs from it, and keeps that output at 16 bits, as
 * here; here the input decides, since the drawn picture changes wherever a
 * shape is re-fitted). The state is kept in 8.8 fixed point (0-255 times
 * 256), so the blend creeps all the way to a constant input instead of
 * stopping within 128 / (256 - k) levels of it. The weight, 0-256, the last
 * shown picture keeps at a work pixel: strength (0-256) where the input cur
 * (RGB, 0-255) equals ref (8.8), the input that picture stands for, and
 * strength ((thresh - d) / thresh)^2 for a difference d = |dR| + |dG| + |dB|
 * below thresh (1-765), 0 from there on. So shapes re-fitted differently on
 * a still part of the picture fade from one fit to the next instead of
 * jumping, and where the input moves the new shapes show at once.
 */
LAVFX_INLINE int32_t prim_smooth_weight(const uint16_t ref[3], const uint8_t cur[3],
                                        int32_t strength, int32_t thresh)
{
    int64_t d = 0, t = (int64_t)thresh << 8;
    int k;
    for (k = 0; k < 3; k++) {
        int32_t c = cur[k] << 8;
        d += c > ref[k] ? c - ref[k] : ref[k] - c;
    }
    return d >= t ? 0 : (int32_t)(strength * (t - d) * (t - d) / (t * t));
}

/** One sample of the smoothed state (8.8 fixed point): the last state prev
 *  with weight k (0-256, prim_smooth_weight), the newly drawn cur (0-255)
 *  with 256 - k, rounded. k = 0 gives cur exactly (cur * 256). */
LAVFX_INLINE uint16_t prim_smooth_mix(uint16_t prev, uint8_t cur, int32_t k)
{
    return (uint16_t)((k * prev + (256 - k) * (cur << 8) + 128) >> 8);
}

/** A smoothed state sample (8.8) as the 0-255 value shown, rounded. */
LAVFX_INLINE uint8_t prim_smooth_value(uint16_t v)
{
    return (uint8_t)((v + 128) >> 8);
}

/** One work pixel of lavfx_primitive_smooth (the C core's loop, a CUDA
 *  thread's pixel): stores its weight in *k (0 on restart), makes shown
 *  (RGB, 8.8) the mix of the last shown pixel and the canvas pixel, and
 *  ref, the input the shown pixel stands for, the same mix of the last ref
 *  and the target (so a slow drift of the input adds up until the old
 *  picture gives way); returns the squared RGB error of the shown pixel's
 *  0-255 values. */
LAVFX_INLINE int64_t prim_smooth_pixel(uint16_t shown[3], uint16_t ref[3], const uint8_t target[3],
                                       const uint8_t canvas[3], int32_t strength, int32_t thresh,
                                       int restart, uint16_t *k)
{
    int32_t w = restart ? 0 : prim_smooth_weight(ref, target, strength, thresh), c, d;
    int64_t e = 0;
    for (c = 0; c < 3; c++) {
        shown[c] = prim_smooth_mix(restart ? 0 : shown[c], canvas[c], w);
        ref[c]   = prim_smooth_mix(restart ? 0 : ref[c], target[c], w);
        d = target[c] - prim_smooth_value(shown[c]);
        e += d * d;
    }
    *k = (uint16_t)w;
    return e;
}

/** Where sample x of a row or column of n samples falls among m work
 *  pixels, centre to centre ((x + 1/2) m / n - 1/2, clamped to the pixels),
 *  for the bilinear interpolation of the smoothing weights: between work
 *  pixels *i0 and *i1 at *a / 256 of the way. */
LAVFX_INLINE void prim_smooth_pos(int32_t x, int32_t n, int32_t m, int32_t *i0, int32_t *i1, int32_t *a)
{
    int64_t u = (2 * (int64_t)x + 1) * m * 128 / n - 128;
    u = u < 0 ? 0 : u > (int64_t)(m - 1) * 256 ? (int64_t)(m - 1) * 256 : u;
    *i0 = (int32_t)(u >> 8);
    *a  = (int32_t)(u & 255);
    *i1 = *i0 + (*i0 < m - 1);
}

/** The weight (0-256) of an output sample: the work weights r0[x0], r0[x1]
 *  (row y0) and r1[x0], r1[x1] (row y1) interpolated bilinearly at ax / 256
 *  across and ay / 256 down (prim_smooth_pos), so the blend has no steps at
 *  the work pixels' edges. */
LAVFX_INLINE int32_t prim_smooth_lerp(const uint16_t *r0, const uint16_t *r1, int32_t x0, int32_t x1,
                                      int32_t ax, int32_t ay)
{
    int32_t top = r0[x0] * (256 - ax) + r0[x1] * ax, bottom = r1[x0] * (256 - ax) + r1[x1] * ax;
    return (top * (256 - ay) + bottom * ay + 32768) >> 16;
}

/** Blends one output sample: nc components at byte offsets off[] of d (this
 *  frame's render, 0-255) with the smoothed state q (8.8, one uint16_t per
 *  byte of d: the same offsets) by weight k; q takes the blend and d its
 *  rounded value. k = 0 (a restart) sets q to d. */
LAVFX_INLINE void prim_smooth_sample(uint8_t *d, uint16_t *q, int32_t nc, const int32_t *off, int32_t k)
{
    int32_t c;
    for (c = 0; c < nc; c++) {
        q[off[c]] = prim_smooth_mix(q[off[c]], d[off[c]], k);
        d[off[c]] = prim_smooth_value(q[off[c]]);
    }
}

/** fogleman/primitive's score of a w x h work image whose summed squared
 *  RGB error is err: sqrt(err / (w h 4)) / 255 (alpha counted as equal). */
LAVFX_INLINE double prim_score(int32_t w, int32_t h, int64_t err)
{
    return LAVFX_FSQRT((double)err / ((double)w * h * 4)) / 255.0;
}

/**
 * Scene cut: the last frame's shapes, recoloured and drawn on this frame,
 * keep less than the fraction cut of the improvement over the background
 * they made on the last frame: (start - carried) / (start - last) < cut,
 * scores of the background alone (start), the carried shapes and the last
 * picture. Returns 1 on a cut.
 */
LAVFX_INLINE int prim_scene_cut(double last, double start, double carried, double cut)
{
    double kept = start > last ? (start - carried) / (start - last) : 1.0;
    return kept < cut;
}

/* ------------------------------------------------------------------------ */
/* Y'CbCr frames (4:2:0): 8-bit conversion in Q16 integers, one table for   */
/* the C core and the CUDA kernels (lavfx_primitive_yuv_matrix fills it).   */

typedef struct PrimYuv {
    int32_t to_yuv[3][3];   /**< Y', Cb - 128, Cr - 128 (less yoff for Y') from R'G'B' */
    int32_t to_rgb[3][3];   /**< R'G'B' from Y' - yoff, Cb - 128, Cr - 128 */
    int32_t yoff;           /**< 16 (limited range) or 0 (full) */
} PrimYuv;

/** Rounds a Q16 value to an integer clipped to 0-255 (any sign). */
LAVFX_INLINE uint8_t prim_q16_byte(int32_t v)
{
    int32_t r = (v + (1 << 15) + (1024 << 16)) >> 16;   /* |v| < 2^26: no sign, no overflow */
    return (uint8_t)lavfx_clip(r - 1024, 0, 255);
}

LAVFX_INLINE void prim_rgb_to_yuv(const PrimYuv *m, const uint8_t rgb[3], uint8_t yuv[3])
{
    int k;
    for (k = 0; k < 3; k++) {
        int32_t v = m->to_yuv[k][0] * rgb[0] + m->to_yuv[k][1] * rgb[1] + m->to_yuv[k][2] * rgb[2];
        yuv[k] = prim_q16_byte(v + ((k ? 128 : m->yoff) << 16));
    }
}

LAVFX_INLINE void prim_yuv_to_rgb(const PrimYuv *m, int32_t y, int32_t u, int32_t v, uint8_t rgb[3])
{
    int k;
    y -= m->yoff;
    u -= 128;
    v -= 128;
    for (k = 0; k < 3; k++)
        rgb[k] = prim_q16_byte(m->to_rgb[k][0] * y + m->to_rgb[k][1] * u + m->to_rgb[k][2] * v);
}

#endif /* PRIMITIVE_PIXEL_H */

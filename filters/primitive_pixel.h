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

/** One 0-255 channel blended with alpha scaled by coverage (0..PRIM_AA_FULL). */
LAVFX_INLINE uint8_t prim_blend_cov(uint8_t dst, uint8_t src, int32_t alpha, int32_t cov)
{
    int32_t a = alpha * cov;             /* 0 .. 255 * PRIM_AA_FULL */
    int32_t one = 255 * PRIM_AA_FULL;
    return (uint8_t)(((one - a) * dst + a * src + one / 2) / one);
}

#endif /* PRIMITIVE_PIXEL_H */

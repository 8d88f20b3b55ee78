/*
 * exrtonemap: per-pixel math (LUT lookup, transfer functions, curves, dither)
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
 * Per-pixel math of exrtonemap, shared by the C core and (later) the CUDA
 * kernels. Values are linear light in "scene units" where 1.0 is reference
 * white unless a comment says otherwise.
 *
 * Curves and transfer functions are applied through "float-bits" LUTs: the
 * IEEE-754 bits of a positive float, shifted right, are a piecewise-linear
 * approximation of its log2, so one integer shift gives a LUT index with
 * TM_LUT_STEPS entries per octave (relative spacing 2^-6) and the bits below
 * give the position inside the cell for linear interpolation. This covers
 * TM_LUT_OCTAVES octaves from 2^TM_LUT_MIN_EXP with no log or pow per pixel.
 */

#ifndef TONEMAP_PIXEL_H
#define TONEMAP_PIXEL_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lavfx_math.h"

#define TM_LUT_STEPS_LOG2 6                       /**< 64 entries per octave */
#define TM_LUT_STEPS      (1 << TM_LUT_STEPS_LOG2)
#define TM_LUT_MIN_EXP    (-24)                   /**< smallest value: 2^-24 */
#define TM_LUT_OCTAVES    40                      /**< up to 2^16 */
#define TM_LUT_SIZE       (TM_LUT_OCTAVES * TM_LUT_STEPS + 1)
#define TM_LUT_SHIFT      (23 - TM_LUT_STEPS_LOG2)
#define TM_LUT_BASE       ((uint32_t)(127 + TM_LUT_MIN_EXP) << TM_LUT_STEPS_LOG2)

LAVFX_INLINE uint32_t tm_float_bits(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof(u));
    return u;
}

LAVFX_INLINE float tm_bits_float(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof(x));
    return x;
}

/** The value at LUT entry i (exact: entries lie on float-bits boundaries). */
LAVFX_INLINE float tm_lut_point(int i)
{
    return tm_bits_float((TM_LUT_BASE + (uint32_t)i) << TM_LUT_SHIFT);
}

/**
 * lut(x), linearly interpolated between entries; x at or below 0 (and NaN)
 * gives 0, x below the range lut[0] * x / min (a straight line to 0), x above
 * it the last entry. Branch-free, so loops over it vectorise (gathers).
 */
LAVFX_INLINE float tm_lut(const float *lut, float x)
{
    const int32_t lo = (int32_t)(TM_LUT_BASE << TM_LUT_SHIFT);
    const int32_t hi = (int32_t)((TM_LUT_BASE + TM_LUT_SIZE - 1) << TM_LUT_SHIFT) - 1;
    const float xmin = 1.0f / (1 << -TM_LUT_MIN_EXP), inv_xmin = (float)(1 << -TM_LUT_MIN_EXP);
    int32_t u = (int32_t)tm_float_bits(x), i;
    float f, y;
    u = u < lo ? lo : u > hi ? hi : u;
    i = (u >> TM_LUT_SHIFT) - (int32_t)TM_LUT_BASE;
    f = (float)(u & ((1 << TM_LUT_SHIFT) - 1)) * (1.0f / (1 << TM_LUT_SHIFT));
    y = lut[i] + f * (lut[i + 1] - lut[i]);
    y = x >= tm_lut_point(TM_LUT_SIZE - 1) ? lut[TM_LUT_SIZE - 1] : y;
    y = x < xmin ? lut[0] * (x * inv_xmin) : y;
    return x > 0.0f ? y : 0.0f;
}

/* ------------------------------------------------------------------------ */
/* Transfer functions (display-linear 0-1 <-> encoded 0-1).                  */

/** sRGB encoding, IEC 61966-2-1:1999. */
LAVFX_INLINE double tm_srgb_oetf(double v)
{
    return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

/** BT.1886 inverse EOTF for a display with zero black level: V = L^(1/2.4). */
LAVFX_INLINE double tm_bt1886_inv_eotf(double v)
{
    return pow(v, 1.0 / 2.4);
}

/** SMPTE ST 2084 (PQ) inverse EOTF: y = luminance / 10000 nits -> signal. */
LAVFX_INLINE double tm_pq_inv_eotf(double y)
{
    const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128;
    const double c1 = 3424.0 / 4096, c2 = 2413.0 / 4096 * 32, c3 = 2392.0 / 4096 * 32;
    double p = pow(y > 0 ? y : 0, m1);
    return pow((c1 + c2 * p) / (1 + c3 * p), m2);
}

/** SMPTE ST 2084 (PQ) EOTF: signal -> luminance / 10000 nits. */
LAVFX_INLINE double tm_pq_eotf(double e)
{
    const double m1 = 2610.0 / 16384, m2 = 2523.0 / 4096 * 128;
    const double c1 = 3424.0 / 4096, c2 = 2413.0 / 4096 * 32, c3 = 2392.0 / 4096 * 32;
    double p = pow(e > 0 ? e : 0, 1 / m2);
    double d = c2 - c3 * p;
    return pow((p - c1 > 0 ? p - c1 : 0) / d, 1 / m1);
}

/** ITU-R BT.2100 HLG OETF: scene-linear E (0-1, 1 = nominal peak) -> signal. */
LAVFX_INLINE double tm_hlg_oetf(double e)
{
    const double a = 0.17883277, b = 1 - 4 * a, c = 0.5 - a * log(4 * a);
    return e <= 1.0 / 12 ? sqrt(3 * e) : a * log(12 * e - b) + c;
}

/* ------------------------------------------------------------------------ */
/* Curves lavfx defines itself (the others come from libplacebo).           */

/**
 * ACES filmic tone curve, Krzysztof Narkowicz's fit of the ACES RRT+ODT
 * ("ACES Filmic Tone Mapping Curve", 2016): scene x -> display 0-1.
 */
LAVFX_INLINE double tm_aces_fit(double x)
{
    double y = (x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14);
    return y < 0 ? 0 : y > 1 ? 1 : y;
}

/**
 * AgX base curve (Troy Sobotka's AgX, as in Benjamin Wrensch's "Minimal AgX
 * implementation", 2023): log2(x) clamped to [-12.47393, 4.026069] (middle
 * grey 0.18 minus 10 EV to plus 6.5 EV) and normalised to 0-1, the 6th-order
 * polynomial fit of the AgX sigmoid, then that version's display decode
 * y^2.2 back to display-linear. The curve only: no AgX inset/outset
 * matrices; lavfx applies it like any other curve (per channel, max-RGB or
 * luminance).
 */
LAVFX_INLINE double tm_agx(double x)
{
    const double lo = -12.47393, hi = 4.026069;
    double t = x > 1e-10 ? (log2(x) - lo) / (hi - lo) : 0;
    double t2, t4, y;
    t  = t < 0 ? 0 : t > 1 ? 1 : t;
    t2 = t * t;
    t4 = t2 * t2;
    y  = 15.5 * t4 * t2 - 40.14 * t4 * t + 31.96 * t4 - 6.868 * t2 * t
         + 0.4298 * t2 + 0.1191 * t - 0.00232;
    y  = y < 0 ? 0 : y > 1 ? 1 : y;
    return pow(y, 2.2);
}

/* ------------------------------------------------------------------------ */
/* Dither                                                                     */

/**
 * Ordered dither threshold in [0, 1) for pixel (x, y): the 16x16 Bayer
 * matrix, computed by bit interleaving (no table).
 */
LAVFX_INLINE float tm_bayer16(uint32_t x, uint32_t y)
{
    uint32_t v = 0, xy = x ^ y;
    int b;
    for (b = 0; b < 4; b++)
        v |= ((xy >> b & 1) << (7 - 2 * b)) | ((y >> b & 1) << (6 - 2 * b));
    return (v + 0.5f) * (1.0f / 256);
}

/** NaN -> 0, +Inf -> inf_value, -Inf and negatives are kept (gamut stage). */
LAVFX_INLINE float tm_sanitize(float v, float inf_value)
{
    v = v == v ? v : 0.0f;
    v = v > 3.0e38f ? inf_value : v;
    return v < -3.0e38f ? 0.0f : v;
}

#endif /* TONEMAP_PIXEL_H */

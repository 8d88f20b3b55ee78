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
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "exrtonemap.h"
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
 * gives 0, x below the range lut[0] * x / min (a straight line to 0), x at or
 * above its top the last entry. lut holds TM_LUT_ALLOC entries (the padding
 * entry is read with weight 0 at the top). No branches and no conditional
 * loads, so a loop over it vectorises where the target has gathers.
 */
LAVFX_INLINE float tm_lut(const float *lut, float x)
{
    const int32_t lo = (int32_t)(TM_LUT_BASE << TM_LUT_SHIFT);   /* bits of 2^TM_LUT_MIN_EXP */
    const int32_t hi = (int32_t)((TM_LUT_BASE + TM_LUT_SIZE - 1) << TM_LUT_SHIFT);
    const int32_t inf = 0x7f800000;
    const float inv_xmin = (float)(1 << -TM_LUT_MIN_EXP);
    const int32_t s = (int32_t)tm_float_bits(x);
    int32_t u = s < lo ? lo : s > hi ? hi : s, i;
    uint32_t below, keep;
    float f, y, low;
    i = (u >> TM_LUT_SHIFT) - (int32_t)TM_LUT_BASE;
    f = (float)(u & ((1 << TM_LUT_SHIFT) - 1)) * (1.0f / (1 << TM_LUT_SHIFT));
    y = lut[i] + f * (lut[i + 1] - lut[i]);
    low = lut[0] * (x * inv_xmin);
    /* select on the integer bits, not with float compares: both results are
     * always computed, so compilers need not keep a branch per pixel (with
     * trapping math they will not if-convert a float expression) */
    below = 0u - (uint32_t)(s < lo);
    keep  = 0u - (uint32_t)(s > 0 && s <= inf);       /* 0 < x <= +Inf */
    return tm_bits_float(((tm_float_bits(low) & below) | (tm_float_bits(y) & ~below)) & keep);
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

/* ------------------------------------------------------------------------ */
/* The steps of the per-pixel pass, in order. The C core calls them inside   */
/* loops over rows (written so that compilers vectorise them) and the CUDA    */
/* kernel once per thread: one definition of the arithmetic, the same bits.   */

/** Scene values beyond this (after exposure) map like it: the top of the
 *  curve LUT's range, 2^(TM_LUT_MIN_EXP + TM_LUT_OCTAVES). */
#define TM_MAX_SCENE 65536.0f

/** Floats of a LUT array: TM_LUT_SIZE, then a copy of the last entry. */
#define TM_LUT_ALLOC (TM_LUT_SIZE + 1)
/** Floats of the encode array: the encoding LUT, then at TM_LUT_ALLOC the
 *  factor LUT of HLG's inverse OOTF (tm_hlg_scene). */
#define TM_ENCODE_ALLOC (2 * TM_LUT_ALLOC)

/**
 * What the per-pixel pass needs besides the two LUTs (filled by the core,
 * passed by value to the CUDA kernel).
 */
typedef struct TmPixelParams {
    float m[9];         /**< input RGB -> output RGB, row-major, linear light */
    float lum[3];       /**< luminance (Y) weights of the output RGB */
    float lum_in[3];    /**< luminance (Y) weights of the input RGB (statistics) */
    float ev_scale;     /**< 2^EV of the frame, times the curve LUT's scale
                             (less than 1/64 octave: the curve's knee on an entry) */
    float out_max;      /**< display-linear maximum (libplacebo NORM units) */
    float inf_value;    /**< what +Inf becomes (scene units, before exposure) */
    int mode;           /**< enum TmMode */
    int desaturate;     /**< 1: gamut=desaturate, 0: clip */
    int encode;         /**< 1: through the encode LUT, 0: linear output */
    int hlg;            /**< 1: HLG: display light to scene light first (tm_hlg_scene) */
    int bits;           /**< output bits: 8 to 16 */
    int dither;         /**< 1: ordered dither */
    int level;          /**< MIP level: blocks of 2^level pixels */
} TmPixelParams;

/** NaN -> 0, +Inf -> inf_value, -Inf and negatives are kept (gamut stage). */
LAVFX_INLINE float tm_sanitize(float v, float inf_value)
{
    v = v == v ? v : 0.0f;
    v = v > 3.0e38f ? inf_value : v;
    return v < -3.0e38f ? 0.0f : v;
}

/**
 * Mean of the sanitised samples of one plane over the 2^level block of
 * output pixel (x, y), clipped at the right and bottom edges of the w x h
 * input; rows summed top to bottom, each left to right (the CPU and GPU add
 * in the same order). plane: float samples, stride in bytes.
 */
LAVFX_INLINE float tm_box(const float *plane, ptrdiff_t stride, int w, int h, int x, int y,
                          int level, float inf_value)
{
    const int n = 1 << level;
    const int xs = x * n, xe = xs + n < w ? xs + n : w;
    const int ys = y * n, ye = ys + n < h ? ys + n : h;
    float sum = 0;
    int i, j;
    for (j = ys; j < ye; j++) {
        const float *row = (const float *)((const uint8_t *)plane + j * stride);
        for (i = xs; i < xe; i++)
            sum += tm_sanitize(row[i], inf_value);
    }
    return sum / ((xe - xs) * (ye - ys));
}

/**
 * The factor that makes premultiplied (OpenEXR) colour straight: 1 / a, and
 * 1 where a <= 0 or NaN. OpenEXR allows colour where alpha is 0 (emitted
 * light, such as a flame's glow, that covers nothing): it is kept as it is
 * rather than lost. Computed for all a, then selected on the bits: a float
 * select here would be turned into a branch around the division.
 */
LAVFX_INLINE float tm_unpremultiply(float a)
{
    const uint32_t pos = 0u - (uint32_t)(a > 0);
    return tm_bits_float((tm_float_bits(1.0f / a) & pos) | (tm_float_bits(1.0f) & ~pos));
}

/** Exposure (scale e), clamp to +-TM_MAX_SCENE, then the gamut matrix, in place. */
LAVFX_INLINE void tm_expose(const float *m, float e, float *r, float *g, float *b)
{
    const float lim = TM_MAX_SCENE;
    float R = *r * e, G = *g * e, B = *b * e;
    R = R < -lim ? -lim : R > lim ? lim : R;
    G = G < -lim ? -lim : G > lim ? lim : G;
    B = B < -lim ? -lim : B > lim ? lim : B;
    *r = m[0] * R + m[1] * G + m[2] * B;
    *g = m[3] * R + m[4] * G + m[5] * B;
    *b = m[6] * R + m[7] * G + m[8] * B;
}

/** The value max-RGB mode applies the curve to. */
LAVFX_INLINE float tm_maxrgb(float r, float g, float b)
{
    float v = r > g ? r : g;
    return v > b ? v : b;
}

/** The value luminance mode applies the curve to (lum: Y weights). */
LAVFX_INLINE float tm_luminance(const float *lum, float r, float g, float b)
{
    return lum[0] * r + lum[1] * g + lum[2] * b;
}

/**
 * Max-RGB and luminance modes: the factor RGB is scaled by, c / v, for the
 * value v and c = tm_lut(curve, v), so that the value comes out as the curve
 * gives it (monotonic where the LUT's entries are: the LUT holds the curve
 * itself, not curve(x) / x, whose interpolation overshoots where a curve
 * flattens into white). v at or below 0 gives 0 (c is 0 there); beyond the
 * LUT range c holds and the factor falls as 1 / v. max(v, FLT_MIN) is taken
 * on the float bits (v is never NaN; negative v has negative bits): a float
 * select would be folded into a conditional division, which compilers keep
 * as a branch.
 */
LAVFX_INLINE float tm_curve_scale(float v, float c)
{
    const int32_t tiny = 0x00800000;    /* bits of FLT_MIN */
    int32_t vb = (int32_t)tm_float_bits(v);
    return c / tm_bits_float(vb > tiny ? vb : tiny);
}

/** a where mask is all ones, b where it is zero: a select on the float
 *  bits, which compilers keep branch-free (see tm_curve_scale). */
LAVFX_INLINE float tm_select(uint32_t mask, float a, float b)
{
    return tm_bits_float((tm_float_bits(a) & mask) | (tm_float_bits(b) & ~mask));
}

/**
 * gamut=clip: a channel above display white (top, display-linear) is
 * brought to it, as the transfer's encoding does (the encode LUT passes
 * exactly through the encoding of top, but its segment past top rises:
 * lut_through in exrtonemap.c; for SDR quantisation clips that, for PQ the
 * display peak is below signal 1). Negatives are left to the encoding.
 */
LAVFX_INLINE float tm_clip_white(float v, float top)
{
    return v < top ? v : top;
}

/**
 * HLG: display light (after gamut handling) back to scene light by the
 * inverse of BT.2100's OOTF, which acts on luminance: with F the display
 * light and Y its luminance, both over the display peak, the scene light is
 * E = F Y^((1 - gamma) / gamma) (ITU-R BT.2100, Table 5, alpha = 1, beta =
 * 0), so a colour keeps its ratios. factor: the LUT of
 * (Y / out_max)^((1 - gamma) / gamma) over Y in display units (exrtonemap.c
 * builds it), so r, g, b become E times out_max, the encode LUT's input (a
 * grey gives F^(1 / gamma), as a per-channel inverse would). E can exceed 1
 * for saturated highlights (a pure red at display white: Y^((1 - gamma) /
 * gamma) > 1), which HLG cannot carry: the callers apply the gamut handling
 * again, on E, whose luminance is the scene luminance, so desaturating keeps
 * the displayed luminance. Y is taken over the channels clamped at 0
 * (tm_hlg_luminance): out-of-gamut colours (negative channels, from wide
 * input primaries with gamut=clip) can have a luminance at or below 0, which
 * would black out their positive channels.
 */
LAVFX_INLINE float tm_hlg_luminance(const float *lum, float r, float g, float b)
{
    return tm_luminance(lum, r > 0 ? r : 0, g > 0 ? g : 0, b > 0 ? b : 0);
}

LAVFX_INLINE void tm_hlg_scene(const float *lum, const float *factor, float *r, float *g, float *b)
{
    float f = tm_lut(factor, tm_hlg_luminance(lum, *r, *g, *b));
    *r *= f;
    *g *= f;
    *b *= f;
}

/**
 * gamut=desaturate: blends the colour toward its luminance L (clamped to
 * [0, top]) just enough to bring every channel into [0, top], in place.
 * Colours already in range are unchanged. Every candidate value is computed
 * and the results are selected on the bits, so loops over it vectorise.
 */
LAVFX_INLINE void tm_desaturate(const float *lum, float top, float *r, float *g, float *b)
{
    float lo = *r < *g ? *r : *g, hi = *r > *g ? *r : *g;
    float L, f, f_lo, f_hi;
    uint32_t keep;
    lo = lo < *b ? lo : *b;
    hi = hi > *b ? hi : *b;
    L = tm_luminance(lum, *r, *g, *b);
    L = tm_select(0u - (uint32_t)(L < 0), 0.0f, L);
    L = tm_select(0u - (uint32_t)(L > top), top, L);
    f_lo = L / (L - lo);                   /* brings lo to 0 */
    f_hi = (top - L) / (hi - L);           /* brings hi to top */
    /* & rather than &&: no short-circuit, so no branch */
    f = tm_select(0u - (uint32_t)((lo < 0) & (L - lo > 0)), f_lo, 1.0f);
    f = tm_select(0u - (uint32_t)((hi > top) & (hi - L > 0) & (f_hi < f)), f_hi, f);
    keep = 0u - (uint32_t)((lo >= 0) & (hi <= top));
    *r = tm_select(keep, *r, L + f * (*r - L));
    *g = tm_select(keep, *g, L + f * (*g - L));
    *b = tm_select(keep, *b, L + f * (*b - L));
}

/** The gamut handling of one pixel, in place: tm_desaturate or tm_clip_white
 *  by px->desaturate (the CPU runs each as its own loop over a row). */
LAVFX_INLINE void tm_gamut(const TmPixelParams *px, float *r, float *g, float *b)
{
    if (px->desaturate) {
        tm_desaturate(px->lum, px->out_max, r, g, b);
    } else {
        *r = tm_clip_white(*r, px->out_max);
        *g = tm_clip_white(*g, px->out_max);
        *b = tm_clip_white(*b, px->out_max);
    }
}

/**
 * Quantises a signal e (0-1) to a code 0..scale (scale = 2^bits - 1) with
 * dither threshold d in [0, 1) (0.5: rounding); NaN gives 0.
 */
LAVFX_INLINE int tm_quantize(float e, float scale, float d)
{
    float q = e * scale + d;
    q = q > 0 ? (q < scale ? q : scale) : 0;
    return (int)q;
}

/**
 * Non-linear R'G'B' signals (0-1) to limited-range Y'CbCr codes of the given
 * bit depth (8: Y 16-235, Cb/Cr 16-240; 10: 64-940, 64-960), ITU-R BT.709 /
 * BT.2020 (non-constant luminance): Y' = Kr R' + (1 - Kr - Kb) G' + Kb B',
 * Cb = (B' - Y') / (2 (1 - Kb)), Cr = (R' - Y') / (2 (1 - Kr)). Kr, Kb: BT.709
 * 0.2126, 0.0722; BT.2020 0.2627, 0.0593. d: dither threshold in [0, 1)
 * (0.5: rounding). Codes in out[0..2] (Y', Cb, Cr).
 */
LAVFX_INLINE void tm_ycbcr_limited(float kr, float kb, int bits, float r, float g, float b,
                                   float d, int out[3])
{
    const float s = (float)(1 << (bits - 8));
    const float y = kr * r + (1.0f - kr - kb) * g + kb * b;
    const float cb = (b - y) / (2.0f * (1.0f - kb)), cr = (r - y) / (2.0f * (1.0f - kr));
    const float ymax = 235.0f * s, cmax = 240.0f * s, lo = 16.0f * s;
    float q[3];
    int k;
    q[0] = (219.0f * y + 16.0f) * s + d;
    q[1] = (224.0f * cb + 128.0f) * s + d;
    q[2] = (224.0f * cr + 128.0f) * s + d;
    for (k = 0; k < 3; k++) {
        float hi = k ? cmax : ymax;
        q[k] = q[k] == q[k] ? q[k] : k ? 128.0f * s : lo;    /* NaN: black, no colour */
        q[k] = q[k] > lo ? (q[k] < hi ? q[k] : hi) : lo;
        out[k] = (int)q[k];
    }
}

/**
 * The value of input pixel (r, g, b) (scene units, before exposure) whose
 * distribution sets the measured peak: what the curve is applied to, so that
 * the peak percentile is the share of pixels the curve clips. Luminance mode:
 * the luminance (tm_peak_value); max-RGB and per-channel modes: the largest
 * channel after the gamut matrix m (this function).
 */
LAVFX_INLINE float tm_max_channel(const float *m, float r, float g, float b)
{
    return tm_maxrgb(m[0] * r + m[1] * g + m[2] * b, m[3] * r + m[4] * g + m[5] * b,
                     m[6] * r + m[7] * g + m[8] * b);
}

/** tm_max_channel or the luminance, as px->mode says. */
LAVFX_INLINE float tm_peak_value(const TmPixelParams *px, float r, float g, float b)
{
    return px->mode == TM_MODE_LUMINANCE ? tm_luminance(px->lum_in, r, g, b)
                                         : tm_max_channel(px->m, r, g, b);
}

/**
 * Histogram bin (see TM_HIST_BINS) of a value y, from its float bits:
 * 8 per EV from 2^-24 (smaller values go to bin 0) up to the overflow bin
 * (2^16 and up); TM_HIST_BINS (a slot to discard) for y <= 0, +Inf and NaN
 * (a few +Inf samples, a renderer's fireflies, must not set the peak of the
 * whole frame: they are drawn at the peak instead, see tm_sanitize).
 */
LAVFX_INLINE int32_t tm_hist_bin(float y)
{
    const int32_t base = (127 + TM_LUT_MIN_EXP) << 3;   /* exponent and 3 mantissa bits of 2^-24 */
    int32_t s = (int32_t)tm_float_bits(y), bin = (s >> 20) - base;
    bin = bin < 0 ? 0 : bin > TM_HIST_BINS - 1 ? TM_HIST_BINS - 1 : bin;
    return s > 0 && s < 0x7f800000 ? bin : TM_HIST_BINS;
}

#endif /* TONEMAP_PIXEL_H */

/*
 * exrtonemap: tone mapping of linear scene-referred images (core library, no FFmpeg)
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

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libplacebo/colorspace.h>
#include <libplacebo/tone_mapping.h>

#include "exrtonemap.h"
#include "tonemap_pixel.h"

/** Entries of the libplacebo LUT the curve LUT is resampled from. */
#define TM_PL_LUT_SIZE 1024
/** Histogram: bins per EV (even steps within each octave: tm_hist_bin), and the bin of 2^-24. */
#define TM_HIST_PER_EV 8
/** Coarse (1 EV) bins the scene-cut test compares. */
#define TM_HIST_EVS    ((TM_HIST_BINS + TM_HIST_PER_EV - 1) / TM_HIST_PER_EV)

/*
 * The pixel passes (stats and slice) are written as short loops without
 * branches, which compilers vectorise. They are compiled twice from the same
 * source: for the baseline target (x86-64: SSE2) and, on x86 with GCC or
 * Clang, for AVX2 (8 lanes, gathers), chosen at run time from the CPU. No FMA
 * and no reassociation: both give the same bits (tests/test_exrtonemap_core.c
 * compares them).
 */
#if defined(__GNUC__)
#define TM_ALWAYS_INLINE static inline __attribute__((always_inline))
#else
#define TM_ALWAYS_INLINE static inline
#endif
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TM_HAVE_AVX2 1
#define TM_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define TM_HAVE_AVX2 0
#endif

struct LavfxTonemap {
    LavfxTonemapParams p;
    int configured;
    int avx2;               /**< 1: run the AVX2 build of the pixel passes */
    TmPixelParams px;       /**< what the per-pixel pass reads (matrix, exposure, ...) */
    float in_scale;         /**< scene units -> libplacebo NORM units (1.0 = 203 nits) */
    float curve[TM_LUT_ALLOC];   /**< curve(x), display-linear NORM, over exposed scene units
                                      times lut_scale */
    float encode[TM_ENCODE_ALLOC];  /**< display-linear (NORM) -> signal 0-1; then (HLG) the
                                         inverse OOTF's factor LUT (tm_hlg_scene) */
    float lut_peak;         /**< exposed peak the curve LUT was built for */
    double knee;            /**< exposed scene value from which the curve holds its top */
    double lut_scale;       /**< curve[] is over exposed values times this (the knee on an entry) */
    /* temporal state (log2 scene units) */
    int have_state, pending;
    double s_peak, s_avg;
    float ref_hist[TM_HIST_EVS];  /**< luminance distribution per EV of the last settled frame */
    float dist;
};

/** The lowest peak the curve is built for, in display whites (see
 *  lavfx_tonemap_frame_begin). */
#define TM_PEAK_FLOOR 1.001

static const char *const curve_names[TM_CURVE_NB] = {
    "clip", "linear", "reinhard", "hable", "mobius", "bt2390", "bt2446a", "spline", "aces", "agx",
};
static const char *const trc_names[TM_TRC_NB] = { "srgb", "bt1886", "pq", "hlg", "linear" };
static const char *const prim_names[TM_PRIM_NB] = { "bt709", "bt2020", "p3-d65", "acescg", "aces-ap0", "xyz" };

const char *lavfx_tonemap_curve_name(int c)     { return c >= 0 && c < TM_CURVE_NB ? curve_names[c] : NULL; }
const char *lavfx_tonemap_transfer_name(int c)  { return c >= 0 && c < TM_TRC_NB ? trc_names[c] : NULL; }
const char *lavfx_tonemap_primaries_name(int c) { return c >= 0 && c < TM_PRIM_NB ? prim_names[c] : NULL; }

/* libplacebo's curve objects, or NULL for the curves lavfx defines. */
static const struct pl_tone_map_function *pl_curve(int curve)
{
    switch (curve) {
    case TM_CURVE_CLIP:     return &pl_tone_map_clip;
    case TM_CURVE_LINEAR:   return &pl_tone_map_linear;
    case TM_CURVE_REINHARD: return &pl_tone_map_reinhard;
    case TM_CURVE_HABLE:    return &pl_tone_map_hable;
    case TM_CURVE_MOBIUS:   return &pl_tone_map_mobius;
    case TM_CURVE_BT2390:   return &pl_tone_map_bt2390;
    case TM_CURVE_BT2446A:  return &pl_tone_map_bt2446a;
    case TM_CURVE_SPLINE:   return &pl_tone_map_spline;
    default:                return NULL;
    }
}

/* ACES AP0 and AP1 (ACEScg) chromaticities, SMPTE ST 2065-1 and ACES TB-2014-004;
 * libplacebo 4.208 has no enum for them, so they are given as raw primaries. */
static const struct pl_raw_primaries aces_ap0 = {
    .red = { 0.7347, 0.2653 }, .green = { 0.0, 1.0 }, .blue = { 0.0001, -0.0770 },
    .white = { 0.32168, 0.33767 },
};
static const struct pl_raw_primaries aces_ap1 = {
    .red = { 0.713, 0.293 }, .green = { 0.165, 0.830 }, .blue = { 0.128, 0.044 },
    .white = { 0.32168, 0.33767 },
};

static const struct pl_raw_primaries *raw_primaries(int prim)
{
    switch (prim) {
    case TM_PRIM_BT709:    return pl_raw_primaries_get(PL_COLOR_PRIM_BT_709);
    case TM_PRIM_BT2020:   return pl_raw_primaries_get(PL_COLOR_PRIM_BT_2020);
    case TM_PRIM_P3D65:    return pl_raw_primaries_get(PL_COLOR_PRIM_DISPLAY_P3);
    case TM_PRIM_ACESCG:   return &aces_ap1;
    case TM_PRIM_ACES_AP0: return &aces_ap0;
    default:               return NULL;   /* XYZ */
    }
}

LavfxTonemap *lavfx_tonemap_alloc(void)
{
    return calloc(1, sizeof(LavfxTonemap));
}

void lavfx_tonemap_free(LavfxTonemap **t)
{
    free(*t);
    *t = NULL;
}

/*
 * Moves entry i + 1 of a LUT over tm_lut_point()s, for x between entries i
 * and i + 1, so that tm_lut's interpolation gives v at x. An increasing
 * curve that bends into a flat top at x (the encoding at display white) is
 * otherwise cut short below the top by the chord over the bend, and the
 * brightest highlights quantise a code or more below white. Beyond x the
 * segment runs above the top: the pixel pass clips values to x first
 * (gamut=clip: tm_clip_white; desaturate: tm_desaturate). Nothing changes
 * when x is on an entry or outside the LUT. (The curve LUT is scaled
 * instead, to put its knee on an entry: build_curve.)
 */
static void lut_through(float *lut, double x, double v)
{
    int i = (int)(tm_float_bits((float)x) >> TM_LUT_SHIFT) - (int)TM_LUT_BASE;
    double x0;
    if (i < 0 || i >= TM_LUT_SIZE - 1 || x <= (x0 = tm_lut_point(i)))
        return;
    lut[i + 1] = (float)(lut[i] + (v - lut[i]) * (tm_lut_point(i + 1) - x0) / (x - x0));
}

/* Display-linear NORM value -> signal, for the configured transfer. */
static double encode_value(const LavfxTonemap *t, double d)
{
    const LavfxTonemapParams *p = &t->p;
    d = d < 0 ? 0 : d > t->px.out_max ? t->px.out_max : d;
    switch (p->transfer) {
    case TM_TRC_SRGB:   return tm_srgb_oetf(d);
    case TM_TRC_BT1886: return tm_bt1886_inv_eotf(d);
    case TM_TRC_PQ:     return tm_pq_inv_eotf(d * PL_COLOR_SDR_WHITE / 10000.0);
    case TM_TRC_HLG:    /* scene light: tm_hlg_scene went from display light */
        return tm_hlg_oetf(d * PL_COLOR_SDR_WHITE / p->display_peak);
    default:            return d;
    }
}

double lavfx_tonemap_hlg_gamma(double display_peak)
{
    if (display_peak >= 400 && display_peak <= 2000)
        return 1.2 + 0.42 * log10(display_peak / 1000);
    return 1.2 * pow(1.111, log2(display_peak / 1000));
}

int lavfx_tonemap_param_range(int curve, float *min, float *def, float *max)
{
    const struct pl_tone_map_function *f = curve >= 0 && curve < TM_CURVE_NB ? pl_curve(curve) : NULL;
    if (!f || !f->param_desc)
        return 0;
    *min = f->param_min;
    *def = f->param_def;
    *max = f->param_max;
    return 1;
}

int lavfx_tonemap_configure(LavfxTonemap *t, const LavfxTonemapParams *p)
{
    float pmin, pdef, pmax;
    const struct pl_raw_primaries *in, *out;
    struct pl_matrix3x3 m, xyz;
    int i, j;

    if (p->curve < 0 || p->curve >= TM_CURVE_NB || p->mode < 0 || p->mode >= TM_MODE_NB ||
        p->transfer < 0 || p->transfer >= TM_TRC_NB || p->in_primaries < 0 ||
        p->in_primaries >= TM_PRIM_NB || p->out_primaries < 0 || p->out_primaries > TM_PRIM_P3D65 ||
        p->gamut < 0 || p->gamut >= TM_GAMUT_NB || (p->bits != 8 && p->bits != 10 &&
        p->bits != 12 && p->bits != 16) || p->level < 0 || p->level > 8 || p->peak < 0 ||
        !(p->percentile > 0 && p->percentile <= 100) || p->ref_white <= 0 || p->display_peak <= 0 ||
        p->smooth < 0 || p->key <= 0 || !(fabsf(p->exposure) <= 64) || !(p->cut >= 0) ||
        p->simd < 0 || p->simd >= TM_SIMD_NB)
        return -EINVAL;
    if (p->param != 0 && lavfx_tonemap_param_range(p->curve, &pmin, &pdef, &pmax) &&
        !(p->param >= pmin && p->param <= pmax))
        return -EINVAL;
    t->p = *p;

    out = raw_primaries(p->out_primaries);
    in  = raw_primaries(p->in_primaries);
    /* the same primaries: the identity exactly (libplacebo's product of a
     * matrix and its inverse is off by up to 1.2e-7, which a pure colour of
     * 10^4 leaks into its zero channels) */
    m   = p->in_primaries == p->out_primaries ? pl_matrix3x3_identity :
          in ? pl_get_color_mapping_matrix(in, out, PL_INTENT_RELATIVE_COLORIMETRIC)
             : pl_get_xyz2rgb_matrix(out);
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++)
            t->px.m[3 * i + j] = m.m[i][j];
    xyz = pl_get_rgb2xyz_matrix(out);
    for (j = 0; j < 3; j++)
        t->px.lum[j] = xyz.m[1][j];
    if (in) {
        xyz = pl_get_rgb2xyz_matrix(in);
        for (j = 0; j < 3; j++)
            t->px.lum_in[j] = xyz.m[1][j];
    } else {
        t->px.lum_in[0] = 0; t->px.lum_in[1] = 1; t->px.lum_in[2] = 0;   /* XYZ: Y itself */
    }

    if (p->transfer == TM_TRC_PQ || p->transfer == TM_TRC_HLG) {
        t->in_scale = p->ref_white / PL_COLOR_SDR_WHITE;
        t->px.out_max  = p->display_peak / PL_COLOR_SDR_WHITE;
    } else {
        t->in_scale = 1.0f;
        t->px.out_max  = 1.0f;
    }
    for (i = 0; i < TM_LUT_SIZE; i++)
        t->encode[i] = (float)encode_value(t, tm_lut_point(i));
    t->encode[TM_LUT_SIZE] = t->encode[TM_LUT_SIZE - 1];
    lut_through(t->encode, t->px.out_max, encode_value(t, t->px.out_max));
    if (p->transfer == TM_TRC_HLG) {    /* tm_hlg_scene's factor */
        double g = lavfx_tonemap_hlg_gamma(p->display_peak);
        float *f = t->encode + TM_LUT_ALLOC;
        for (i = 0; i < TM_LUT_SIZE; i++)
            f[i] = (float)pow(tm_lut_point(i) / t->px.out_max, (1 - g) / g);
        f[TM_LUT_SIZE] = f[TM_LUT_SIZE - 1];
    }
    t->px.hlg        = p->transfer == TM_TRC_HLG;
    t->px.mode       = p->mode;
    t->px.desaturate = p->gamut == TM_GAMUT_DESATURATE;
    t->px.encode     = p->transfer != TM_TRC_LINEAR;
    t->px.bits       = p->bits;
    t->px.dither     = p->dither && p->bits < 16;
    t->px.level      = p->level;
    t->lut_peak   = -1;
#if TM_HAVE_AVX2
    t->avx2 = p->simd == TM_SIMD_AUTO && __builtin_cpu_supports("avx2");
#endif
    t->configured = 1;
    return 0;
}

void lavfx_tonemap_output_size(const LavfxTonemap *t, int w, int h, int *ow, int *oh)
{
    int n = t->p.level;
    *ow = (w + (1 << n) - 1) >> n;
    *oh = (h + (1 << n) - 1) >> n;
}

/* Curve at exposed scene value x, display-linear NORM units, for the given
 * exposed peak. pl_lut: libplacebo's LUT over PQ [0, pq_max]. */
static double curve_at(const LavfxTonemap *t, double x, const float *pl_lut, double pq_max)
{
    switch (t->p.curve) {
    /* libplacebo's clip, exactly: its LUT, interpolated, would cut the
     * corner at white short (by 0.3% at 1.0 in SDR) */
    case TM_CURVE_CLIP: return fmin(x * t->in_scale, t->px.out_max);
    case TM_CURVE_ACES: return t->px.out_max * tm_aces_fit(x);
    case TM_CURVE_AGX:  return t->px.out_max * tm_agx(x);
    default: {
        double pq = tm_pq_inv_eotf(x * t->in_scale * PL_COLOR_SDR_WHITE / 10000.0), f;
        int i;
        if (pq >= pq_max)
            return pl_lut[TM_PL_LUT_SIZE - 1];
        f = pq / pq_max * (TM_PL_LUT_SIZE - 1);
        i = (int)f;
        return pl_lut[i] + (f - i) * (pl_lut[i + 1] - pl_lut[i]);
    }
    }
}

static void build_curve(LavfxTonemap *t, float peak)
{
    float pl_lut[TM_PL_LUT_SIZE];
    double pq_max = tm_pq_inv_eotf(peak * t->in_scale * PL_COLOR_SDR_WHITE / 10000.0), top_value, hi_top, knee;
    float top;
    int i, k;
    if (pl_curve(t->p.curve)) {
        struct pl_tone_map_params par = {
            .function       = pl_curve(t->p.curve),
            .param          = t->p.param,
            .input_scaling  = PL_HDR_PQ,
            .output_scaling = PL_HDR_NORM,
            .lut_size       = TM_PL_LUT_SIZE,
            .input_min      = 0.0f,
            .input_max      = (float)pq_max,
            .output_min     = 0.0f,
            .output_max     = t->px.out_max,
        };
        pl_tone_map_generate(pl_lut, &par);
        /* libplacebo's LUT ends about 2e-5 short of white (its float PQ round
         * trip; bt2446a with the peak at display white: 5e-4), so clipped
         * highlights would quantise one code below the top at some dither
         * positions: a curve that ends within 1e-3 of white (a quarter of a
         * code at 8 bits) is rescaled to end on it exactly */
        top = pl_lut[TM_PL_LUT_SIZE - 1];
        if (top < t->px.out_max && top > t->px.out_max * (1 - 1e-3f)) {
            for (i = 0; i < TM_PL_LUT_SIZE; i++)
                pl_lut[i] *= t->px.out_max / top;
            pl_lut[TM_PL_LUT_SIZE - 1] = t->px.out_max;
        }
        /* never past white: its waves near the top reach about 4e-5 above
         * it, which gamut=desaturate would answer by leaking a trace of
         * luminance into the other channels of a saturated highlight (in
         * PQ, where a trace has codes: G and B at 24 of 1023 for a pure red) */
        for (i = 0; i < TM_PL_LUT_SIZE; i++)
            pl_lut[i] = fminf(pl_lut[i], t->px.out_max);
    }
    /* The knee: from where on the curve stays within 1e-6 of its top (white
     * for every curve but AgX, whose top is a little below; libplacebo's
     * curves, interpolated, wave by about 1e-4 around it just below the
     * peak), by bisection between the entries around it. Linear
     * interpolation between entries on both sides of it would cut the bend
     * short below the top, and the brightest highlights would quantise a
     * code or more below white: the LUT's entries are scaled (lut_scale,
     * less than one 64th of an octave, folded into the exposure) to put the
     * knee on one, and it holds the top from there on. */
    top_value = curve_at(t, tm_lut_point(TM_LUT_SIZE - 1), pl_lut, pq_max);
    hi_top = top_value * (1 - 1e-6);
    for (i = TM_LUT_SIZE - 1; i > 0 && curve_at(t, tm_lut_point(i - 1), pl_lut, pq_max) >= hi_top; i--)
        ;
    knee = tm_lut_point(i);
    if (i > 0) {
        double lo = tm_lut_point(i - 1);
        for (k = 0; k < 64; k++) {
            double mid = 0.5 * (lo + knee);
            if (curve_at(t, mid, pl_lut, pq_max) >= hi_top)
                knee = mid;
            else
                lo = mid;
        }
    }
    t->knee = knee;
    t->lut_scale = i > 0 ? tm_lut_point(i) / knee : 1.0;
    for (k = 0; k < TM_LUT_SIZE; k++) {     /* entry i is the knee's */
        double x = tm_lut_point(k);
        t->curve[k] = (float)(k < i ? curve_at(t, x / t->lut_scale, pl_lut, pq_max) : top_value);
    }
    t->curve[TM_LUT_SIZE] = t->curve[TM_LUT_SIZE - 1];
    t->lut_peak = peak;
}

void lavfx_tonemap_pixel_state(const LavfxTonemap *t, struct TmPixelParams *px,
                               const float **curve, const float **encode)
{
    *px     = t->px;
    *curve  = t->curve;
    *encode = t->encode;
}

float lavfx_tonemap_curve_value(const LavfxTonemap *t, float x)
{
    float xs = x * (float)t->lut_scale;
    return tm_lut(t->curve, xs);
}

/* log2 of the value at fraction pos (0: lower edge, 1: upper) of histogram
 * bin i: the bins (tm_hist_bin) step evenly within each octave, 1/8 of it
 * each; the overflow bin is taken as 2^16. */
static double hist_log2(int i, double pos)
{
    if (i >= TM_HIST_BINS - 1)
        return 16.0;
    return -24 + i / TM_HIST_PER_EV + log2(1 + (i % TM_HIST_PER_EV + pos) / TM_HIST_PER_EV);
}

int lavfx_tonemap_frame_begin(LavfxTonemap *t, const uint32_t *hist, LavfxTonemapFrameInfo *info)
{
    const LavfxTonemapParams *p = &t->p;
    const uint32_t *vhist = hist + TM_HIST_BINS;     /* the values the curve sees */
    uint64_t n = 0, nv = 0, cum = 0;
    double sum = 0, x_peak = 0, x_avg = log2(p->key), ev, ev_scale, peak, white;
    float cur[TM_HIST_EVS], dist = 0;
    int i, cut = 0;

    if (!t->configured)
        return -EINVAL;
    for (i = 0; i < TM_HIST_BINS; i++) {
        n   += hist[i];
        nv  += vhist[i];
        sum += hist[i] * (0.5 * (hist_log2(i, 0) + hist_log2(i, 1)));
    }
    if (n)
        x_avg = sum / n;
    if (nv) {
        uint64_t target = (uint64_t)ceil(p->percentile / 100.0 * nv);
        for (i = 0; i < TM_HIST_BINS; i++) {
            cum += vhist[i];
            if (cum >= target)
                break;
        }
        x_peak = hist_log2(i, 1);      /* the bin's upper edge: at or above its values */
    }

    /* Scene cuts: the distance 1 - sum(min(p, q)) between this frame's
     * luminance distribution (1 EV bins) and that of the last settled frame.
     * A pan or a change of light shifts part of the distribution; a cut
     * replaces most of it. */
    for (i = 0; i < TM_HIST_EVS; i++)
        cur[i] = 0;
    for (i = 0; i < TM_HIST_BINS; i++)
        cur[i / TM_HIST_PER_EV] += n ? (float)hist[i] / n : 0;
    if (t->have_state) {
        for (i = 0; i < TM_HIST_EVS; i++)
            dist += t->ref_hist[i] < cur[i] ? t->ref_hist[i] : cur[i];
        dist = 1 - dist;
    }

    /* Temporal smoothing. A frame beyond the cut distance is held for one
     * frame: if the next frame confirms it, it is a scene cut and the state is
     * reset; if not, it was a flash and is ignored. */
    if (!t->have_state || p->smooth <= 1) {
        t->s_peak  = x_peak;
        t->s_avg   = x_avg;
        t->pending = 0;
        memcpy(t->ref_hist, cur, sizeof(cur));
    } else if (p->cut > 0 && dist > p->cut) {
        if (t->pending) {
            t->s_peak  = x_peak;
            t->s_avg   = x_avg;
            t->pending = 0;
            memcpy(t->ref_hist, cur, sizeof(cur));
            cut = 1;
        } else {
            t->pending = 1;
        }
    } else {
        t->pending = 0;
        t->s_peak += (x_peak - t->s_peak) / p->smooth;
        t->s_avg  += (x_avg - t->s_avg) / p->smooth;
        memcpy(t->ref_hist, cur, sizeof(cur));
    }
    t->have_state = 1;
    t->dist = dist;

    ev   = p->exposure + (p->autoexposure ? log2(p->key) - t->s_avg : 0.0);
    peak = p->peak > 0 ? p->peak : exp2(t->s_peak);
    ev_scale   = exp2(ev);
    info->peak = (float)peak;
    peak *= ev_scale;
    /* A peak below display white is not expanded to it (inverse tone
     * mapping would turn the noise of a dark frame into white). The curve is
     * then built for a peak a little above white, TM_PEAK_FLOOR: libplacebo
     * takes a peak that equals white within its float tolerance as a range
     * to keep (identity, or for bt2446a another curve), while just above it
     * gives the curve's shape, so a peak that crossed white changed the
     * picture at once (bt2446a: scene 0.18 to 0.072 or 0.253 of white in
     * SDR; hable at a 4000-nit PQ display: scene 1.0 to 1.0 or 1.256). The
     * exposure is raised by the same small factor (at most TM_PEAK_FLOOR, a
     * gain of 0.0014 EV) so that a peak from white up to the floor still
     * reaches white. clip ignores the peak; ACES and AgX have a fixed white
     * (their LUT does not follow the peak). */
    white = t->px.out_max / t->in_scale;
    if (t->p.curve == TM_CURVE_ACES || t->p.curve == TM_CURVE_AGX) {
        peak = TM_MAX_SCENE;
    } else if (t->p.curve == TM_CURVE_CLIP) {
        peak = fmin(fmax(peak, white), TM_MAX_SCENE);
    } else if (peak < TM_PEAK_FLOOR * white) {
        double gain = TM_PEAK_FLOOR * white / fmax(peak, white);
        ev_scale *= gain;
        ev += log2(gain);
        peak = TM_PEAK_FLOOR * white;
    } else if (peak > TM_MAX_SCENE) {
        peak = TM_MAX_SCENE;
    }
    if ((float)peak != t->lut_peak)
        build_curve(t, (float)peak);
    t->px.ev_scale  = (float)(ev_scale * t->lut_scale);
    /* +Inf: the brightest value, at or beyond the knee (white) even where the
     * curve ignores the peak (ACES, AgX, clip) or the peak is below white */
    t->px.inf_value = (float)fmax(info->peak, t->knee / ev_scale);

    info->avg_lum   = (float)exp2(t->s_avg);
    info->exposure  = (float)ev;
    info->scene_cut = cut;
    info->distance  = dist;
    return 0;
}

/** Pixels processed together, as rows of planar float arrays. */
#define TM_CHUNK 256


TM_ALWAYS_INLINE void stats_body(const LavfxTonemap *t, const float *const src[4],
                                 const ptrdiff_t stride[4], int w, int y0, int y1, uint32_t *hist)
{
    /* four interleaved histograms of each kind, so that runs of equal bins
     * do not wait on each other's increments; one extra slot each for
     * discarded values */
    uint32_t h[2][4][TM_HIST_BINS + 1] = { { { 0 } } };
    int32_t bin[2][TM_CHUNK];
    float inv[TM_CHUNK];
    const TmPixelParams px = t->px;
    int x0, y, i, k;
    for (i = 0; i < TM_CHUNK; i++)
        inv[i] = 1.0f;
    for (y = y0; y < y1; y++) {
        const float *r = (const float *)((const uint8_t *)src[0] + y * stride[0]);
        const float *g = (const float *)((const uint8_t *)src[1] + y * stride[1]);
        const float *b = (const float *)((const uint8_t *)src[2] + y * stride[2]);
        const float *a = src[3] ? (const float *)((const uint8_t *)src[3] + y * stride[3]) : NULL;
        for (x0 = 0; x0 < w; x0 += TM_CHUNK, r += TM_CHUNK, g += TM_CHUNK, b += TM_CHUNK) {
            int m = w - x0 < TM_CHUNK ? w - x0 : TM_CHUNK;
            if (a)
                for (i = 0; i < m; i++)
                    inv[i] = tm_unpremultiply(tm_sanitize(a[x0 + i], 1.0f));   /* as the pixel pass */
            /* the curve's input value: tm_peak_value, one loop per mode */
            if (px.mode == TM_MODE_LUMINANCE)
                for (i = 0; i < m; i++)
                    bin[0][i] = bin[1][i] = tm_hist_bin(tm_luminance(px.lum_in, r[i] * inv[i],
                                                                     g[i] * inv[i], b[i] * inv[i]));
            else
                for (i = 0; i < m; i++) {
                    float R = r[i] * inv[i], G = g[i] * inv[i], B = b[i] * inv[i];
                    bin[0][i] = tm_hist_bin(tm_luminance(px.lum_in, R, G, B));
                    bin[1][i] = tm_hist_bin(tm_max_channel(px.m, R, G, B));
                }
            for (k = 0; k < 2; k++) {
                for (i = 0; i + 3 < m; i += 4) {
                    h[k][0][bin[k][i]]++;
                    h[k][1][bin[k][i + 1]]++;
                    h[k][2][bin[k][i + 2]]++;
                    h[k][3][bin[k][i + 3]]++;
                }
                for (; i < m; i++)
                    h[k][0][bin[k][i]]++;
            }
        }
    }
    for (k = 0; k < 2; k++)
        for (i = 0; i < TM_HIST_BINS; i++)
            hist[k * TM_HIST_BINS + i] += h[k][0][i] + h[k][1][i] + h[k][2][i] + h[k][3][i];
}

static void stats_c(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t stride[4],
                    int w, int y0, int y1, uint32_t *hist)
{
    stats_body(t, src, stride, w, y0, y1, hist);
}

#if TM_HAVE_AVX2
TM_TARGET_AVX2
static void stats_avx2(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t stride[4],
                       int w, int y0, int y1, uint32_t *hist)
{
    stats_body(t, src, stride, w, y0, y1, hist);
}
#endif

void lavfx_tonemap_stats(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t stride[4],
                         int w, int y0, int y1, uint32_t *hist)
{
#if TM_HAVE_AVX2
    if (t->avx2) {
        stats_avx2(t, src, stride, w, y0, y1, hist);
        return;
    }
#endif
    stats_c(t, src, stride, w, y0, y1, hist);
}

/* y[i] = tm_lut(lut, x[i]): the table lookups alone in a loop, everything
 * else of the pixel pass is in loops without lookups, so both vectorise
 * (this one where the target has gathers). */
TM_ALWAYS_INLINE void lut_row(const float *lut, const float *restrict x, float *restrict y, int n)
{
    int i;
    for (i = 0; i < n; i++)
        y[i] = tm_lut(lut, x[i]);
}

/* Gamut handling of n display-linear pixels, in place: desaturate or clip
 * into [., out_max] (one loop per choice, so each vectorises). */
TM_ALWAYS_INLINE void gamut_chunk(const TmPixelParams *px, float *restrict r, float *restrict g,
                                  float *restrict b, int n)
{
    int i;
    if (px->desaturate)
        for (i = 0; i < n; i++)
            tm_desaturate(px->lum, px->out_max, &r[i], &g[i], &b[i]);
    else
        for (i = 0; i < n; i++) {
            r[i] = tm_clip_white(r[i], px->out_max);
            g[i] = tm_clip_white(g[i], px->out_max);
            b[i] = tm_clip_white(b[i], px->out_max);
        }
}

/* Exposure, gamut matrix, curve and gamut handling of n pixels, in place:
 * scene values in, display-linear NORM values in [0, out_max] out. */
TM_ALWAYS_INLINE void map_chunk(const LavfxTonemap *t, float *restrict r, float *restrict g,
                                float *restrict b, int n)
{
    const TmPixelParams *px = &t->px;
    float v[TM_CHUNK], s[TM_CHUNK];
    int i;
    for (i = 0; i < n; i++)
        tm_expose(px->m, px->ev_scale, &r[i], &g[i], &b[i]);
    if (px->mode == TM_MODE_CHANNEL) {
        float *const c[3] = { r, g, b };
        int k;
        for (k = 0; k < 3; k++) {
            lut_row(t->curve, c[k], s, n);
            memcpy(c[k], s, n * sizeof(*s));
        }
    } else {
        if (px->mode == TM_MODE_MAXRGB)
            for (i = 0; i < n; i++)
                v[i] = tm_maxrgb(r[i], g[i], b[i]);
        else
            for (i = 0; i < n; i++)
                v[i] = tm_luminance(px->lum, r[i], g[i], b[i]);
        lut_row(t->curve, v, s, n);
        for (i = 0; i < n; i++) {
            float k = tm_curve_scale(v[i], s[i]);
            r[i] *= k;
            g[i] *= k;
            b[i] *= k;
        }
    }
    gamut_chunk(px, r, g, b, n);
    if (px->hlg) {                      /* tm_hlg_scene, its LUT read as a row */
        for (i = 0; i < n; i++)
            v[i] = tm_hlg_luminance(px->lum, r[i], g[i], b[i]);
        lut_row(t->encode + TM_LUT_ALLOC, v, s, n);
        for (i = 0; i < n; i++) {
            r[i] *= s[i];
            g[i] *= s[i];
            b[i] *= s[i];
        }
        /* beyond HLG's signal range (a saturated highlight): the gamut
         * handling again, on scene light (its luminance is kept) */
        gamut_chunk(px, r, g, b, n);
    }
}

/* Encodes (signal 0-1), dithers, quantises and stores n values of one
 * plane. dith: the row's 16 thresholds in [0, 1), repeated to 16 + TM_CHUNK. */
TM_ALWAYS_INLINE void store_chunk(const LavfxTonemap *t, const float *v, const float *dith,
                                  uint8_t *dst, int x0, int n, int encode)
{
    const float scale = (float)((1 << t->px.bits) - 1);
    const float *d = dith + (x0 & 15);
    float e[TM_CHUNK];
    int i;
    if (encode)
        lut_row(t->encode, v, e, n);
    else
        memcpy(e, v, n * sizeof(*e));
    if (t->px.bits == 8) {
        uint8_t *o = dst + x0;
        for (i = 0; i < n; i++)
            o[i] = (uint8_t)tm_quantize(e[i], scale, d[i]);
    } else {
        uint16_t *o = (uint16_t *)dst + x0;
        for (i = 0; i < n; i++)
            o[i] = (uint16_t)tm_quantize(e[i], scale, d[i]);
    }
}

TM_ALWAYS_INLINE void slice_body(const LavfxTonemap *t, const float *const src[4],
                                 const ptrdiff_t sstride[4], int w, int h, uint8_t *const dst[4],
                                 const ptrdiff_t dstride[4], int y0, int y1)
{
    const TmPixelParams *px = &t->px;
    float c[4][TM_CHUNK], dith[16 + TM_CHUNK], half[16 + TM_CHUNK];
    int ow, oh, x0, y, k, i;

    lavfx_tonemap_output_size(t, w, h, &ow, &oh);
    for (i = 0; i < 16 + TM_CHUNK; i++)
        half[i] = 0.5f;
    for (y = y0; y < y1; y++) {
        for (i = 0; i < 16 + TM_CHUNK; i++)
            dith[i] = px->dither ? tm_bayer16(i & 15, y) : 0.5f;
        for (x0 = 0; x0 < ow; x0 += TM_CHUNK) {
            int m = ow - x0 < TM_CHUNK ? ow - x0 : TM_CHUNK;
            for (k = 0; k < 4; k++) {
                const float inf = k < 3 ? px->inf_value : 1.0f;
                if (!src[k]) {
                    for (i = 0; i < m; i++)
                        c[k][i] = 1.0f;     /* opaque */
                } else if (!px->level) {
                    const float *row = (const float *)((const uint8_t *)src[k] + y * sstride[k]) + x0;
                    for (i = 0; i < m; i++)
                        c[k][i] = tm_sanitize(row[i], inf);
                } else {
                    for (i = 0; i < m; i++)
                        c[k][i] = tm_box(src[k], sstride[k], w, h, x0 + i, y, px->level, inf);
                }
            }
            /* EXR colour is premultiplied by alpha: tone-map straight colour
             * when the output keeps alpha (see lavfx_tonemap_slice) */
            if (src[3] && dst[3])
                for (i = 0; i < m; i++) {
                    float inv = tm_unpremultiply(c[3][i]);
                    c[0][i] *= inv;
                    c[1][i] *= inv;
                    c[2][i] *= inv;
                }
            map_chunk(t, c[0], c[1], c[2], m);
            for (k = 0; k < 4; k++)
                if (dst[k])
                    store_chunk(t, c[k], k < 3 ? dith : half, dst[k] + y * dstride[k], x0, m, k < 3 && px->encode);
        }
    }
}

static void slice_c(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t sstride[4],
                    int w, int h, uint8_t *const dst[4], const ptrdiff_t dstride[4], int y0, int y1)
{
    slice_body(t, src, sstride, w, h, dst, dstride, y0, y1);
}

#if TM_HAVE_AVX2
TM_TARGET_AVX2
static void slice_avx2(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t sstride[4],
                       int w, int h, uint8_t *const dst[4], const ptrdiff_t dstride[4], int y0, int y1)
{
    slice_body(t, src, sstride, w, h, dst, dstride, y0, y1);
}
#endif

void lavfx_tonemap_slice(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t sstride[4],
                         int w, int h, uint8_t *const dst[4], const ptrdiff_t dstride[4],
                         int y0, int y1)
{
#if TM_HAVE_AVX2
    if (t->avx2) {
        slice_avx2(t, src, sstride, w, h, dst, dstride, y0, y1);
        return;
    }
#endif
    slice_c(t, src, sstride, w, h, dst, dstride, y0, y1);
}

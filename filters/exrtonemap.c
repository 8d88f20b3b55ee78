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

/** Largest exposed scene value the curve LUT covers (the top of its range). */
#define TM_MAX_SCENE 65536.0f
/** Entries of the libplacebo LUT the curve LUT is resampled from. */
#define TM_PL_LUT_SIZE 1024
/** Histogram: bins per EV, and the bin of 2^-24. */
#define TM_HIST_PER_EV 8
/** Coarse (1 EV) bins the scene-cut test compares. */
#define TM_HIST_EVS    ((TM_HIST_BINS + TM_HIST_PER_EV - 1) / TM_HIST_PER_EV)
#define TM_HIST_BASE   ((uint32_t)(127 - 24) << 3)

struct LavfxTonemap {
    LavfxTonemapParams p;
    int configured;
    float m[9];             /**< input RGB -> output RGB (linear) */
    float lum_in[3];        /**< luminance (Y) of input RGB */
    float lum_out[3];       /**< luminance (Y) of output RGB */
    float in_scale;         /**< scene units -> libplacebo NORM units (1.0 = 203 nits) */
    float out_max;          /**< display-linear maximum, NORM units */
    float ratio[TM_LUT_SIZE];   /**< curve(x) / x over exposed scene units */
    float encode[TM_LUT_SIZE];  /**< display-linear (NORM) -> signal 0-1 */
    float lut_peak;         /**< exposed peak the ratio LUT was built for */
    float ev_scale;         /**< 2^EV of the current frame */
    float inf_value;        /**< what +Inf becomes (scene units, before exposure) */
    /* temporal state (log2 scene units) */
    int have_state, pending;
    double s_peak, s_avg;
    float ref_hist[TM_HIST_EVS];  /**< luminance distribution per EV of the last settled frame */
    float dist;
};

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

/* Display-linear NORM value -> signal, for the configured transfer. */
static double encode_value(const LavfxTonemap *t, double d)
{
    const LavfxTonemapParams *p = &t->p;
    d = d < 0 ? 0 : d > t->out_max ? t->out_max : d;
    switch (p->transfer) {
    case TM_TRC_SRGB:   return tm_srgb_oetf(d);
    case TM_TRC_BT1886: return tm_bt1886_inv_eotf(d);
    case TM_TRC_PQ:     return tm_pq_inv_eotf(d * PL_COLOR_SDR_WHITE / 10000.0);
    case TM_TRC_HLG:    /* display light -> scene light through the inverse
                         * BT.2100 OOTF (system gamma 1.2, on each channel) */
        return tm_hlg_oetf(pow(d * PL_COLOR_SDR_WHITE / p->display_peak, 1 / 1.2));
    default:            return d;
    }
}

int lavfx_tonemap_configure(LavfxTonemap *t, const LavfxTonemapParams *p)
{
    const struct pl_raw_primaries *in, *out;
    struct pl_matrix3x3 m, xyz;
    int i, j;

    if (p->curve < 0 || p->curve >= TM_CURVE_NB || p->mode < 0 || p->mode >= TM_MODE_NB ||
        p->transfer < 0 || p->transfer >= TM_TRC_NB || p->in_primaries < 0 ||
        p->in_primaries >= TM_PRIM_NB || p->out_primaries < 0 || p->out_primaries > TM_PRIM_P3D65 ||
        p->gamut < 0 || p->gamut >= TM_GAMUT_NB || (p->bits != 8 && p->bits != 10 &&
        p->bits != 12 && p->bits != 16) || p->level < 0 || p->level > 8 || p->peak < 0 ||
        !(p->percentile > 0 && p->percentile <= 100) || p->ref_white <= 0 || p->display_peak <= 0 ||
        p->smooth < 0 || p->key <= 0 || !isfinite(p->exposure) || !(p->cut >= 0))
        return -EINVAL;
    t->p = *p;

    out = raw_primaries(p->out_primaries);
    in  = raw_primaries(p->in_primaries);
    m   = in ? pl_get_color_mapping_matrix(in, out, PL_INTENT_RELATIVE_COLORIMETRIC)
             : pl_get_xyz2rgb_matrix(out);
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++)
            t->m[3 * i + j] = m.m[i][j];
    xyz = pl_get_rgb2xyz_matrix(out);
    for (j = 0; j < 3; j++)
        t->lum_out[j] = xyz.m[1][j];
    if (in) {
        xyz = pl_get_rgb2xyz_matrix(in);
        for (j = 0; j < 3; j++)
            t->lum_in[j] = xyz.m[1][j];
    } else {
        t->lum_in[0] = 0; t->lum_in[1] = 1; t->lum_in[2] = 0;   /* XYZ: Y itself */
    }

    if (p->transfer == TM_TRC_PQ || p->transfer == TM_TRC_HLG) {
        t->in_scale = p->ref_white / PL_COLOR_SDR_WHITE;
        t->out_max  = p->display_peak / PL_COLOR_SDR_WHITE;
    } else {
        t->in_scale = 1.0f;
        t->out_max  = 1.0f;
    }
    for (i = 0; i < TM_LUT_SIZE; i++)
        t->encode[i] = (float)encode_value(t, tm_lut_point(i));
    t->lut_peak   = -1;
    t->configured = 1;
    return 0;
}

void lavfx_tonemap_output_size(const LavfxTonemap *t, int w, int h, int *ow, int *oh)
{
    int n = t->p.level;
    *ow = (w + (1 << n) - 1) >> n;
    *oh = (h + (1 << n) - 1) >> n;
}

static inline int hist_bin(float y)
{
    uint32_t u;
    if (!(y > 0.0f))
        return -1;                     /* zero, negative, NaN */
    if (y >= 65536.0f)
        return TM_HIST_BINS - 1;       /* 2^16 and up, +Inf */
    u = tm_float_bits(y) >> 20;        /* exponent and 3 mantissa bits */
    return u < TM_HIST_BASE ? 0 : (int)(u - TM_HIST_BASE);
}

void lavfx_tonemap_stats(const LavfxTonemap *t, const float *const src[3], const ptrdiff_t stride[3],
                         int w, int y0, int y1, uint32_t *hist)
{
    int x, y;
    for (y = y0; y < y1; y++) {
        const float *r = (const float *)((const uint8_t *)src[0] + y * stride[0]);
        const float *g = (const float *)((const uint8_t *)src[1] + y * stride[1]);
        const float *b = (const float *)((const uint8_t *)src[2] + y * stride[2]);
        for (x = 0; x < w; x++) {
            int bin = hist_bin(t->lum_in[0] * r[x] + t->lum_in[1] * g[x] + t->lum_in[2] * b[x]);
            if (bin >= 0)
                hist[bin]++;
        }
    }
}

/* Curve at exposed scene value x, display-linear NORM units, for the given
 * exposed peak. pl_lut: libplacebo's LUT over PQ [0, pq_max]. */
static double curve_at(const LavfxTonemap *t, double x, const float *pl_lut, double pq_max)
{
    switch (t->p.curve) {
    case TM_CURVE_ACES: return t->out_max * tm_aces_fit(x);
    case TM_CURVE_AGX:  return t->out_max * tm_agx(x);
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
    double pq_max = tm_pq_inv_eotf(peak * t->in_scale * PL_COLOR_SDR_WHITE / 10000.0);
    int i;
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
            .output_max     = t->out_max,
        };
        pl_tone_map_generate(pl_lut, &par);
    }
    for (i = 0; i < TM_LUT_SIZE; i++) {
        double x = tm_lut_point(i);
        t->ratio[i] = (float)(curve_at(t, x, pl_lut, pq_max) / x);
    }
    t->lut_peak = peak;
}

float lavfx_tonemap_curve_value(const LavfxTonemap *t, float x)
{
    return x * tm_lut(t->ratio, x);
}

int lavfx_tonemap_frame_begin(LavfxTonemap *t, const uint32_t *hist, LavfxTonemapFrameInfo *info)
{
    const LavfxTonemapParams *p = &t->p;
    uint64_t n = 0, cum = 0;
    double sum = 0, x_peak = 0, x_avg = log2(p->key), ev, peak;
    float cur[TM_HIST_EVS], dist = 0;
    int i, cut = 0;

    if (!t->configured)
        return -EINVAL;
    for (i = 0; i < TM_HIST_BINS; i++) {
        n   += hist[i];
        sum += hist[i] * (i == TM_HIST_BINS - 1 ? 16.0 : -24.0 + (i + 0.5) / TM_HIST_PER_EV);
    }
    if (n) {
        uint64_t target = (uint64_t)ceil(p->percentile / 100.0 * n);
        x_avg = sum / n;
        for (i = 0; i < TM_HIST_BINS; i++) {
            cum += hist[i];
            if (cum >= target)
                break;
        }
        x_peak = i >= TM_HIST_BINS - 1 ? 16.0 : -24.0 + (double)(i + 1) / TM_HIST_PER_EV;
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
    t->ev_scale  = (float)exp2(ev);
    t->inf_value = (float)peak;
    peak *= t->ev_scale;
    /* A peak below display white is not expanded to it (inverse tone
     * mapping would turn the noise of a dark frame into white). */
    if (peak < t->out_max / t->in_scale)
        peak = t->out_max / t->in_scale;
    if (peak > TM_MAX_SCENE)
        peak = TM_MAX_SCENE;
    /* ACES and AgX have a fixed white: their LUT does not follow the peak */
    if (t->p.curve == TM_CURVE_ACES || t->p.curve == TM_CURVE_AGX)
        peak = TM_MAX_SCENE;
    if ((float)peak != t->lut_peak)
        build_curve(t, (float)peak);

    info->peak      = t->inf_value;
    info->avg_lum   = (float)exp2(t->s_avg);
    info->exposure  = (float)ev;
    info->scene_cut = cut;
    info->distance  = dist;
    return 0;
}

/** Pixels processed together, as rows of planar float arrays. */
#define TM_CHUNK 256

/* Exposure, gamut matrix, curve and gamut handling of n pixels, in place:
 * scene values in, display-linear NORM values in [0, out_max] out. */
static void map_chunk(const LavfxTonemap *t, float *restrict r, float *restrict g,
                      float *restrict b, int n)
{
    const float *m = t->m, e = t->ev_scale, top = t->out_max, lim = TM_MAX_SCENE;
    const float *lum = t->lum_out;
    int i;
    for (i = 0; i < n; i++) {
        /* scene values beyond the LUT range map like its end: clamp them */
        float R = r[i] * e, G = g[i] * e, B = b[i] * e;
        R = R < -lim ? -lim : R > lim ? lim : R;
        G = G < -lim ? -lim : G > lim ? lim : G;
        B = B < -lim ? -lim : B > lim ? lim : B;
        r[i] = m[0] * R + m[1] * G + m[2] * B;
        g[i] = m[3] * R + m[4] * G + m[5] * B;
        b[i] = m[6] * R + m[7] * G + m[8] * B;
    }
    switch (t->p.mode) {
    case TM_MODE_CHANNEL:
        for (i = 0; i < n; i++) {
            r[i] = r[i] < lim ? r[i] * tm_lut(t->ratio, r[i]) : lim * tm_lut(t->ratio, lim);
            g[i] = g[i] < lim ? g[i] * tm_lut(t->ratio, g[i]) : lim * tm_lut(t->ratio, lim);
            b[i] = b[i] < lim ? b[i] * tm_lut(t->ratio, b[i]) : lim * tm_lut(t->ratio, lim);
        }
        break;
    case TM_MODE_MAXRGB:
        for (i = 0; i < n; i++) {
            float v = r[i] > g[i] ? r[i] : g[i], s;
            v = v > b[i] ? v : b[i];
            /* above the LUT range the ratio falls as 1/v: the output holds */
            s = v > lim ? tm_lut(t->ratio, lim) * (lim / v) : tm_lut(t->ratio, v);
            r[i] *= s;
            g[i] *= s;
            b[i] *= s;
        }
        break;
    default:
        for (i = 0; i < n; i++) {
            float v = lum[0] * r[i] + lum[1] * g[i] + lum[2] * b[i];
            float s = v > lim ? tm_lut(t->ratio, lim) * (lim / v) : tm_lut(t->ratio, v);
            r[i] *= s;
            g[i] *= s;
            b[i] *= s;
        }
        break;
    }
    if (t->p.gamut == TM_GAMUT_DESATURATE) {
        for (i = 0; i < n; i++) {
            float lo = r[i] < g[i] ? r[i] : g[i], hi = r[i] > g[i] ? r[i] : g[i];
            float L, f = 1.0f;
            lo = lo < b[i] ? lo : b[i];
            hi = hi > b[i] ? hi : b[i];
            if (lo >= 0 && hi <= top)
                continue;
            /* blend toward the luminance L (clamped to range) just enough to
             * bring every channel into [0, top] */
            L = lum[0] * r[i] + lum[1] * g[i] + lum[2] * b[i];
            L = L < 0 ? 0 : L > top ? top : L;
            if (lo < 0 && L - lo > 0)
                f = L / (L - lo);
            if (hi > top && hi - L > 0 && (top - L) / (hi - L) < f)
                f = (top - L) / (hi - L);
            r[i] = L + f * (r[i] - L);
            g[i] = L + f * (g[i] - L);
            b[i] = L + f * (b[i] - L);
        }
    }
}

/* Encodes, dithers, quantises and stores n values of one plane. */
static void store_chunk(const LavfxTonemap *t, const float *restrict v, const float *restrict dith,
                        uint8_t *dst, int x0, int n, int encode)
{
    const int bits = t->p.bits, maxc = (1 << bits) - 1;
    const float scale = (float)maxc;
    int i;
    for (i = 0; i < n; i++) {
        float e = encode ? tm_lut(t->encode, v[i]) : (v[i] < 0 ? 0 : v[i] > 1 ? 1 : v[i]);
        int q = (int)(e * scale + dith[(x0 + i) & 15]);
        q = q < 0 ? 0 : q > maxc ? maxc : q;
        if (bits == 8)
            dst[x0 + i] = (uint8_t)q;
        else
            ((uint16_t *)dst)[x0 + i] = (uint16_t)q;
    }
}

void lavfx_tonemap_slice(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t sstride[4],
                         int w, int h, uint8_t *const dst[4], const ptrdiff_t dstride[4],
                         int y0, int y1)
{
    const int n = 1 << t->p.level;
    const int dither = t->p.dither && t->p.bits < 16;
    float c[4][TM_CHUNK], dith[16], half[16];
    int ow, oh, x0, y, k, i;

    lavfx_tonemap_output_size(t, w, h, &ow, &oh);
    for (i = 0; i < 16; i++)
        half[i] = 0.5f;
    for (y = y0; y < y1; y++) {
        for (i = 0; i < 16; i++)
            dith[i] = dither ? tm_bayer16(i, y) : 0.5f;
        for (x0 = 0; x0 < ow; x0 += TM_CHUNK) {
            int m = ow - x0 < TM_CHUNK ? ow - x0 : TM_CHUNK;
            for (k = 0; k < 4; k++) {
                const float inf = k < 3 ? t->inf_value : 1.0f;
                if (!src[k]) {
                    for (i = 0; i < m; i++)
                        c[k][i] = 1.0f;     /* opaque */
                } else if (n == 1) {
                    const float *row = (const float *)((const uint8_t *)src[k] + y * sstride[k]) + x0;
                    for (i = 0; i < m; i++)
                        c[k][i] = tm_sanitize(row[i], inf);
                } else {
                    /* linear-light box filter over 2^level blocks, clipped at edges */
                    for (i = 0; i < m; i++) {
                        int xs = (x0 + i) * n, xe = xs + n < w ? xs + n : w, ye = y * n + n < h ? y * n + n : h;
                        int j, q;
                        float sum = 0;
                        for (j = y * n; j < ye; j++) {
                            const float *row = (const float *)((const uint8_t *)src[k] + j * sstride[k]);
                            for (q = xs; q < xe; q++)
                                sum += tm_sanitize(row[q], inf);
                        }
                        c[k][i] = sum / ((xe - xs) * (ye - y * n));
                    }
                }
            }
            /* EXR colour is premultiplied by alpha: tone-map straight colour */
            if (src[3])
                for (i = 0; i < m; i++) {
                    float a = c[3][i], inv = a > 0 ? 1.0f / a : 0.0f;
                    c[0][i] *= inv;
                    c[1][i] *= inv;
                    c[2][i] *= inv;
                }
            map_chunk(t, c[0], c[1], c[2], m);
            for (k = 0; k < 4; k++)
                if (dst[k])
                    store_chunk(t, c[k], k < 3 ? dith : half, dst[k] + y * dstride[k], x0, m, k < 3);
        }
    }
}

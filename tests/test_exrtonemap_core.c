/*
 * unit tests of the exrtonemap core
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
 * Tests of the exrtonemap core against libplacebo (curves, matrices), the
 * standards (sRGB IEC 61966-2-1, BT.1886, SMPTE ST 2084, BT.2100 HLG), the
 * cited formulas (ACES fit, AgX), and for temporal behaviour, bad pixels,
 * MIP levels, alpha and slicing. Prints "N passed, M failed".
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libplacebo/tone_mapping.h>

#include "exrtonemap.h"
#include "tonemap_pixel.h"

#include "unit.h"

/* check_ab() with two numbers for the failure message */
static void check_ab(int ok, const char *name, const char *fmt, double a, double b)
{
    check(ok, name, fmt, a, b);
}

static LavfxTonemapParams defaults(void)
{
    LavfxTonemapParams p = {
        .curve = TM_CURVE_BT2390, .mode = TM_MODE_CHANNEL, .transfer = TM_TRC_SRGB,
        .ref_white = 203, .display_peak = 1000, .peak = 0, .percentile = 99.9,
        .exposure = 0, .autoexposure = 0, .key = 0.18f, .smooth = 0, .cut = 0.3f,
        .in_primaries = TM_PRIM_BT709, .out_primaries = TM_PRIM_BT709,
        .gamut = TM_GAMUT_CLIP, .dither = 0, .bits = 8, .level = 0,
    };
    return p;
}

/* Starts a frame whose histogram holds n pixels of luminance y. */
static LavfxTonemapFrameInfo frame_of(LavfxTonemap *t, float y, int n)
{
    static uint32_t hist[TM_HIST_SIZE];
    float r[1] = { y }, g[1] = { y }, b[1] = { y };
    const float *src[4] = { r, g, b, NULL };
    ptrdiff_t st[4] = { 4, 4, 4, 0 };
    LavfxTonemapFrameInfo info;
    int i;
    memset(hist, 0, sizeof(hist));
    for (i = 0; i < n; i++)
        lavfx_tonemap_stats(t, src, st, 1, 0, 1, hist);
    lavfx_tonemap_frame_begin(t, hist, &info);
    return info;
}

static void test_curves(void)
{
    static const struct { int curve; const struct pl_tone_map_function *f; } pl[] = {
        { TM_CURVE_CLIP, &pl_tone_map_clip }, { TM_CURVE_LINEAR, &pl_tone_map_linear },
        { TM_CURVE_REINHARD, &pl_tone_map_reinhard }, { TM_CURVE_HABLE, &pl_tone_map_hable },
        { TM_CURVE_MOBIUS, &pl_tone_map_mobius }, { TM_CURVE_BT2390, &pl_tone_map_bt2390 },
        { TM_CURVE_BT2446A, &pl_tone_map_bt2446a }, { TM_CURVE_SPLINE, &pl_tone_map_spline },
    };
    static const float peaks[] = { 1.5f, 8, 100, 2100 };
    char name[128];
    size_t c, k;
    for (c = 0; c < sizeof(pl) / sizeof(pl[0]); c++)
        for (k = 0; k < sizeof(peaks) / sizeof(peaks[0]); k++) {
            LavfxTonemap *t = lavfx_tonemap_alloc();
            LavfxTonemapParams p = defaults();
            double worst = 0, wx = 0, x;
            p.curve = pl[c].curve;
            p.peak  = peaks[k];
            lavfx_tonemap_configure(t, &p);
            frame_of(t, 0.18f, 1);
            for (x = 1e-4; x <= peaks[k] * 1.5; x *= 1.01) {
                struct pl_tone_map_params par = {
                    .function = pl[c].f, .input_scaling = PL_HDR_NORM, .output_scaling = PL_HDR_NORM,
                    .input_min = 0, .input_max = peaks[k], .output_min = 0, .output_max = 1,
                };
                double ref = pl_tone_map_sample((float)(x < peaks[k] ? x : peaks[k]), &par);
                double got = lavfx_tonemap_curve_value(t, (float)x);
                double d = fabs(tm_srgb_oetf(ref < 0 ? 0 : ref > 1 ? 1 : ref) * 255 -
                                tm_srgb_oetf(got < 0 ? 0 : got > 1 ? 1 : got) * 255);
                if (d > worst) {
                    worst = d;
                    wx = x;
                }
            }
            snprintf(name, sizeof(name), "curve %s peak %g == pl_tone_map_sample within 0.5 LSB (8-bit sRGB)",
                     lavfx_tonemap_curve_name(pl[c].curve), peaks[k]);
            check_ab(worst <= 0.5, name, "%.3f LSB at x = %g", worst, wx);
            lavfx_tonemap_free(&t);
        }
    for (c = TM_CURVE_ACES; c <= TM_CURVE_AGX; c++) {
        LavfxTonemap *t = lavfx_tonemap_alloc();
        LavfxTonemapParams p = defaults();
        double worst = 0, wx = 0, x;
        p.curve = (int)c;
        p.peak  = 16;
        lavfx_tonemap_configure(t, &p);
        frame_of(t, 0.18f, 1);
        for (x = 1e-4; x <= 64; x *= 1.01) {
            double ref = c == TM_CURVE_ACES ? tm_aces_fit(x) : tm_agx(x);
            double got = lavfx_tonemap_curve_value(t, (float)x);
            double d = fabs(tm_srgb_oetf(ref) * 255 - tm_srgb_oetf(got > 1 ? 1 : got) * 255);
            if (d > worst) {
                worst = d;
                wx = x;
            }
        }
        snprintf(name, sizeof(name), "curve %s == its formula within 0.5 LSB (8-bit sRGB)",
                 lavfx_tonemap_curve_name((int)c));
        check_ab(worst <= 0.5, name, "%.3f LSB at x = %g", worst, wx);
        lavfx_tonemap_free(&t);
    }
    /* the cited formulas at known points */
    check_ab(fabs(tm_aces_fit(0.18) - 0.18 * (2.51 * 0.18 + 0.03) / (0.18 * (2.43 * 0.18 + 0.59) + 0.14)) < 1e-12 &&
          tm_aces_fit(1e6) == 1.0, "ACES fit: formula and saturation", "%g %g", tm_aces_fit(0.18), 0);
    check_ab(tm_agx(0) < 1e-3 && tm_agx(1e9) > 0.99 && tm_agx(0.18) > 0.1 && tm_agx(0.18) < 0.3,
          "AgX: black, white and mid grey", "%g %g", tm_agx(0), tm_agx(0.18));
}

static void test_transfers(void)
{
    /* IEC 61966-2-1: breakpoint and white; ST 2084 table values; BT.2100 HLG */
    check_ab(fabs(tm_srgb_oetf(0.0031308) - 0.040449936) < 1e-6 && fabs(tm_srgb_oetf(1) - 1) < 1e-12 &&
          fabs(tm_srgb_oetf(0.5) - 0.735356983) < 1e-6, "sRGB OETF (IEC 61966-2-1)", "%.9f %.9f",
          tm_srgb_oetf(0.0031308), tm_srgb_oetf(0.5));
    check_ab(fabs(tm_bt1886_inv_eotf(0.5) - pow(0.5, 1 / 2.4)) < 1e-12, "BT.1886 inverse EOTF (gamma 2.4)",
          "%g %g", tm_bt1886_inv_eotf(0.5), 0);
    check_ab(fabs(tm_pq_inv_eotf(0.01) - 0.508078421) < 1e-6 && fabs(tm_pq_inv_eotf(0.1) - 0.751827) < 1e-6 &&
          fabs(tm_pq_inv_eotf(1) - 1) < 1e-9, "PQ inverse EOTF (ST 2084: 100, 1000, 10000 nits)",
          "%.9f %.9f", tm_pq_inv_eotf(0.01), tm_pq_inv_eotf(0.1));
    check_ab(fabs(tm_pq_eotf(tm_pq_inv_eotf(0.0123)) - 0.0123) < 1e-9, "PQ EOTF inverts the inverse EOTF",
          "%g %g", tm_pq_eotf(tm_pq_inv_eotf(0.0123)), 0.0123);
    check_ab(fabs(tm_hlg_oetf(1.0 / 12) - 0.5) < 1e-9 && fabs(tm_hlg_oetf(1) - 1) < 1e-6,
          "HLG OETF (BT.2100: 1/12 -> 0.5, 1 -> 1)", "%.9f %.9f", tm_hlg_oetf(1.0 / 12), tm_hlg_oetf(1));
}

/* Maps one pixel (r, g, b) through a configured t, 16-bit output, returns codes. */
static void map1(LavfxTonemap *t, float r, float g, float b, int out[3])
{
    float R[1] = { r }, G[1] = { g }, B[1] = { b };
    const float *src[4] = { R, G, B, NULL };
    ptrdiff_t ss[4] = { 4, 4, 4, 0 }, ds[4] = { 2, 2, 2, 0 };
    uint16_t o[3];
    uint8_t *dst[4] = { (uint8_t *)&o[0], (uint8_t *)&o[1], (uint8_t *)&o[2], NULL };
    int k;
    lavfx_tonemap_slice(t, src, ss, 1, 1, dst, ds, 0, 1);
    for (k = 0; k < 3; k++)
        out[k] = o[k];
}

static void test_matrices_and_pixels(void)
{
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    int o[3], k, worst = 0;
    double x;
    /* BT.709 -> BT.2020 in linear light: ITU-R BT.2087 Table 1 */
    static const double bt2087[3][3] = { { 0.6274, 0.3293, 0.0433 }, { 0.0691, 0.9195, 0.0114 },
                                         { 0.0164, 0.0880, 0.8956 } };
    double err = 0;
    p.curve = TM_CURVE_CLIP; p.peak = 1; p.transfer = TM_TRC_LINEAR; p.bits = 16;
    p.out_primaries = TM_PRIM_BT2020;
    lavfx_tonemap_configure(t, &p);
    frame_of(t, 0.5f, 1);
    for (k = 0; k < 3; k++) {
        int i;
        map1(t, k == 0, k == 1, k == 2, o);
        for (i = 0; i < 3; i++)
            err = fmax(err, fabs(o[i] / 65535.0 - bt2087[i][k]));
    }
    check_ab(err < 6e-4, "BT.709 -> BT.2020 matrix == BT.2087 (libplacebo colorspace)", "%g %g", err, 0);

    /* encode LUT against the exact sRGB formula, 16-bit codes */
    p = defaults();
    p.curve = TM_CURVE_CLIP; p.peak = 1; p.bits = 16;
    lavfx_tonemap_configure(t, &p);
    frame_of(t, 0.5f, 1);
    for (x = 1e-5; x <= 1; x *= 1.003) {
        int ref = (int)(tm_srgb_oetf(x) * 65535 + 0.5);
        map1(t, (float)x, (float)x, (float)x, o);
        worst = abs(o[0] - ref) > worst ? abs(o[0] - ref) : worst;
    }
    check_ab(worst <= 2, "sRGB encoding through the LUT within 2 codes at 16 bits", "%g codes %g", worst, 0);

    /* NaN, infinities and negatives */
    p = defaults();
    p.curve = TM_CURVE_HABLE; p.peak = 10;
    lavfx_tonemap_configure(t, &p);
    frame_of(t, 0.5f, 1);
    {
        float R[4] = { NAN, INFINITY, -INFINITY, -5 }, G[4] = { NAN, INFINITY, 0.5f, 0.5f }, B[4] = { 0, INFINITY, 0.5f, 0.5f };
        const float *src[4] = { R, G, B, NULL };
        ptrdiff_t ss[4] = { 16, 16, 16, 0 }, ds[4] = { 4, 4, 4, 0 };
        uint8_t o8[3][4];
        uint8_t *dst[4] = { o8[0], o8[1], o8[2], NULL };
        lavfx_tonemap_slice(t, src, ss, 4, 1, dst, ds, 0, 1);
        check_ab(o8[0][0] == 0 && o8[1][0] == 0, "NaN -> 0", "%g %g", o8[0][0], o8[1][0]);
        check_ab(o8[0][1] == 255 && o8[1][1] == 255 && o8[2][1] == 255, "+Inf -> peak (white)", "%g %g", o8[0][1], o8[2][1]);
        check_ab(o8[0][2] == 0 && o8[0][3] == 0 && o8[1][2] == o8[1][3], "-Inf and negatives -> clipped to 0",
              "%g %g", o8[0][2], o8[0][3]);
    }
    lavfx_tonemap_free(&t);
}

static void test_temporal(void)
{
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    LavfxTonemapFrameInfo in;
    int i, cuts = 0;
    float before;
    p.autoexposure = 1; p.smooth = 8; p.cut = 0.3f;
    lavfx_tonemap_configure(t, &p);
    for (i = 0; i < 10; i++)
        in = frame_of(t, 0.5f, 16);
    before = in.exposure;
    in = frame_of(t, 0.5f * 32, 16);                 /* one-frame flash, +5 EV */
    check_ab(in.exposure == before && !in.scene_cut, "a one-frame flash does not move the exposure",
          "%g vs %g", in.exposure, before);
    in = frame_of(t, 0.5f, 16);
    check_ab(in.exposure == before && !in.scene_cut, "after the flash, exposure as before", "%g vs %g",
          in.exposure, before);
    in = frame_of(t, 0.5f * 1.41f, 16);              /* +0.5 EV: smoothed, not a cut */
    check_ab(!in.scene_cut && in.exposure < before && in.exposure > before - 0.5f,
          "a 0.5 EV change is followed gradually", "%g (from %g)", in.exposure, before);
    for (i = 0; i < 2; i++) {                        /* a cut to -6 EV, held for 2 frames */
        in = frame_of(t, 0.5f / 64, 16);
        cuts += in.scene_cut;
    }
    check_ab(cuts == 1 && in.scene_cut && fabs(in.exposure - (log2(0.18) - log2(0.5 / 64))) < 0.2,
          "a lasting 6 EV change is a scene cut on its 2nd frame, state reset", "%g cuts, exposure %g", cuts,
          in.exposure);
    lavfx_tonemap_free(&t);
}

static void test_level_alpha_slices(void)
{
    enum { W = 37, H = 23 };
    static float R[W * H], G[W * H], B[W * H], A[W * H];
    static uint8_t o1[4][W * H], o2[4][W * H];
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    const float *src[4] = { R, G, B, A };
    ptrdiff_t ss[4] = { W * 4, W * 4, W * 4, W * 4 }, ds[4] = { W, W, W, W };
    uint8_t *d1[4] = { o1[0], o1[1], o1[2], o1[3] }, *d2[4] = { o2[0], o2[1], o2[2], o2[3] };
    uint32_t h1[TM_HIST_SIZE] = { 0 }, h2[TM_HIST_SIZE] = { 0 };
    LavfxTonemapFrameInfo info;
    int i, ow, oh, y;
    srand(1);
    for (i = 0; i < W * H; i++) {
        R[i] = (float)exp2((rand() % 2000) / 100.0 - 10);
        G[i] = R[i] * 0.7f;
        B[i] = R[i] * 0.3f;
        A[i] = (rand() % 256) / 255.0f;
    }
    p.dither = 1; p.autoexposure = 1; p.curve = TM_CURVE_HABLE;
    lavfx_tonemap_configure(t, &p);
    lavfx_tonemap_stats(t, src, ss, W, 0, H, h1);
    for (y = 0; y < H; y += 5)
        lavfx_tonemap_stats(t, src, ss, W, y, y + 5 < H ? y + 5 : H, h2);
    check_ab(!memcmp(h1, h2, sizeof(h1)), "statistics identical for any slicing", "%g %g", 0, 0);
    lavfx_tonemap_frame_begin(t, h1, &info);
    lavfx_tonemap_slice(t, src, ss, W, H, d1, ds, 0, H);
    for (y = 0; y < H; y += 3)
        lavfx_tonemap_slice(t, src, ss, W, H, d2, ds, y, y + 3 < H ? y + 3 : H);
    check_ab(!memcmp(o1, o2, sizeof(o1)), "output identical for any slicing", "%g %g", 0, 0);
    for (i = 0; i < W * H && o1[3][i] == (int)(A[i] * 255 + 0.5f); i++)
        ;
    check_ab(i == W * H, "alpha passes through (8-bit)", "pixel %g of %g", i, W * H);

    p.level = 2;
    lavfx_tonemap_configure(t, &p);
    lavfx_tonemap_output_size(t, W, H, &ow, &oh);
    check_ab(ow == 10 && oh == 6, "level=2 output size is ceil(size / 4)", "%g x %g", ow, oh);
    {   /* the level-2 pixel of a block equals mapping the block's mean
         * (premultiplied colour, and the output has no alpha: the mean
         * colour as it is, over black) */
        float r = 0, g = 0, b = 0, a = 0;
        int o[3], j, k;
        static uint8_t q[4][10 * 6];
        uint8_t *dq[4] = { q[0], q[1], q[2], NULL };
        ptrdiff_t dqs[4] = { 10, 10, 10, 0 };
        lavfx_tonemap_frame_begin(t, h1, &info);
        lavfx_tonemap_slice(t, src, ss, W, H, dq, dqs, 0, 6);
        for (j = 4; j < 8; j++)
            for (k = 4; k < 8; k++) {
                r += R[j * W + k] / 16;
                g += G[j * W + k] / 16;
                b += B[j * W + k] / 16;
                a += A[j * W + k] / 16;
            }
        check_ab(a > 0.1f, "the level-2 block has some alpha", "%g %g", a, 0);
        p.level = 0; p.dither = 0; p.bits = 16;
        lavfx_tonemap_configure(t, &p);
        lavfx_tonemap_frame_begin(t, h1, &info);
        map1(t, r, g, b, o);
        check_ab(abs(q[0][11] - o[0] / 257) <= 1, "level=2 box-filters in linear light before mapping",
              "%g vs %g", q[0][11], o[0] / 257);
    }
    lavfx_tonemap_free(&t);
}

/* Runs the whole frame (statistics, frame start, pixels) on n pixels of one
 * row: a = NULL for no input alpha; out[3] = NULL for no output alpha. */
static LavfxTonemapFrameInfo run_row(LavfxTonemap *t, const float *r, const float *g, const float *b,
                                     const float *a, int n, uint16_t *out[4])
{
    const float *src[4] = { r, g, b, a };
    ptrdiff_t ss[4] = { 4 * n, 4 * n, 4 * n, 4 * n }, ds[4] = { 2 * n, 2 * n, 2 * n, 2 * n };
    uint8_t *dst[4] = { (uint8_t *)out[0], (uint8_t *)out[1], (uint8_t *)out[2], (uint8_t *)out[3] };
    const float *sstats[4] = { r, g, b, out[3] ? a : NULL };   /* as the glue passes them */
    static uint32_t hist[TM_HIST_SIZE];
    LavfxTonemapFrameInfo info;
    memset(hist, 0, sizeof(hist));
    lavfx_tonemap_stats(t, sstats, ss, n, 0, 1, hist);
    lavfx_tonemap_frame_begin(t, hist, &info);
    lavfx_tonemap_slice(t, src, ss, n, 1, dst, ds, 0, 1);
    return info;
}

/* OpenEXR alpha: colour is premultiplied, and colour where alpha is 0 is
 * light that covers nothing. Without output alpha, the colour is mapped as
 * it is (the image over black); with it, colour is made straight, and kept
 * where alpha is 0. The statistics see what the pixel pass maps. */
static void test_alpha(void)
{
    float R[3] = { 0.3f, 2.0f, 0.15f }, G[3] = { 0.3f, 2.0f, 0.15f }, B[3] = { 0.3f, 2.0f, 0.15f };
    float A[3] = { 0.5f, 0.0f, 0.5f }, R2[3] = { 0.6f, 2.0f, 0.3f };
    static uint16_t o[4][3], q[4][3];
    uint16_t *with[4] = { o[0], o[1], o[2], o[3] }, *without[4] = { o[0], o[1], o[2], NULL };
    uint16_t *ref[4] = { q[0], q[1], q[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    LavfxTonemapFrameInfo i1, i2;
    p.bits = 16; p.peak = 4; p.curve = TM_CURVE_HABLE;
    lavfx_tonemap_configure(t, &p);

    run_row(t, R, G, B, A, 3, without);         /* premultiplied, no output alpha */
    run_row(t, R, G, B, NULL, 3, ref);          /* the same colour, no alpha at all */
    check_ab(!memcmp(o[0], q[0], sizeof(o[0])) && o[0][1] > 0, "no output alpha: premultiplied colour "
             "mapped as it is (alpha 0 with colour: light kept)", "%g vs %g", o[0][1], q[0][1]);

    run_row(t, R, G, B, A, 3, with);            /* straight, with output alpha */
    run_row(t, R2, R2, R2, NULL, 3, ref);
    check_ab(o[0][0] == q[0][0] && o[0][2] == q[0][2], "output alpha: colour made straight (0.3 at alpha 0.5 "
             "maps as 0.6)", "%g vs %g", o[0][0], q[0][0]);
    check_ab(o[0][1] == q[0][1] && o[0][1] > 0, "output alpha: colour where alpha is 0 is kept, not zeroed",
             "%g vs %g", o[0][1], q[0][1]);
    check_ab(o[3][0] == 32768 && o[3][1] == 0, "alpha copied", "%g %g", o[3][0], o[3][1]);

    /* the measured peak follows: 0.25 at alpha 1/8 is 2.0 straight */
    p = defaults();
    lavfx_tonemap_configure(t, &p);
    {
        float c[4] = { 0.25f, 0.25f, 0.25f, 0.25f }, a[4] = { 0.125f, 0.125f, 0.125f, 0.125f };
        i1 = run_row(t, c, c, c, a, 4, with);
        i2 = run_row(t, c, c, c, a, 4, without);
    }
    /* (a percentile is read at the upper edge of its bin: 9/8 of a power of two) */
    check_ab(i1.peak >= 2 && i1.peak <= 2.25f && i2.peak >= 0.25f && i2.peak <= 0.28125f,
             "the measured peak is of straight colour with output alpha, premultiplied without",
             "%g and %g", i1.peak, i2.peak);
    lavfx_tonemap_free(&t);
}

/* The measured peak is of the value the curve is applied to: the largest
 * channel in max-RGB and per-channel modes (so saturated colours are not
 * clipped), luminance in luminance mode; +Inf samples do not count. */
static void test_measured_peak(void)
{
    enum { N = 200 };
    static float R[N], G[N], B[N];
    static uint16_t o[3][N];
    uint16_t *out[4] = { o[0], o[1], o[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    LavfxTonemapFrameInfo info[3];
    int mode, i;
    for (i = 0; i < N; i++) {
        R[i] = G[i] = 0.01f;
        B[i] = 8.0f;
    }
    for (mode = 0; mode < 3; mode++) {
        p.mode = mode;
        lavfx_tonemap_configure(t, &p);
        info[mode] = run_row(t, R, G, B, NULL, N, out);
    }
    check_ab(info[TM_MODE_MAXRGB].peak >= 8 && info[TM_MODE_MAXRGB].peak <= 9 &&
             info[TM_MODE_CHANNEL].peak == info[TM_MODE_MAXRGB].peak,
             "max-RGB and per-channel modes measure the largest channel (blue 8.0)", "%g %g",
             info[TM_MODE_MAXRGB].peak, info[TM_MODE_CHANNEL].peak);
    check_ab(info[TM_MODE_LUMINANCE].peak > 0.5f && info[TM_MODE_LUMINANCE].peak < 0.7f,
             "luminance mode measures luminance (0.0722 x 8.0)", "%g %g", info[TM_MODE_LUMINANCE].peak, 0);
    p.mode = TM_MODE_MAXRGB; p.bits = 16;
    lavfx_tonemap_configure(t, &p);
    for (i = 0; i < N; i++)
        R[i] = G[i] = B[i] = 0.05f + 0.9f * i / N;
    info[0] = run_row(t, R, G, B, NULL, N, out);
    for (i = 0; i < N; i += 50)
        G[i] = INFINITY;
    info[1] = run_row(t, R, G, B, NULL, N, out);
    check_ab(info[0].peak == info[1].peak && info[0].peak < 1.1f, "+Inf samples do not set the peak",
             "%g with, %g without", info[1].peak, info[0].peak);
    check_ab(o[1][50] >= o[1][N - 1] && o[1][50] > 60000, "an +Inf sample is drawn at the peak",
             "%g, brightest finite %g", o[1][50], o[1][N - 1]);
    /* percentile=100 is at or above every pixel: the bins step evenly within
     * an octave, and the peak is read at its bin's upper edge (read as
     * log-spaced it fell 5% short: 12.4 and 12.8 above a peak of 12.34) */
    p = defaults();
    p.percentile = 100; p.mode = TM_MODE_MAXRGB;
    lavfx_tonemap_configure(t, &p);
    for (i = 0; i < N; i++)
        R[i] = G[i] = B[i] = i < 4 ? 12.0f + 0.2f * i + (i == 3 ? 0.2f : 0) : 0.18f;
    info[0] = run_row(t, R, G, B, NULL, N, out);
    check_ab(info[0].peak >= 12.8f && info[0].peak <= 14, "percentile=100: the peak is at or above every pixel",
             "peak %g, brightest 12.8 (%g)", info[0].peak, 0);
    lavfx_tonemap_free(&t);
}

/* Alpha +Inf is taken as 1 by the statistics as by the pixel pass (the
 * statistics took it as 0: colour times 1 / +Inf), NaN as 0 by both. */
static void test_alpha_inf_stats(void)
{
    enum { N = 64 };
    static float R[N], A[N], ONE[N];
    static uint16_t o[4][N];
    uint16_t *out[4] = { o[0], o[1], o[2], o[3] };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    LavfxTonemapFrameInfo a, b;
    int i;
    for (i = 0; i < N; i++) {
        R[i] = i < 8 ? 6.0f : 0.2f;
        A[i] = i < 8 ? INFINITY : 1.0f;
        ONE[i] = 1.0f;
    }
    p.percentile = 100; p.bits = 16;
    lavfx_tonemap_configure(t, &p);
    a = run_row(t, R, R, R, A, N, out);
    b = run_row(t, R, R, R, ONE, N, out);
    check_ab(a.peak == b.peak && a.peak >= 6, "alpha +Inf: the statistics take it as 1, as the pixel pass does",
             "peak %g with +Inf alpha, %g with 1", a.peak, b.peak);
    lavfx_tonemap_free(&t);
}

/* Highlights beyond the peak reach the top code exactly, at every dither
 * position and depth (libplacebo's LUT ends about 2e-5 short of white). */
static void test_white(void)
{
    enum { N = 256 };
    static float V[N];
    static uint16_t o[3][N];
    uint16_t *out[4] = { o[0], o[1], o[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    int depth, i, worst;
    for (i = 0; i < N; i++)
        V[i] = 10.0f;
    for (depth = 8; depth <= 16; depth += 2) {
        if (depth == 14)
            continue;
        p = defaults();
        p.curve = TM_CURVE_CLIP; p.peak = 1; p.dither = 1; p.bits = depth;
        p.transfer = depth == 16 ? TM_TRC_LINEAR : TM_TRC_SRGB;
        lavfx_tonemap_configure(t, &p);
        run_row(t, V, V, V, NULL, N, out);
        for (worst = 65535, i = 0; i < N; i++)
            worst = depth == 8 ? (((uint8_t *)o[1])[i] < worst ? ((uint8_t *)o[1])[i] : worst) : (o[1][i] < worst ? o[1][i] : worst);
        check(worst == (1 << depth) - 1, "clipped highlights reach the top code",
              "%d bits: lowest %d", depth, worst);
    }
    /* where the knee of the curve (a given peak off the LUT's 1/64 EV grid)
     * or display peak (PQ at 10000 nits, HLG: signal 1) falls between LUT
     * entries: the peak itself and everything above it still reach the top */
    for (depth = 8; depth <= 16; depth += 2) {
        /* value: the highlights' (white for clip), every other pixel 1000;
         * peak 0: measured (the bend then inside the curve's LUT). HLG's
         * case gives its peak: measured, it is the percentile's bin edge
         * (1024), above the pixels of 1000, where bt2390 is 6.4e-6 short of
         * white (a code at 12 bits at some dither positions; only
         * libplacebo's overshoot past white, now cut, reached it before) */
        static const struct { int curve, trc; float display_peak, peak, value; const char *name; } cases[] = {
            { TM_CURVE_HABLE,    TM_TRC_SRGB,   1000,  4.1f, 4.1f, "hable, peak=4.1" },
            { TM_CURVE_REINHARD, TM_TRC_SRGB,   1000,  7.3f, 7.3f, "reinhard, peak=7.3" },
            { TM_CURVE_BT2390,   TM_TRC_HLG,    1000,  1000, 1000, "HLG at 1000 nits, peak=1000" },
            { TM_CURVE_BT2390,   TM_TRC_PQ,     10000, 300,  300,  "PQ at 10000 nits, peak=300" },
            { TM_CURVE_CLIP,     TM_TRC_PQ,     10000, 0,    1000, "clip, PQ at 10000 nits" },
            { TM_CURVE_BT2446A,  TM_TRC_SRGB,   1000,  1.0f, 1.0f, "bt2446a, peak=1" },
            { TM_CURVE_HABLE,    TM_TRC_SRGB,   1000,  1.0f, 1.0f, "hable, peak=1" },
            { TM_CURVE_CLIP,     TM_TRC_SRGB,   1000,  0,    1.0f, "clip at 1.0 (reference white), peak measured" },
            { TM_CURVE_CLIP,     TM_TRC_BT1886, 1000,  0,    1.0f, "clip at 1.0, BT.1886, peak measured" },
        };
        int c;
        if (depth == 14)
            continue;
        for (c = 0; c < (int)(sizeof(cases) / sizeof(cases[0])); c++) {
            p = defaults();
            p.curve = cases[c].curve; p.transfer = cases[c].trc; p.display_peak = cases[c].display_peak;
            p.peak = cases[c].peak; p.dither = 1; p.bits = depth;
            lavfx_tonemap_configure(t, &p);
            for (i = 0; i < N; i++)
                V[i] = i & 1 ? 1000 : cases[c].value;
            run_row(t, V, V, V, NULL, N, out);
            for (worst = 65535, i = 0; i < N; i++)
                worst = depth == 8 ? (((uint8_t *)o[1])[i] < worst ? ((uint8_t *)o[1])[i] : worst) : (o[1][i] < worst ? o[1][i] : worst);
            check(worst == (1 << depth) - 1, "the peak and highlights reach the top code",
                  "%s, %d bits: lowest %d", cases[c].name, depth, worst);
        }
    }
    lavfx_tonemap_free(&t);
}

/* gamut=clip: channels past display white encode as display white. PQ at a
 * 1000-nit display peak (below signal 1): a saturated red from below to above
 * white (luminance mode: the curve sees its luminance, well below white)
 * gives codes that rise, then stay at the code of 1000 nits (they rose above
 * it, and fell back, on the encode LUT's segment past white). */
static void test_clip_past_white(void)
{
    enum { N = 512 };
    static float R[N], Z[N];
    static uint16_t o[3][N];
    uint16_t *out[4] = { o[0], o[1], o[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    const float white = 1000.0f / 203.0f;
    const int top = (int)lrint(65535 * tm_pq_inv_eotf(1000.0 / 10000));
    int i, rising = 1, at_white = 1, below = 0;
    for (i = 0; i < N; i++)
        R[i] = 4.5f + 1.5f * i / (N - 1);
    p.curve = TM_CURVE_CLIP; p.transfer = TM_TRC_PQ; p.mode = TM_MODE_LUMINANCE; p.bits = 16;
    lavfx_tonemap_configure(t, &p);
    run_row(t, R, Z, Z, NULL, N, out);
    for (i = 0; i < N; i++) {
        rising &= !i || o[0][i] >= o[0][i - 1];
        if (R[i] >= white)
            at_white &= o[0][i] == top;
        else
            below++;
    }
    check(rising && at_white && below > 10 && below < N - 10,
          "PQ, gamut=clip: channels past display white give its code, monotonic",
          "rising %d, all %d past white %d (%d below)", rising, top, at_white, below);
    lavfx_tonemap_free(&t);
}

/* HLG: the codes, decoded as a BT.2100 display does (inverse OETF, then the
 * OOTF on the scene luminance, BT.2020 weights), give back the display light
 * the curve made, for saturated colours too (the inverse OOTF acts on
 * luminance, not on each channel), at 1000 nits (gamma 1.2) and at 2000 and
 * 4000 nits (gamma by BT.2100's note and BT.2390's extension). */
static double hlg_inv_oetf_ref(double e)
{
    const double a = 0.17883277, b = 1 - 4 * a, c = 0.5 - a * log(4 * a);
    return e <= 0.5 ? e * e / 3 : (exp((e - c) / a) + b) / 12;
}

static void test_hlg_ootf(void)
{
    enum { N = 4 };
    static const float R[N] = { 2, 1, 0.2f, 0.05f }, G[N] = { 0.4f, 1, 2, 0.3f }, B[N] = { 0.4f, 1, 4, 0.01f };
    static const double peaks[3] = { 1000, 2000, 4000 };
    static uint16_t o[3][N];
    uint16_t *out[4] = { o[0], o[1], o[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    double worst = 0;
    int i, k, c;
    check_ab(fabs(lavfx_tonemap_hlg_gamma(1000) - 1.2) < 1e-12 &&
             fabs(lavfx_tonemap_hlg_gamma(2000) - (1.2 + 0.42 * log10(2))) < 1e-12 &&
             fabs(lavfx_tonemap_hlg_gamma(4000) - 1.2 * 1.111 * 1.111) < 1e-12,
             "HLG system gamma: 1.2 at 1000 nits, BT.2100's formula at 2000, BT.2390's at 4000",
             "%.6f %.6f", lavfx_tonemap_hlg_gamma(2000), lavfx_tonemap_hlg_gamma(4000));
    for (k = 0; k < 3; k++) {
        const double lw = peaks[k], g = lavfx_tonemap_hlg_gamma(lw);
        p = defaults();
        p.curve = TM_CURVE_CLIP; p.transfer = TM_TRC_HLG; p.display_peak = (float)lw; p.bits = 16;
        p.in_primaries = p.out_primaries = TM_PRIM_BT2020;
        lavfx_tonemap_configure(t, &p);
        run_row(t, R, G, B, NULL, N, out);
        for (i = 0; i < N; i++) {
            const float want[3] = { R[i], G[i], B[i] };    /* display light, 1.0 = 203 nits */
            double e[3], ys, fd;
            for (c = 0; c < 3; c++)
                e[c] = hlg_inv_oetf_ref(o[c][i] / 65535.0);
            ys = 0.2627 * e[0] + 0.6780 * e[1] + 0.0593 * e[2];
            for (c = 0; c < 3; c++) {
                fd = lw * pow(ys, g - 1) * e[c] / 203;
                worst = fmax(worst, fabs(fd - want[c]) / want[c]);
            }
        }
    }
    check(worst < 1e-3, "HLG: codes decode (BT.2100 OOTF on luminance) to the display light, saturated too",
          "worst relative error %.5f", worst);
    /* an ACES AP0 blue whose BT.2020 luminance is negative (AP0's blue
     * primary has a negative Y), gamut=clip: its blue is kept, not blacked
     * out by a factor of a luminance <= 0 */
    {
        static const float ap0[3] = { 0.05f, 0.05f, 1.0f };
        p = defaults();
        p.curve = TM_CURVE_CLIP; p.transfer = TM_TRC_HLG; p.bits = 16; p.peak = 1;
        p.in_primaries = TM_PRIM_ACES_AP0; p.out_primaries = TM_PRIM_BT2020; p.mode = TM_MODE_MAXRGB;
        lavfx_tonemap_configure(t, &p);
        run_row(t, ap0, ap0 + 1, ap0 + 2, NULL, 1, out);
        check(o[2][0] > 30000, "HLG: a colour of negative luminance (AP0 blue in BT.2020) keeps its blue",
              "codes %d %d %d", o[0][0], o[1][0], o[2][0]);
    }
    /* a red at 4x reference white: beyond what HLG carries at 1000 nits (a
     * pure red reaches about 765 nits); gamut=desaturate keeps its displayed
     * luminance (0.2627 * 4 * 203 nits), clip does not (per channel) */
    for (k = 0; k < 2; k++) {
        static const float red[3] = { 4, 0, 0 };
        const double g = lavfx_tonemap_hlg_gamma(1000), want = 0.2627 * 4 * 203;
        double e[3], ys, yd;
        p = defaults();
        p.curve = TM_CURVE_CLIP; p.transfer = TM_TRC_HLG; p.bits = 16;
        p.in_primaries = p.out_primaries = TM_PRIM_BT2020;
        p.gamut = k ? TM_GAMUT_CLIP : TM_GAMUT_DESATURATE;
        lavfx_tonemap_configure(t, &p);
        run_row(t, red, red + 1, red + 2, NULL, 1, out);
        for (c = 0; c < 3; c++)
            e[c] = hlg_inv_oetf_ref(o[c][0] / 65535.0);
        ys = 0.2627 * e[0] + 0.6780 * e[1] + 0.0593 * e[2];
        yd = 1000 * pow(ys, g);
        check(k ? fabs(yd / want - 1) > 0.03 : fabs(yd / want - 1) < 0.01,
              k ? "HLG, gamut=clip: a red beyond HLG's range is clipped per channel (luminance lost)"
                : "HLG, gamut=desaturate: a red beyond HLG's range keeps its displayed luminance",
              "%.1f nits, want %.1f (codes %d %d %d)", yd, want, o[0][0], o[1][0], o[2][0]);
    }
    lavfx_tonemap_free(&t);
}

/* The curve follows the peak continuously where the peak crosses display
 * white: libplacebo takes a peak equal to white as a range to keep, which
 * for bt2446a (and hable, reinhard at some PQ display peaks) is another
 * curve than just above it. Scene 0.18 and 1.0 at 16 bits, peaks from just
 * below to just above white: neighbouring peaks give codes within 0.1%. */
static void test_peak_at_white(void)
{
    static const int curves[] = { TM_CURVE_HABLE, TM_CURVE_REINHARD, TM_CURVE_BT2446A, TM_CURVE_BT2390,
                                  TM_CURVE_MOBIUS, TM_CURVE_SPLINE, TM_CURVE_LINEAR };
    static const struct { int trc; float display_peak; } outs[] = {
        { TM_TRC_LINEAR, 1000 }, { TM_TRC_PQ, 1000 }, { TM_TRC_PQ, 4000 }, { TM_TRC_PQ, 8000 },
    };
    static const double ks[] = { 0.99, 0.9999, 1.0, 1.00001, 1.0001, 1.0005, 1.001, 1.0011, 1.002 };
    static const float V[2] = { 0.18f, 1.0f };
    static uint16_t o[3][2];
    uint16_t *out[4] = { o[0], o[1], o[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    int c, d, k, i, worst = 0, last[2] = { 0, 0 };
    char where[96] = "";
    for (c = 0; c < (int)(sizeof(curves) / sizeof(curves[0])); c++)
        for (d = 0; d < (int)(sizeof(outs) / sizeof(outs[0])); d++)
            for (k = 0; k < (int)(sizeof(ks) / sizeof(ks[0])); k++) {
                LavfxTonemapParams p = defaults();
                float white = outs[d].trc == TM_TRC_PQ ? outs[d].display_peak / 203 : 1;
                p.curve = curves[c]; p.transfer = outs[d].trc; p.display_peak = outs[d].display_peak;
                p.bits = 16; p.peak = (float)(white * ks[k]);
                lavfx_tonemap_configure(t, &p);
                run_row(t, V, V, V, NULL, 2, out);
                for (i = 0; i < 2; i++) {
                    if (k && abs(o[1][i] - last[i]) > worst) {
                        worst = abs(o[1][i] - last[i]);
                        snprintf(where, sizeof(where), "%s, trc %d at %g nits, peak %g x white, scene %g",
                                 lavfx_tonemap_curve_name(curves[c]), outs[d].trc, outs[d].display_peak, ks[k], V[i]);
                    }
                    last[i] = o[1][i];
                }
            }
    check(worst <= 66, "the curve is continuous where the peak crosses display white",
          "a jump of %d codes of 65535 (%s)", worst, where);
    {   /* the floor's gain is in the exposure reported; absurd exposures refused */
        LavfxTonemapParams p = defaults();
        LavfxTonemapFrameInfo info;
        int refused;
        p.curve = TM_CURVE_HABLE; p.peak = 0.5f;
        lavfx_tonemap_configure(t, &p);
        info = run_row(t, V, V, V, NULL, 2, out);
        p.exposure = -200;
        refused = lavfx_tonemap_configure(t, &p) == -EINVAL;
        check(fabs(info.exposure - log2(1.001)) < 1e-5 && refused,
              "a peak below white: the exposure reported includes the floor's 0.0014 EV; exposure -200 refused",
              "exposure %.6f, refused %d", info.exposure, refused);
    }
    lavfx_tonemap_free(&t);
}

/* Monotonic output: a logarithmic grey ramp from 1e-7 to 1e5 at 16 bits
 * (linear, no dither, peak 1000) never steps back, in every mode, for the
 * curves that flatten into white slowly. (With a LUT of curve(x) / x, x times
 * the interpolated ratio overshot between entries: 288 steps back for agx.) */
static void test_monotonic(void)
{
    enum { N = 4096 };
    static const struct { int curve; float param; } cs[] = {
        { TM_CURVE_AGX, 0 }, { TM_CURVE_REINHARD, 0.99f }, { TM_CURVE_MOBIUS, 0 }, { TM_CURVE_BT2390, 0.5f },
        { TM_CURVE_HABLE, 0 }, { TM_CURVE_SPLINE, 0 }, { TM_CURVE_BT2446A, 0 }, { TM_CURVE_ACES, 0 },
    };
    static float V[N];
    static uint16_t o[3][N];
    uint16_t *out[4] = { o[0], o[1], o[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    int c, mode, i, back = 0;
    char where[64] = "";
    for (i = 0; i < N; i++)
        V[i] = (float)pow(10, -7 + 12.0 * i / (N - 1));
    for (c = 0; c < (int)(sizeof(cs) / sizeof(cs[0])); c++)
        for (mode = 0; mode < TM_MODE_NB; mode++) {
            LavfxTonemapParams p = defaults();
            p.curve = cs[c].curve; p.param = cs[c].param; p.mode = mode; p.peak = 1000;
            p.bits = 16; p.transfer = TM_TRC_LINEAR;
            lavfx_tonemap_configure(t, &p);
            run_row(t, V, V, V, NULL, N, out);
            for (i = 1; i < N; i++)
                if (o[1][i] < o[1][i - 1]) {
                    if (!back++)
                        snprintf(where, sizeof(where), "%s mode %d at %g: %d after %d",
                                 lavfx_tonemap_curve_name(cs[c].curve), mode, V[i], o[1][i], o[1][i - 1]);
                }
        }
    check(!back, "16-bit output is monotonic on a grey ramp, every mode, curves that flatten into white",
          "%d steps back, first: %s", back, where);
    lavfx_tonemap_free(&t);
}

/* +Inf is the brightest value: the code of the curve's top, also for the
 * curves that ignore the peak (ACES, AgX), clip (white at 1.0 whatever the
 * peak) and a peak below white. */
static void test_inf_white(void)
{
    static const struct { int curve; float peak; } cases[] = {
        { TM_CURVE_ACES, 0 }, { TM_CURVE_AGX, 0 }, { TM_CURVE_CLIP, 0.5f }, { TM_CURVE_BT2390, 0 },
        { TM_CURVE_HABLE, 0.25f },
    };
    enum { N = 1002 };  /* Inf, 20 (beyond every curve's knee), then 0.1: the measured peak */
    static float v[N];
    static uint16_t o[3][N];
    uint16_t *out[4] = { o[0], o[1], o[2], NULL };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    int c, i;
    v[0] = INFINITY;
    v[1] = 20;
    for (i = 2; i < N; i++)
        v[i] = 0.1f;
    for (c = 0; c < (int)(sizeof(cases) / sizeof(cases[0])); c++) {
        LavfxTonemapParams p = defaults();
        char name[96];
        p.curve = cases[c].curve; p.peak = cases[c].peak; p.bits = 16; p.transfer = TM_TRC_LINEAR;
        lavfx_tonemap_configure(t, &p);
        run_row(t, v, v, v, NULL, N, out);
        snprintf(name, sizeof(name), "+Inf maps to the curve's top (%s, peak %s)",
                 lavfx_tonemap_curve_name(cases[c].curve), cases[c].peak ? "given" : "measured, low");
        /* the top's code, to one code: AgX's top, 0.99688, falls on a half
         * code at 16 bits (65330.5), where float rounding picks the code */
        check(o[1][0] <= o[1][1] && o[1][0] + 1 >= o[1][1] && o[1][0] > o[1][2], name,
              "Inf %d, 20 %d, 0.1 %d", o[1][0], o[1][1], o[1][2]);
    }
    lavfx_tonemap_free(&t);
}

/* param: libplacebo's range of the curve's parameter; refused outside it,
 * ignored by curves without one. */
static void test_param_range(void)
{
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    float lo, def, hi;
    int has = lavfx_tonemap_param_range(TM_CURVE_REINHARD, &lo, &def, &hi);
    check(has && lo > 0 && hi < 1 && def >= lo && def <= hi, "reinhard's parameter range (libplacebo)",
          "%d: %g..%g default %g", has, lo, hi, def);
    p.curve = TM_CURVE_REINHARD; p.param = 100;
    check(lavfx_tonemap_configure(t, &p) == -EINVAL, "reinhard param=100 refused", "%d", 0);
    p.param = 0.5f;
    check(lavfx_tonemap_configure(t, &p) == 0, "reinhard param=0.5 accepted", "%d", 0);
    p.curve = TM_CURVE_HABLE; p.param = 5;
    check(!lavfx_tonemap_param_range(TM_CURVE_HABLE, &lo, &def, &hi) &&
          lavfx_tonemap_configure(t, &p) == 0, "hable takes no parameter (ignored)", "%d", 0);
    check(!lavfx_tonemap_param_range(TM_CURVE_ACES, &lo, &def, &hi), "aces takes no parameter", "%d", 0);
    lavfx_tonemap_free(&t);
}

/* The histogram bins of chosen values (8 per EV from 2^-24, overflow bin
 * from 2^16, nothing for zero, negatives, +-Inf and NaN), one pixel at a
 * time; a grey pixel lands in the same bin of both histograms. */
static void test_histogram_bins(void)
{
    static const struct { float y; int bin; } v[] = {
        { 1.0f, 24 * 8 }, { 1.1f, 24 * 8 }, { 1.2f, 24 * 8 + 1 }, { 0.5f, 23 * 8 },
        { 1.0f / (1 << 24), 0 }, { 1e-30f, 0 }, { 65535.0f, TM_HIST_BINS - 2 },
        { 65536.0f, TM_HIST_BINS - 1 }, { 1e30f, TM_HIST_BINS - 1 }, { INFINITY, -1 },
        { 0.0f, -1 }, { -0.0f, -1 }, { -1.0f, -1 }, { -INFINITY, -1 }, { NAN, -1 },
    };
    LavfxTonemap *t = lavfx_tonemap_alloc();
    LavfxTonemapParams p = defaults();
    size_t i;
    lavfx_tonemap_configure(t, &p);
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        uint32_t hist[TM_HIST_SIZE] = { 0 }, sum[2] = { 0, 0 };
        float px[1] = { v[i].y };
        const float *src[4] = { px, px, px, NULL };
        ptrdiff_t st[4] = { 4, 4, 4, 0 };
        int j, k, got[2] = { -1, -1 };
        lavfx_tonemap_stats(t, src, st, 1, 0, 1, hist);
        for (k = 0; k < 2; k++)
            for (j = 0; j < TM_HIST_BINS; j++) {
                sum[k] += hist[k * TM_HIST_BINS + j];
                if (hist[k * TM_HIST_BINS + j])
                    got[k] = j;
            }
        check(sum[0] == (v[i].bin >= 0) && got[0] == v[i].bin, "histogram bin of one value",
              "%g: bin %d (count %u), expected %d", v[i].y, got[0], sum[0], v[i].bin);
        check(sum[1] == sum[0] && got[1] == got[0], "grey: the peak histogram's bin is the luminance's",
              "%g: bin %d (count %u) against %d", v[i].y, got[1], sum[1], got[0]);
    }
    lavfx_tonemap_free(&t);
}

/* The AVX2 and the baseline builds of the pixel passes give the same bits,
 * for every mode, curve family, gamut handling, depth, level and alpha, on
 * values from deep shadows to beyond the LUT range, negatives, NaN and Inf. */
static void test_simd_builds_agree(void)
{
    enum { W = 301, H = 7 };   /* a width that is no multiple of the chunk or vector size */
    static float R[W * H], G[W * H], B[W * H], A[W * H];
    static uint16_t o[2][4][W * H];
    const float *src[4] = { R, G, B, A };
    ptrdiff_t ss[4] = { W * 4, W * 4, W * 4, W * 4 }, ds[4] = { W * 2, W * 2, W * 2, W * 2 };
    int i, k, cfg, differ = 0, runs = 0;
    uint32_t seed = 7;
    for (i = 0; i < W * H; i++) {
        float *c[4] = { R, G, B, A };
        for (k = 0; k < 4; k++) {
            seed = seed * 1664525u + 1013904223u;
            c[k][i] = (float)exp2((seed >> 8) % 4000 / 100.0 - 28) * ((seed & 7) == 0 ? -1 : 1);
        }
        A[i] = (float)((seed >> 12) % 300) / 256 - 0.1f;
    }
    R[3] = NAN; G[5] = INFINITY; B[7] = -INFINITY; R[11] = 1e38f; A[13] = NAN; A[17] = 0;
    for (cfg = 0; cfg < 48; cfg++) {
        uint32_t hist[2][TM_HIST_SIZE] = { { 0 } };
        int simd;
        for (simd = 0; simd < 2; simd++) {
            LavfxTonemap *t = lavfx_tonemap_alloc();
            LavfxTonemapParams p = defaults();
            LavfxTonemapFrameInfo info;
            uint8_t *dst[4];
            p.mode = cfg % 3;
            p.curve = cfg / 3 % 2 ? TM_CURVE_HABLE : TM_CURVE_BT2390;
            p.gamut = cfg / 6 % 2;
            p.bits = cfg / 12 % 2 ? 16 : 8;
            p.transfer = p.bits == 16 ? TM_TRC_PQ : TM_TRC_SRGB;
            p.dither = 1;
            p.level = cfg / 24;
            p.in_primaries = TM_PRIM_ACESCG;
            p.out_primaries = cfg % 2 ? TM_PRIM_BT709 : TM_PRIM_BT2020;
            p.simd = simd ? TM_SIMD_NONE : TM_SIMD_AUTO;
            for (k = 0; k < 4; k++)
                dst[k] = (uint8_t *)o[simd][k];
            src[3] = cfg % 4 == 3 ? NULL : A;
            lavfx_tonemap_configure(t, &p);
            lavfx_tonemap_stats(t, src, ss, W, 0, H, hist[simd]);
            lavfx_tonemap_frame_begin(t, hist[simd], &info);
            memset(o[simd], 0, sizeof(o[simd]));
            lavfx_tonemap_slice(t, src, ss, W, H, dst, ds, 0, H);
            lavfx_tonemap_free(&t);
        }
        runs++;
        differ += memcmp(o[0], o[1], sizeof(o[0])) != 0 || memcmp(hist[0], hist[1], sizeof(hist[0])) != 0;
    }
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    if (!__builtin_cpu_supports("avx2"))
        printf("note: this CPU has no AVX2: both runs used the baseline build\n");
#endif
    check(differ == 0, "AVX2 and baseline builds: identical statistics and output bits",
          "%d of %d configurations differ", differ, runs);
}

/* R'G'B' to limited-range Y'CbCr (the CUDA NV12/P010 output): codes of
 * BT.709 and BT.2020 colour bars (ITU-R BT.709-6 / BT.2020-2 formulas). */
static void test_ycbcr(void)
{
    static const struct { float kr, kb; int bits; float rgb[3]; int want[3]; } v[] = {
        { 0.2126f, 0.0722f,  8, { 1, 1, 1 }, { 235, 128, 128 } },
        { 0.2126f, 0.0722f,  8, { 0, 0, 0 }, {  16, 128, 128 } },
        { 0.2126f, 0.0722f,  8, { 1, 0, 0 }, {  63, 102, 240 } },
        { 0.2126f, 0.0722f,  8, { 0, 0, 1 }, {  32, 240, 118 } },
        { 0.2627f, 0.0593f, 10, { 1, 1, 1 }, { 940, 512, 512 } },
        { 0.2627f, 0.0593f, 10, { 1, 0, 0 }, { 294, 387, 960 } },
        { 0.2627f, 0.0593f, 10, { 0, 1, 0 }, { 658, 189, 100 } },
        { 0.2126f, 0.0722f,  8, { 2, -1, 0.5f }, { 16, 219, 240 } },  /* out of range: clamped */
        { 0.2126f, 0.0722f,  8, { NAN, NAN, NAN }, { 16, 128, 128 } },  /* NaN: black */
    };
    size_t i;
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        int got[3];
        tm_ycbcr_limited(v[i].kr, v[i].kb, v[i].bits, v[i].rgb[0], v[i].rgb[1], v[i].rgb[2], 0.5f, got);
        check(got[0] == v[i].want[0] && got[1] == v[i].want[1] && got[2] == v[i].want[2],
              "Y'CbCr limited-range codes", "case %zu: %d %d %d, expected %d %d %d", i,
              got[0], got[1], got[2], v[i].want[0], v[i].want[1], v[i].want[2]);
    }
}

int main(void)
{
    test_transfers();
    test_curves();
    test_matrices_and_pixels();
    test_temporal();
    test_level_alpha_slices();
    test_histogram_bins();
    test_alpha();
    test_measured_peak();
    test_alpha_inf_stats();
    test_white();
    test_inf_white();
    test_clip_past_white();
    test_hlg_ootf();
    test_peak_at_white();
    test_monotonic();
    test_param_range();
    test_simd_builds_agree();
    test_ycbcr();
    return unit_summary();
}

/*
 * stroke_raster.h: its three ways of rendering give the same bytes
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
 * stroke_raster.h promises the same bytes whether a stroke's pixels are
 * kept as a list (SR_SPANS 0: what the CUDA kernels compile), as row spans
 * (SR_SPANS 1) or as row spans with the SSE2 row loops (SR_SIMD 1: the CPU's
 * default). tests/stroke_raster_paths.c is built once per way; this renders
 * the same strokes with each (random walks like the benchmark's, segments
 * across and beyond the frame, dots, zero-length and axis-aligned segments,
 * segments too long for the SSE2 rows) for every pixel layout, both AA
 * modes and pens from 0.3 to 23 px wide (both sides of sr_isqrt_sse2's bound), on frames from 5 to 300 pixels,
 * and compares every byte. Then the strokerender core's renderer, as built,
 * against the pixel list on the core's own layout.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strokerender.h"
#include "stroke_raster.h"
#include "stroke_raster_paths.h"
#include "unit.h"

#define MAX_POINTS 400

static uint32_t rng_state = 2463534242u;

static uint32_t rnd(void)          /* xorshift32 */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static int32_t rnd_in(int32_t lo, int32_t hi)   /* [lo, hi] */
{
    return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}

/* Fills points [0, n) of one stroke of kind k for a w x h frame (Q8). */
static void make_stroke(int32_t *xy, int n, int k, int w, int h)
{
    int i;
    int32_t x = rnd_in(0, w * 256), y = rnd_in(0, h * 256);
    int32_t step = (w > h ? w : h) * 256 / 24 + 64;
    for (i = 0; i < n; i++) {
        switch (k) {
        case 0:     /* random walk */
            x += rnd_in(-step, step);
            y += rnd_in(-step, step);
            break;
        case 1:     /* anywhere, also well outside the frame */
            x = rnd_in(-w * 128, w * 384);
            y = rnd_in(-h * 128, h * 384);
            break;
        case 2:     /* short steps, repeated points, axis-aligned runs */
            if (rnd() % 3 == 0)
                x += rnd_in(-300, 300);
            else if (rnd() % 2 == 0)
                y += rnd_in(-300, 300);
            else if (rnd() % 2 == 0)
                x += rnd_in(-2, 2), y += rnd_in(-700, 700);
            break;
        default:    /* nearly horizontal or vertical long lines */
            if (i % 2)
                x = rnd_in(-512, w * 256 + 512), y += rnd_in(-40, 40);
            else
                y = rnd_in(-512, h * 256 + 512), x += rnd_in(-40, 40);
            break;
        }
        xy[2 * i]     = x;
        xy[2 * i + 1] = y;
    }
}

/*
 * lavfx_stroke_render as the library was built, in each of its builds the
 * CPU runs (lavfx_stroke_canvas_set_simd: AVX-512, AVX2, baseline), against
 * the pixel list (CUDA's bookkeeping) on the same layout: random walks and
 * dots in the 0-256 input square, 1-8 strokes, every pixel format, both AA
 * modes, three widths, fit none and box, palette colours, a translucent ink.
 */
static void test_library(void)
{
    static const double widths[] = { 0.6, 2, 5.5 };
    static const int fmts[] = { LAVFX_STROKE_GRAY, LAVFX_STROKE_RGB24, LAVFX_STROKE_RGBA };
    static int ends[CASE_MAX_STROKES];
    static float fxy[CASE_MAX_STROKES * MAX_POINTS * 2];
    static int32_t pts[CASE_MAX_STROKES * MAX_POINTS * 2];
    static const char *const names[] = { "AVX-512", "AVX2", "baseline" };
    LavfxStrokeCanvas *canvas = lavfx_stroke_canvas_alloc(224, 224);
    int fi, wi, aa, img, lv, same[3] = { 1, 1, 1 }, images = 0, drawn = 0, failed = 0, have[3];

    for (lv = 0; lv < 3; lv++)     /* the builds this library and CPU have */
        have[lv] = canvas && lavfx_stroke_canvas_set_simd(canvas, lv) == lv;
    for (fi = 0; fi < 3; fi++)
        for (wi = 0; wi < 3; wi++)
            for (aa = 0; aa < 2; aa++)
                for (img = 0; img < 20 && canvas; img++) {
                    LavfxStrokeStyle st = { .w = img % 2 ? 224 : 64, .h = img % 3 ? 64 : 97,
                                            .pix_fmt = fmts[fi], .linewidth = widths[wi], .aa = aa,
                                            .color = { 20, 40, 60, img % 4 ? 255 : 140 },
                                            .bg = { 250, 240, 230, 255 }, .colormode = LAVFX_STROKE_PALETTE,
                                            .pad = 2, .fit = img % 2 ? LAVFX_STROKE_FIT_BOX : LAVFX_STROKE_FIT_NONE };
                    LavfxStrokeDrawing d = { .stroke_end = ends, .xy = fxy };
                    StrokeCase sc = { .w = st.w, .h = st.h, .ncomp = st.pix_fmt, .aa = aa, .xy = pts };
                    size_t nb = (size_t)st.w * st.h * st.pix_fmt, i;
                    uint8_t *a[3] = { malloc(nb), malloc(nb), malloc(nb) }, *b = malloc(nb), bg[4];
                    uint8_t colour[CASE_MAX_STROKES * 4];
                    int s, n;
                    float x = 128, y = 128;
                    d.nb_strokes = 1 + (int)(rnd() % CASE_MAX_STROKES);
                    for (s = 0; s < d.nb_strokes; s++) {
                        n = img % 5 == 4 ? 1 : 2 + (int)(rnd() % (MAX_POINTS / 4));
                        for (i = 0; i < (size_t)n; i++) {
                            x += (float)rnd_in(-1200, 1200) / 100;
                            y += (float)rnd_in(-1200, 1200) / 100;
                            x = x < 0 ? 0 : x > 255 ? 255 : x;
                            y = y < 0 ? 0 : y > 255 ? 255 : y;
                            fxy[2 * (d.nb_points + i)]     = x;
                            fxy[2 * (d.nb_points + i) + 1] = y;
                        }
                        d.nb_points += n;
                        ends[s] = d.nb_points;
                    }
                    for (lv = 0; lv < 3; lv++)
                        if (!a[lv] || (have[lv] && (lavfx_stroke_canvas_set_simd(canvas, lv) != lv ||
                            lavfx_stroke_render(canvas, &d, &st, a[lv], (ptrdiff_t)st.w * st.pix_fmt) < 0)))
                            failed = 1;
                    if (failed || !b || lavfx_stroke_layout(&d, &st, pts, colour) < 0) {
                        failed = 1;
                    } else {
                        lavfx_stroke_background(&st, bg);
                        for (i = 0; i < nb; i++)
                            b[i] = bg[i % st.pix_fmt];
                        sc.r = lavfx_stroke_pen_r(&st);
                        sc.nb_strokes = d.nb_strokes;
                        for (s = 0; s < d.nb_strokes; s++) {
                            sc.stroke_end[s] = ends[s];
                            memcpy(sc.color[s], colour + 4 * s, 4);
                        }
                        if (render_list(&sc, b, 1))
                            failed = 1;
                        for (lv = 0; lv < 3; lv++)
                            same[lv] &= !have[lv] || !memcmp(a[lv], b, nb);
                        for (i = 0; i < nb; i++)
                            drawn += b[i] != bg[i % st.pix_fmt];
                        images++;
                    }
                    for (lv = 0; lv < 3; lv++)
                        free(a[lv]);
                    free(b);
                }
    lavfx_stroke_canvas_free(&canvas);
    for (lv = 0; lv < 3; lv++) {
        char what[120];
        snprintf(what, sizeof(what), "lavfx_stroke_render's %s build gives the pixel list's bytes: 360 images",
                 names[lv]);
        if (!have[lv] && lv < 2)
            printf("skipped: %s (this library or CPU has no %s build)\n", what, names[lv]);
        else
            check(!failed && same[lv] && images == 360 && drawn > 0, what,
                  "failed: %d, bytes differ: %d, images: %d, bytes drawn: %d", failed, !same[lv], images, drawn);
    }
}

/* A long segment stays on its line: a 29000 px segment whose visible part
 * lies 14000 px from its start (cut into pieces by sr_line; drawn whole, the
 * Q14 unit vector put it 0.48 px off there). Per column of a 1024x64 canvas,
 * the ink's centre of mass against the exact line; every way of drawing
 * gives the same bytes. */
static void test_long_segment(void)
{
    enum { W = 1024, H = 64 };
    static uint8_t img[3][W * H];
    static const int32_t xy[4] = { -14000 * 256, (int32_t)(20.3 * 256), 15000 * 256, (int32_t)(40.7 * 256) };
    StrokeCase sc = { .w = W, .h = H, .ncomp = 1, .r = 256, .aa = 1, .nb_strokes = 1, .stroke_end = { 2 },
                      .color = { { 255, 0, 0, 255 } }, .xy = xy };
    double worst = 0;
    int x, y, k, failed = 0;
    for (k = 0; k < 3; k++)
        failed |= (k == 0 ? render_list : k == 1 ? render_spans : render_spans_simd)(&sc, img[k], 1);
    for (x = 0; x < W; x++) {
        double sum = 0, my = 0, cx = x + 0.5, line;
        for (y = 0; y < H; y++) {
            sum += img[2][y * W + x];
            my  += img[2][y * W + x] * (y + 0.5);
        }
        line = (xy[1] + (cx * 256 - xy[0]) * (double)(xy[3] - xy[1]) / (xy[2] - xy[0])) / 256;
        worst = fmax(worst, sum > 0 ? fabs(my / sum - line) : 99);
    }
    check(!failed && worst < 0.02 && !memcmp(img[0], img[1], sizeof(img[0])) && !memcmp(img[0], img[2], sizeof(img[0])),
          "a 29000 px segment, 14000 px from its start: ink within 0.02 px of the line, same bytes every way",
          "failed %d, worst %.4f px", failed, worst);
}

#if SR_SIMD
/* sr_isqrt_sse2, on both sides of its bound, gives sr_isqrt42's floor(sqrt):
 * every dd below m^2 for the largest m of the single-precision path, and for
 * the double path dd = k^2 - 1, k^2, k^2 + 1 for every k up to m. */
static void test_isqrt_sse2(void)
{
    static const int32_t ms[] = { 2895, 2896, 32255 };
    int mi, bad = 0;
    int64_t n = 0;
    for (mi = 0; mi < 3; mi++) {
        int32_t m = ms[mi], got[4], i;
        int64_t k, dd, last = (int64_t)m * m - 1;
        for (k = 0; k < m; k++) {
            int64_t lo = mi ? k * k - 1 : k * k, hi = mi ? k * k + 1 : (k + 1) * (k + 1) - 1;
            for (dd = lo < 0 ? 0 : lo; dd <= hi && dd <= last; dd += 4) {
                int32_t v[4];
                for (i = 0; i < 4; i++)
                    v[i] = (int32_t)(dd + i <= last ? dd + i : last);
                _mm_storeu_si128((__m128i *)got, sr_isqrt_sse2(_mm_loadu_si128((const __m128i *)v), m));
                for (i = 0; i < 4; i++)
                    bad += got[i] != sr_isqrt42(v[i]);
                n += 4;
            }
        }
    }
    check(!bad && n > 8000000, "sr_isqrt_sse2: floor(sqrt) in single precision below m = 2896, double above",
          "%d of %lld square roots wrong", bad, (long long)n);
}
#endif

int main(void)
{
    static const int sizes[][2] = { { 64, 64 }, { 224, 224 }, { 7, 5 }, { 15, 16 }, { 33, 200 }, { 300, 97 } };
    static const int32_t radii[] = { 40, 128, 256, 300, 700, 2600, 2714, 3000 };
    static const int layouts[] = { 1, 3, 4 };
    static int32_t xy[CASE_MAX_STROKES * MAX_POINTS * 2];
    int li, ri, aa, img;

    for (li = 0; li < 3; li++)
        for (aa = 1; aa >= 0; aa--)
            for (ri = 0; ri < (int)(sizeof(radii) / sizeof(radii[0])); ri++) {
                int same = 1, cleared = 1, images = 0, pixels = 0;
                char what[160];
                for (img = 0; img < 30; img++) {
                    const int *sz = sizes[img % 6];
                    StrokeCase sc = { .w = sz[0], .h = sz[1], .ncomp = layouts[li],
                                      .r = radii[ri], .aa = aa };
                    size_t nb = (size_t)sc.w * sc.h * sc.ncomp, i;
                    uint8_t *base = malloc(nb), *out[4];
                    int s, first = 0, ret[4], w, lanes = (int[]){ 2, 3, 8, 32 }[img % 4];
                    sc.nb_strokes = 1 + (int)(rnd() % CASE_MAX_STROKES);
                    for (s = 0; s < sc.nb_strokes; s++) {
                        int n = img % 4 == 3 ? 1 + (int)(rnd() % 3) : 1 + (int)(rnd() % (MAX_POINTS / 4));
                        if (img % 6 == 1 && s == 0)
                            n = 100;        /* the benchmark's kind of drawing */
                        make_stroke(xy + 2 * first, n, (img + s) % 4, sc.w, sc.h);
                        sc.stroke_end[s] = first += n;
                        for (i = 0; i < 4; i++)
                            sc.color[s][i] = (uint8_t)rnd();
                        if (rnd() % 2)
                            sc.color[s][3] = 255;
                    }
                    sc.xy = xy;
                    for (i = 0; i < nb && base; i++)
                        base[i] = img % 2 ? (uint8_t)rnd() : 0;
                    for (w = 0; w < 4; w++)
                        out[w] = base ? malloc(nb) : NULL;
                    if (!base || !out[0] || !out[1] || !out[2] || !out[3]) {
                        printf("out of memory\n");
                        return 1;
                    }
                    for (w = 0; w < 4; w++)
                        memcpy(out[w], base, nb);
                    ret[0] = render_list(&sc, out[0], 1);
                    ret[1] = render_spans(&sc, out[1], 1);
                    ret[2] = render_spans_simd(&sc, out[2], 1);
                    ret[3] = render_list(&sc, out[3], lanes);   /* the GPU's split of the rows */
                    if (ret[0] < 0 || ret[1] < 0 || ret[2] < 0 || ret[3] < 0) {
                        printf("out of memory\n");
                        return 1;
                    }
                    cleared &= !ret[0] && !ret[1] && !ret[2] && !ret[3];
                    if (memcmp(out[0], out[1], nb) || memcmp(out[0], out[2], nb) || memcmp(out[0], out[3], nb))
                        same = 0;
                    for (i = 0; i < nb; i++)
                        pixels += out[0][i] != base[i];
                    images++;
                    for (w = 0; w < 4; w++)
                        free(out[w]);
                    free(base);
                }
                snprintf(what, sizeof(what), "%d bytes/pixel, aa=%d, half width %d/256 px: %d images the same "
                         "as a pixel list, row spans, SSE2 rows and rows shared by 2, 3, 8 or 32 threads", layouts[li], aa, (int)radii[ri], images);
                check(same && cleared && pixels > 0, what, "bytes differ: %d, inks left: %d, bytes drawn: %d",
                      !same, !cleared, pixels);
            }
#if SR_SIMD
    test_isqrt_sse2();
#endif
    test_library();
    test_long_segment();
    return unit_summary();
}

/*
 * strokerender: antialiased polylines with round caps and joins
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
 * The rasterizer of strokerender, shared by the C core and (later) CUDA
 * kernels: integer and fixed-point only, no libc calls, no globals.
 *
 * A stroke of width w is the union of capsules, one per segment: every
 * point within w/2 of the polyline. Round caps and round joins are then
 * not special cases. For a pixel the renderer takes the distance d from
 * its centre to the nearest point of a segment and the direction of that
 * nearest point (the segment's normal, or the radius of a cap), and gives
 * it the exact area of the unit pixel square that lies inside a straight
 * edge at distance w/2 - d with that normal (a piecewise quadratic in d,
 * "box-filtered half-plane"); for thin strokes the far edge is subtracted
 * too. These areas come from two tables per pen (SrLut: body and cap, by
 * distance in 1/256 px and by the normal's angle in 33 steps of its
 * tangent), so a pixel costs a few additions and one table read; a cap
 * pixel adds a square root and a division.
 *
 * Within one stroke a pixel keeps two inks (coverage and direction, SrInk):
 * the strongest, and the strongest from a direction more than 45 degrees
 * away; when the stroke is done, each pixel it touched gets the union of
 * its inks (sr_union) composited "over" the image, once, and its inks are
 * cleared. Strokes are composited one after the other, as Cairo strokes
 * each path.
 *
 * Only pixels whose centre is within w/2 + 0.71 px of a segment are visited:
 * per segment, per row, the span of the segment's part in the row's band.
 *
 * Which pixels a stroke touched is kept in one of two ways (SR_SPANS), with
 * the same bytes out: a list of the pixels (CUDA: one thread walks it), or
 * per row the columns the stroke's segments visited, composited a row at a
 * time over loops the compiler vectorises (the CPU's default), with a list
 * only of the few pixels that hold two inks, whose union is made first.
 *
 * Coordinates are Q8 fixed point (1/256 pixel), pixel (x, y) covering
 * [x, x + 1) x [y, y + 1), its centre at x + 0.5. Callers keep coordinates
 * within +-2^22 (16384 pixels) and half widths below 2^20 (4096 pixels).
 */

#ifndef STROKE_RASTER_H
#define STROKE_RASTER_H

#include <stddef.h>

#include "lavfx_math.h"

/** 1: SrCanvas.touched holds row spans and the pixels with two inks; 0: the
 *  list of touched pixels (see SrCanvas). The same bytes either way. */
#ifndef SR_SPANS
#ifdef __CUDACC__
#define SR_SPANS 0
#else
#define SR_SPANS 1
#endif
#endif

/** 1 (the CPU's default where SSE2 is, x86-64; needs SR_SPANS): sr_segment
 *  takes the pixels of a row 4 at a time (sr_row_sse2) and sr_composite gray
 *  rows 16 at a time (sr_over_gray_sse2), the same inks and bytes as the
 *  pixel loops (0: those loops, as CUDA); SrCanvas.ink then needs SR_INK_PAD
 *  entries past w * h (read, and written back as they were) and
 *  SrCanvas.touched 4 more past its w * h + 2 h (SR_INK_PAD is enough). */
#ifndef SR_SIMD
#if !defined(__CUDACC__) && defined(__SSE2__) && SR_SPANS
#define SR_SIMD 1
#else
#define SR_SIMD 0
#endif
#endif
/** 1 (with SR_SPANS 0, the GPU's way): SrCanvas.row0 and row_step choose
 *  the rows drawn, so that several threads can share an image; 0 (the
 *  CPU's, one thread per image): every row, with nothing to pay for it. */
#ifndef SR_ROW_SPLIT
#define SR_ROW_SPLIT (!SR_SPANS)
#endif

#if SR_SIMD && !SR_SPANS
#error "SR_SIMD needs SR_SPANS"
#endif
#define SR_INK_PAD 8
#if SR_SIMD
#include <emmintrin.h>
#endif

/** Pixel layouts: bytes per pixel; 4 is RGBA with straight (not
 *  premultiplied) alpha in the last byte. */
#define SR_GRAY 1
#define SR_RGB  3
#define SR_RGBA 4

/** Angle steps of the coverage tables: the normal's angle off the nearest
 *  axis, by its tangent lo / hi in steps of 1 / SR_STEPS (0 .. 45 degrees). */
#define SR_STEPS 32
#define SR_BINS (SR_STEPS + 1)
/** Distances per angle step in the coverage tables (Q8, from an offset). */
#define SR_LUT_W 368

/**
 * The current stroke's inks in one pixel, 0: not touched. Bits 0-7: the
 * coverage (0-255) of the strongest ink, 8-15: its direction from the ink
 * towards the pixel centre, as an angle in 1/256 turn (0: +x, 64: +y);
 * bits 16-23 and 24-31: the same for another side's ink (coverage 0: none).
 */
typedef uint32_t SrInk;

/** Coverage 0-255 by distance and angle for one pen (sr_lut_init). */
typedef struct SrLut {
    int32_t r, aa;      /**< the pen the tables are for */
    int32_t off_body;   /**< Q8 distance of body[][0] */
    int32_t off_cap;    /**< Q8 distance of cap[][0] */
    uint8_t body[SR_BINS][SR_LUT_W];    /**< segment sides: straight edges */
    uint8_t cap[SR_BINS][SR_LUT_W];     /**< caps: edges of a circle */
    uint8_t at[SR_BINS];                /**< each step's angle off the axis, 1/256 turn */
    int8_t cs[256];                     /**< cosine (Q7, +-127) of an angle in 1/256 turn */
    uint16_t wmax[256], wsum[256];      /**< sr_union's weights (Q8) by that angle */
    int32_t same_k;     /**< cs[k] >= 90 exactly for (k + same_k) & 255 <= 2 same_k
                             (-1: not so) */
} SrLut;

/** One output image and the per-pixel scratch a stroke needs. */
typedef struct SrCanvas {
    uint8_t *data;      /**< first byte of the first pixel */
    ptrdiff_t stride;   /**< bytes between rows of data */
    int32_t w, h;       /**< pixels */
    int32_t ncomp;      /**< SR_GRAY, SR_RGB or SR_RGBA */
    SrInk *ink;         /**< w * h, all zero between strokes (sr_polyline leaves
                             them so) */
    int32_t *touched;   /**< SR_SPANS 0: w * h entries, the pixels (y << 16 | x)
                             the stroke inked; SR_SPANS 1: 2 h + w * h entries,
                             all zero before the first stroke: per row y the
                             columns [touched[2y], touched[2y + 1]) that may
                             hold ink (0, 0: none), then the pixels with two
                             inks */
    int32_t nb_touched; /**< pixels in that list (0 between strokes) */
    int32_t row0;       /**< SR_ROW_SPLIT: the rows this canvas draws: row0, */
    int32_t row_step;   /**< row0 + row_step, ... (0 and 1: all). The GPU gives each
                             of an image's threads its own rows (0 <= row0 < row_step)
                             and touched list: every pixel gets the same inks in the
                             same order */
} SrCanvas;

/** How a stroke is drawn. */
typedef struct SrPen {
    int32_t r;          /**< half the line width, Q8 (128 = 1 px wide line) */
    int32_t aa;         /**< 1: analytic coverage; 0: a pixel is inked when its
                             centre is within r of the polyline */
    uint8_t color[4];   /**< first ncomp bytes; for RGBA the 4th is opacity,
                             for gray and RGB color[3] scales the coverage */
    const SrLut *lut;   /**< tables made by sr_lut_init for this r and aa */
} SrPen;

/** v / 255 rounded to nearest, for 0 <= v <= 255 * 255. */
LAVFX_INLINE int32_t sr_div255(int32_t v)
{
    v += 128;
    return (v + (v >> 8)) >> 8;
}

/**
 * Area (Q16, 65536 = the whole pixel) of the unit pixel square on the inner
 * side of a straight edge whose signed distance from the pixel centre is t
 * (Q8, positive: the centre is inside). a >= b >= 0 are the absolute values
 * of the edge normal's components (Q14, a^2 + b^2 = 1); ia = 2^30 / a and
 * iab = 2^47 / (a b), or 0 when b < 64 (then the edge is taken as axis
 * aligned: b = 0 and the area is linear in t).
 */
LAVFX_INLINE int32_t sr_edge_area(int32_t t, int32_t a, int32_t b, int32_t ia, int64_t iab)
{
    int32_t h = (a + b) >> 7, k = (a - b) >> 7;   /* Q8 half widths */
    int64_t u;
    if (t >= h)
        return 65536;
    if (t <= -h)
        return 0;
    if (t > k) {
        u = h - t;
        return 65536 - (int32_t)((u * u * iab) >> 20);
    }
    if (t < -k) {
        u = h + t;
        return (int32_t)((u * u * iab) >> 20);
    }
    return 32768 + (int32_t)(((int64_t)t * ia) >> 8);
}

/** a, b, ia, iab of sr_edge_area for the normal (vx, vy) of length len
 *  (any common units, len > 0). */
LAVFX_INLINE void sr_edge_params(int64_t vx, int64_t vy, int64_t len,
                                 int32_t *a, int32_t *b, int32_t *ia, int64_t *iab)
{
    int64_t ax = vx < 0 ? -vx : vx, ay = vy < 0 ? -vy : vy;
    int64_t hi = ax > ay ? ax : ay, lo = ax > ay ? ay : ax;
    int32_t A = (int32_t)((hi * 16384 + len / 2) / len), B = (int32_t)((lo * 16384 + len / 2) / len);
    if (A > 16384)
        A = 16384;
    if (A < 11585)       /* rounding: a >= 1/sqrt(2) always */
        A = 11585;
    if (B < 64) {
        B = 0;
        *iab = 0;
    } else {
        *iab = ((int64_t)1 << 47) / ((int64_t)A * B);
    }
    *a  = A;
    *b  = B;
    *ia = (int32_t)(((int64_t)1 << 30) / A);
}

/**
 * Coverage 0-255 of a pixel whose centre is at distance d (Q8) from the
 * polyline (half width r, Q8; aa as in SrPen), nearest-point direction
 * given by the edge parameters. bend
 * (Q8) is subtracted from the edge distance where the edge is a circle
 * (caps): a circle of radius r curves away from its tangent by x^2 / 2r,
 * which over a pixel's width loses 1 / 24r of its area.
 */
LAVFX_INLINE int32_t sr_coverage(int32_t r, int32_t aa, int32_t d, int32_t a, int32_t b,
                                 int32_t ia, int64_t iab, int32_t bend)
{
    int32_t c;
    if (!aa)
        return d <= r ? 255 : 0;
    c = sr_edge_area(r - d - bend, a, b, ia, iab);
    if (r + d < ((a + b) >> 7))         /* thin stroke: the far edge cuts too */
        c += sr_edge_area(r + d, a, b, ia, iab) - 65536;
    if (c <= 0)
        return 0;
    return (c * 255 + 32768) >> 16;
}

/**
 * The union of two inks in one pixel of coverage a and b (0-255), with the
 * weights (Q8) wmax and wsum of the angle between their directions (from
 * the ink towards the pixel centre; SrLut): pr = 1 - (1 - a)(1 - b), plus
 * wmax of the way to max(a, b), plus wsum of the way to min(a + b, 1).
 * Inks from the same side (angles under 45 degrees) overlap: the larger
 * (wmax 1); at right angles 1 - (1 - a)(1 - b), exact for two perpendicular
 * edges; from opposite sides they cover disjoint parts: the sum (wsum 1);
 * linear in the cosine in between. b = 0 gives a. No branches.
 */
LAVFX_INLINE int32_t sr_union(int32_t a, int32_t b, int32_t wmax, int32_t wsum)
{
    int32_t mx = a > b ? a : b, pr = a + b - sr_div255(a * b), sm = a + b > 255 ? 255 : a + b;
    return pr - (((pr - mx) * wmax + 128) >> 8) + (((sm - pr) * wsum + 128) >> 8);
}

/** The half width's "bend" of round caps (Q8): 1 / 24r px. */
LAVFX_INLINE int32_t sr_bend(int32_t r)
{
    return r > 16 ? 2731 / r : 170;
}

/**
 * Fills t for half width r (Q8, 1 .. 2^20) and aa (0 or 1): for each angle
 * step k (normal (SR_STEPS, k) / |(SR_STEPS, k)|) and distance d = off + i (Q8), the
 * coverage sr_coverage gives, without (body) and with (cap) the bend. Past
 * the last entry coverage is 0, before the first 255.
 */
LAVFX_INLINE void sr_lut_init(SrLut *t, int32_t r, int32_t aa)
{
    int32_t k, i, bend = sr_bend(r);
    t->r = r;
    t->aa = aa;
    t->off_body = r > 182 ? r - 182 : 0;
    t->off_cap = r - bend > 182 ? r - bend - 182 : 0;
    for (k = 0; k < SR_BINS; k++) {
        int64_t vx = SR_STEPS << 10, vy = (int64_t)k << 10;
        int64_t len = lavfx_isqrt64((uint64_t)(vx * vx + vy * vy));
        int32_t a, b, ia;
        int64_t iab;
        int32_t j, best = 0, err = -1;
        sr_edge_params(vx, vy, len, &a, &b, &ia, &iab);
        for (j = 0; j <= 32; j++) {     /* the angle whose tangent is k / SR_STEPS */
            int64_t e = (int64_t)lavfx_isin(16 * j) * SR_STEPS - (int64_t)lavfx_isin(16 * j + 1024) * k;
            e = e < 0 ? -e : e;
            if (err < 0 || e < err) {
                err = e;
                best = j;
            }
        }
        t->at[k] = (uint8_t)best;
        for (i = 0; i < SR_LUT_W; i++) {
            t->body[k][i] = (uint8_t)sr_coverage(r, aa, t->off_body + i, a, b, ia, iab, 0);
            t->cap[k][i]  = (uint8_t)sr_coverage(r, aa, t->off_cap + i, a, b, ia, iab, bend);
        }
        t->body[k][SR_LUT_W - 1] = t->cap[k][SR_LUT_W - 1] = 0;
    }
    for (k = 0; k < 256; k++) {
        int32_t v = lavfx_isin(16 * k + 1024) * 127;
        int32_t cs = v >= 0 ? (v + 8192) / 16384 : -((-v + 8192) / 16384);
        t->cs[k] = (int8_t)cs;
        t->wmax[k] = (uint16_t)(cs >= 90 ? 256 : cs >= 0 ? (cs * 256 + 45) / 90 : 0);
        t->wsum[k] = (uint16_t)(cs >= 0 ? 0 : (-cs * 256 + 63) / 127);
    }
    for (k = 0; k < 127 && t->cs[k + 1] >= 90; k++)
        ;
    t->same_k = k;
    for (i = 0; i < 256; i++)
        if ((t->cs[i] >= 90) != (((i + k) & 255) <= 2 * k))
            t->same_k = -1;
}

/**
 * The angle (1/256 turn) of the vector (vx, vy) whose absolute components
 * are hi >= lo in angle step k (x_major: |vx| >= |vy|).
 */
LAVFX_INLINE int32_t sr_angle(const SrLut *t, int64_t vx, int64_t vy, int32_t k, int32_t x_major)
{
    int32_t a = x_major ? t->at[k] : 64 - t->at[k];
    if (vx < 0)
        a = 128 - a;
    return (vy < 0 ? 256 - a : a) & 255;
}

/**
 * floor(sqrt(v)) for 0 <= v < 2^42: the double square root (correctly
 * rounded, as IEEE 754 and CUDA's sqrt are) of an exact double is never
 * rounded up across an integer here: below k^2 it is at most k - 1/(2k),
 * and 1/(2k) > 2^-22 exceeds its rounding error k 2^-53 < 2^-32.
 */
LAVFX_INLINE int32_t sr_isqrt42(int64_t v)
{
    return (int32_t)LAVFX_FSQRT((double)v);
}

/** The angle step of a normal whose absolute components are hi >= lo >= 0. */
LAVFX_INLINE int32_t sr_bin(int64_t hi, int64_t lo)
{
    return hi > 0 ? (int32_t)((lo * SR_STEPS + hi / 2) / hi) : 0;
}

/**
 * Adds ink of coverage cov (1-255), direction a (1/256 turn, from the ink
 * towards the pixel centre) to the pixel whose inks are *p, of the current
 * stroke. A pixel keeps two inks per stroke: the strongest, and the
 * strongest from a direction more than 45 degrees away; new ink replaces
 * the one whose direction it shares when it is stronger, so the many short
 * segments of a curve never add up. A pixel's first ink (SR_SPANS 0), or its
 * second (SR_SPANS 1), appends pos (y << 16 | x) at tail; returns the new
 * tail.
 */
LAVFX_INLINE int32_t *sr_ink(SrInk *p, int32_t pos, int32_t *tail, const SrLut *t,
                             uint32_t cov, uint32_t a)
{
    SrInk s = *p;
    uint32_t c0 = s & 255, a0 = s >> 8 & 255, c1 = s >> 16 & 255, a1 = s >> 24;
    if (!s) {
        *p = cov | a << 8;
#if SR_SPANS
        return tail;
#else
        *tail = pos;
        return tail + 1;
#endif
    }
    if (t->cs[(a - a0) & 255] >= 90 || (c1 && t->cs[(a - a1) & 255] < 90 && c1 >= c0)) {
        if (cov <= c0)                  /* the side of the strongest ink */
            return tail;
        c0 = cov;
        a0 = a;
    } else {                            /* the other side (or the weaker of two others) */
        if (cov <= c1)
            return tail;
#if SR_SPANS
        if (!c1)
            *tail++ = pos;
#endif
        c1 = cov;
        a1 = a;
        if (c1 > c0) {                  /* bits 0-7 hold the strongest */
            uint32_t tc = c0, ta = a0;
            c0 = c1;
            a0 = a1;
            c1 = tc;
            a1 = ta;
        }
    }
    *p = c0 | a0 << 8 | c1 << 16 | a1 << 24;
    return tail;
}

/**
 * Composites coverage cov (0-255, the union of a pixel's inks) of colour col
 * (ncomp bytes; col[3] scales the coverage) over the pixel px.
 */
LAVFX_INLINE void sr_over(uint8_t *px, int32_t n, const int32_t *col, int32_t cov)
{
    int32_t k, op = col[3], s = op == 255 ? cov : sr_div255(cov * op);
    if (n == SR_GRAY) {
        px[0] = (uint8_t)sr_div255(col[0] * s + px[0] * (255 - s));
    } else if (n == SR_RGB) {
        for (k = 0; k < 3; k++)
            px[k] = (uint8_t)sr_div255(col[k] * s + px[k] * (255 - s));
    } else {
        /* straight alpha "over": oa = s + ba (1 - s), c = (C s + B ba (1 - s)) / oa */
        int32_t ba = px[3], rest = ba * (255 - s), oa = s + sr_div255(rest);
        if (!oa) {
            px[0] = px[1] = px[2] = px[3] = 0;
            return;
        }
        for (k = 0; k < 3; k++) {
            int32_t num = col[k] * s * 255 + px[k] * rest;
            px[k] = (uint8_t)((num + oa * 255 / 2) / (oa * 255));
        }
        px[3] = (uint8_t)oa;
    }
}

/** The union of the inks v of one pixel (sr_union), 0 for none. */
LAVFX_INLINE int32_t sr_ink_cov(const SrLut *t, SrInk v)
{
    int32_t k = ((v >> 8) - (v >> 24)) & 255;
    return sr_union(v & 255, v >> 16 & 255, t->wmax[k], t->wsum[k]);
}

#if SR_SPANS
/**
 * sr_over for the gray pixels [x0, x1) of one row whose inks ink[] hold one
 * ink each (or none: coverage 0 leaves a pixel as it is), clearing them: in
 * 16-bit arithmetic (every product and sum stays below 2^16), which the
 * compiler vectorises. col: the gray level, op: col[3].
 */
LAVFX_INLINE void sr_over_gray_row(uint8_t *px, SrInk *ink, int32_t x0, int32_t x1,
                                   uint16_t col, uint16_t op)
{
    int32_t x;
    for (x = x0; x < x1; x++) {
        uint16_t cov = (uint16_t)(ink[x] & 255), v, s;
        v = (uint16_t)(cov * op + 128);
        s = (uint16_t)((v + (v >> 8)) >> 8);            /* sr_div255; = cov for op 255 */
        v = (uint16_t)(col * s + px[x] * (255 - s) + 128);
        px[x] = (uint8_t)((v + (v >> 8)) >> 8);
        ink[x] = 0;
    }
}
#endif

#if SR_SIMD
/**
 * sr_over_gray_row in blocks of 16 pixels from x0, each moved back to end
 * at w at most (w >= 16), so blocks may take pixels outside [x0, x1) or
 * already done; those hold no ink (and coverage 0 writes back the same byte:
 * (255 px + 128 + ((255 px + 128) >> 8)) >> 8 = px).
 */
LAVFX_INLINE void sr_over_gray_sse2(uint8_t *px, SrInk *ink, int32_t x0, int32_t x1, int32_t w,
                                    int32_t col, int32_t op)
{
    const __m128i zero = _mm_setzero_si128(), b255 = _mm_set1_epi32(255);
    const __m128i w255 = _mm_set1_epi16(255), w128 = _mm_set1_epi16(128);
    const __m128i vcol = _mm_set1_epi16((int16_t)col), vop = _mm_set1_epi16((int16_t)op);
    int32_t xs;
    for (xs = x0; xs < x1; xs += 16) {
        int32_t xb = xs < w - 16 ? xs : w - 16, h;
        __m128i *ip = (__m128i *)(ink + xb), p = _mm_loadu_si128((const __m128i *)(px + xb)), r[2];
        __m128i c[2];
        c[0] = _mm_packs_epi32(_mm_and_si128(_mm_loadu_si128(ip), b255),
                               _mm_and_si128(_mm_loadu_si128(ip + 1), b255));
        c[1] = _mm_packs_epi32(_mm_and_si128(_mm_loadu_si128(ip + 2), b255),
                               _mm_and_si128(_mm_loadu_si128(ip + 3), b255));
        for (h = 0; h < 2; h++) {
            __m128i s = c[h], v, b = h ? _mm_unpackhi_epi8(p, zero) : _mm_unpacklo_epi8(p, zero);
            if (op != 255) {
                v = _mm_add_epi16(_mm_mullo_epi16(s, vop), w128);
                s = _mm_srli_epi16(_mm_add_epi16(v, _mm_srli_epi16(v, 8)), 8);
            }
            v = _mm_add_epi16(_mm_add_epi16(_mm_mullo_epi16(vcol, s),
                                            _mm_mullo_epi16(b, _mm_sub_epi16(w255, s))), w128);
            r[h] = _mm_srli_epi16(_mm_add_epi16(v, _mm_srli_epi16(v, 8)), 8);
        }
        _mm_storeu_si128((__m128i *)(px + xb), _mm_packus_epi16(r[0], r[1]));
        _mm_storeu_si128(ip, zero);
        _mm_storeu_si128(ip + 1, zero);
        _mm_storeu_si128(ip + 2, zero);
        _mm_storeu_si128(ip + 3, zero);
    }
}
#endif

#if SR_SIMD
/**
 * sr_composite's first step, 4 pixels at a time: the pixels two[0 .. nb)
 * (y << 16 | x, each at most once) of a canvas w wide get the union of
 * their inks (sr_ink_cov, the same values) with bit 31 set, as one ink.
 * Returns how many it did (nb rounded down to a multiple of 4).
 */
LAVFX_INLINE int32_t sr_union_sse2(const SrLut *t, SrInk *ink, const int32_t *two, int32_t nb, int32_t w)
{
    const __m128i b255 = _mm_set1_epi32(255), w128 = _mm_set1_epi32(128);
    const __m128i rowx = _mm_set1_epi32(w << 16 | 1);      /* w < 2^15 */
    int32_t j;
    for (j = 0; j + 4 <= nb; j += 4) {
        int32_t o[4], k[4], i;
        __m128i v, a, b, kv, wmax, wsum, mx, pr, sm, q;
        /* x + y w: the 16-bit halves of y << 16 | x times (1, w) */
        _mm_storeu_si128((__m128i *)o, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(two + j)), rowx));
        v = _mm_setr_epi32((int32_t)ink[o[0]], (int32_t)ink[o[1]], (int32_t)ink[o[2]], (int32_t)ink[o[3]]);
        a = _mm_and_si128(v, b255);
        b = _mm_and_si128(_mm_srli_epi32(v, 16), b255);
        kv = _mm_and_si128(_mm_sub_epi32(_mm_srli_epi32(v, 8), _mm_srli_epi32(v, 24)), b255);
        _mm_storeu_si128((__m128i *)k, kv);
        wmax = _mm_setr_epi32(t->wmax[k[0]], t->wmax[k[1]], t->wmax[k[2]], t->wmax[k[3]]);
        wsum = _mm_setr_epi32(t->wsum[k[0]], t->wsum[k[1]], t->wsum[k[2]], t->wsum[k[3]]);
        /* sr_union: every operand below 2^15, so 16-bit max, min and
         * multiplies (_mm_madd_epi16, signed) are exact */
        mx = _mm_max_epi16(a, b);
        q = _mm_add_epi32(_mm_madd_epi16(a, b), w128);
        pr = _mm_sub_epi32(_mm_add_epi32(a, b), _mm_srli_epi32(_mm_add_epi32(q, _mm_srli_epi32(q, 8)), 8));
        sm = _mm_min_epi16(_mm_add_epi32(a, b), b255);
        v = _mm_add_epi32(_mm_sub_epi32(pr, _mm_srai_epi32(_mm_add_epi32(_mm_madd_epi16(_mm_sub_epi32(pr, mx), wmax), w128), 8)),
                          _mm_srai_epi32(_mm_add_epi32(_mm_madd_epi16(_mm_sub_epi32(sm, pr), wsum), w128), 8));
        _mm_storeu_si128((__m128i *)k, v);
        for (i = 0; i < 4; i++)
            ink[o[i]] = (uint32_t)k[i] | 1u << 31;
    }
    return j;
}
#endif

/**
 * Ends the current stroke: every pixel it touched gets the union of its
 * inks in pen->color (scaled by color[3]) composited over the image, and
 * its inks are cleared (touched[] emptied).
 */
LAVFX_INLINE void sr_composite(SrCanvas *c, const SrPen *pen)
{
    const SrLut *t = pen->lut;
    SrInk *ink = c->ink;
    uint8_t *data = c->data;
    ptrdiff_t stride = c->stride;
    int32_t j, n = c->ncomp, w = c->w, nb = c->nb_touched;
    int32_t col[4] = { pen->color[0], pen->color[1], pen->color[2], pen->color[3] };
#if SR_SPANS
    int32_t *span = c->touched, *two = c->touched + 2 * c->h, y, x;
    /* the pixels with two inks first: their union, as one ink (kept non-zero) */
#if SR_SIMD
    j = sr_union_sse2(t, ink, two, nb, w);
#else
    j = 0;
#endif
    for (; j < nb; j++) {
        SrInk *pi = ink + (two[j] >> 16) * w + (two[j] & 0xffff);
        *pi = (uint32_t)sr_ink_cov(t, *pi) | 1u << 31;
    }
    for (y = 0; y < c->h; y++) {
        int32_t x0 = span[2 * y], x1 = span[2 * y + 1];
        SrInk *row = ink + y * w;
        uint8_t *px = data + y * stride;
        if (!x1)
            continue;
        span[2 * y] = span[2 * y + 1] = 0;
        if (n == SR_GRAY) {
#if SR_SIMD
            if (w >= 16) {
                sr_over_gray_sse2(px, row, x0, x1, w, col[0], col[3]);
                continue;
            }
#endif
            sr_over_gray_row(px, row, x0, x1, (uint16_t)col[0], (uint16_t)col[3]);
            continue;
        }
        for (x = x0; x < x1; x++) {
            SrInk v = row[x];
            if (!v)                     /* untouched: as it was (also RGBA) */
                continue;
            row[x] = 0;
            sr_over(px + x * n, n, col, (int32_t)(v & 255));
        }
    }
#else
    const int32_t *touched = c->touched;
    for (j = 0; j < nb; j++) {
        int32_t y = touched[j] >> 16, x = touched[j] & 0xffff;
        SrInk *pi = ink + y * w + x, v = *pi;
        *pi = 0;
        /* one ink: its coverage (sr_union(a, 0) = a); two: their union */
        sr_over(data + y * stride + x * n, n, col, v & 0xff0000 ? sr_ink_cov(t, v) : (int32_t)(v & 255));
    }
#endif
    c->nb_touched = 0;
}

/** floor(v / 256) and ceil(v / 256) for |v| < 2^30, without branches. */
LAVFX_INLINE int32_t sr_floor8(int32_t v) { return ((v + (1 << 30)) >> 8) - (1 << 22); }
LAVFX_INLINE int32_t sr_ceil8(int32_t v)  { return -sr_floor8(-v); }

/**
 * sr_segment's pixel (x, y) (centre yc, Q8) beside the segment, at signed
 * distance perp (Q22) from its line: coverage from the body table, direction
 * pa on the side perp >= 0.
 */
LAVFX_INLINE int32_t *sr_body_px(SrInk *row, int32_t x, int32_t y, int64_t perp, int32_t offb,
                                 const uint8_t *body, uint32_t pa, const SrLut *t, int32_t *tail)
{
    int32_t d = (int32_t)((perp < 0 ? -perp : perp) >> 14), idx = d - offb, cov;
    idx = idx < 0 ? 0 : idx > SR_LUT_W - 1 ? SR_LUT_W - 1 : idx;
    if ((cov = body[idx]))
        tail = sr_ink(row + x, y << 16 | x, tail, t, (uint32_t)cov, perp < 0 ? (pa + 128) & 255 : pa);
    return tail;
}

/**
 * sr_segment's pixel (x, y) (centre yc, Q8) beyond the end (ex, ey) (Q8):
 * within m (m2 = m^2) of it, and when (qx, qy) is not (0, 0) beyond the end of
 * that previous segment, its coverage from the cap table by its distance
 * (square root) and direction.
 */
LAVFX_INLINE int32_t *sr_cap_px(SrInk *row, int32_t x, int32_t y, int32_t yc, int32_t ex, int32_t ey,
                                int32_t qx, int32_t qy, int64_t m2, const SrLut *t, int32_t *tail)
{
    int32_t rx = x * 256 + 128 - ex, ry = yc - ey, k, d, idx, cov;
    uint32_t arx, ary, hi, lo;
    int64_t dd = (int64_t)rx * rx + (int64_t)ry * ry;
    if (dd >= m2 || ((qx | qy) &&
        (int64_t)rx * qx + (int64_t)ry * qy + 4 * ((int64_t)(qx < 0 ? -qx : qx) + (qy < 0 ? -qy : qy)) <= 0))
        return tail;
    d = sr_isqrt42(dd);                 /* dd < m^2 < 2^42 */
    idx = d - t->off_cap;
    idx = idx < 0 ? 0 : idx > SR_LUT_W - 1 ? SR_LUT_W - 1 : idx;
    arx = (uint32_t)(rx < 0 ? -rx : rx);
    ary = (uint32_t)(ry < 0 ? -ry : ry);
    hi = arx >= ary ? arx : ary;
    lo = arx >= ary ? ary : arx;
    /* sr_bin in 32 bits: |rx|, |ry| < m < 2^21 */
    k = (int32_t)((lo * SR_STEPS + hi / 2) / (hi ? hi : 1));
    if ((cov = t->cap[k][idx]))
        tail = sr_ink(row + x, y << 16 | x, tail, t, (uint32_t)cov, (uint32_t)sr_angle(t, rx, ry, k, arx >= ary));
    return tail;
}

#if SR_SIMD
/** Lanes of a where mask is set, else of b. */
LAVFX_INLINE __m128i sr_blend(__m128i mask, __m128i a, __m128i b)
{
    return _mm_or_si128(_mm_and_si128(mask, a), _mm_andnot_si128(mask, b));
}

/** Table indexes d - off clamped to [0, SR_LUT_W - 1], as the pixel loops. */
LAVFX_INLINE __m128i sr_lut_index(__m128i d, __m128i off)
{
    const __m128i top = _mm_set1_epi32(SR_LUT_W - 1);
    __m128i idx = _mm_sub_epi32(d, off);
    idx = _mm_andnot_si128(_mm_srai_epi32(idx, 31), idx);
    return sr_blend(_mm_cmpgt_epi32(idx, top), top, idx);
}

/**
 * sr_isqrt42 of 4 lanes 0 <= dd < m^2 (m < 2^15): in single precision while
 * m < 2896, else in double precision, exact either way. The float path: dd
 * < 2^23 is exactly a float, and a root in [k, k + 1) is at most
 * k + 1 - 1 / (2 (k + 1)), which is not rounded up to k + 1 since its half
 * ulp, at most (k + 1) 2^-24, is smaller while k + 1 <= m < 2896 (one
 * square root for 4 lanes, two in double precision).
 */
LAVFX_INLINE __m128i sr_isqrt_sse2(__m128i dd, int32_t m)
{
    if (m < 2896)
        return _mm_cvttps_epi32(_mm_sqrt_ps(_mm_cvtepi32_ps(dd)));
    return _mm_unpacklo_epi64(_mm_cvttpd_epi32(_mm_sqrt_pd(_mm_cvtepi32_pd(dd))),
                              _mm_cvttpd_epi32(_mm_sqrt_pd(_mm_cvtepi32_pd(_mm_shuffle_epi32(dd, 0x4e)))));
}

/**
 * sr_cap_px for the 4 pixels xs + 0 .. 3 of row yc (Q8 centre) whose lanes
 * are set in iscap, at once and without branches: beyond the start (ax, ay)
 * where before is set (and, when (qx, qy) is not (0, 0), beyond that
 * previous segment's end), else beyond the end (bx, by). Returns each
 * lane's coverage (0: no ink) and sets *ang to its direction; the same
 * values as sr_cap_px. Needs m < 32256 and |qx|, |qy| < 32768
 * (sr_segment checks): a pixel's offset from the end is taken as two 16-bit
 * halves once both are within m, so that _mm_madd_epi16 gives its squared
 * distance (below 2 m^2 < 2^31) and its dot product with (qx, qy) exactly.
 */
LAVFX_INLINE __m128i sr_cap_sse2(int32_t xs, int32_t yc, __m128i before, __m128i iscap,
                                 int32_t ax, int32_t ay, int32_t bx, int32_t by,
                                 int32_t qx, int32_t qy, int32_t m, const SrLut *t, __m128i *ang)
{
    const __m128i one = _mm_set1_epi32(1), vm = _mm_set1_epi32(m);
    __m128i rx = _mm_sub_epi32(_mm_add_epi32(_mm_set1_epi32(xs * 256 + 128), _mm_setr_epi32(0, 256, 512, 768)),
                               sr_blend(before, _mm_set1_epi32(ax), _mm_set1_epi32(bx)));
    __m128i ry = _mm_sub_epi32(_mm_set1_epi32(yc), sr_blend(before, _mm_set1_epi32(ay), _mm_set1_epi32(by)));
    __m128i sx = _mm_srai_epi32(rx, 31), sy = _mm_srai_epi32(ry, 31);
    __m128i arx = _mm_sub_epi32(_mm_xor_si128(rx, sx), sx), ary = _mm_sub_epi32(_mm_xor_si128(ry, sy), sy);
    __m128i near = _mm_andnot_si128(_mm_or_si128(_mm_cmpgt_epi32(arx, vm), _mm_cmpgt_epi32(ary, vm)), iscap);
    __m128i r16, dd, d, idx, hi, lo, k, a, xmaj;
    int32_t ik[4], io[4];
    const uint8_t *cap;
    arx = _mm_and_si128(arx, near);
    ary = _mm_and_si128(ary, near);
    r16 = _mm_and_si128(_mm_or_si128(_mm_and_si128(rx, _mm_set1_epi32(0xffff)), _mm_slli_epi32(ry, 16)), near);
    dd = _mm_madd_epi16(r16, r16);                      /* rx^2 + ry^2 */
    near = _mm_and_si128(near, _mm_cmpgt_epi32(_mm_set1_epi32(m * m), dd));
    if (qx | qy) {                      /* behind the previous segment's end: its side inks */
        __m128i dot = _mm_add_epi32(_mm_madd_epi16(r16, _mm_set1_epi32((qx & 0xffff) | (int32_t)((uint32_t)qy << 16))),
                                    _mm_set1_epi32(4 * ((qx < 0 ? -qx : qx) + (qy < 0 ? -qy : qy))));
        near = _mm_andnot_si128(_mm_and_si128(before, _mm_cmpgt_epi32(one, dot)), near);
    }
    if (!_mm_movemask_ps(_mm_castsi128_ps(near))) {     /* 2 in 5 here on random walks */
        *ang = _mm_setzero_si128();
        return *ang;
    }
    d = sr_isqrt_sse2(dd, m);
    idx = sr_lut_index(d, _mm_set1_epi32(t->off_cap));
    /* sr_bin: (lo * SR_STEPS + hi / 2) / hi in single precision, exact: the
     * operands are below 2^24 and a quotient of at most 32.5 that is not an
     * integer is at least 1 / hi > 2^-15 from one, far beyond the rounding */
    hi = _mm_max_epi16(arx, ary);       /* both below 2^15: 16-bit max and min */
    lo = _mm_min_epi16(arx, ary);
    k = _mm_cvttps_epi32(_mm_div_ps(_mm_cvtepi32_ps(_mm_add_epi32(_mm_slli_epi32(lo, 5), _mm_srli_epi32(hi, 1))),
                                    _mm_cvtepi32_ps(_mm_max_epi16(hi, one))));
    _mm_storeu_si128((__m128i *)ik, k);
    _mm_storeu_si128((__m128i *)io, _mm_add_epi32(_mm_madd_epi16(k, _mm_set1_epi32(SR_LUT_W)), idx));
    /* sr_angle */
    a = _mm_setr_epi32(t->at[ik[0]], t->at[ik[1]], t->at[ik[2]], t->at[ik[3]]);
    xmaj = _mm_cmpgt_epi32(ary, arx);   /* set: |ry| > |rx| */
    a = sr_blend(xmaj, _mm_sub_epi32(_mm_set1_epi32(64), a), a);
    a = sr_blend(sx, _mm_sub_epi32(_mm_set1_epi32(128), a), a);
    a = sr_blend(sy, _mm_sub_epi32(_mm_set1_epi32(256), a), a);
    *ang = _mm_and_si128(a, _mm_set1_epi32(255));
    cap = (const uint8_t *)t->cap;      /* cap[k][idx] at k SR_LUT_W + idx */
    return _mm_and_si128(_mm_setr_epi32(cap[io[0]], cap[io[1]], cap[io[2]], cap[io[3]]), near);
}

/**
 * sr_segment's pixels [x0, x1] of row y (centre yc), 4 at a time, with along
 * and perp at x0 (al, pp: at x0 + 0 .. 3), their steps sa, sp and lenq in 32
 * bits (sr_segment checks they fit, and that t->same_k >= 0): the pixels
 * beside the segment get their coverage (body table) and sr_ink's update of
 * their inks, all 4 at once without branches (4 entries read and written
 * back, up to 3 past x1: SR_INK_PAD); those beyond an end take theirs from
 * sr_cap_sse2 in the same pass. Each pixel gets the same inks as from the
 * pixel loops.
 */
LAVFX_INLINE int32_t *sr_row_sse2(SrInk *row, int32_t x0, int32_t x1, int32_t y, int32_t yc,
                                  __m128i al, __m128i pp, int32_t sa, int32_t sp,
                                  int32_t lenq, int32_t offb, const uint8_t *body, uint32_t pa,
                                  const SrLut *t, int32_t ax, int32_t ay, int32_t bx, int32_t by,
                                  int32_t qx, int32_t qy, int32_t m, int32_t end_cap, int32_t *tail)
{
    const __m128i zero = _mm_setzero_si128(), ones = _mm_cmpeq_epi32(zero, zero);
    const __m128i lane = _mm_setr_epi32(0, 1, 2, 3), b255 = _mm_set1_epi32(255), w16 = _mm_set1_epi32(0xffff);
    const __m128i kk = _mm_set1_epi32(t->same_k), k2 = _mm_set1_epi32(2 * t->same_k);
    const __m128i vlenq = _mm_set1_epi32(lenq);
    const __m128i voff = _mm_set1_epi32(offb), v128 = _mm_set1_epi32(128);
    const __m128i vpa = _mm_set1_epi32((int32_t)pa), ecap = _mm_set1_epi32(-end_cap);
    /* by a mask of lanes: those lanes in order, then anything */
    static const int32_t pack[16][4] = {
        { 0 }, { 0 }, { 1 }, { 0, 1 }, { 2 }, { 0, 2 }, { 1, 2 }, { 0, 1, 2 },
        { 3 }, { 0, 3 }, { 1, 3 }, { 0, 1, 3 }, { 2, 3 }, { 0, 2, 3 }, { 1, 2, 3 }, { 0, 1, 2, 3 },
    };
    int32_t xs, pos = y << 16 | x0;
    for (xs = x0; xs <= x1; xs += 4, pos += 4, al = _mm_add_epi32(al, _mm_set1_epi32(4 * sa)),
                              pp = _mm_sub_epi32(pp, _mm_set1_epi32(4 * sp))) {
        SrInk *p = row + xs;
        __m128i valid = _mm_cmpgt_epi32(_mm_set1_epi32(x1 - xs + 1), lane);
        __m128i before = _mm_cmpgt_epi32(zero, al), after = _mm_cmpgt_epi32(al, vlenq);
        __m128i isbody = _mm_andnot_si128(_mm_or_si128(before, after), valid);
        __m128i iscap = _mm_and_si128(valid, _mm_or_si128(before, _mm_and_si128(after, ecap)));
        __m128i sg = _mm_srai_epi32(pp, 31), idx, cov, a, old, c0, c1, a0, a1;
        __m128i d0, d1, cond, upd0, upd1, sw, lo, hi;
        int32_t ix[4];
        uint32_t addm;
        idx = sr_lut_index(_mm_srai_epi32(_mm_sub_epi32(_mm_xor_si128(pp, sg), sg), 14), voff);
        _mm_storeu_si128((__m128i *)ix, idx);
        cov = _mm_and_si128(_mm_setr_epi32(body[ix[0]], body[ix[1]], body[ix[2]], body[ix[3]]), isbody);
        a = _mm_xor_si128(vpa, _mm_and_si128(sg, v128));
        if (_mm_movemask_ps(_mm_castsi128_ps(iscap))) {
            __m128i ca, cc = sr_cap_sse2(xs, yc, before, iscap, ax, ay, bx, by, qx, qy, m, t, &ca);
            cov = _mm_or_si128(cov, cc);
            a = sr_blend(iscap, ca, a);
        }
        old = _mm_loadu_si128((const __m128i *)p);
        lo = _mm_and_si128(old, w16);   /* c0 | a0 << 8 */
        hi = _mm_srli_epi32(old, 16);   /* c1 | a1 << 8 */
        c0 = _mm_and_si128(old, b255);
        c1 = _mm_and_si128(hi, b255);
        a0 = _mm_srli_epi32(lo, 8);
        a1 = _mm_srli_epi32(old, 24);
        /* sr_ink: the side of a0 (cs >= 90), or c1 from another side than a and c1 >= c0 */
        d0 = _mm_cmpgt_epi32(_mm_and_si128(_mm_add_epi32(_mm_sub_epi32(a, a0), kk), b255), k2);
        d1 = _mm_cmpgt_epi32(_mm_and_si128(_mm_add_epi32(_mm_sub_epi32(a, a1), kk), b255), k2);
        d1 = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi32(c1, zero), _mm_cmpgt_epi32(c0, c1)), d1);
        cond = _mm_or_si128(_mm_xor_si128(d0, ones), d1);
        upd0 = _mm_and_si128(cond, _mm_cmpgt_epi32(cov, c0));
        upd1 = _mm_andnot_si128(cond, _mm_cmpgt_epi32(cov, c1));
        sw = _mm_and_si128(upd1, _mm_cmpgt_epi32(cov, c0));
        /* upd0: (cov, a) replace (c0, a0); upd1: replace (c1, a1), sw: then swapped */
        {
            __m128i nw = _mm_or_si128(cov, _mm_slli_epi32(a, 8));
            __m128i nlo = sr_blend(_mm_or_si128(upd0, sw), nw, lo);
            __m128i nhi = sr_blend(upd1, sr_blend(sw, lo, nw), hi);
            _mm_storeu_si128((__m128i *)p, _mm_or_si128(nlo, _mm_slli_epi32(nhi, 16)));
        }
        /* a second ink (the pixel had one): the positions of those lanes
         * packed to the front of one store (the list has room for 4 more
         * entries), without a branch: which add is not predictable */
        addm = (uint32_t)_mm_movemask_ps(_mm_castsi128_ps(_mm_andnot_si128(
                   _mm_or_si128(_mm_cmpeq_epi32(old, zero), _mm_cmpgt_epi32(c1, zero)), upd1)));
        _mm_storeu_si128((__m128i *)tail, _mm_add_epi32(_mm_set1_epi32(pos),
                                                        _mm_loadu_si128((const __m128i *)pack[addm])));
        tail += 0x4332322132212110ull >> 4 * addm & 15;     /* the set lanes */
    }
    return tail;
}
#endif

/**
 * Inks the capsule of segment (ax, ay)-(bx, by) (Q8) into the current
 * stroke (sr_ink). a == b draws a dot. With end_cap 0 the disk around b is
 * left out (the next segment of the polyline draws it as its start): each
 * vertex's disk is computed once. (qx, qy) (Q8) is the previous segment,
 * ending at a, or (0, 0): then the disk around a is drawn only beyond that
 * segment's end (less 4/256 px for rounding), where its side does not reach;
 * behind it that side is nearer and gives the pixel its ink.
 *
 * Per row, pixel centres step by one pixel: the distance along the segment
 * and across it (Q22) are updated by additions; a pixel beside the segment
 * reads its coverage from the body table at its angle step, a pixel beyond
 * an end takes the distance to that end (square root) and its own step.
 */
LAVFX_INLINE void sr_segment(SrCanvas *c, const SrPen *pen, int32_t ax, int32_t ay,
                             int32_t bx, int32_t by, int32_t end_cap, int32_t qx, int32_t qy)
{
    const SrLut *t = pen->lut;
    int64_t dx = (int64_t)bx - ax, dy = (int64_t)by - ay;
    int64_t len2 = dx * dx + dy * dy;
    int32_t len = (int32_t)lavfx_isqrt64((uint64_t)len2);
    int32_t m = pen->r + 182;                   /* reach: r + sqrt(2)/2 px */
    int64_t m2 = (int64_t)m * m, lenq = len > 0 ? (int64_t)len << 14 : -1;
    int32_t ux = 0, uy = 0, offb = t->off_body, w = c->w;
    const int32_t step = SR_ROW_SPLIT && c->row_step > 1 ? c->row_step : 1;
    int32_t *list = c->touched + (SR_SPANS ? 2 * c->h : 0), *tail = list + c->nb_touched;
    SrInk *ink = c->ink;
    int32_t ylo = (ay < by ? ay : by), yhi = (ay < by ? by : ay);
    int32_t y0 = sr_ceil8(ylo - m - 128), y1 = sr_floor8(yhi + m - 128), y;
    uint32_t pa = 0;                            /* direction on the side perp >= 0 */
    int64_t slope = dy ? dx * 16777216 / dy : 0; /* dx / dy, Q24 */
    int32_t hw = -1;                            /* half width of the band |perp| < m in a row */
    const uint8_t *body = t->body[0];
    int64_t sa, sp;                             /* along and perp: change per pixel */
    int64_t xlq, xls, arow, prow;
    int32_t bx0, bx1, yc;
    SrInk *row;
#if SR_SIMD
    int32_t simd;                               /* rows by sr_row_sse2 */
    __m128i sal, spl;                           /* sa, sp times 0 .. 3 */
#endif

    if (len > 0) {
        int64_t adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
        int32_t k = adx >= ady ? sr_bin(adx, ady) : sr_bin(ady, adx);
        ux = (int32_t)(dx * 16384 / len);
        uy = (int32_t)(dy * 16384 / len);
        body = t->body[k];
        pa = (uint32_t)(sr_angle(t, dx, dy, k, adx >= ady) + 64) & 255;
        /* |dx| <= 128 |dy|: hw < 2^28, the row's centre line fits in 32 bits */
        if (ady && adx <= 128 * ady)
            hw = (int32_t)((int64_t)m * len / ady) + 2;
    }
    sa = (int64_t)ux * 256;
    sp = (int64_t)uy * 256;
    if (y0 < 0)
        y0 = 0;
    if (y1 > c->h - 1)
        y1 = c->h - 1;
    if (step > 1)               /* this canvas's first row at or after y0 */
        y0 += (c->row0 - y0 % step + step) % step;
    /* each row: the band |x - xl| < hw around the line, where hw >= 0 (every
     * pixel within m of the segment is within m of its line; xl where the
     * line crosses the row's centre), within the segment's x extent plus m
     * (and 2/256 px for rounding); along and perp at the pixel centres x = 0
     * (arow, prow), each by additions from row to row */
    bx0 = lavfx_max(sr_ceil8((ax < bx ? ax : bx) - m - 130), 0);
    bx1 = lavfx_min(sr_floor8((ax < bx ? bx : ax) + m - 126), w - 1);
    yc = y0 * 256 + 128;
    xlq = hw >= 0 ? (int64_t)(yc - ay) * slope : 0;
    xls = hw >= 0 ? slope * 256 * step : 0;
    arow = (int64_t)(128 - ax) * ux + (int64_t)(yc - ay) * uy;
    prow = (int64_t)(yc - ay) * ux - (int64_t)(128 - ax) * uy;
#if SR_SIMD
    /* every pixel visited is within sqrt(2) (len + m + 2 px) of a: with
     * len + m + 512 < 2^15, |along|, |perp| < 1.5 2^29 and they fit in 32
     * bits at every lane up to 3 past a row's end (|sa|, |sp| <= 2^22);
     * sr_cap_sse2 needs m < 32256 and the previous segment within 2^15 */
    simd = t->same_k >= 0 && (int64_t)len + m + 512 < 32768 && qx > -32768 && qx < 32768 &&
           qy > -32768 && qy < 32768;
    sal = _mm_setr_epi32(0, (int32_t)sa, (int32_t)(2 * sa), (int32_t)(3 * sa));
    spl = _mm_setr_epi32(0, (int32_t)sp, (int32_t)(2 * sp), (int32_t)(3 * sp));
#endif
    for (y = y0; y <= y1; y += step, yc += 256 * step, xlq += xls, arow += (int64_t)uy * 256 * step,
                          prow += (int64_t)ux * 256 * step) {
        int32_t x0 = bx0, x1 = bx1, x;
        int64_t along, perp;
        if (hw >= 0) {
            int32_t xl = ax + (int32_t)(xlq >> 24);
            x0 = lavfx_max(x0, sr_ceil8(xl - hw - 128));
            x1 = lavfx_min(x1, sr_floor8(xl + hw - 128));
        }
        if (x0 > x1)
            continue;
#if SR_SPANS
        {
            int32_t *span = c->touched + 2 * y, e = span[1];
            span[0] = e ? lavfx_min(span[0], x0) : x0;
            span[1] = lavfx_max(e, x1 + 1);
        }
#endif
        along = arow + (int64_t)x0 * sa;
        perp  = prow - (int64_t)x0 * sp;
        row = ink + y * w;
#if SR_SIMD
        if (simd) {
            tail = sr_row_sse2(row, x0, x1, y, yc,
                               _mm_add_epi32(_mm_set1_epi32((int32_t)along), sal),
                               _mm_sub_epi32(_mm_set1_epi32((int32_t)perp), spl), (int32_t)sa,
                               (int32_t)sp, (int32_t)lenq, offb, body, pa, t, ax, ay, bx, by,
                               qx, qy, m, end_cap, tail);
            continue;
        }
#endif
        x = x0;
        /* along is monotonic in x: the row is [beyond one end | beside the
         * segment | beyond the other end], each part its own loop */
        if (ux >= 0) {
            for (; x <= x1 && along < 0; x++, along += sa)
                tail = sr_cap_px(row, x, y, yc, ax, ay, qx, qy, m2, t, tail);
            for (; x <= x1 && along <= lenq; x++, along += sa)
                tail = sr_body_px(row, x, y, perp - (int64_t)(x - x0) * sp, offb, body, pa, t, tail);
            if (end_cap)
                for (; x <= x1; x++)
                    tail = sr_cap_px(row, x, y, yc, bx, by, 0, 0, m2, t, tail);
        } else {
            if (!end_cap)
                for (; x <= x1 && along > lenq; x++, along += sa)
                    ;
            for (; x <= x1 && along > lenq; x++, along += sa)
                tail = sr_cap_px(row, x, y, yc, bx, by, 0, 0, m2, t, tail);
            for (; x <= x1 && along >= 0; x++, along += sa)
                tail = sr_body_px(row, x, y, perp - (int64_t)(x - x0) * sp, offb, body, pa, t, tail);
            for (; x <= x1; x++)
                tail = sr_cap_px(row, x, y, yc, ax, ay, qx, qy, m2, t, tail);
        }
    }
    c->nb_touched = (int32_t)(tail - list);
}

/** The longest piece sr_line draws with one sr_segment (Q8: 96 px). */
#define SR_PIECE (96 * 256)

/**
 * sr_segment for a segment of any length: one longer than SR_PIECE is drawn
 * as equal pieces (their ends rounded to Q8), so that no pixel is far from
 * its piece's start: sr_segment's unit vector (Q14) errs by up to 2^-15 of
 * the distance, which put the far part of a 29000 px segment 0.48 px off its line;
 * over a piece it is under 0.005 px, and a piece takes the SIMD path. *q:
 * the previous piece drawn ((0, 0): none), set to this segment's last.
 */
LAVFX_INLINE void sr_line(SrCanvas *c, const SrPen *pen, int32_t ax, int32_t ay, int32_t bx, int32_t by,
                          int32_t end_cap, int32_t *qx, int32_t *qy)
{
    int64_t dx = (int64_t)bx - ax, dy = (int64_t)by - ay, k = 1, j;
    int32_t px = ax, py = ay;
    if ((dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy) > SR_PIECE)   /* else len <= SR_PIECE */
        k = (lavfx_isqrt64((uint64_t)(dx * dx + dy * dy)) + SR_PIECE - 1) / SR_PIECE;
    for (j = 1; j <= k; j++) {
        int32_t nx = j == k ? bx : ax + (int32_t)(dx * j / k), ny = j == k ? by : ay + (int32_t)(dy * j / k);
        sr_segment(c, pen, px, py, nx, ny, j == k && end_cap, *qx, *qy);
        *qx = nx - px;
        *qy = ny - py;
        px = nx;
        py = ny;
    }
}

/**
 * Draws one stroke: the polyline through n >= 1 points xy[0..2n) (Q8,
 * x then y), composited over the canvas (sr_composite). One point draws a
 * dot of diameter 2 r.
 */
LAVFX_INLINE void sr_polyline(SrCanvas *c, const SrPen *pen, const int32_t *xy, int32_t n)
{
    int32_t i, qx = 0, qy = 0;
    if (n <= 0)
        return;
    if (n == 1)
        sr_segment(c, pen, xy[0], xy[1], xy[0], xy[1], 1, 0, 0);
    for (i = 1; i < n; i++)
        sr_line(c, pen, xy[2 * i - 2], xy[2 * i - 1], xy[2 * i], xy[2 * i + 1], i == n - 1, &qx, &qy);
    sr_composite(c, pen);
}

#endif /* STROKE_RASTER_H */

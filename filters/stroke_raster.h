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
 * too. This is exact along straight edges at any angle and close to exact
 * on caps and joins. Within one stroke a pixel keeps the largest coverage
 * any of its segments gave it (the union); strokes are composited one after
 * the other with the "over" operator, as Cairo strokes each path.
 *
 * Only pixels whose centre is within w/2 + 0.71 px of a segment are visited:
 * per segment, per row, the span of the segment's part in the row's band.
 *
 * Coordinates are Q8 fixed point (1/256 pixel), pixel (x, y) covering
 * [x, x + 1) x [y, y + 1), its centre at x + 0.5. Callers keep coordinates
 * within +-2^22 (16384 pixels) and half widths below 2^20 (4096 pixels).
 */

#ifndef STROKE_RASTER_H
#define STROKE_RASTER_H

#include <stddef.h>

#include "lavfx_math.h"

/** Pixel layouts: bytes per pixel; 4 is RGBA with straight (not
 *  premultiplied) alpha in the last byte. */
#define SR_GRAY 1
#define SR_RGB  3
#define SR_RGBA 4

/** One output image and the per-pixel scratch a stroke needs. */
typedef struct SrCanvas {
    uint8_t *data;      /**< first byte of the first pixel */
    ptrdiff_t stride;   /**< bytes between rows of data */
    int32_t w, h;       /**< pixels */
    int32_t ncomp;      /**< SR_GRAY, SR_RGB or SR_RGBA */
    uint32_t *tag;      /**< w * h: the stroke that last touched the pixel */
    uint8_t *cov;       /**< w * h * 2: that stroke's two inks' coverage, 0-255 */
    uint8_t *base;      /**< w * h * ncomp: the pixel before that stroke */
    int8_t *dir;        /**< w * h * 4: for each ink the unit vector (Q7) from
                             it towards the pixel centre */
    uint32_t stroke;    /**< id of the stroke being drawn, never 0; tag[] must
                             hold no id >= stroke (zero tag[] when it wraps) */
} SrCanvas;

/** How a stroke is drawn. */
typedef struct SrPen {
    int32_t r;          /**< half the line width, Q8 (128 = 1 px wide line) */
    int32_t aa;         /**< 1: analytic coverage; 0: a pixel is inked when its
                             centre is within r of the polyline */
    uint8_t color[4];   /**< first ncomp bytes; for RGBA the 4th is opacity,
                             for gray and RGB color[3] scales the coverage */
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
 * polyline, nearest-point direction given by the edge parameters. bend
 * (Q8) is subtracted from the edge distance where the edge is a circle
 * (caps): a circle of radius r curves away from its tangent by x^2 / 2r,
 * which over a pixel's width loses 1 / 24r of its area.
 */
LAVFX_INLINE int32_t sr_coverage(const SrPen *pen, int32_t d, int32_t a, int32_t b,
                                 int32_t ia, int64_t iab, int32_t bend)
{
    int32_t c;
    if (!pen->aa)
        return d <= pen->r ? 255 : 0;
    c = sr_edge_area(pen->r - d - bend, a, b, ia, iab);
    if (pen->r + d < ((a + b) >> 7))     /* thin stroke: the far edge cuts too */
        c += sr_edge_area(pen->r + d, a, b, ia, iab) - 65536;
    if (c <= 0)
        return 0;
    return (c * 255 + 32768) >> 16;
}

/**
 * The union of two inks in one pixel, each known by its coverage (0-255)
 * and the unit direction (Q7) from it towards the pixel centre. Inks from
 * the same side overlap: the larger; from opposite sides they cover
 * disjoint parts: the sum; at right angles 1 - (1 - a)(1 - b), exact for
 * two perpendicular edges; linear in the cosine in between, and the larger
 * alone for angles under 60 degrees.
 */
LAVFX_INLINE int32_t sr_union(int32_t a, const int8_t *da, int32_t b, const int8_t *db)
{
    int32_t cs = (da[0] * db[0] + da[1] * db[1]) >> 7;     /* Q7 cosine */
    int32_t mx = a > b ? a : b, pr = a + b - sr_div255(a * b), sm = a + b > 255 ? 255 : a + b;
    if (!b)
        return a;
    if (cs >= 90)
        return mx;
    if (cs >= 0)
        return pr - (pr - mx) * cs / 90;
    return pr + (sm - pr) * -cs / 127;
}

/**
 * Adds ink of coverage cov (0-255), direction (dx, dy) (Q7, from the ink
 * towards the pixel centre) to pixel (x, y) for the current stroke and
 * recomposites it over what it was before the stroke. A pixel keeps two
 * inks per stroke: the strongest, and the strongest from a direction more
 * than 60 degrees away; new ink replaces the one whose direction it shares
 * when it is stronger, so the many short segments of a curve never add up.
 */
LAVFX_INLINE void sr_plot(SrCanvas *c, const SrPen *pen, int32_t x, int32_t y, int32_t cov,
                          int32_t dx, int32_t dy)
{
    int32_t i = y * c->w + x, k, n = c->ncomp, s, old, now;
    uint8_t *px = c->data + y * c->stride + x * n, *base = c->base + i * n, *cv = c->cov + 2 * i;
    int8_t *dir = c->dir + 4 * i, nd[2] = { (int8_t)dx, (int8_t)dy };
    if (c->tag[i] != c->stroke) {
        c->tag[i] = c->stroke;
        for (k = 0; k < n; k++)
            base[k] = px[k];
        cv[0] = (uint8_t)cov;
        cv[1] = 0;
        dir[0] = nd[0];
        dir[1] = nd[1];
        old = 0;
        now = cov;
    } else {
        int32_t slot;
        old = sr_union(cv[0], dir, cv[1], dir + 2);
        if ((nd[0] * dir[0] + nd[1] * dir[1]) >> 7 >= 90)
            slot = 0;                   /* the side of the strongest ink */
        else if (!cv[1] || (nd[0] * dir[2] + nd[1] * dir[3]) >> 7 >= 90)
            slot = 1;                   /* the other side */
        else                            /* a third side: keep the stronger pair */
            slot = cv[1] < cv[0] ? 1 : 0;
        if (cov <= cv[slot])
            return;
        cv[slot] = (uint8_t)cov;
        dir[2 * slot] = nd[0];
        dir[2 * slot + 1] = nd[1];
        if (cv[1] > cv[0]) {            /* slot 0 holds the strongest */
            uint8_t t = cv[0];
            int8_t t0 = dir[0], t1 = dir[1];
            cv[0] = cv[1];
            cv[1] = t;
            dir[0] = dir[2];
            dir[1] = dir[3];
            dir[2] = t0;
            dir[3] = t1;
        }
        now = sr_union(cv[0], dir, cv[1], dir + 2);
        if (now <= old)
            return;
    }
    s = sr_div255(now * pen->color[3]);
    if (n != SR_RGBA) {
        for (k = 0; k < n; k++)
            px[k] = (uint8_t)sr_div255(pen->color[k] * s + base[k] * (255 - s));
    } else {
        /* straight alpha "over": oa = s + ba (1 - s), c = (C s + B ba (1 - s)) / oa */
        int32_t ba = base[3], rest = ba * (255 - s), oa = s + sr_div255(rest);
        if (!oa) {
            px[0] = px[1] = px[2] = px[3] = 0;
            return;
        }
        for (k = 0; k < 3; k++) {
            int32_t num = pen->color[k] * s * 255 + base[k] * rest;
            px[k] = (uint8_t)((num + oa * 255 / 2) / (oa * 255));
        }
        px[3] = (uint8_t)oa;
    }
}

/** floor(v / 256) and ceil(v / 256) for any sign. */
LAVFX_INLINE int32_t sr_floor8(int32_t v) { return v >= 0 ? v >> 8 : -((-v + 255) >> 8); }
LAVFX_INLINE int32_t sr_ceil8(int32_t v)  { return -sr_floor8(-v); }

/**
 * Draws the capsule of segment (ax, ay)-(bx, by) (Q8) into the current
 * stroke: every pixel near it gets max(its coverage so far, this capsule's).
 * a == b draws a dot. With end_cap 0 the disk around b is left out (the
 * next segment of the polyline draws it as its start): each vertex's disk
 * is computed once.
 */
LAVFX_INLINE void sr_segment(SrCanvas *c, const SrPen *pen, int32_t ax, int32_t ay,
                             int32_t bx, int32_t by, int32_t end_cap)
{
    int64_t dx = (int64_t)bx - ax, dy = (int64_t)by - ay;
    int64_t len2 = dx * dx + dy * dy;
    int32_t len = (int32_t)lavfx_isqrt64((uint64_t)len2);
    int32_t m = pen->r + 182;                   /* reach: r + sqrt(2)/2 px */
    int32_t bend = pen->r > 16 ? 2731 / pen->r : 170; /* 1 / 24r px in Q8 */
    int32_t ux = 0, uy = 0, sa = 16384, sb = 0, sia = 1 << 16;
    int64_t siab = 0;
    int32_t ylo = (ay < by ? ay : by), yhi = (ay < by ? by : ay);
    int32_t y0 = sr_ceil8(ylo - m - 128), y1 = sr_floor8(yhi + m - 128), y;

    if (len > 0) {
        ux = (int32_t)(dx * 16384 / len);
        uy = (int32_t)(dy * 16384 / len);
        sr_edge_params(dx, dy, len, &sa, &sb, &sia, &siab);
    }
    if (y0 < 0)
        y0 = 0;
    if (y1 > c->h - 1)
        y1 = c->h - 1;
    for (y = y0; y <= y1; y++) {
        int32_t yc = y * 256 + 128, x0, x1, x;
        int32_t xa, xb;
        /* x extent of the segment's part within m of this row, plus m */
        if (dy == 0) {
            xa = ax;
            xb = bx;
        } else {
            int32_t ya = lavfx_clip(yc - m, ylo, yhi), yb = lavfx_clip(yc + m, ylo, yhi);
            xa = (int32_t)(ax + ((int64_t)ya - ay) * dx / dy);
            xb = (int32_t)(ax + ((int64_t)yb - ay) * dx / dy);
        }
        if (xa > xb) {
            int32_t t = xa;
            xa = xb;
            xb = t;
        }
        x0 = sr_ceil8(xa - m - 128);
        x1 = sr_floor8(xb + m - 128);
        if (x0 < 0)
            x0 = 0;
        if (x1 > c->w - 1)
            x1 = c->w - 1;
        for (x = x0; x <= x1; x++) {
            int32_t rx = x * 256 + 128 - ax, ry = yc - ay, d, cov, ddx, ddy;
            int64_t along = ((int64_t)rx * ux + (int64_t)ry * uy) >> 14;
            if (len > 0 && along >= 0 && along <= len) {
                int64_t perp = ((int64_t)ry * ux - (int64_t)rx * uy) >> 14;
                d = (int32_t)(perp < 0 ? -perp : perp);
                if (d >= m)
                    continue;
                cov = sr_coverage(pen, d, sa, sb, sia, siab, 0);
                ddx = (perp < 0 ? uy : -uy) * 127 >> 14;
                ddy = (perp < 0 ? -ux : ux) * 127 >> 14;
            } else {
                int32_t a, b, ia;
                int64_t iab;
                if (len > 0 && along > len) {
                    if (!end_cap)
                        continue;
                    rx = x * 256 + 128 - bx;
                    ry = yc - by;
                }
                d = (int32_t)lavfx_isqrt64((uint64_t)((int64_t)rx * rx + (int64_t)ry * ry));
                if (d >= m)
                    continue;
                if (d > 0)
                    sr_edge_params(rx, ry, d, &a, &b, &ia, &iab);
                else
                    sr_edge_params(1, 0, 1, &a, &b, &ia, &iab);
                cov = sr_coverage(pen, d, a, b, ia, iab, bend);
                ddx = d > 0 ? rx * 127 / d : 0;
                ddy = d > 0 ? ry * 127 / d : 0;
            }
            if (cov > 0)
                sr_plot(c, pen, x, y, cov, ddx, ddy);
        }
    }
}

/**
 * Draws one stroke: the polyline through n >= 1 points xy[0..2n) (Q8,
 * x then y), as a new stroke composited over the canvas. One point draws a
 * dot of diameter 2 r.
 */
LAVFX_INLINE void sr_polyline(SrCanvas *c, const SrPen *pen, const int32_t *xy, int32_t n)
{
    int32_t i;
    if (n <= 0)
        return;
    if (n == 1) {
        sr_segment(c, pen, xy[0], xy[1], xy[0], xy[1], 1);
        return;
    }
    for (i = 1; i < n; i++)
        sr_segment(c, pen, xy[2 * i - 2], xy[2 * i - 1], xy[2 * i], xy[2 * i + 1], i == n - 1);
}

#endif /* STROKE_RASTER_H */

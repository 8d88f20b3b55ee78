/*
 * primitive: shapes as integer geometry (rasterize, random, mutate)
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
 * The shapes of the primitive filter, following fogleman/primitive's cut of
 * the problem (a shape can be made at random, mutated, checked for validity
 * and rasterized into scanline intervals), written as integer-only
 * static inline functions so the C search and the CUDA kernels share them.
 *
 * Units: coordinates are fixed point with PRIM_FRAC_BITS fractional bits
 * ("Q units", 1/16 pixel). A shape lives in work-image space; it is turned
 * into a PrimGeom (polygon edges or an axis-aligned ellipse) scaled to any
 * output size, and a PrimGeom answers "which x intervals does scanline y
 * cover". Scanline y in Q units is a horizontal line; pixel row r is sampled
 * at its centre y = r * 16 + 8, and pixel column c is covered when its centre
 * c * 16 + 8 lies in [xa, xb).
 */

#ifndef PRIMITIVE_SHAPE_H
#define PRIMITIVE_SHAPE_H

#include "lavfx_math.h"
#include "lavfx_rng.h"

#define PRIM_FRAC_BITS 4
#define PRIM_ONE       (1 << PRIM_FRAC_BITS)
#define PRIM_MAX_EDGES 64   /**< edges of a PrimGeom polygon */
#define PRIM_MAX_SPANS 16   /**< x intervals one scanline can have */

/** Shape kinds, numbered as fogleman/primitive's -m modes. */
enum PrimKind {
    PRIM_COMBO          = 0,  /**< mode only: a random pick per shape */
    PRIM_TRIANGLE       = 1,
    PRIM_RECT           = 2,
    PRIM_ELLIPSE        = 3,
    PRIM_CIRCLE         = 4,
    PRIM_ROTATEDRECT    = 5,
    PRIM_BEZIER         = 6,  /**< quadratic Bezier stroke */
    PRIM_ROTATEDELLIPSE = 7,
    PRIM_POLYGON        = 8,  /**< 4 points, may self-intersect (nonzero fill) */
    PRIM_NB_KINDS
};

/** Kinds combo mode draws from (fogleman's combo: its five basic shapes). */
#define PRIM_COMBO_KINDS 5

/**
 * One shape in work-image space. p[] by kind (Q units; angles in 1/4096 turn):
 *   TRIANGLE        x1 y1 x2 y2 x3 y3
 *   RECT            x1 y1 x2 y2 (opposite corners)
 *   ELLIPSE         cx cy rx ry
 *   CIRCLE          cx cy r
 *   ROTATEDRECT     cx cy sx sy angle (full side lengths)
 *   BEZIER          x1 y1 cx cy x2 y2 width (stroke of the quadratic curve)
 *   ROTATEDELLIPSE  cx cy rx ry angle
 *   POLYGON         x1 y1 x2 y2 x3 y3 x4 y4
 * color is 0-255 RGB, alpha 1-255 (255 = opaque).
 */
typedef struct PrimShape {
    int32_t p[8];
    uint8_t kind;
    uint8_t alpha;
    uint8_t color[3];
} PrimShape;

/** Work-image space: size in pixels, and one "reference pixel" u in Q units
 *  (1/256 of the long side), so random spreads and mutation steps follow
 *  fogleman's pixel constants at his 256-pixel work size and scale with it. */
typedef struct PrimSpace {
    int32_t w, h;
    int32_t u;
} PrimSpace;

/** Output scaling: x_out = x * xn / xd, y_out = y * yn / yd (Q units). */
typedef struct PrimScale {
    int32_t xn, xd, yn, yd;
} PrimScale;

typedef struct PrimEdge {
    int32_t y0, y1;     /**< covers scanlines y0 <= y < y1 */
    int32_t x0;         /**< x at y0 */
    int64_t slope;      /**< dx/dy in Q16 */
    int32_t dir;        /**< +1 downwards, -1 upwards (nonzero winding) */
} PrimEdge;

/** A shape scaled to some raster: polygon edges, or an axis-aligned ellipse. */
typedef struct PrimGeom {
    int32_t ymin, ymax;             /**< scanlines outside [ymin, ymax) are empty */
    int32_t ellipse;                /**< 1: use cx cy rx ry, no edges */
    int32_t convex;                 /**< 1: one interval per scanline */
    int32_t nb_edges;
    int32_t cx, cy, rx, ry;
    PrimEdge e[PRIM_MAX_EDGES];
} PrimGeom;

LAVFX_INLINE int32_t prim_scale_x(const PrimScale *sc, int64_t v)
{
    return (int32_t)(v * sc->xn / sc->xd);
}

LAVFX_INLINE int32_t prim_scale_y(const PrimScale *sc, int64_t v)
{
    return (int32_t)(v * sc->yn / sc->yd);
}

/** Adds the closed polygon (x, y pairs in output Q units) to g's edges. */
LAVFX_INLINE void prim_geom_add_polygon(PrimGeom *g, const int32_t *xy, int n)
{
    int i;
    for (i = 0; i < n && g->nb_edges < PRIM_MAX_EDGES; i++) {
        int j = i + 1 == n ? 0 : i + 1;
        int32_t xa = xy[2 * i], ya = xy[2 * i + 1], xb = xy[2 * j], yb = xy[2 * j + 1];
        PrimEdge *e = &g->e[g->nb_edges];
        if (ya == yb)
            continue;
        e->dir = 1;
        if (ya > yb) {
            int32_t t;
            t = xa; xa = xb; xb = t;
            t = ya; ya = yb; yb = t;
            e->dir = -1;
        }
        e->y0    = ya;
        e->y1    = yb;
        e->x0    = xa;
        e->slope = ((int64_t)(xb - xa) * 65536) / (yb - ya);
        g->ymin  = lavfx_min(g->ymin, ya);
        g->ymax  = lavfx_max(g->ymax, yb);
        g->nb_edges++;
    }
}

/** Points on the ellipse (rx, ry) rotated by angle around (cx, cy), all in
 *  work Q units, as n polygon vertices scaled to the output. */
LAVFX_INLINE void prim_geom_add_ellipse_polygon(PrimGeom *g, const PrimScale *sc,
                                                int32_t cx, int32_t cy, int32_t rx,
                                                int32_t ry, int32_t angle, int n)
{
    int32_t xy[2 * PRIM_MAX_EDGES];
    int32_t c = lavfx_icos(angle), s = lavfx_isin(angle);
    int k;
    for (k = 0; k < n; k++) {
        int32_t t  = k * LAVFX_TURN / n;
        int64_t ex = (int64_t)rx * lavfx_icos(t);   /* Q units * 2^14 */
        int64_t ey = (int64_t)ry * lavfx_isin(t);
        int64_t x  = (int64_t)cx * 16384 + ((ex * c - ey * s) >> 14);
        int64_t y  = (int64_t)cy * 16384 + ((ex * s + ey * c) >> 14);
        xy[2 * k]     = (int32_t)(x * sc->xn / ((int64_t)sc->xd << 14));
        xy[2 * k + 1] = (int32_t)(y * sc->yn / ((int64_t)sc->yd << 14));
    }
    prim_geom_add_polygon(g, xy, n);
}

/** Polygon sides for a curve of radius r (output Q units): n ~ pi sqrt(r / 0.4 px)
 *  keeps within 0.2 pixel of the true curve up to the cap hi (64 sides: radii
 *  up to about 160 pixels; a 1000-pixel ellipse is off by about 1.2 pixels). */
LAVFX_INLINE int prim_curve_segments(int32_t r_q, int lo, int hi)
{
    int n = (int)lavfx_isqrt64((uint64_t)lavfx_max(r_q, 1) * 25 / PRIM_ONE);
    return lavfx_clip(n, lo, hi);
}

/**
 * Turns shape s (work space) into geometry on a raster scaled by sc.
 */
LAVFX_INLINE void prim_geom_build(const PrimShape *s, const PrimScale *sc, PrimGeom *g)
{
    const int32_t *p = s->p;
    int32_t xy[2 * PRIM_MAX_EDGES];
    int i;

    g->ymin     = INT32_MAX;
    g->ymax     = INT32_MIN;
    g->nb_edges = 0;
    g->ellipse  = 0;
    g->convex   = 1;
    switch (s->kind) {
    case PRIM_TRIANGLE:
    case PRIM_POLYGON: {
        int n = s->kind == PRIM_TRIANGLE ? 3 : 4;
        for (i = 0; i < n; i++) {
            xy[2 * i]     = prim_scale_x(sc, p[2 * i]);
            xy[2 * i + 1] = prim_scale_y(sc, p[2 * i + 1]);
        }
        g->convex = s->kind == PRIM_TRIANGLE;
        prim_geom_add_polygon(g, xy, n);
        break;
    }
    case PRIM_RECT: {
        int32_t x1 = prim_scale_x(sc, p[0]), y1 = prim_scale_y(sc, p[1]);
        int32_t x2 = prim_scale_x(sc, p[2]), y2 = prim_scale_y(sc, p[3]);
        xy[0] = x1; xy[1] = y1; xy[2] = x2; xy[3] = y1;
        xy[4] = x2; xy[5] = y2; xy[6] = x1; xy[7] = y2;
        prim_geom_add_polygon(g, xy, 4);
        break;
    }
    case PRIM_ELLIPSE:
    case PRIM_CIRCLE:
        g->ellipse = 1;
        g->cx   = prim_scale_x(sc, p[0]);
        g->cy   = prim_scale_y(sc, p[1]);
        g->rx   = lavfx_max(prim_scale_x(sc, p[2]), 1);
        g->ry   = lavfx_max(prim_scale_y(sc, s->kind == PRIM_CIRCLE ? p[2] : p[3]), 1);
        g->ymin = g->cy - g->ry;
        g->ymax = g->cy + g->ry + 1;
        break;
    case PRIM_ROTATEDRECT: {
        int32_t c = lavfx_icos(p[4]), sn = lavfx_isin(p[4]);
        for (i = 0; i < 4; i++) {   /* corners (-,-) (+,-) (+,+) (-,+) */
            int64_t dx = (i == 1 || i == 2 ? 1 : -1) * (int64_t)p[2] / 2;
            int64_t dy = (i >= 2 ? 1 : -1) * (int64_t)p[3] / 2;
            int64_t x  = (int64_t)p[0] * 16384 + dx * c - dy * sn;
            int64_t y  = (int64_t)p[1] * 16384 + dx * sn + dy * c;
            xy[2 * i]     = (int32_t)(x * sc->xn / ((int64_t)sc->xd << 14));
            xy[2 * i + 1] = (int32_t)(y * sc->yn / ((int64_t)sc->yd << 14));
        }
        prim_geom_add_polygon(g, xy, 4);
        break;
    }
    case PRIM_ROTATEDELLIPSE: {
        int32_t r = prim_scale_x(sc, lavfx_max(p[2], p[3]));
        prim_geom_add_ellipse_polygon(g, sc, p[0], p[1], p[2], p[3], p[4],
                                      prim_curve_segments(r, 12, PRIM_MAX_EDGES));
        break;
    }
    case PRIM_BEZIER: {
        /* The stroke outline: the curve flattened into m segments, offset by
         * half the width on both sides (butt caps), filled nonzero. */
        int32_t x0 = prim_scale_x(sc, p[0]), y0 = prim_scale_y(sc, p[1]);
        int32_t x1 = prim_scale_x(sc, p[2]), y1 = prim_scale_y(sc, p[3]);
        int32_t x2 = prim_scale_x(sc, p[4]), y2 = prim_scale_y(sc, p[5]);
        int32_t hw = lavfx_max(prim_scale_x(sc, p[6]) / 2, 1);
        int64_t len = (int64_t)lavfx_isqrt64((uint64_t)((int64_t)(x1 - x0) * (x1 - x0) + (int64_t)(y1 - y0) * (y1 - y0))) +
                      lavfx_isqrt64((uint64_t)((int64_t)(x2 - x1) * (x2 - x1) + (int64_t)(y2 - y1) * (y2 - y1)));
        int m = lavfx_clip((int32_t)(len / (6 * PRIM_ONE)), 4, PRIM_MAX_EDGES / 2 - 1);
        int k;
        g->convex = 0;
        for (k = 0; k <= m; k++) {
            int64_t a = m - k, b = k, mm = (int64_t)m * m;
            int64_t bx = (a * a * x0 + 2 * a * b * x1 + b * b * x2) / mm;
            int64_t by = (a * a * y0 + 2 * a * b * y1 + b * b * y2) / mm;
            int64_t tx = a * (x1 - x0) + b * (x2 - x1), ty = a * (y1 - y0) + b * (y2 - y1);
            int64_t tl;
            if (!tx && !ty) {
                tx = x2 - x0;
                ty = y2 - y0;
            }
            while (tx > (1 << 24) || tx < -(1 << 24) || ty > (1 << 24) || ty < -(1 << 24)) {
                tx /= 2;
                ty /= 2;
            }
            tl = lavfx_max((int32_t)lavfx_isqrt64((uint64_t)(tx * tx + ty * ty)), 1);
            xy[2 * k]               = (int32_t)(bx - ty * hw / tl);
            xy[2 * k + 1]           = (int32_t)(by + tx * hw / tl);
            xy[2 * (2 * m + 1 - k)]     = (int32_t)(bx + ty * hw / tl);
            xy[2 * (2 * m + 1 - k) + 1] = (int32_t)(by - tx * hw / tl);
        }
        prim_geom_add_polygon(g, xy, 2 * m + 2);
        break;
    }
    default:
        break;
    }
    if (g->ymin > g->ymax) {
        g->ymin = 0;
        g->ymax = 0;
    }
}

/**
 * The x intervals scanline y (Q units) covers, as pairs xs[2i] < xs[2i+1]
 * in increasing order; returns the number of intervals (0 to PRIM_MAX_SPANS).
 * Polygons use the nonzero winding rule; edges are half-open in y.
 */
LAVFX_INLINE int prim_geom_row(const PrimGeom *g, int32_t y, int32_t *xs)
{
    int32_t cx[PRIM_MAX_EDGES], cd[PRIM_MAX_EDGES];
    int i, n = 0, nb = 0, wind = 0;

    if (y < g->ymin || y >= g->ymax)
        return 0;
    if (g->ellipse) {
        int64_t dy = y - g->cy, ry2 = (int64_t)g->ry * g->ry;
        int64_t half;
        if (dy * dy >= ry2)
            return 0;
        half  = (int64_t)g->rx * lavfx_isqrt64((uint64_t)(ry2 - dy * dy) << 20) / ((int64_t)g->ry << 10);
        xs[0] = g->cx - (int32_t)half;
        xs[1] = g->cx + (int32_t)half;
        return xs[0] < xs[1];
    }
    if (g->convex) {
        int32_t lo = INT32_MAX, hi = INT32_MIN;
        for (i = 0; i < g->nb_edges; i++) {
            const PrimEdge *e = &g->e[i];
            if (y >= e->y0 && y < e->y1) {
                int32_t x = e->x0 + (int32_t)(((y - e->y0) * e->slope) >> 16);
                lo = lavfx_min(lo, x);
                hi = lavfx_max(hi, x);
            }
        }
        xs[0] = lo;
        xs[1] = hi;
        return lo < hi;
    }
    for (i = 0; i < g->nb_edges; i++) {
        const PrimEdge *e = &g->e[i];
        if (y >= e->y0 && y < e->y1) {
            int32_t x = e->x0 + (int32_t)(((y - e->y0) * e->slope) >> 16);
            int j = n;
            while (j > 0 && cx[j - 1] > x) {     /* insertion sort by x */
                cx[j] = cx[j - 1];
                cd[j] = cd[j - 1];
                j--;
            }
            cx[j] = x;
            cd[j] = e->dir;
            n++;
        }
    }
    for (i = 0; i < n && nb < PRIM_MAX_SPANS; i++) {
        if (!wind)
            xs[2 * nb] = cx[i];
        wind += cd[i];
        if (!wind) {
            xs[2 * nb + 1] = cx[i];
            nb += xs[2 * nb] < cx[i];
        }
    }
    return nb;
}

/** The pixel columns [*c0, *c1) whose centres lie in [xa, xb), clipped to [0, w). */
LAVFX_INLINE void prim_interval_pixels(int32_t xa, int32_t xb, int32_t w, int32_t *c0, int32_t *c1)
{
    *c0 = lavfx_max((xa - PRIM_ONE / 2 + PRIM_ONE - 1) >> PRIM_FRAC_BITS, 0);
    *c1 = lavfx_min((xb - PRIM_ONE / 2 + PRIM_ONE - 1) >> PRIM_FRAC_BITS, w);
}

/* ------------------------------------------------------------------------ */
/* Random shapes and mutations, after fogleman/primitive's shape files.      */

LAVFX_INLINE int32_t prim_rand_x(LavfxRng *r, const PrimSpace *sp) { return lavfx_rng_range(r, sp->w * PRIM_ONE); }
LAVFX_INLINE int32_t prim_rand_y(LavfxRng *r, const PrimSpace *sp) { return lavfx_rng_range(r, sp->h * PRIM_ONE); }
/** Uniform in [-k, k] reference pixels. */
LAVFX_INLINE int32_t prim_rand_spread(LavfxRng *r, const PrimSpace *sp, int32_t k)
{
    return lavfx_rng_range(r, (2 * k + 1) * sp->u) - k * sp->u;
}

/** Fogleman's validity rules: triangles have all angles above 15 degrees,
 *  rotated rectangles an aspect ratio of at most 5, Bezier curves the chord
 *  as the longest side of their control triangle. */
LAVFX_INLINE int prim_shape_valid(const PrimShape *s)
{
    const int32_t *p = s->p;
    int i;
    switch (s->kind) {
    case PRIM_TRIANGLE:
        for (i = 0; i < 3; i++) {
            int j = (i + 1) % 3, k = (i + 2) % 3;
            int64_t ax = (p[2 * j] - p[2 * i]) >> PRIM_FRAC_BITS, ay = (p[2 * j + 1] - p[2 * i + 1]) >> PRIM_FRAC_BITS;
            int64_t bx = (p[2 * k] - p[2 * i]) >> PRIM_FRAC_BITS, by = (p[2 * k + 1] - p[2 * i + 1]) >> PRIM_FRAC_BITS;
            int64_t dot = ax * bx + ay * by, aa = ax * ax + ay * ay, bb = bx * bx + by * by;
            if (!aa || !bb)
                return 0;
            /* keep dot^2 * 10^5 and aa * bb * 10^5 within int64 */
            while (aa >= (1 << 22) || bb >= (1 << 22)) {
                aa  >>= 2;
                bb  >>= 2;
                dot /= 4;
            }
            /* angle > 15 deg  <=>  cos < cos(15 deg) = 0.96593, cos^2 < 0.93301 */
            if (dot > 0 && dot * dot * 100000 >= (aa * bb) * 93301)
                return 0;
        }
        return 1;
    case PRIM_ROTATEDRECT:
        return lavfx_max(p[2], p[3]) <= 5 * lavfx_min(p[2], p[3]);
    case PRIM_BEZIER: {
        int64_t d01 = (int64_t)(p[0] - p[2]) * (p[0] - p[2]) + (int64_t)(p[1] - p[3]) * (p[1] - p[3]);
        int64_t d12 = (int64_t)(p[2] - p[4]) * (p[2] - p[4]) + (int64_t)(p[3] - p[5]) * (p[3] - p[5]);
        int64_t d02 = (int64_t)(p[0] - p[4]) * (p[0] - p[4]) + (int64_t)(p[1] - p[5]) * (p[1] - p[5]);
        return d02 > d01 && d02 > d12;
    }
    default:
        return 1;
    }
}

/** Moves point i of p[] by a normal step (sigma = 16 reference pixels),
 *  keeping it within 16 reference pixels of the image. */
LAVFX_INLINE void prim_move_point(LavfxRng *r, const PrimSpace *sp, int32_t *p, int i, int margin)
{
    int32_t m = margin ? 16 * sp->u : 0;
    p[2 * i]     = lavfx_clip(p[2 * i] + lavfx_rng_normal(r, 16 * sp->u), -m, sp->w * PRIM_ONE - 1 + m);
    p[2 * i + 1] = lavfx_clip(p[2 * i + 1] + lavfx_rng_normal(r, 16 * sp->u), -m, sp->h * PRIM_ONE - 1 + m);
}

LAVFX_INLINE int32_t prim_mutate_size(LavfxRng *r, const PrimSpace *sp, int32_t v)
{
    return lavfx_clip(v + lavfx_rng_normal(r, 16 * sp->u), sp->u, lavfx_max(sp->w, sp->h) * PRIM_ONE - 1);
}

/** Mutates the geometry of s once (colour and alpha are not touched). */
LAVFX_INLINE void prim_shape_mutate_once(LavfxRng *r, const PrimSpace *sp, PrimShape *s)
{
    int32_t *p = s->p;
    switch (s->kind) {
    case PRIM_TRIANGLE:  prim_move_point(r, sp, p, lavfx_rng_range(r, 3), 1); break;
    case PRIM_POLYGON:   prim_move_point(r, sp, p, lavfx_rng_range(r, 4), 1); break;
    case PRIM_RECT:      prim_move_point(r, sp, p, lavfx_rng_range(r, 2), 0); break;
    case PRIM_ELLIPSE:
    case PRIM_CIRCLE:
    case PRIM_ROTATEDRECT:
    case PRIM_ROTATEDELLIPSE: {
        int rotated = s->kind == PRIM_ROTATEDRECT || s->kind == PRIM_ROTATEDELLIPSE;
        int nsize   = s->kind == PRIM_CIRCLE ? 1 : 2;
        int which   = lavfx_rng_range(r, 1 + nsize + rotated);
        if (which == 0)
            prim_move_point(r, sp, p, 0, 0);
        else if (which <= nsize)
            p[1 + which] = prim_mutate_size(r, sp, p[1 + which]);
        else  /* fogleman: angle += normal * 32 degrees */
            p[4] = (p[4] + lavfx_rng_normal(r, 32 * LAVFX_TURN / 360)) & (LAVFX_TURN - 1);
        break;
    }
    case PRIM_BEZIER: {
        int which = lavfx_rng_range(r, 4);
        if (which < 3)
            prim_move_point(r, sp, p, which, 1);
        else
            p[6] = lavfx_clip(p[6] + lavfx_rng_normal(r, sp->u), sp->u, 16 * sp->u);
        break;
    }
    default:
        break;
    }
}

/** Mutates s into a valid shape (up to 8 tries; unchanged if none is valid). */
LAVFX_INLINE void prim_shape_mutate(LavfxRng *r, const PrimSpace *sp, PrimShape *s)
{
    PrimShape t = *s;
    int tries;
    for (tries = 0; tries < 8; tries++) {
        prim_shape_mutate_once(r, sp, &t);
        if (prim_shape_valid(&t)) {
            *s = t;
            return;
        }
        t = *s;
    }
}

/** A random shape of the given kind (not PRIM_COMBO), as fogleman's NewRandom*. */
LAVFX_INLINE void prim_shape_random(LavfxRng *r, const PrimSpace *sp, int kind, PrimShape *s)
{
    int32_t *p = s->p;
    int i;
    for (i = 0; i < 8; i++)
        p[i] = 0;
    s->kind = (uint8_t)kind;
    p[0] = prim_rand_x(r, sp);
    p[1] = prim_rand_y(r, sp);
    switch (kind) {
    case PRIM_TRIANGLE:
    case PRIM_POLYGON: {
        int n = kind == PRIM_TRIANGLE ? 3 : 4, k = kind == PRIM_TRIANGLE ? 15 : 20;
        for (i = 1; i < n; i++) {
            p[2 * i]     = p[0] + prim_rand_spread(r, sp, k);
            p[2 * i + 1] = p[1] + prim_rand_spread(r, sp, k);
        }
        break;
    }
    case PRIM_RECT:
        p[2] = lavfx_min(p[0] + lavfx_rng_range(r, 32 * sp->u) + sp->u, sp->w * PRIM_ONE - 1);
        p[3] = lavfx_min(p[1] + lavfx_rng_range(r, 32 * sp->u) + sp->u, sp->h * PRIM_ONE - 1);
        break;
    case PRIM_ELLIPSE:
    case PRIM_CIRCLE:
    case PRIM_ROTATEDRECT:
    case PRIM_ROTATEDELLIPSE:
        p[2] = lavfx_rng_range(r, 32 * sp->u) + sp->u;
        p[3] = kind == PRIM_CIRCLE ? p[2] : lavfx_rng_range(r, 32 * sp->u) + sp->u;
        p[4] = lavfx_rng_range(r, LAVFX_TURN);
        if (kind == PRIM_ROTATEDRECT && !prim_shape_valid(s))
            p[3] = p[2];
        break;
    case PRIM_BEZIER:
        p[2] = p[0] + prim_rand_spread(r, sp, 20);
        p[3] = p[1] + prim_rand_spread(r, sp, 20);
        p[4] = p[2] + prim_rand_spread(r, sp, 20);
        p[5] = p[3] + prim_rand_spread(r, sp, 20);
        p[6] = sp->u;
        break;
    default:
        break;
    }
    if (kind == PRIM_TRIANGLE || kind == PRIM_POLYGON || kind == PRIM_BEZIER || kind == PRIM_ROTATEDRECT)
        prim_shape_mutate(r, sp, s);
}

/* ------------------------------------------------------------------------ */
/* The random streams of the search (shared by the C core and the kernels).  */

/** Attempts of one step before it gives up (the best climb did not lower the error). */
#define PRIM_STEP_TRIES 4
/** Bits of the stream word: climb index (< 2^22), warm start, attempt. */
#define PRIM_STREAM_MUTATIONS (1u << 22)
#define PRIM_STREAM_WARM      (1u << 23)
#define PRIM_STREAM_ATTEMPT   24
/** 4-word blocks each candidate may draw (random_shape draws fewer than 100 words). */
#define PRIM_CANDIDATE_BLOCKS_LOG2 12
/** 4-word blocks each mutation may draw (up to 8 tries of 5 words, and 1 for alpha). */
#define PRIM_MUTATION_BLOCKS_LOG2 6

/** The stream word of climb j in attempt `attempt` of a step, warm or not. */
LAVFX_INLINE uint32_t prim_climb_stream(int32_t j, int32_t attempt, int32_t warm)
{
    return (uint32_t)j | (uint32_t)attempt << PRIM_STREAM_ATTEMPT | (warm ? PRIM_STREAM_WARM : 0);
}

/**
 * The stream of candidate i of a climb: its own sub-stream of the climb's
 * stream (seed; frame, shape index, climb word), so every candidate can be
 * drawn on its own (by its own GPU warp) and the result does not depend on
 * the others. i < 2^20.
 */
LAVFX_INLINE void prim_candidate_rng(LavfxRng *r, uint64_t seed, uint32_t frame, uint32_t shape,
                                     uint32_t climb, uint32_t i)
{
    lavfx_rng_init_at(r, seed, frame, shape, climb, i << PRIM_CANDIDATE_BLOCKS_LOG2);
}

/**
 * The stream of mutation m of a climb (m counts the climb's mutations from
 * 0): its own sub-stream, so the GPU can try the next mutations of the same
 * shape side by side and keep the first that improves, which is what the
 * sequential climb does. A mutation draws fewer than 4 x 2^6 words.
 */
LAVFX_INLINE void prim_mutation_rng(LavfxRng *r, uint64_t seed, uint32_t frame, uint32_t shape,
                                    uint32_t climb, uint32_t m)
{
    lavfx_rng_init_at(r, seed, frame, shape, climb | PRIM_STREAM_MUTATIONS, m << PRIM_MUTATION_BLOCKS_LOG2);
}

/** A random candidate: of kind mode (PRIM_COMBO: a random basic kind), with
 *  opacity alpha (0: searched, starting at 128). */
LAVFX_INLINE void prim_random_candidate(LavfxRng *r, const PrimSpace *sp, int32_t mode, int32_t alpha,
                                        PrimShape *s)
{
    int32_t kind = mode == PRIM_COMBO ? 1 + lavfx_rng_range(r, PRIM_COMBO_KINDS) : mode;
    prim_shape_random(r, sp, kind, s);
    s->alpha = (uint8_t)(alpha ? alpha : 128);
}

/**
 * A shape carried from the last frame (temporal mode) as this frame's options
 * want it: with a fixed alpha (1-255) its opacity becomes that, with 0
 * (searched) it keeps its own. Returns 0, leaving s as it was, when its kind
 * is not one that mode draws (mode changed by a command): the slot is then
 * searched afresh.
 */
LAVFX_INLINE int32_t prim_seed_adapt(PrimShape *s, int32_t mode, int32_t alpha)
{
    if (mode == PRIM_COMBO ? s->kind > PRIM_COMBO_KINDS : s->kind != mode)
        return 0;
    if (alpha)
        s->alpha = (uint8_t)alpha;
    return 1;
}

/** One hill-climbing move: the geometry mutated, and with alpha = 0 (searched)
 *  the opacity moved by up to 10 (fogleman/primitive's Mutate with -a 0). */
LAVFX_INLINE void prim_mutate_candidate(LavfxRng *r, const PrimSpace *sp, int32_t alpha, PrimShape *s)
{
    prim_shape_mutate(r, sp, s);
    if (!alpha)
        s->alpha = (uint8_t)lavfx_clip(s->alpha + lavfx_rng_range(r, 21) - 10, 1, 255);
}

/**
 * Moves a shape by (dx, dy) Q units: every point of it (corners, centres,
 * Bezier control points); sizes and angles are kept. The result may leave
 * the image or be invalid: the caller checks with prim_shape_valid().
 */
LAVFX_INLINE void prim_shape_translate(PrimShape *s, int32_t dx, int32_t dy)
{
    int points = s->kind == PRIM_TRIANGLE || s->kind == PRIM_BEZIER ? 3 :
                 s->kind == PRIM_POLYGON ? 4 : s->kind == PRIM_RECT ? 2 : 1;
    int i;
    for (i = 0; i < points; i++) {
        s->p[2 * i]     += dx;
        s->p[2 * i + 1] += dy;
    }
}

#endif /* PRIMITIVE_SHAPE_H */

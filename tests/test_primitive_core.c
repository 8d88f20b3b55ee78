/*
 * primitive: unit tests of the core library (no FFmpeg)
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

/*
 * Standalone unit tests of the primitive core (filters/primitive.c and its
 * headers). Each check prints "ok NAME" or "FAIL NAME: details"; the last
 * line is "N passed, M failed" and the exit status is non-zero if M > 0.
 *
 *   cc -std=c11 -O1 -g -Wall -Wextra -Ifilters tests/test_primitive_core.c \
 *      build/liblavfx.a -lm -lpthread -o build/tests/test_primitive_core
 *
 * The references here are independent of the core: shapes are tested in
 * double precision against their geometric definition, pixel math against
 * per-pixel brute force, the downscaler against a floating-point tent filter.
 * Checks that can crash or trip a sanitizer in the core run in a child
 * process (fork), so one failure does not end the suite.
 */

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lavfx_math.h"
#include "lavfx_rng.h"
#include "primitive.h"
#include "primitive_pixel.h"
#include "primitive_shape.h"
#include "unit.h"

#define PI 3.14159265358979323846

/* The test's own random numbers: a Philox stream, so runs are reproducible. */
static LavfxRng trng;

static uint32_t tr_u32(void) { return lavfx_rng_u32(&trng); }
static int tr_range(int n) { return lavfx_rng_range(&trng, n); }
static uint64_t tr_u64(void) { uint64_t a = tr_u32(); return a << 32 | tr_u32(); }

typedef void (*ChildFn)(const void *arg, int out[4]);
static int in_child(ChildFn fn, const void *arg, int quiet, int out[4], char *why, size_t whysize);

/* ------------------------------------------------------------------------ */
/* Synthetic images                                                          */

/** A smooth gradient with a disc, a bar and noise: something to approximate. */
static void make_target(uint8_t *img, ptrdiff_t stride, int w, int h, uint32_t seed)
{
    LavfxRng r;
    int x, y, k;
    lavfx_rng_init(&r, 0x7a59e7ULL, seed, 0, 0);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            int v[3];
            double dx = x - w / 3.0, dy = y - h / 2.0;
            v[0] = 255 * x / (w - 1);
            v[1] = 255 * y / (h - 1);
            v[2] = 128 + (int)(90 * sin(x * 0.21) * cos(y * 0.17));
            if (dx * dx + dy * dy < (h / 4.0) * (h / 4.0)) {
                v[0] = 230; v[1] = 40; v[2] = 60;
            }
            if (x > 2 * w / 3 && x < 2 * w / 3 + w / 8 && y > h / 6) {
                v[0] = 20; v[1] = 180; v[2] = 220;
            }
            for (k = 0; k < 3; k++)
                img[y * stride + 3 * x + k] = (uint8_t)lavfx_clip(v[k] + lavfx_rng_range(&r, 25) - 12, 0, 255);
        }
}

static int64_t brute_error(const uint8_t *a, ptrdiff_t sa, const uint8_t *b, ptrdiff_t sb, int w, int h)
{
    int64_t e = 0;
    int x, y;
    for (y = 0; y < h; y++)
        for (x = 0; x < 3 * w; x++) {
            int d = a[y * sa + x] - b[y * sb + x];
            e += d * d;
        }
    return e;
}

/* ------------------------------------------------------------------------ */
/* Shape references in double precision                                       */

typedef struct Ref {
    int kind;
    int np;                     /* polygon kinds: vertices */
    double px[4], py[4];
    double cx, cy, rx, ry;      /* ellipse kinds: centre, radii ... */
    double ca, sa;              /* ... and rotation */
    double bx[3], by[3], hw;    /* bezier: control points, half width */
    double x0, y0, x1, y1;      /* bounding box of the true shape */
} Ref;

static void ref_build(const PrimShape *s, Ref *r)
{
    const int32_t *p = s->p;
    int i;
    memset(r, 0, sizeof(*r));
    r->kind = s->kind;
    r->ca   = 1;
    switch (s->kind) {
    case PRIM_TRIANGLE:
    case PRIM_POLYGON:
        r->np = s->kind == PRIM_TRIANGLE ? 3 : 4;
        for (i = 0; i < r->np; i++) {
            r->px[i] = p[2 * i];
            r->py[i] = p[2 * i + 1];
        }
        break;
    case PRIM_RECT:
        r->np = 4;
        r->px[0] = p[0]; r->py[0] = p[1];
        r->px[1] = p[2]; r->py[1] = p[1];
        r->px[2] = p[2]; r->py[2] = p[3];
        r->px[3] = p[0]; r->py[3] = p[3];
        break;
    case PRIM_ROTATEDRECT: {
        double a = p[4] * 2 * PI / 4096, c = cos(a), sn = sin(a);
        r->np = 4;
        for (i = 0; i < 4; i++) {   /* corners (-,-) (+,-) (+,+) (-,+), full side lengths */
            double dx = (i == 1 || i == 2 ? 1 : -1) * p[2] / 2.0;
            double dy = (i >= 2 ? 1 : -1) * p[3] / 2.0;
            r->px[i] = p[0] + dx * c - dy * sn;
            r->py[i] = p[1] + dx * sn + dy * c;
        }
        break;
    }
    case PRIM_ELLIPSE:
    case PRIM_CIRCLE:
        r->cx = p[0];
        r->cy = p[1];
        r->rx = p[2] > 1 ? p[2] : 1;
        r->ry = s->kind == PRIM_CIRCLE ? r->rx : p[3] > 1 ? p[3] : 1;
        break;
    case PRIM_ROTATEDELLIPSE: {
        double a = p[4] * 2 * PI / 4096;
        r->cx = p[0];
        r->cy = p[1];
        r->rx = p[2];
        r->ry = p[3];
        r->ca = cos(a);
        r->sa = sin(a);
        break;
    }
    case PRIM_BEZIER:
        for (i = 0; i < 3; i++) {
            r->bx[i] = p[2 * i];
            r->by[i] = p[2 * i + 1];
        }
        r->hw = p[6] / 2.0;
        break;
    }
    if (r->np) {
        r->x0 = r->x1 = r->px[0];
        r->y0 = r->y1 = r->py[0];
        for (i = 1; i < r->np; i++) {
            r->x0 = fmin(r->x0, r->px[i]); r->x1 = fmax(r->x1, r->px[i]);
            r->y0 = fmin(r->y0, r->py[i]); r->y1 = fmax(r->y1, r->py[i]);
        }
    } else if (s->kind == PRIM_BEZIER) {
        r->x0 = fmin(r->bx[0], fmin(r->bx[1], r->bx[2])) - r->hw;
        r->x1 = fmax(r->bx[0], fmax(r->bx[1], r->bx[2])) + r->hw;
        r->y0 = fmin(r->by[0], fmin(r->by[1], r->by[2])) - r->hw;
        r->y1 = fmax(r->by[0], fmax(r->by[1], r->by[2])) + r->hw;
    } else {
        double m = fmax(r->rx, r->ry);
        r->x0 = r->cx - m; r->x1 = r->cx + m;
        r->y0 = r->cy - m; r->y1 = r->cy + m;
    }
}

static double seg_dist(double x, double y, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0;
    if (l2 > 0)
        t = fmax(0, fmin(1, ((x - ax) * dx + (y - ay) * dy) / l2));
    dx = ax + t * dx - x;
    dy = ay + t * dy - y;
    return sqrt(dx * dx + dy * dy);
}

/* Nonzero winding number rule, edges half-open in y like the core's. */
static int poly_inside(const Ref *r, double x, double y)
{
    int i, wn = 0;
    for (i = 0; i < r->np; i++) {
        int j = (i + 1) % r->np;
        double ax = r->px[i], ay = r->py[i], bx = r->px[j], by = r->py[j];
        double cr = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
        if (ay <= y) {
            if (by > y && cr > 0)
                wn++;
        } else if (by <= y && cr < 0) {
            wn--;
        }
    }
    return wn != 0;
}

static double poly_bdist(const Ref *r, double x, double y)
{
    double d = INFINITY;
    int i;
    for (i = 0; i < r->np; i++) {
        int j = (i + 1) % r->np;
        d = fmin(d, seg_dist(x, y, r->px[i], r->py[i], r->px[j], r->py[j]));
    }
    return d;
}

static int ell_inside(const Ref *r, double x, double y)
{
    double dx = x - r->cx, dy = y - r->cy, u, v;
    if (r->rx <= 0 || r->ry <= 0)
        return 0;
    u = (dx * r->ca + dy * r->sa) / r->rx;
    v = (-dx * r->sa + dy * r->ca) / r->ry;
    return u * u + v * v < 1;
}

static double ell_pdist(const Ref *r, double t, double x, double y)
{
    double ex = r->rx * cos(t), ey = r->ry * sin(t);
    double px = r->cx + ex * r->ca - ey * r->sa, py = r->cy + ex * r->sa + ey * r->ca;
    return hypot(px - x, py - y);
}

/* Distance to the ellipse outline: dense sampling, then a ternary search. */
static double ell_bdist(const Ref *r, double x, double y)
{
    const int n = 1024;
    double best = INFINITY, bt = 0, lo, hi;
    int i;
    for (i = 0; i < n; i++) {
        double t = i * 2 * PI / n, d = ell_pdist(r, t, x, y);
        if (d < best) {
            best = d;
            bt   = t;
        }
    }
    lo = bt - 2 * PI / n;
    hi = bt + 2 * PI / n;
    for (i = 0; i < 60; i++) {
        double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
        if (ell_pdist(r, m1, x, y) < ell_pdist(r, m2, x, y))
            hi = m2;
        else
            lo = m1;
    }
    return fmin(best, ell_pdist(r, (lo + hi) / 2, x, y));
}

static void bez_point(const Ref *r, double t, double *x, double *y)
{
    double a = (1 - t) * (1 - t), b = 2 * t * (1 - t), c = t * t;
    *x = a * r->bx[0] + b * r->bx[1] + c * r->bx[2];
    *y = a * r->by[0] + b * r->by[1] + c * r->by[2];
}

static void bez_tangent(const Ref *r, double t, double *x, double *y)
{
    *x = (1 - t) * (r->bx[1] - r->bx[0]) + t * (r->bx[2] - r->bx[1]);
    *y = (1 - t) * (r->by[1] - r->by[0]) + t * (r->by[2] - r->by[1]);
}

/* (B(t) - P) . B'(t) / 2: zero where P lies on the normal of the curve at t. */
static double bez_g(const Ref *r, double t, double x, double y)
{
    double bx, by, tx, ty;
    bez_point(r, t, &bx, &by);
    bez_tangent(r, t, &tx, &ty);
    return (bx - x) * tx + (by - y) * ty;
}

/*
 * The stroke with butt caps is the set swept by the normal segments of half
 * width hw along the curve: P is inside when it lies on the normal at some
 * t in (0, 1) within hw of B(t). *bd gets the approximate distance of P to
 * the outline (offset curves and the two caps).
 */
static void bez_test(const Ref *r, double x, double y, int *in, double *bd)
{
    const int n = 64;
    double tp = 0, gp = bez_g(r, 0, x, y), best = INFINITY;
    int i, e;
    *in = 0;
    for (i = 1; i <= n; i++) {
        double t = (double)i / n, gv = bez_g(r, t, x, y);
        if ((gp < 0 && gv >= 0) || (gp > 0 && gv <= 0)) {
            double lo = tp, hi = t, glo = gp, bx, by, d;
            int it;
            for (it = 0; it < 40; it++) {
                double m = (lo + hi) / 2, gm = bez_g(r, m, x, y);
                if ((glo < 0) == (gm < 0)) {
                    lo  = m;
                    glo = gm;
                } else {
                    hi = m;
                }
            }
            bez_point(r, (lo + hi) / 2, &bx, &by);
            d = hypot(bx - x, by - y);
            if (d < r->hw)
                *in = 1;
            best = fmin(best, fabs(d - r->hw));
        }
        tp = t;
        gp = gv;
    }
    for (e = 0; e < 2; e++) {   /* the caps */
        double bx, by, tx, ty, l;
        bez_point(r, e, &bx, &by);
        bez_tangent(r, e, &tx, &ty);
        if (!tx && !ty) {
            tx = r->bx[2] - r->bx[0];
            ty = r->by[2] - r->by[0];
        }
        l = hypot(tx, ty);
        if (l > 0) {
            double nx = -ty / l * r->hw, ny = tx / l * r->hw;
            best = fmin(best, seg_dist(x, y, bx - nx, by - ny, bx + nx, by + ny));
        }
    }
    *bd = best;
}

static int ref_inside(const Ref *r, double x, double y, double *bd)
{
    int in = 0;
    *bd = -1;
    if (r->kind == PRIM_BEZIER) {
        if (x < r->x0 - 1 || x > r->x1 + 1 || y < r->y0 - 1 || y > r->y1 + 1)
            return 0;
        bez_test(r, x, y, &in, bd);
        return in;
    }
    if (x < r->x0 || x > r->x1 || y < r->y0 || y > r->y1)
        return 0;
    return r->np ? poly_inside(r, x, y) : ell_inside(r, x, y);
}

static double ref_bdist(const Ref *r, double x, double y)
{
    double bd;
    int in;
    if (r->kind == PRIM_BEZIER) {
        bez_test(r, x, y, &in, &bd);
        return bd;
    }
    return r->np ? poly_bdist(r, x, y) : ell_bdist(r, x, y);
}

/* ------------------------------------------------------------------------ */
/* 1. Rasterizer against the geometric definition of each shape               */

static const PrimScale identity = { 1, 1, 1, 1 };

/** Boundary tolerance (Q units) of the core's approximation of shape s. */
static double raster_tolerance(const PrimShape *s)
{
    const int32_t *p = s->p;
    switch (s->kind) {
    case PRIM_ROTATEDELLIPSE: {
        /* a polygon of n points on the ellipse: chord sagitta r (1 - cos(pi / n)) */
        int32_t r = lavfx_max(p[2], p[3]);
        int n = prim_curve_segments(r, 12, PRIM_MAX_EDGES);
        return 20 + r * (1 - cos(PI / n));
    }
    case PRIM_BEZIER: {
        /* flattened into m >= 4 chords (at most 31): sagitta |P0 - 2 P1 + P2| / (4 m^2) */
        double ddx = p[0] - 2.0 * p[2] + p[4], ddy = p[1] - 2.0 * p[3] + p[5];
        double len = hypot(p[2] - p[0], p[3] - p[1]) + hypot(p[4] - p[2], p[5] - p[3]);
        double m = fmin(fmax(floor(len / (6 * PRIM_ONE)), 4), PRIM_MAX_EDGES / 2 - 1);
        return 24 + hypot(ddx, ddy) / (4 * m * m);
    }
    default:
        return 16;
    }
}

typedef struct RasterStats {
    long shapes, pixels, mismatches, far, bad_rows;
    double maxd;
    char first_far[256], first_bad[256];
} RasterStats;

static void describe_shape(char *buf, size_t size, const PrimShape *s)
{
    snprintf(buf, size, "kind %d p {%d,%d,%d,%d,%d,%d,%d,%d}", s->kind,
             s->p[0], s->p[1], s->p[2], s->p[3], s->p[4], s->p[5], s->p[6], s->p[7]);
}

/*
 * Enumerates the pixels of s the way primitive.c's evaluate() does (rows whose
 * centre can be in the geometry, prim_geom_row at the row centre,
 * prim_interval_pixels) and compares with the reference at each pixel centre.
 */
static void raster_one(const PrimShape *s, int w, int h, uint8_t *cov, RasterStats *st)
{
    PrimGeom g;
    Ref ref;
    int32_t xs[2 * PRIM_MAX_SPANS + 2];
    double tol = raster_tolerance(s);
    int r, r0, r1, i, x;
    char desc[160];

    prim_geom_build(s, &identity, &g);
    ref_build(s, &ref);
    memset(cov, 0, (size_t)w * h);
    r0 = lavfx_max((g.ymin - PRIM_ONE / 2 + PRIM_ONE - 1) >> PRIM_FRAC_BITS, 0);
    r1 = lavfx_min((g.ymax - PRIM_ONE / 2 + PRIM_ONE - 1) >> PRIM_FRAC_BITS, h);
    st->shapes++;
    for (r = 0; r < h; r++) {
        int n = prim_geom_row(&g, r * PRIM_ONE + PRIM_ONE / 2, xs);
        const char *why = NULL;
        if (n < 0 || n > PRIM_MAX_SPANS)
            why = "span count out of range";
        for (i = 0; !why && i < n; i++) {
            if (xs[2 * i] >= xs[2 * i + 1])
                why = "empty or reversed interval";
            else if (i && xs[2 * i] < xs[2 * i - 1])
                why = "intervals unsorted or overlapping";
        }
        for (i = 0; !why && i < n; i++) {
            int32_t c0, c1;
            prim_interval_pixels(xs[2 * i], xs[2 * i + 1], w, &c0, &c1);
            for (x = c0; x < c1; x++) {
                if (r < r0 || r >= r1) {
                    why = "pixels on a row outside [ymin, ymax)";
                    break;
                }
                if (cov[r * w + x]) {
                    why = "pixel covered twice";
                    break;
                }
                cov[r * w + x] = 1;
            }
        }
        if (why) {
            if (!st->bad_rows++) {
                describe_shape(desc, sizeof(desc), s);
                snprintf(st->first_bad, sizeof(st->first_bad), "%s, row %d, %s", why, r, desc);
            }
        }
    }
    for (r = 0; r < h; r++)
        for (x = 0; x < w; x++) {
            double px = x * PRIM_ONE + PRIM_ONE / 2, py = r * PRIM_ONE + PRIM_ONE / 2, bd;
            int in = ref_inside(&ref, px, py, &bd);
            st->pixels += in;
            if (in != cov[r * w + x]) {
                double d = bd >= 0 ? bd : ref_bdist(&ref, px, py);
                st->mismatches++;
                if (d > tol) {
                    if (!st->far++) {
                        describe_shape(desc, sizeof(desc), s);
                        snprintf(st->first_far, sizeof(st->first_far),
                                 "pixel (%d,%d) core %d reference %d, %.1f Q from the outline (tolerance %.1f), %s",
                                 x, r, cov[r * w + x], in, d, tol, desc);
                    }
                }
                if (d / tol > st->maxd)
                    st->maxd = d / tol;
            }
        }
}

static const struct {
    int kind;
    int32_t p[8];
    const char *what;
} handmade[] = {
    { PRIM_TRIANGLE,  { 100, 100, 300, 300, 500, 500 }, "zero-area triangle" },
    { PRIM_TRIANGLE,  { 100, 100, 311, 257, 522, 414 }, "zero-area triangle, odd slope" },
    { PRIM_TRIANGLE,  { 200, 200, 200, 200, 200, 200 }, "triangle, one point" },
    { PRIM_TRIANGLE,  { 100, 200, 400, 200, 700, 200 }, "flat triangle" },
    { PRIM_TRIANGLE,  { -900, -900, -100, -800, -500, -50 }, "triangle off the image" },
    { PRIM_TRIANGLE,  { 5000, 100, 6000, 300, 5500, 900 }, "triangle right of the image" },
    { PRIM_TRIANGLE,  { -1000000, -1000000, 1000000, -900000, 0, 1200000 }, "huge triangle" },
    { PRIM_TRIANGLE,  { 8, 8, 40, 8, 8, 40 }, "triangle through pixel centres" },
    { PRIM_RECT,      { 100, 100, 100, 600 }, "zero-width rect" },
    { PRIM_RECT,      { 600, 500, 100, 100 }, "rect, reversed corners" },
    { PRIM_RECT,      { 8, 8, 40, 40 }, "rect on pixel centres" },
    { PRIM_RECT,      { -100000, -100000, 100000, 100000 }, "rect over everything" },
    { PRIM_RECT,      { 2000, 2000, 3000, 3000 }, "rect off the image" },
    { PRIM_RECT,      { -1000000, 200, 1000000, 300 }, "huge flat rect" },
    { PRIM_ELLIPSE,   { 300, 300, 0, 0 }, "ellipse, zero radii" },
    { PRIM_ELLIPSE,   { 300, 300, 1000000, 1000000 }, "huge ellipse" },
    { PRIM_ELLIPSE,   { 300, 300, 500000, 3 }, "huge flat ellipse" },
    { PRIM_ELLIPSE,   { -5000, 300, 100, 100 }, "ellipse off the image" },
    { PRIM_ELLIPSE,   { 200, 200, 5, 300 }, "thin ellipse" },
    { PRIM_CIRCLE,    { 300, 300, 0 }, "circle, zero radius" },
    { PRIM_CIRCLE,    { 520, 390, 2000000 }, "huge circle" },
    { PRIM_CIRCLE,    { 8, 8, 16 }, "circle through pixel centres" },
    { PRIM_CIRCLE,    { 100, -3000, 50 }, "circle off the image" },
    { PRIM_ROTATEDRECT, { 300, 300, 0, 0, 100 }, "rotated rect, zero size" },
    { PRIM_ROTATEDRECT, { 300, 300, 400, 100, 512 }, "rotated rect, 45 degrees" },
    { PRIM_ROTATEDRECT, { 300, 300, 400, 80, 1024 }, "rotated rect, 90 degrees" },
    { PRIM_ROTATEDRECT, { 300, 300, 1000000, 1000000, 77 }, "huge rotated rect" },
    { PRIM_ROTATEDRECT, { 4000, 4000, 100, 100, 0 }, "rotated rect off the image" },
    { PRIM_BEZIER,    { 200, 200, 200, 200, 200, 200, 16 }, "bezier, one point" },
    { PRIM_BEZIER,    { 100, 100, 300, 300, 500, 500, 32 }, "straight bezier" },
    { PRIM_BEZIER,    { 100, 100, 100, 100, 600, 400, 20 }, "bezier, control on start" },
    { PRIM_BEZIER,    { 100, 100, 600, 400, 600, 400, 20 }, "bezier, control on end" },
    { PRIM_BEZIER,    { -3000, -3000, -2500, -2000, -2000, -3000, 40 }, "bezier off the image" },
    { PRIM_BEZIER,    { -1000000, 300, 0, 400, 1000000, 500, 64 }, "huge bezier" },
    { PRIM_BEZIER,    { 50, 600, 400, 0, 750, 600, 64 }, "bent bezier" },
    { PRIM_ROTATEDELLIPSE, { 300, 300, 0, 0, 0 }, "rotated ellipse, zero radii" },
    { PRIM_ROTATEDELLIPSE, { 300, 300, 400, 50, 300 }, "rotated ellipse" },
    { PRIM_ROTATEDELLIPSE, { 300, 300, 100000, 100000, 100 }, "huge rotated ellipse" },
    { PRIM_ROTATEDELLIPSE, { 300, 300, 4000, 4, 1000 }, "long thin rotated ellipse" },
    { PRIM_POLYGON,   { 0, 0, 1024, 768, 1024, 0, 0, 768 }, "bow-tie polygon" },
    { PRIM_POLYGON,   { 300, 300, 300, 300, 300, 300, 300, 300 }, "polygon, one point" },
    { PRIM_POLYGON,   { 100, 100, 500, 100, 500, 100, 100, 600 }, "polygon, repeated vertex" },
    { PRIM_POLYGON,   { 100, 100, 500, 100, 300, 300, 500, 500 }, "concave polygon" },
    { PRIM_POLYGON,   { -1000000, -1000000, 1000000, -1000000, 1000000, 1000000, -1000000, 1000000 }, "huge polygon" },
    { PRIM_POLYGON,   { 5000, 5000, 6000, 5000, 6000, 6000, 5000, 6000 }, "polygon off the image" },
};

/* Rotated shapes whose centre is left of or above the image: prim_geom_build
 * shifts the centre left by 14 bits, which is undefined for negative values
 * (C11 6.5.7), so these run in a child process that a sanitizer may end. */
static const struct {
    int kind;
    int32_t p[8];
    const char *what;
} handmade_negative[] = {
    { PRIM_ROTATEDRECT, { -4000, -4000, 100, 100, 0 }, "rotated rect off the image" },
    { PRIM_ROTATEDRECT, { -100, 300, 600, 200, 300 }, "rotated rect, centre left of the image" },
    { PRIM_ROTATEDELLIPSE, { 300, -200, 400, 300, 700 }, "rotated ellipse, centre above the image" },
    { PRIM_ROTATEDELLIPSE, { -300, -300, 900, 500, 3000 }, "rotated ellipse, centre outside the top left corner" },
};

static void child_raster_negative(const void *arg, int out[4])
{
    RasterStats st;
    uint8_t *cov = malloc(64 * 48);
    int i;
    (void)arg;
    memset(&st, 0, sizeof(st));
    for (i = 0; cov && i < (int)(sizeof(handmade_negative) / sizeof(handmade_negative[0])); i++) {
        PrimShape s;
        memset(&s, 0, sizeof(s));
        s.kind = (uint8_t)handmade_negative[i].kind;
        memcpy(s.p, handmade_negative[i].p, sizeof(s.p));
        raster_one(&s, 64, 48, cov, &st);
        if (st.far && !out[1])
            out[1] = i + 1;
    }
    out[0] = (int)(st.far + st.bad_rows);
    out[2] = (int)st.mismatches;
    free(cov);
}

static void test_raster(void)
{
    static const struct { int w, h, n; } sizes[] = { { 64, 48, 2000 }, { 37, 91, 2000 }, { 256, 192, 120 } };
    uint8_t *cov = malloc(256 * 192);
    char name[160];
    int si, kind, i;

    for (si = 0; si < 3; si++) {
        int w = sizes[si].w, h = sizes[si].h;
        PrimSpace sp = { w, h, lavfx_max(1, lavfx_max(w, h) * PRIM_ONE / 256) };
        long bad_rows = 0;
        char first_bad[256] = "";
        for (kind = PRIM_TRIANGLE; kind <= PRIM_POLYGON; kind++) {
            RasterStats st;
            memset(&st, 0, sizeof(st));
            for (i = 0; i < sizes[si].n; i++) {
                LavfxRng rng;
                PrimShape s;
                int m, nm;
                lavfx_rng_init(&rng, 0x5eed, (uint32_t)kind, (uint32_t)si, (uint32_t)i);
                memset(&s, 0, sizeof(s));
                prim_shape_random(&rng, &sp, kind, &s);
                nm = lavfx_rng_range(&rng, 6);
                for (m = 0; m < nm; m++)
                    prim_shape_mutate(&rng, &sp, &s);
                raster_one(&s, w, h, cov, &st);
            }
            snprintf(name, sizeof(name), "raster %s %dx%d (%ld shapes, %ld px, %ld boundary mismatches, worst at %.2f of tolerance)",
                     lavfx_primitive_kind_name(kind), w, h, st.shapes, st.pixels, st.mismatches, st.maxd);
            check(!st.far, name, "%ld mismatches beyond the tolerance; first: %s", st.far, st.first_far);
            if (st.bad_rows && !bad_rows++)
                snprintf(first_bad, sizeof(first_bad), "%s", st.first_bad);
            bad_rows += st.bad_rows;
        }
        {
            RasterStats st;
            memset(&st, 0, sizeof(st));
            for (i = 0; i < (int)(sizeof(handmade) / sizeof(handmade[0])); i++) {
                PrimShape s;
                long far = st.far;
                memset(&s, 0, sizeof(s));
                s.kind = (uint8_t)handmade[i].kind;
                memcpy(s.p, handmade[i].p, sizeof(s.p));
                raster_one(&s, w, h, cov, &st);
                if (st.far > far && far == 0) {
                    size_t l = strlen(st.first_far);
                    snprintf(st.first_far + l, sizeof(st.first_far) - l, " (%s)", handmade[i].what);
                }
            }
            snprintf(name, sizeof(name), "raster degenerate shapes %dx%d (%ld shapes, %ld boundary mismatches)",
                     w, h, st.shapes, st.mismatches);
            check(!st.far, name, "%ld mismatches beyond the tolerance; first: %s", st.far, st.first_far);
            if (st.bad_rows && !bad_rows++)
                snprintf(first_bad, sizeof(first_bad), "%s", st.first_bad);
            bad_rows += st.bad_rows;
        }
        snprintf(name, sizeof(name), "raster intervals sorted, disjoint, within rows %dx%d", w, h);
        check(!bad_rows, name, "%ld bad rows; first: %s", bad_rows, first_bad);
    }
    free(cov);
    {
        int r[4] = { 0, 0, 0, 0 };
        char why[128];
        if (!in_child(child_raster_negative, NULL, 0, r, why, sizeof(why)))
            check(0, "raster rotated rect/ellipse with a centre outside the top or left edge (child process)",
                  "%s: prim_geom_build (PRIM_ROTATEDRECT) and prim_geom_add_ellipse_polygon compute "
                  "(int64_t)cx << 14, undefined for negative centres", why);
        else
            check(!r[0], "raster rotated rect/ellipse with a centre outside the top or left edge (child process)",
                  "%d mismatches beyond the tolerance or bad rows, first in \"%s\"", r[0],
                  r[1] ? handmade_negative[r[1] - 1].what : "?");
    }
}

/*
 * A valid work-space triangle of a 2048 x 1152 work image, rendered at
 * 3840 x 2160 (its long nearly horizontal edge is 2 output Q units tall):
 * on every sub-scanline the renderer samples, the ends of the interval
 * must lie on the triangle's outline (within a pixel).
 */
static void test_raster_flat_edge_scaled(void)
{
    PrimShape s;
    PrimScale sc = { 3840, 2048, 2160, 1152 };
    PrimGeom g;
    Ref ref;
    int32_t xs[2 * PRIM_MAX_SPANS];
    int32_t y, worst_y = 0, worst_x = 0;
    double worst = 0;
    int i;

    memset(&s, 0, sizeof(s));
    s.kind = PRIM_TRIANGLE;
    s.p[0] = -2048; s.p[1] = 8009; s.p[2] = 34815; s.p[3] = 8010; s.p[4] = 16384; s.p[5] = 18000;
    prim_geom_build(&s, &sc, &g);
    ref_build(&s, &ref);    /* the triangle scaled to the output in double */
    for (i = 0; i < 3; i++) {
        ref.px[i] = ref.px[i] * sc.xn / sc.xd;
        ref.py[i] = ref.py[i] * sc.yn / sc.yd;
    }
    for (y = g.ymin | 1; y < g.ymin + 64; y += 2) {   /* sub-scanlines are odd Q rows */
        int n = prim_geom_row(&g, y, xs);
        for (i = 0; i < 2 * n; i++) {
            double d = poly_bdist(&ref, xs[i], y);
            if (d > worst) {
                worst   = d;
                worst_y = y;
                worst_x = xs[i];
            }
        }
    }
    check(prim_shape_valid(&s) && worst <= 16,
          "raster long flat edge at 3840x2160 from a 2048x1152 work image",
          "scanline y=%d (output Q) has an interval end at x=%d, %.0f Q from the outline: "
          "prim_geom_add_polygon stores dx/dy as an int32 Q16 slope, which wraps when |dx| > 32768 |dy| "
          "(shape p {%d,%d,%d,%d,%d,%d}, scale {%d,%d,%d,%d})",
          worst_y, worst_x, worst, s.p[0], s.p[1], s.p[2], s.p[3], s.p[4], s.p[5], sc.xn, sc.xd, sc.yn, sc.yd);
}

/* ------------------------------------------------------------------------ */
/* 2. Integer math and random numbers                                         */

static int isqrt_exact(uint64_t v)
{
    uint64_t r = lavfx_isqrt64(v);
    if (r > 0xffffffffu || r * r > v)
        return 0;
    return r == 0xffffffffu || (r + 1) * (r + 1) > v;   /* (2^32)^2 would wrap */
}

static void test_math(void)
{
    static const uint64_t edge[] = {
        0, 1, 2, 3, 4, 5, 8, 9, 15, 16, 17, 255, 256, 65535, 65536,
        0xfffffffe00000001ULL,          /* (2^32 - 1)^2 */
        0xfffffffe00000000ULL,          /* (2^32 - 1)^2 - 1 */
        0xfffffffe00000002ULL,
        (uint64_t)1 << 62, ((uint64_t)1 << 62) - 1, (uint64_t)1 << 63, ((uint64_t)1 << 63) - 1,
        0x3fffffff00000001ULL,          /* (2^31 - 1)^2 + ... region */
        UINT64_MAX, UINT64_MAX - 1,
    };
    double es = 0, ec = 0;
    int a, worst_s = 0, worst_c = 0, sym = 1, bad_edge = -1, i;
    long bad_rand = 0;
    uint64_t first_bad = 0;
    char name[128];

    for (a = 0; a < LAVFX_TURN; a++) {
        double s = lavfx_isin(a) / 16384.0 - sin(2 * PI * a / LAVFX_TURN);
        double c = lavfx_icos(a) / 16384.0 - cos(2 * PI * a / LAVFX_TURN);
        if (fabs(s) > es) { es = fabs(s); worst_s = a; }
        if (fabs(c) > ec) { ec = fabs(c); worst_c = a; }
        if (lavfx_isin(-a) != -lavfx_isin(a) || lavfx_icos(-a) != lavfx_icos(a) ||
            lavfx_isin(a + LAVFX_TURN) != lavfx_isin(a) || lavfx_isin(a - 3 * LAVFX_TURN) != lavfx_isin(a))
            sym = 0;
    }
    /* The S5 polynomial itself is off by up to 3.95e-4 (at z ~ 0.63), not the
     * "about 2e-4" lavfx_math.h states; Q14 rounding adds up to 3e-5. */
    snprintf(name, sizeof(name), "lavfx_isin within 4.5e-4 of sin over 4096 angles (max %.2e)", es);
    check(es < 4.5e-4, name, "error %.3e at angle %d", es, worst_s);
    snprintf(name, sizeof(name), "lavfx_icos within 4.5e-4 of cos over 4096 angles (max %.2e)", ec);
    check(ec < 4.5e-4, name, "error %.3e at angle %d", ec, worst_c);
    {   /* the fixed-point evaluation is faithful to the polynomial it documents */
        double pa = PI / 2, pb = 2 * pa - 2.5, pc = pa - 1.5, md = 0;
        int wa = 0;
        for (a = 0; a <= LAVFX_TURN / 4; a++) {
            double z = a / 1024.0, d = fabs(lavfx_isin(a) - 16384 * z * (pa - z * z * (pb - pc * z * z)));
            if (d > md) {
                md = d;
                wa = a;
            }
        }
        snprintf(name, sizeof(name), "lavfx_isin within 2 LSB of its S5 polynomial in double (max %.2f)", md);
        check(md <= 2, name, "%.2f Q14 units at angle %d", md, wa);
    }
    check(sym && lavfx_isin(0) == 0 && lavfx_isin(1024) == 16384 && lavfx_isin(2048) == 0 &&
          lavfx_isin(3072) == -16384 && lavfx_icos(0) == 16384,
          "lavfx_isin/icos odd/even, periodic, exact at quarter turns",
          "isin(0)=%d isin(1024)=%d isin(2048)=%d isin(3072)=%d, symmetry %d",
          lavfx_isin(0), lavfx_isin(1024), lavfx_isin(2048), lavfx_isin(3072), sym);

    for (i = 0; i < (int)(sizeof(edge) / sizeof(edge[0])); i++)
        if (!isqrt_exact(edge[i]) && bad_edge < 0)
            bad_edge = i;
    check(bad_edge < 0 && lavfx_isqrt64(0xfffffffe00000001ULL) == 0xffffffffu &&
          lavfx_isqrt64(UINT64_MAX) == 0xffffffffu && lavfx_isqrt64(0xfffffffe00000000ULL) == 0xfffffffeu,
          "lavfx_isqrt64 exact on edge values",
          "wrong for %llu: %u", bad_edge < 0 ? 0ULL : (unsigned long long)edge[bad_edge],
          bad_edge < 0 ? 0u : lavfx_isqrt64(edge[bad_edge]));
    lavfx_rng_init(&trng, 2, 0, 0, 0);
    for (i = 0; i < 300000; i++) {
        uint64_t v;
        if (i % 3 == 0) {
            v = tr_u64() >> tr_range(64);
        } else {
            uint64_t k = tr_u32() >> tr_range(32);
            v = k * k - (uint64_t)(i % 3 == 1 && k);   /* squares and squares - 1 */
        }
        if (!isqrt_exact(v) && !bad_rand++)
            first_bad = v;
    }
    check(!bad_rand, "lavfx_isqrt64 == floor(sqrt) on 300000 random values",
          "%ld wrong, first %llu -> %u", bad_rand, (unsigned long long)first_bad, lavfx_isqrt64(first_bad));

    {   /* Random123's known-answer vectors for Philox4x32-10 */
        static const uint32_t kat[3][10] = {
            { 0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 },
            { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
              0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd },
            { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
              0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 },
        };
        int ok = 1;
        for (i = 0; i < 3; i++) {
            uint32_t ctr[4], key[2], out[4];
            memcpy(ctr, kat[i], sizeof(ctr));
            memcpy(key, kat[i] + 4, sizeof(key));
            lavfx_philox4x32_10(ctr, key, out);
            ok &= !memcmp(out, kat[i] + 6, sizeof(out));
        }
        check(ok, "Philox4x32-10 matches Random123's known answers", "mismatch");
    }
    {   /* range stays in [0, n); normal has mean ~0 and sigma ~s */
        LavfxRng r;
        int bad = 0;
        double sum = 0, sum2 = 0;
        const int n = 200000;
        lavfx_rng_init(&r, 99, 1, 2, 3);
        for (i = 0; i < n; i++) {
            int32_t m = 1 + (i % 1000), v = lavfx_rng_range(&r, m);
            double z = lavfx_rng_normal(&r, 1000);
            bad += v < 0 || v >= m;
            sum += z;
            sum2 += z * z;
        }
        sum /= n;
        sum2 = sqrt(sum2 / n - sum * sum);
        snprintf(name, sizeof(name), "lavfx_rng_range in [0, n), lavfx_rng_normal mean %.2f sigma %.1f (1000)", sum, sum2);
        check(!bad && fabs(sum) < 10 && fabs(sum2 - 1000) < 15, name, "%d out of range", bad);
    }
}

/* ------------------------------------------------------------------------ */
/* 3. Colour solve and energy against brute force                             */

/* Prefix sums of each row, as primitive.c's update_row_sums() builds them. */
static void make_sums(const uint8_t *t, const uint8_t *c, int w, int h, PrimSum *sums)
{
    int x, y, k;
    for (y = 0; y < h; y++) {
        PrimSum acc, *s = sums + (size_t)y * (w + 1);
        memset(&acc, 0, sizeof(acc));
        s[0] = acc;
        for (x = 0; x < w; x++) {
            for (k = 0; k < 3; k++) {
                int32_t tv = t[(y * w + x) * 3 + k], cv = c[(y * w + x) * 3 + k];
                acc.t[k] += tv;
                acc.c[k] += cv;
                acc.tc   += tv * cv;
                acc.cc   += cv * cv;
            }
            s[x + 1] = acc;
        }
    }
}

static void test_color_energy(void)
{
    enum { W = 40, H = 30, MAXSPANS = H * 3 };
    uint8_t *t = malloc(W * H * 3), *c = malloc(W * H * 3);
    PrimSum *sums = malloc(sizeof(*sums) * (W + 1) * H);
    int spans[MAXSPANS][3];
    long trials = 0, bad_color = 0, bad_energy = 0, bad_best = 0, clamped = 0;
    char first_color[256] = "", first_energy[256] = "", first_best[256] = "", name[160];
    int img, trial, i, k, x, y;

    lavfx_rng_init(&trng, 3, 0, 0, 0);
    for (img = 0; img < 4; img++) {
        /* 0: uniform noise; 1: saturated 0/255 mix; 2: target bright, canvas dark;
         * 3: target dark, canvas bright (the last two force clamped colours) */
        for (i = 0; i < W * H * 3; i++) {
            int tv = tr_range(256), cv = tr_range(256);
            if (img == 1) {
                tv = tr_range(2) * 255;
                cv = tr_range(3) ? tr_range(2) * 255 : cv;
            } else if (img == 2) {
                tv = 200 + tr_range(56);
                cv = tr_range(40);
            } else if (img == 3) {
                tv = tr_range(40);
                cv = 200 + tr_range(56);
            }
            t[i] = (uint8_t)tv;
            c[i] = (uint8_t)cv;
        }
        make_sums(t, c, W, H, sums);
        for (trial = 0; trial < 800; trial++) {
            static const int fixed_alpha[] = { 1, 2, 128, 254, 255 };
            int alpha = trial < 5 ? fixed_alpha[trial] : 1 + tr_range(255);
            int ns = 0;
            PrimAcc acc;
            uint8_t col[3], col2[3];
            int64_t n = 0, S1[3] = { 0, 0, 0 }, S2[3] = { 0, 0, 0 }, A = 255 - alpha;
            double mean[3] = { 0, 0, 0 };

            for (y = 0; y < H; y++) {
                int b[6], nb, j;
                if (trial % 50 != 7 && tr_range(3))
                    continue;
                nb = 2 * (1 + tr_range(3));
                for (j = 0; j < nb; j++) {   /* sorted breakpoints in [0, W] */
                    int v = tr_range(W + 1), m = j;
                    while (m > 0 && b[m - 1] > v) {
                        b[m] = b[m - 1];
                        m--;
                    }
                    b[m] = v;
                }
                if (trial % 50 == 7) {       /* whole rows now and then */
                    b[0] = 0;
                    b[nb - 1] = W;
                }
                for (j = 0; j < nb; j += 2)
                    if (b[j] < b[j + 1]) {
                        spans[ns][0] = y;
                        spans[ns][1] = b[j];
                        spans[ns][2] = b[j + 1];
                        ns++;
                    }
            }
            if (!ns)
                continue;
            trials++;
            prim_acc_zero(&acc);
            for (i = 0; i < ns; i++)
                prim_acc_span(&acc, sums + (size_t)spans[i][0] * (W + 1), spans[i][1], spans[i][2]);
            for (i = 0; i < ns; i++)
                for (x = spans[i][1]; x < spans[i][2]; x++) {
                    const uint8_t *tp = t + (spans[i][0] * W + x) * 3, *cp = c + (spans[i][0] * W + x) * 3;
                    n++;
                    for (k = 0; k < 3; k++) {
                        int64_t v = 255 * (int64_t)tp[k] - A * cp[k];
                        mean[k] += cp[k] + (tp[k] - cp[k]) * 255.0 / alpha;
                        S1[k] += v;
                        S2[k] += v * v;
                    }
                }
            prim_solve_color(&acc, alpha, col);
            for (k = 0; k < 3; k++) {
                double v = mean[k] / n, fr = v - floor(v);
                int want = (int)floor(v + 0.5), tie = fabs(fr - 0.5) < 1e-9;
                int64_t best = 0, beste = INT64_MAX, e;
                int cv;
                want = want < 0 ? 0 : want > 255 ? 255 : want;
                clamped += v < -0.5 || v > 255.5;
                if (col[k] != want && !(tie && abs(col[k] - want) <= 1)) {
                    if (!bad_color++)
                        snprintf(first_color, sizeof(first_color),
                                 "alpha %d n %lld channel %d: core %d, brute force mean %.6f -> %d",
                                 alpha, (long long)n, k, col[k], v, want);
                }
                /* the best integer colour, by trying all 256 */
                for (cv = 0; cv < 256; cv++) {
                    e = S2[k] - 2 * alpha * (int64_t)cv * S1[k] + (int64_t)alpha * alpha * cv * cv * n;
                    if (e < beste) {
                        beste = e;
                        best  = cv;
                    }
                }
                if (v >= 0 && v <= 255 ? llabs(best - col[k]) > 1 : best != col[k]) {
                    if (!bad_best++)
                        snprintf(first_best, sizeof(first_best),
                                 "alpha %d channel %d: core %d, best integer %lld (mean %.4f)",
                                 alpha, k, col[k], (long long)best, v);
                }
            }
            for (k = 0; k < 3; k++)
                col2[k] = (uint8_t)tr_range(256);
            {
                const uint8_t *cols[2] = { col, col2 };
                int ci;
                for (ci = 0; ci < 2; ci++) {
                    const uint8_t *cc = cols[ci];
                    int64_t want = 0, got = prim_energy_delta(&acc, alpha, cc);
                    for (i = 0; i < ns; i++)
                        for (x = spans[i][1]; x < spans[i][2]; x++) {
                            const uint8_t *tp = t + (spans[i][0] * W + x) * 3, *cp = c + (spans[i][0] * W + x) * 3;
                            for (k = 0; k < 3; k++) {
                                int64_t nv = 255 * (int64_t)tp[k] - A * cp[k] - (int64_t)alpha * cc[k];
                                int64_t ov = 255 * ((int64_t)tp[k] - cp[k]);
                                want += nv * nv - ov * ov;
                            }
                        }
                    if (got != want && !bad_energy++)
                        snprintf(first_energy, sizeof(first_energy),
                                 "alpha %d colour %d,%d,%d n %lld: core %lld, brute force %lld",
                                 alpha, cc[0], cc[1], cc[2], (long long)n, (long long)got, (long long)want);
                }
            }
        }
    }
    snprintf(name, sizeof(name), "prim_solve_color == rounded mean of c + (t - c) 255 / alpha (%ld span sets, %ld clamped channels)",
             trials, clamped);
    check(!bad_color, name, "%ld wrong; first: %s", bad_color, first_color);
    check(!bad_energy, "prim_energy_delta == per-pixel 255^2 change of the squared error, exactly",
          "%ld wrong; first: %s", bad_energy, first_energy);
    check(!bad_best, "prim_solve_color within 1 of the best integer colour (all 256 tried)",
          "%ld wrong; first: %s", bad_best, first_best);
    {   /* blending rounds to nearest: exhaustive for prim_blend, sampled for prim_blend_cov */
        long bad_b = 0, bad_c = 0;
        int d, sv, al, cv, fb[4] = { 0 }, fc[5] = { 0 };
        for (d = 0; d < 256; d++)
            for (sv = 0; sv < 256; sv++)
                for (al = 0; al < 256; al++) {
                    int num = (255 - al) * d + al * sv, want = (2 * num + 255) / 510;   /* round half up */
                    if (prim_blend((uint8_t)d, (uint8_t)sv, al) != want && !bad_b++) {
                        fb[0] = d; fb[1] = sv; fb[2] = al; fb[3] = want;
                    }
                }
        for (i = 0; i < 2000000; i++) {
            int64_t one = 255 * PRIM_AA_FULL, num;
            int want;
            d  = tr_range(256);
            sv = tr_range(256);
            al = i % 7 ? 1 + tr_range(255) : 255;
            cv = i % 5 ? tr_range(PRIM_AA_FULL + 1) : PRIM_AA_FULL;
            num  = (one - (int64_t)al * cv) * d + (int64_t)al * cv * sv;
            want = (int)((2 * num + one) / (2 * one));
            if (prim_blend_cov((uint8_t)d, (uint8_t)sv, al, cv) != want && !bad_c++) {
                fc[0] = d; fc[1] = sv; fc[2] = al; fc[3] = cv; fc[4] = want;
            }
        }
        check(!bad_b && !bad_c && prim_blend_cov(9, 200, 255, PRIM_AA_FULL) == 200 &&
              prim_blend_cov(9, 200, 255, 0) == 9,
              "prim_blend and prim_blend_cov round to nearest; full coverage at alpha 255 gives the colour",
              "%ld + %ld wrong; first blend(%d,%d,%d) = %d want %d; first blend_cov(%d,%d,%d,%d) = %d want %d",
              bad_b, bad_c, fb[0], fb[1], fb[2], prim_blend((uint8_t)fb[0], (uint8_t)fb[1], fb[2]), fb[3],
              fc[0], fc[1], fc[2], fc[3], prim_blend_cov((uint8_t)fc[0], (uint8_t)fc[1], fc[2], fc[3]), fc[4]);
    }
    free(t);
    free(c);
    free(sums);
}

/* ------------------------------------------------------------------------ */
/* 4. The search: score never increases, the error is exact                    */

/* Draws the shapes of p on its background with the public pieces (geometry,
 * pixel enumeration as in evaluate(), prim_blend), into out (RGB24, 3 w). */
static void replay_canvas(const LavfxPrimitive *p, int w, int h, uint8_t *out)
{
    uint8_t bg[3];
    int i, x, r, k, j;
    lavfx_primitive_background(p, bg);
    for (x = 0; x < w * h; x++)
        memcpy(out + 3 * x, bg, 3);
    for (i = 0; i < lavfx_primitive_nb_shapes(p); i++) {
        const PrimShape *s = lavfx_primitive_shape(p, i);
        PrimGeom g;
        int32_t xs[2 * PRIM_MAX_SPANS];
        prim_geom_build(s, &identity, &g);
        for (r = 0; r < h; r++) {
            int n = prim_geom_row(&g, r * PRIM_ONE + PRIM_ONE / 2, xs);
            for (j = 0; j < n; j++) {
                int32_t c0, c1;
                prim_interval_pixels(xs[2 * j], xs[2 * j + 1], w, &c0, &c1);
                for (x = c0; x < c1; x++)
                    for (k = 0; k < 3; k++)
                        out[(r * w + x) * 3 + k] = prim_blend(out[(r * w + x) * 3 + k], s->color[k], s->alpha);
            }
        }
    }
}

static void test_search(void)
{
    enum { W = 64, H = 48, N = 20 };
    uint8_t *target = malloc(W * H * 3), *replay = malloc(W * H * 3);
    char name[200];
    int mode, ai, i;

    make_target(target, 3 * W, W, H, 1);
    {   /* reset: the background is the rounded mean, or the given colour */
        LavfxPrimitive *p = lavfx_primitive_alloc(W, H, 1, 1);
        uint64_t sum[3] = { 0, 0, 0 };
        uint8_t bg[3], want[3], given[3] = { 7, 130, 250 };
        const uint8_t *cv;
        ptrdiff_t cs;
        int k, ok;
        for (i = 0; i < W * H; i++)
            for (k = 0; k < 3; k++)
                sum[k] += target[3 * i + k];
        for (k = 0; k < 3; k++)
            want[k] = (uint8_t)((sum[k] + W * H / 2) / (W * H));
        lavfx_primitive_reset(p, target, 3 * W, NULL);
        lavfx_primitive_background(p, bg);
        cv = lavfx_primitive_canvas(p, &cs);
        ok = !memcmp(bg, want, 3) && cs == 3 * W && cv[0] == want[0] && cv[3 * W * H - 1] == want[2] &&
             lavfx_primitive_error(p) == brute_error(cv, cs, target, 3 * W, W, H) &&
             lavfx_primitive_nb_shapes(p) == 0;
        lavfx_primitive_reset(p, target, 3 * W, given);
        lavfx_primitive_background(p, bg);
        cv = lavfx_primitive_canvas(p, &cs);
        ok &= !memcmp(bg, given, 3) && cv[1] == given[1] && lavfx_primitive_error(p) == brute_error(cv, cs, target, 3 * W, W, H);
        check(ok, "reset: background is the target's rounded mean or the given colour, error exact",
              "background %d,%d,%d, want %d,%d,%d", bg[0], bg[1], bg[2], want[0], want[1], want[2]);
        lavfx_primitive_free(&p);
        check(!p, "lavfx_primitive_free clears the pointer", "not NULL");
    }
    for (mode = 0; mode < PRIM_NB_KINDS; mode++)
        for (ai = 0; ai < 2; ai++) {
            LavfxPrimitiveParams par = { mode, ai ? 0 : 128, 50, 4, 30, 1 };
            LavfxPrimitive *p = lavfx_primitive_alloc(W, H, N, 4);
            double score0, prev;
            int up = 0, bad_err = 0, bad_ret = 0, bad_shape = 0, first_up = -1;
            int64_t first_got = 0, first_want = 0;
            const uint8_t *cv;
            ptrdiff_t cs;

            if (!p) {
                check(0, "lavfx_primitive_alloc 64x48", "NULL");
                continue;
            }
            lavfx_primitive_reset(p, target, 3 * W, NULL);
            score0 = prev = lavfx_primitive_score(p);
            for (i = 0; i < N; i++) {
                int nb = lavfx_primitive_nb_shapes(p), ret = lavfx_primitive_step(p, &par, 0, NULL, NULL);
                double sc = lavfx_primitive_score(p);
                int64_t want;
                if ((ret != 0 && ret != 1) || lavfx_primitive_nb_shapes(p) != nb + ret)
                    bad_ret++;
                if (sc > prev && !up++)
                    first_up = i;
                prev = sc;
                cv = lavfx_primitive_canvas(p, &cs);
                want = brute_error(cv, cs, target, 3 * W, W, H);
                if (want != lavfx_primitive_error(p) && !bad_err++) {
                    first_got  = lavfx_primitive_error(p);
                    first_want = want;
                }
            }
            for (i = 0; i < lavfx_primitive_nb_shapes(p); i++) {
                const PrimShape *s = lavfx_primitive_shape(p, i);
                if ((mode ? s->kind != mode : (s->kind < 1 || s->kind > PRIM_COMBO_KINDS)) ||
                    (ai ? s->alpha < 1 : s->alpha != 128))
                    bad_shape++;
            }
            snprintf(name, sizeof(name), "search %s alpha %d: score never increases (%d shapes, %.4f -> %.4f)",
                     lavfx_primitive_kind_name(mode), par.alpha, lavfx_primitive_nb_shapes(p), score0, prev);
            check(!up && !bad_ret && lavfx_primitive_nb_shapes(p) > N / 2 && prev < score0, name,
                  "%d increases (first at step %d), %d bad return values, %d shapes",
                  up, first_up, bad_ret, lavfx_primitive_nb_shapes(p));
            snprintf(name, sizeof(name), "search %s alpha %d: error == brute-force sum of squares after every step",
                     lavfx_primitive_kind_name(mode), par.alpha);
            check(!bad_err, name, "%d steps wrong; first: core %lld, brute force %lld",
                  bad_err, (long long)first_got, (long long)first_want);
            replay_canvas(p, W, H, replay);
            cv = lavfx_primitive_canvas(p, &cs);
            snprintf(name, sizeof(name), "search %s alpha %d: canvas == shapes replayed, kinds and alphas as asked",
                     lavfx_primitive_kind_name(mode), par.alpha);
            check(!memcmp(cv, replay, W * H * 3) && !bad_shape && lavfx_primitive_shape(p, -1) == NULL &&
                  lavfx_primitive_shape(p, lavfx_primitive_nb_shapes(p)) == NULL,
                  name, "canvas differs from the replay: %d, bad shapes %d",
                  memcmp(cv, replay, W * H * 3) != 0, bad_shape);
            lavfx_primitive_free(&p);
        }
    free(target);
    free(replay);
}

/* ------------------------------------------------------------------------ */
/* 5. Determinism across executors and thread counts                          */

typedef struct Pool {
    int nthreads;
    int roundrobin;     /* 1: thread k runs jobs k, k + T, ...; 0: an atomic counter */
    int reverse;        /* serial, last job first */
} Pool;

typedef struct PoolShared {
    LavfxJobFn job;
    void *arg;
    int nb_jobs, nthreads, roundrobin;
    atomic_int next;
} PoolShared;

typedef struct PoolThread {
    PoolShared *sh;
    int k;
} PoolThread;

static void *pool_worker(void *v)
{
    PoolThread *t = v;
    PoolShared *sh = t->sh;
    int j;
    if (sh->roundrobin) {
        for (j = t->k; j < sh->nb_jobs; j += sh->nthreads)
            sh->job(sh->arg, j, sh->nb_jobs);
    } else {
        while ((j = atomic_fetch_add(&sh->next, 1)) < sh->nb_jobs)
            sh->job(sh->arg, j, sh->nb_jobs);
    }
    return NULL;
}

static void pool_execute(void *opaque, LavfxJobFn job, void *arg, int nb_jobs)
{
    Pool *pool = opaque;
    PoolShared sh;
    PoolThread th[16];
    pthread_t tid[16];
    int started[16] = { 0 };
    int k, n = pool->nthreads < 16 ? pool->nthreads : 16;

    if (pool->reverse) {
        for (k = nb_jobs - 1; k >= 0; k--)
            job(arg, k, nb_jobs);
        return;
    }
    sh.job        = job;
    sh.arg        = arg;
    sh.nb_jobs    = nb_jobs;
    sh.nthreads   = n;
    sh.roundrobin = pool->roundrobin;
    atomic_init(&sh.next, 0);
    for (k = 0; k < n; k++) {
        th[k].sh = &sh;
        th[k].k  = k;
    }
    for (k = 1; k < n; k++)
        started[k] = !pthread_create(&tid[k], NULL, pool_worker, &th[k]);
    pool_worker(&th[0]);
    for (k = 1; k < n; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else        /* could not start: do its share here */
            pool_worker(&th[k]);
    }
}

typedef struct RenderJob {
    const LavfxPrimitive *p;
    uint8_t *buf;
    int w, h, y0, y1;
} RenderJob;

static const int off_rgb[3] = { 0, 1, 2 };

static void *render_worker(void *v)
{
    RenderJob *j = v;
    uint16_t *cov = calloc((size_t)j->w, sizeof(*cov));
    if (cov)
        lavfx_primitive_render(j->p, j->buf, (ptrdiff_t)j->w * 4, j->w, j->h, 4, off_rgb, j->y0, j->y1, cov);
    free(cov);
    return NULL;
}

/* Renders p into an RGBA w x h buffer in nslices row ranges, on threads. */
static void render_slices(const LavfxPrimitive *p, uint8_t *buf, int w, int h, int nslices)
{
    RenderJob jobs[8];
    pthread_t tid[8];
    int started[8] = { 0 }, i;
    for (i = 0; i < nslices; i++) {
        jobs[i].p   = p;
        jobs[i].buf = buf;
        jobs[i].w   = w;
        jobs[i].h   = h;
        jobs[i].y0  = h * i / nslices;
        jobs[i].y1  = h * (i + 1) / nslices;
        started[i]  = !pthread_create(&tid[i], NULL, render_worker, &jobs[i]);
    }
    for (i = 0; i < nslices; i++) {
        if (started[i])
            pthread_join(tid[i], NULL);
        else
            render_worker(&jobs[i]);
    }
}

typedef struct RunResult {
    int nb;
    PrimShape shapes[32];
    uint8_t canvas[64 * 48 * 3];
    uint8_t render[3][192 * 144 * 4];   /* 1, 2 and 5 slices */
} RunResult;

static void run_search(const uint8_t *target, const LavfxPrimitiveParams *par, uint32_t frame, int nshapes,
                       LavfxExecuteFn exec, void *opaque, RunResult *res)
{
    static const int slices[3] = { 1, 2, 5 };
    LavfxPrimitive *p = lavfx_primitive_alloc(64, 48, nshapes, 8);
    const uint8_t *cv;
    ptrdiff_t cs;
    int i;
    memset(res, 0, sizeof(*res));
    if (!p)
        return;
    lavfx_primitive_reset(p, target, 64 * 3, NULL);
    for (i = 0; i < nshapes; i++)
        if (lavfx_primitive_step(p, par, frame, exec, opaque) <= 0)
            break;
    res->nb = lavfx_primitive_nb_shapes(p);
    for (i = 0; i < res->nb && i < 32; i++)
        res->shapes[i] = *lavfx_primitive_shape(p, i);
    cv = lavfx_primitive_canvas(p, &cs);
    memcpy(res->canvas, cv, sizeof(res->canvas));
    for (i = 0; i < 3; i++) {
        memset(res->render[i], 0xa5, sizeof(res->render[i]));
        render_slices(p, res->render[i], 192, 144, slices[i]);
    }
    lavfx_primitive_free(&p);
}

static int same_shape(const PrimShape *a, const PrimShape *b)
{
    return a->kind == b->kind && a->alpha == b->alpha && !memcmp(a->color, b->color, 3) &&
           !memcmp(a->p, b->p, sizeof(a->p));
}

/* "" if a and b agree on everything, else what differs. */
static const char *compare_runs(const RunResult *a, const RunResult *b)
{
    int i;
    if (a->nb != b->nb)
        return "number of shapes";
    for (i = 0; i < a->nb; i++)
        if (!same_shape(&a->shapes[i], &b->shapes[i]))
            return "shapes";
    if (memcmp(a->canvas, b->canvas, sizeof(a->canvas)))
        return "canvas";
    for (i = 0; i < 3; i++)
        if (memcmp(a->render[i], a->render[0], sizeof(a->render[0])) || memcmp(b->render[i], a->render[0], sizeof(a->render[0])))
            return i == 0 ? "render" : i == 1 ? "render in 2 slices" : "render in 5 slices";
    return "";
}

static void test_threads(void)
{
    static const LavfxPrimitiveParams configs[2] = {
        { PRIM_COMBO, 0, 30, 6, 25, 42 },
        { PRIM_BEZIER, 128, 20, 5, 15, 9 },
    };
    static const Pool pools[] = {
        { 1, 0, 1 }, { 1, 0, 0 }, { 2, 0, 0 }, { 3, 1, 0 }, { 3, 0, 0 }, { 8, 0, 0 }, { 8, 1, 0 },
    };
    static const char *const pool_names[] = {
        "serial in reverse", "1 thread", "2 threads", "3 threads round-robin", "3 threads",
        "8 threads", "8 threads round-robin",
    };
    RunResult *ref = malloc(sizeof(*ref)), *res = malloc(sizeof(*res));
    uint8_t *target = malloc(64 * 48 * 3);
    char name[200];
    int ci, pi;

    make_target(target, 64 * 3, 64, 48, 5);
    for (ci = 0; ci < 2; ci++) {
        const LavfxPrimitiveParams *par = &configs[ci];
        int nshapes = ci ? 12 : 25;
        const char *d;
        run_search(target, par, 3, nshapes, NULL, NULL, ref);
        check(ref->nb > nshapes / 2, ci ? "threads: bezier search finds shapes" : "threads: combo search finds shapes",
              "%d shapes", ref->nb);
        for (pi = 0; pi < (int)(sizeof(pools) / sizeof(pools[0])); pi++) {
            Pool pool = pools[pi];
            run_search(target, par, 3, nshapes, pool_execute, &pool, res);
            d = compare_runs(ref, res);
            snprintf(name, sizeof(name), "threads: %s, %s == serial (shapes, canvas, render in 1/2/5 slices)",
                     lavfx_primitive_kind_name(par->mode), pool_names[pi]);
            check(!*d, name, "%s differ", d);
        }
        run_search(target, par, 3, nshapes, NULL, NULL, res);
        d = compare_runs(ref, res);
        snprintf(name, sizeof(name), "threads: %s, same seed twice gives the same picture", lavfx_primitive_kind_name(par->mode));
        check(!*d, name, "%s differ", d);
        {
            LavfxPrimitiveParams other = *par;
            other.seed++;
            run_search(target, &other, 3, nshapes, NULL, NULL, res);
            snprintf(name, sizeof(name), "threads: %s, another seed gives other shapes", lavfx_primitive_kind_name(par->mode));
            check(res->nb > 0 && !same_shape(&res->shapes[0], &ref->shapes[0]), name, "first shapes equal");
            run_search(target, par, 4, nshapes, NULL, NULL, res);
            snprintf(name, sizeof(name), "threads: %s, another frame number gives other shapes", lavfx_primitive_kind_name(par->mode));
            check(res->nb > 0 && !same_shape(&res->shapes[0], &ref->shapes[0]), name, "first shapes equal");
        }
    }
    free(ref);
    free(res);
    free(target);
}

/* ------------------------------------------------------------------------ */
/* 6. Rendering                                                               */

static void test_render(void)
{
    enum { W = 48, H = 40, OW = 96, OH = 80 };
    uint8_t *target = calloc(W * H, 3), *buf = malloc(OW * OH * 4), *save = malloc(OW * OH * 4);
    uint16_t *cov = calloc(OW * 3, sizeof(*cov));
    const uint8_t bg[3] = { 10, 200, 30 }, black[3] = { 0, 0, 0 };
    static const int off_bgr[3] = { 2, 1, 0 };
    LavfxPrimitive *p = lavfx_primitive_alloc(W, H, 1, 4);
    int x, y, k, i, bad = 0, bad_alpha = 0;

    lavfx_rng_init(&trng, 6, 0, 0, 0);
    if (!p || !target || !buf || !save || !cov) {
        check(0, "render: set-up", "out of memory");
        return;
    }
    /* no shapes: background everywhere, alpha bytes untouched */
    lavfx_primitive_reset(p, target, 3 * W, bg);
    for (i = 0; i < OW * OH * 4; i++)
        buf[i] = save[i] = (uint8_t)tr_u32();
    lavfx_primitive_render(p, buf, OW * 4, OW, OH, 4, off_rgb, 0, OH, cov);
    for (i = 0; i < OW * OH; i++) {
        bad += memcmp(buf + 4 * i, bg, 3) != 0;
        bad_alpha += buf[4 * i + 3] != save[4 * i + 3];
    }
    check(!bad && !bad_alpha, "render, no shapes: RGBA filled with the background, alpha untouched",
          "%d pixels wrong, %d alpha bytes changed", bad, bad_alpha);
    memset(buf, 0x55, OW * OH * 3);
    lavfx_primitive_render(p, buf, OW * 3, OW, OH, 3, off_bgr, 0, OH, cov);
    for (i = bad = 0; i < OW * OH; i++)
        bad += buf[3 * i] != bg[2] || buf[3 * i + 1] != bg[1] || buf[3 * i + 2] != bg[0];
    check(!bad, "render, no shapes: BGR24 (step 3, offsets 2 1 0)", "%d pixels wrong", bad);

    /* one opaque rectangle found on a black image with a white block */
    for (y = 8; y < 30; y++)
        for (x = 10; x < 38; x++)
            memset(target + (y * W + x) * 3, 255, 3);
    lavfx_primitive_reset(p, target, 3 * W, black);
    {
        LavfxPrimitiveParams par = { PRIM_RECT, 255, 200, 4, 100, 5 };
        PrimScale sc = { OW, W, OH, H };
        const PrimShape *s;
        int32_t X1, X2, Y1, Y2;
        int ret = lavfx_primitive_step(p, &par, 0, NULL, NULL), inside = 0, outside = 0, bad_in = 0, bad_out = 0, bad_mid = 0;
        s = lavfx_primitive_shape(p, 0);
        if (ret != 1 || !s || s->kind != PRIM_RECT || s->alpha != 255) {
            check(0, "render, one opaque rect", "step returned %d, shape %p", ret, (const void *)s);
        } else {
            X1 = prim_scale_x(&sc, lavfx_min(s->p[0], s->p[2]));
            X2 = prim_scale_x(&sc, lavfx_max(s->p[0], s->p[2]));
            Y1 = prim_scale_y(&sc, lavfx_min(s->p[1], s->p[3]));
            Y2 = prim_scale_y(&sc, lavfx_max(s->p[1], s->p[3]));
            for (i = 0; i < OW * OH * 4; i++)
                buf[i] = save[i] = (uint8_t)tr_u32();
            lavfx_primitive_render(p, buf, OW * 4, OW, OH, 4, off_rgb, 0, OH, cov);
            for (y = 0; y < OH; y++)
                for (x = 0; x < OW; x++) {
                    const uint8_t *px = buf + (y * OW + x) * 4;
                    int qx = x * PRIM_ONE, qy = y * PRIM_ONE;
                    if (qx >= X1 && qx + PRIM_ONE <= X2 && qy >= Y1 && qy + PRIM_ONE <= Y2) {
                        inside++;
                        bad_in += memcmp(px, s->color, 3) != 0;
                    } else if (qx + PRIM_ONE <= X1 - PRIM_ONE || qx >= X2 + PRIM_ONE ||
                               qy + PRIM_ONE <= Y1 - PRIM_ONE || qy >= Y2 + PRIM_ONE) {
                        outside++;
                        bad_out += memcmp(px, black, 3) != 0;
                    } else {
                        for (k = 0; k < 3; k++)
                            bad_mid += px[k] > s->color[k];   /* between black and the colour */
                    }
                    bad_alpha += px[3] != save[(y * OW + x) * 4 + 3];
                }
            check(inside > OW * OH / 8 && !bad_in && outside > 0 && !bad_out && !bad_mid && !bad_alpha,
                  "render, one opaque rect at 2x: interior exactly its colour, far outside background, edges between",
                  "%d/%d interior wrong, %d/%d outside wrong, %d edge values out of range, %d alpha bytes changed "
                  "(rect %d,%d-%d,%d colour %d,%d,%d)", bad_in, inside, bad_out, outside, bad_mid, bad_alpha,
                  X1, Y1, X2, Y2, s->color[0], s->color[1], s->color[2]);
            /* one row range: rows outside it untouched; cov handed back zeroed */
            memcpy(buf, save, OW * OH * 4);
            lavfx_primitive_render(p, buf, OW * 4, OW, OH, 4, off_rgb, 17, 43, cov);
            for (i = bad = 0; i < OW * OH * 4; i++)
                if ((i / (OW * 4) < 17 || i / (OW * 4) >= 43) && buf[i] != save[i])
                    bad++;
            for (x = k = 0; x < OW * 3; x++)
                k += cov[x] != 0;
            check(!bad && !k, "render rows [17, 43): other rows untouched, coverage scratch left zeroed",
                  "%d bytes outside the rows changed, %d coverage entries non-zero", bad, k);
        }
    }
    lavfx_primitive_free(&p);
    free(target);
    free(buf);
    free(save);
    free(cov);
}

/* ------------------------------------------------------------------------ */
/* 7. Downscaling                                                             */

/* The documented filter in double: output i takes source j with weight
 * max(0, 1 - |j - c_i| / f), f = n / m, c_i = (i + 0.5) f - 0.5, indices
 * clamped to the image, normalised. out[i * n + j] = weight. */
static void ref_taps(int n, int m, double *out)
{
    double f = (double)n / m;
    int i, j;
    for (i = 0; i < m; i++) {
        double c = (i + 0.5) * f - 0.5, s = 0;
        for (j = 0; j < n; j++)
            out[i * n + j] = 0;
        for (j = (int)floor(c - f) - 1; j <= (int)ceil(c + f) + 1; j++) {
            double t = 1 - fabs(j - c) / f;
            if (t > 0) {
                out[i * n + (j < 0 ? 0 : j >= n ? n - 1 : j)] += t;
                s += t;
            }
        }
        for (j = 0; j < n; j++)
            out[i * n + j] /= s;
    }
}

/* Max abs difference between lavfx_primitive_downscale and the reference
 * on a noisy RGBA image; -1000 - ret if the call fails. */
static int downscale_vs_ref(int sw, int sh, int dw, int dh, int *wx, int *wy)
{
    uint8_t *src = malloc((size_t)sw * sh * 4), *dst = malloc((size_t)dw * dh * 3);
    double *tx = malloc(sizeof(double) * dw * sw), *ty = malloc(sizeof(double) * dh * sh);
    double *tmp = malloc(sizeof(double) * dw * sh * 3);
    static const int off_bgr[3] = { 2, 1, 0 };
    int x, y, j, k, ret, worst = 0;

    if (!src || !dst || !tx || !ty || !tmp) {
        worst = -2000;
        goto end;
    }
    memset(src, 0, (size_t)sw * sh * 4);
    for (y = 0; y < sh; y++)
        for (x = 0; x < sw; x++)
            for (k = 0; k < 4; k++)
                src[(y * sw + x) * 4 + k] = (uint8_t)((tr_u32() & 63) + (k == 1 ? x * 190 / sw : k == 2 ? y * 190 / sh : 100));
    ret = lavfx_primitive_downscale(src, (ptrdiff_t)sw * 4, sw, sh, 4, off_bgr, dst, (ptrdiff_t)dw * 3, dw, dh);
    if (ret < 0) {
        worst = -1000 + ret;
        goto end;
    }
    ref_taps(sw, dw, tx);
    ref_taps(sh, dh, ty);
    for (y = 0; y < sh; y++)
        for (x = 0; x < dw; x++)
            for (k = 0; k < 3; k++) {
                double a = 0;
                for (j = 0; j < sw; j++)
                    if (tx[x * sw + j] != 0)
                        a += tx[x * sw + j] * src[(y * sw + j) * 4 + off_bgr[k]];
                tmp[(y * dw + x) * 3 + k] = a;
            }
    for (y = 0; y < dh; y++)
        for (x = 0; x < dw; x++)
            for (k = 0; k < 3; k++) {
                double a = 0;
                int d;
                for (j = 0; j < sh; j++)
                    if (ty[y * sh + j] != 0)
                        a += ty[y * sh + j] * tmp[(j * dw + x) * 3 + k];
                d = abs((int)floor(a + 0.5) - dst[(y * dw + x) * 3 + k]);
                if (d > worst) {
                    worst = d;
                    *wx = x;
                    *wy = y;
                }
            }
end:
    free(src); free(dst); free(tx); free(ty); free(tmp);
    return worst;
}

/*
 * Runs fn(arg, out) in a child process, so that a crash or a sanitizer abort
 * in the core fails one check instead of ending the program. Returns 1 with
 * out[] filled in by the child, or 0 with *why describing how it ended.
 */
static int in_child(ChildFn fn, const void *arg, int quiet, int out[4], char *why, size_t whysize)
{
    int fd[2], status, got = 0;
    pid_t pid;
    fflush(stdout);
    fflush(stderr);
    if (pipe(fd) < 0 || (pid = fork()) < 0) {   /* no processes: run it here */
        fn(arg, out);
        return 1;
    }
    if (!pid) {
        int r[4] = { 0, 0, 0, 0 }, null;
        close(fd[0]);
        if (quiet && (null = open("/dev/null", O_WRONLY)) >= 0)
            dup2(null, 2);
        fn(arg, r);
        if (write(fd[1], r, sizeof(r)) != (ssize_t)sizeof(r))
            _exit(3);
        _exit(0);
    }
    close(fd[1]);
    while (got < (int)sizeof(int[4])) {
        ssize_t n = read(fd[0], (char *)out + got, sizeof(int[4]) - got);
        if (n <= 0)
            break;
        got += (int)n;
    }
    close(fd[0]);
    if (waitpid(pid, &status, 0) < 0)
        status = -1;
    if (got == (int)sizeof(int[4]) && WIFEXITED(status) && !WEXITSTATUS(status))
        return 1;
    if (status != -1 && WIFSIGNALED(status))
        snprintf(why, whysize, "the process died of signal %d", WTERMSIG(status));
    else if (status != -1 && WIFEXITED(status))
        snprintf(why, whysize, "the process exited with status %d (a sanitizer report?)", WEXITSTATUS(status));
    else
        snprintf(why, whysize, "the process was lost");
    return 0;
}

typedef struct DownscaleCase {
    int sw, sh, dw, dh;
} DownscaleCase;

static void child_downscale_vs_ref(const void *arg, int out[4])
{
    const DownscaleCase *c = arg;
    out[1] = out[2] = -1;
    out[0] = downscale_vs_ref(c->sw, c->sh, c->dw, c->dh, &out[1], &out[2]);
}

static void child_downscale_size(const void *arg, int out[4])
{
    static uint8_t src[16 * 16 * 3], dst[16 * 16 * 3];
    const DownscaleCase *c = arg;
    out[0] = lavfx_primitive_downscale(src, 16 * 3, 16, 16, 3, off_rgb, dst, 16 * 3, c->dw, c->dh);
}

static void child_downscale_constant(const void *arg, int out[4])
{
    static const int dsz[][2] = { { 50, 40 }, { 25, 20 }, { 7, 3 }, { 1, 1 }, { 50, 1 }, { 1, 40 } };
    static const int off_bgr[3] = { 2, 1, 0 };
    static uint8_t src[50 * 40 * 4], dst[50 * 40 * 3];
    int i, x, bad = 0;
    (void)arg;
    for (i = 0; i < 50 * 40; i++) {
        src[4 * i] = 12; src[4 * i + 1] = 34; src[4 * i + 2] = 56; src[4 * i + 3] = (uint8_t)(i * 37);
    }
    for (i = 0; i < 6; i++) {
        int dw = dsz[i][0], dh = dsz[i][1];
        memset(dst, 0, sizeof(dst));
        bad += lavfx_primitive_downscale(src, 50 * 4, 50, 40, 4, off_bgr, dst, dw * 3, dw, dh) != 0;
        for (x = 0; x < dw * dh; x++)
            bad += dst[3 * x] != 56 || dst[3 * x + 1] != 34 || dst[3 * x + 2] != 12;
    }
    out[0] = bad;
}

static void test_downscale(void)
{
    static const DownscaleCase cases[] = {
        { 50, 40, 50, 40 },     /* identity */
        { 451, 300, 256, 170 }, /* 1.76x */
        { 128, 96, 64, 48 },    /* 2x */
        { 192, 144, 64, 48 },   /* 3x */
        { 1920, 1080, 256, 144 }, /* 7.5x: 1080p to the default work size */
        { 100, 60, 7, 3 },
        { 300, 200, 1, 1 },
    };
    uint8_t src[50 * 40 * 4], dst[50 * 40 * 3];
    char name[200];
    int i, x, ret;

    lavfx_rng_init(&trng, 7, 0, 0, 0);
    {   /* constants stay constant, at any size down to 1x1 (in a child: see the next checks) */
        int r[4];
        char why[128];
        if (!in_child(child_downscale_constant, NULL, 0, r, why, sizeof(why)))
            check(0, "downscale: a constant BGRA image stays constant at 50x40, 25x20, 7x3, 1x1, 50x1, 1x40",
                  "%s (see the tent-filter checks below)", why);
        else
            check(!r[0], "downscale: a constant BGRA image stays constant at 50x40, 25x20, 7x3, 1x1, 50x1, 1x40",
                  "%d wrong pixels or return values", r[0]);
    }
    for (i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
        int r[4], tol = cases[i].sw == cases[i].dw && cases[i].sh == cases[i].dh ? 0 : 1;
        char why[128];
        if (!in_child(child_downscale_vs_ref, &cases[i], 0, r, why, sizeof(why))) {
            snprintf(name, sizeof(name), "downscale %dx%d -> %dx%d within %d of a tent-filter reference",
                     cases[i].sw, cases[i].sh, cases[i].dw, cases[i].dh, tol);
            check(0, name, "%s: tent_taps() in primitive.c computes wt * 16384 in int, which overflows "
                  "once a tap weight (Q16) reaches 131072, i.e. for scale factors above 2", why);
            continue;
        }
        snprintf(name, sizeof(name), "downscale %dx%d -> %dx%d within %d of a tent-filter reference (max diff %d)",
                 cases[i].sw, cases[i].sh, cases[i].dw, cases[i].dh, tol, r[0]);
        check(r[0] >= 0 && r[0] <= tol, name,
              r[0] < 0 ? "the call failed" :
              "off by %d at output (%d,%d): tent_taps() in primitive.c computes wt * 16384 in int, "
              "which overflows once a tap weight (Q16) reaches 131072, i.e. for scale factors above 2",
              r[0], r[1], r[2]);
    }
    ret = lavfx_primitive_downscale(src, 50 * 4, 50, 40, 4, off_rgb, dst, 51 * 3, 51, 40);
    x   = lavfx_primitive_downscale(src, 50 * 4, 50, 40, 4, off_rgb, dst, 50 * 3, 50, 41);
    check(ret == -EINVAL && x == -EINVAL, "downscale: dw > sw or dh > sh returns -EINVAL", "returned %d and %d", ret, x);
    {
        static const int bad_sizes[][2] = { { 0, 4 }, { 4, 0 }, { -3, 4 }, { 4, -3 } };
        char what[400] = "";
        int ok = 1;
        for (i = 0; i < 4; i++) {
            DownscaleCase c = { 16, 16, bad_sizes[i][0], bad_sizes[i][1] };
            int r[4];
            char why[128];
            int done = in_child(child_downscale_size, &c, 1, r, why, sizeof(why));
            if (!done || r[0] != -EINVAL) {
                size_t l = strlen(what);
                ok = 0;
                if (done)
                    snprintf(why, sizeof(why), "returned %d", r[0]);
                snprintf(what + l, sizeof(what) - l, "%s%dx%d: %s", l ? "; " : "", c.dw, c.dh, why);
            }
        }
        check(ok, "downscale: dw or dh of 0 or below returns -EINVAL (each tried in a child process)",
              "%s (lavfx_primitive_downscale divides by dw and dh, and sizes its buffers with them, "
              "before it checks them)", what);
    }
    {
        int ww, wh, ok = 1;
        char got[200];
        static const int ws[][5] = {
            { 451, 300, 256, 256, 170 }, { 100, 50, 256, 100, 50 }, { 300, 451, 256, 170, 256 },
            { 1920, 1080, 256, 256, 144 }, { 1000, 1, 256, 256, 1 }, { 2, 2, 256, 2, 2 },
        };
        got[0] = 0;
        for (i = 0; i < 6; i++) {
            lavfx_primitive_work_size(ws[i][0], ws[i][1], ws[i][2], &ww, &wh);
            if (ww != ws[i][3] || wh != ws[i][4]) {
                size_t l = strlen(got);
                ok = 0;
                snprintf(got + l, sizeof(got) - l, " %dx%d -> %dx%d (want %dx%d)", ws[i][0], ws[i][1], ww, wh, ws[i][3], ws[i][4]);
            }
        }
        check(ok, "work size: 451x300 -> 256x170, 100x50 -> 100x50, 300x451 -> 170x256, 1920x1080 -> 256x144, 1000x1 -> 256x1",
              "%s", got);
    }
}

/* ------------------------------------------------------------------------ */
/* 8. SVG and JSON export                                                     */

static char *read_all(FILE *f)
{
    long n;
    char *buf;
    fflush(f);
    n = ftell(f);
    if (n < 0 || !(buf = malloc((size_t)n + 1)))
        return NULL;
    rewind(f);
    n = (long)fread(buf, 1, (size_t)n, f);
    buf[n] = 0;
    return buf;
}

static int count_str(const char *s, const char *needle)
{
    int n = 0;
    size_t l = strlen(needle);
    while ((s = strstr(s, needle))) {
        n++;
        s += l;
    }
    return n;
}

static void test_export(void)
{
    enum { W = 32, H = 24 };
    uint8_t *target = malloc(W * H * 3);
    char name[200];
    int mode, i;

    make_target(target, 3 * W, W, H, 8);
    for (mode = 0; mode < PRIM_NB_KINDS; mode++) {
        LavfxPrimitiveParams par = { mode, 0, 30, 2, 20, 3 };
        LavfxPrimitive *p = lavfx_primitive_alloc(W, H, 6, 2);
        FILE *fs = tmpfile(), *fj = tmpfile();
        char *svg = NULL, *json = NULL;
        int nb, rs, rj, elements = 0, types, order = 1, depth = 0, balanced = 1;
        const char *line;

        if (!p || !fs || !fj) {
            check(0, "export: set-up", "no context or temporary file");
            goto next;
        }
        lavfx_primitive_reset(p, target, 3 * W, NULL);
        for (i = 0; i < 6; i++)
            lavfx_primitive_step(p, &par, 0, NULL, NULL);
        nb = lavfx_primitive_nb_shapes(p);
        rs = lavfx_primitive_write_svg(p, fs, 640, 480);
        rj = lavfx_primitive_write_json(p, fj, 640, 480, 17);
        svg  = read_all(fs);
        json = read_all(fj);
        if (!svg || !json) {
            check(0, "export: read back", "failed");
            goto next;
        }
        /* SVG: one element per line between <svg> and </svg>: background, then the shapes in order */
        for (line = svg, i = -1; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
            const char *want;
            if (*line != '<' || !strncmp(line, "<svg", 4) || !strncmp(line, "</svg", 5))
                continue;
            elements++;
            if (i >= 0 && i < nb) {
                switch (lavfx_primitive_shape(p, i)->kind) {
                case PRIM_TRIANGLE: case PRIM_POLYGON: want = "<polygon "; break;
                case PRIM_RECT: case PRIM_ROTATEDRECT: want = "<rect "; break;
                case PRIM_BEZIER: want = "<path "; break;
                default: want = "<ellipse "; break;
                }
                order &= !strncmp(line, want, strlen(want));
            } else if (i < 0) {
                order &= !strncmp(line, "<rect width=\"100%\"", 18);
            }
            i++;
        }
        snprintf(name, sizeof(name), "export %s: SVG has the background and one element per shape (%d shapes)",
                 lavfx_primitive_kind_name(mode), nb);
        check(rs == 0 && elements == nb + 1 && order && !strncmp(svg, "<svg ", 5) && strstr(svg, "</svg>\n"),
              name, "returned %d, %d elements, order/tags ok %d", rs, elements, order);
        /* JSON: as many "type" entries as shapes, in order, brackets balanced */
        types = count_str(json, "\"type\":");
        for (i = 0, line = json; i < nb; i++) {
            char want[64];
            snprintf(want, sizeof(want), "\"type\":\"%s\"", lavfx_primitive_kind_name(lavfx_primitive_shape(p, i)->kind));
            line = strstr(line, want);
            if (!line) {
                order = 0;
                break;
            }
            line++;
        }
        for (line = json; *line; line++) {
            depth += (*line == '{' || *line == '[') - (*line == '}' || *line == ']');
            balanced &= depth >= 0;
        }
        snprintf(name, sizeof(name), "export %s: JSON has one \"type\" per shape, in order, balanced", lavfx_primitive_kind_name(mode));
        check(rj == 0 && types == nb && order && balanced && !depth && json[0] == '{' &&
              strstr(json, "\"frame\":17,\"width\":640,\"height\":480"),
              name, "returned %d, %d types for %d shapes, order %d, depth %d", rj, types, nb, order, depth);
next:
        free(svg);
        free(json);
        if (fs)
            fclose(fs);
        if (fj)
            fclose(fj);
        if (mode == PRIM_NB_KINDS - 1 && p) {   /* write errors are reported */
            FILE *ro = fopen("/dev/null", "r");
            if (ro) {
                int a = lavfx_primitive_write_svg(p, ro, 10, 10), b = lavfx_primitive_write_json(p, ro, 10, 10, 0);
                check(a == -1 && b == -1, "export: write errors return -1", "svg %d json %d", a, b);
                fclose(ro);
            }
        }
        lavfx_primitive_free(&p);
    }
    free(target);
}

/* The rotated shapes' export where the work image is scaled by different
 * factors in x and y (the raster rotates, then scales): the JSON ellipse's
 * outline, mapped back to the work image, lies on the shape's own ellipse;
 * the rectangle's points are its scaled corners; the SVG rectangle carries
 * the same map as a transform. */
static void test_export_stretched(void)
{
    enum { W = 40, H = 30, OW = 400, OH = 100 };    /* x scale 10, y scale 10/3 */
    const double sx = (double)OW / W, sy = (double)OH / H;
    LavfxPrimitive *p = lavfx_primitive_alloc(W, H, 4, 2);
    PrimShape sh[2] = { { { 20 * PRIM_ONE, 15 * PRIM_ONE, 9 * PRIM_ONE, 3 * PRIM_ONE, 600 }, PRIM_ROTATEDELLIPSE, 255, { 9, 9, 9 } },
                        { { 12 * PRIM_ONE, 10 * PRIM_ONE, 8 * PRIM_ONE, 4 * PRIM_ONE, 3500 }, PRIM_ROTATEDRECT, 200, { 9, 9, 9 } } };
    const uint8_t bg[3] = { 0, 0, 0 };
    FILE *fj = tmpfile(), *fs = tmpfile();
    char *json = NULL, *svg = NULL, *q;
    double cx, cy, rx, ry, ang, worst = 0, pts[8], corner = 0, tsx = 0, tsy = 0;
    int k, n = 0;

    if (!p || !fj || !fs || lavfx_primitive_set_picture(p, bg, sh, 2, 0, 0) < 0 ||
        lavfx_primitive_write_json(p, fj, OW, OH, 0) < 0 || lavfx_primitive_write_svg(p, fs, OW, OH) < 0 ||
        !(json = read_all(fj)) || !(svg = read_all(fs))) {
        check(0, "export, stretched: set-up", "failed");
        goto end;
    }
    q = strstr(json, "\"rotatedellipse\"");
    n = q ? sscanf(strstr(q, "\"cx\""), "\"cx\":%lf,\"cy\":%lf,\"rx\":%lf,\"ry\":%lf,\"angle\":%lf",
                   &cx, &cy, &rx, &ry, &ang) : 0;
    for (k = 0; n == 5 && k < 360; k++) {        /* the outline back in the work image */
        double t = k * 3.14159265358979 / 180, a = ang * 3.14159265358979 / 180;
        double x = (cx + rx * cos(a) * cos(t) - ry * sin(a) * sin(t)) / sx - 20;
        double y = (cy + rx * sin(a) * cos(t) + ry * cos(a) * sin(t)) / sy - 15;
        double b = 600 * 2 * 3.14159265358979 / LAVFX_TURN;
        double u = x * cos(b) + y * sin(b), v = -x * sin(b) + y * cos(b);
        worst = fmax(worst, fabs(hypot(u / 9, v / 3) - 1));
    }
    check(n == 5 && worst < 2e-3, "export, stretched: the JSON rotated ellipse is the rotated, then scaled one",
          "%d fields, worst radius error %.4f", n, worst);
    q = strstr(json, "\"points\":");
    n = q ? sscanf(q, "\"points\":[[%lf,%lf],[%lf,%lf],[%lf,%lf],[%lf,%lf]]", &pts[0], &pts[1], &pts[2],
                   &pts[3], &pts[4], &pts[5], &pts[6], &pts[7]) : 0;
    for (k = 0; n == 8 && k < 4; k++) {
        double b = 3500 * 2 * 3.14159265358979 / LAVFX_TURN;
        double dx = (k == 1 || k == 2 ? 4 : -4), dy = (k >= 2 ? 2 : -2);
        corner = fmax(corner, fabs(pts[2 * k] - sx * (12 + dx * cos(b) - dy * sin(b))));
        corner = fmax(corner, fabs(pts[2 * k + 1] - sy * (10 + dx * sin(b) + dy * cos(b))));
    }
    check(n == 8 && corner < 0.01, "export, stretched: the JSON rotated rectangle's points are its scaled corners",
          "%d numbers, worst %.3f px", n, corner);
    q = strstr(svg, "scale(");
    check(q && sscanf(q, "scale(%lf %lf)", &tsx, &tsy) == 2 && fabs(tsx - sx) < 1e-4 && fabs(tsy - sy) < 1e-4 &&
          strstr(svg, "width=\"8.000\" height=\"4.000\""),
          "export, stretched: the SVG rotated rectangle is in work pixels, rotated, then scaled",
          "scale %g %g", tsx, tsy);
end:
    free(json);
    free(svg);
    if (fj)
        fclose(fj);
    if (fs)
        fclose(fs);
    lavfx_primitive_free(&p);
}

/* ------------------------------------------------------------------------ */
/* 9. Argument checks                                                         */

static void test_args(void)
{
    static const int bad_sizes[][4] = {
        { 1, 10, 4, 1 }, { 10, 1, 4, 1 }, { 0, 0, 4, 1 }, { -5, 10, 4, 1 }, { 2049, 10, 4, 1 },
        { 10, 2049, 4, 1 }, { 10, 10, 0, 1 }, { 10, 10, 4, 0 },
    };
    LavfxPrimitive *p;
    uint8_t *target = malloc(16 * 12 * 3);
    int i, bad = 0;
    char what[200] = "";

    for (i = 0; i < (int)(sizeof(bad_sizes) / sizeof(bad_sizes[0])); i++) {
        p = lavfx_primitive_alloc(bad_sizes[i][0], bad_sizes[i][1], bad_sizes[i][2], bad_sizes[i][3]);
        if (p) {
            size_t l = strlen(what);
            bad++;
            snprintf(what + l, sizeof(what) - l, " (%d,%d,%d,%d)", bad_sizes[i][0], bad_sizes[i][1],
                     bad_sizes[i][2], bad_sizes[i][3]);
            lavfx_primitive_free(&p);
        }
    }
    check(!bad, "alloc rejects w or h < 2 or > 2048, max_shapes or max_climbs < 1", "accepted%s", what);
    {
        LavfxPrimitive *a = lavfx_primitive_alloc(2, 2, 1, 1), *b = lavfx_primitive_alloc(2048, 2, 1, 1);
        LavfxPrimitive *c = lavfx_primitive_alloc(2, 2048, 1, 1);
        check(a && b && c, "alloc accepts 2x2, 2048x2, 2x2048", "%p %p %p", (void *)a, (void *)b, (void *)c);
        lavfx_primitive_free(&a);
        lavfx_primitive_free(&b);
        lavfx_primitive_free(&c);
        lavfx_primitive_free(&a);   /* freeing NULL is fine */
    }
    make_target(target, 16 * 3, 16, 12, 9);
    p = lavfx_primitive_alloc(16, 12, 1, 3);
    if (!p) {
        check(0, "alloc 16x12", "NULL");
        free(target);
        return;
    }
    lavfx_primitive_reset(p, target, 16 * 3, NULL);
    {
        static const LavfxPrimitiveParams badp[] = {
            { 9, 128, 10, 1, 10, 1 }, { -1, 128, 10, 1, 10, 1 }, { 1, -1, 10, 1, 10, 1 },
            { 1, 256, 10, 1, 10, 1 }, { 1, 128, 0, 1, 10, 1 }, { 1, 128, 10, 0, 10, 1 },
            { 1, 128, 10, 4, 10, 1 }, { 1, 128, 10, 1, -1, 1 },
        };
        static const char *const badn[] = {
            "mode 9", "mode -1", "alpha -1", "alpha 256", "candidates 0", "climbs 0", "climbs > max_climbs", "age -1",
        };
        LavfxPrimitiveParams good = { 1, 128, 10, 3, 0, 1 };
        int r1, r2;
        what[0] = 0;
        for (i = bad = 0; i < 8; i++) {
            int r = lavfx_primitive_step(p, &badp[i], 0, NULL, NULL);
            if (r != -EINVAL) {
                size_t l = strlen(what);
                bad++;
                snprintf(what + l, sizeof(what) - l, " %s -> %d;", badn[i], r);
            }
        }
        check(!bad && lavfx_primitive_nb_shapes(p) == 0,
              "step returns -EINVAL for mode 9/-1, alpha -1/256, candidates 0, climbs 0 or > max, age -1",
              "%s", what);
        r1 = lavfx_primitive_step(p, &good, 0, NULL, NULL);
        r2 = lavfx_primitive_step(p, &good, 0, NULL, NULL);
        check(r1 == 1 && r2 == 0 && lavfx_primitive_nb_shapes(p) == 1,
              "step adds a shape (age 0 works), then returns 0 at max_shapes", "returned %d then %d", r1, r2);
    }
    check(!strcmp(lavfx_primitive_kind_name(0), "combo") && !strcmp(lavfx_primitive_kind_name(8), "polygon") &&
          !strcmp(lavfx_primitive_kind_name(PRIM_ROTATEDELLIPSE), "rotatedellipse") &&
          !lavfx_primitive_kind_name(9) && !lavfx_primitive_kind_name(-1),
          "kind names: combo..polygon, NULL outside", "wrong");
    lavfx_primitive_free(&p);
    free(target);
}

/* The pixels of s on a w x h raster, as evaluate() in primitive.c finds them. */
static void raster_mask(const PrimShape *s, int w, int h, uint8_t *m)
{
    PrimGeom g;
    int32_t xs[2 * PRIM_MAX_SPANS + 2];
    int r, i, x;
    prim_geom_build(s, &identity, &g);
    memset(m, 0, (size_t)w * h);
    for (r = 0; r < h; r++) {
        int n = prim_geom_row(&g, r * PRIM_ONE + PRIM_ONE / 2, xs);
        for (i = 0; i < n; i++) {
            int32_t c0, c1;
            prim_interval_pixels(xs[2 * i], xs[2 * i + 1], w, &c0, &c1);
            for (x = c0; x < c1; x++)
                m[r * w + x] = 1;
        }
    }
}

/* Temporal mode's camera motion: prim_shape_translate moves every kind's
 * pixels by exactly the whole-pixel shift, and reset_temporal finds the shift
 * between two frames of a moving picture. */
static void test_motion(void)
{
    enum { W = 64, H = 48, BW = 160, BH = 120 };
    PrimSpace sp = { BW, BH, BW * PRIM_ONE / 256 };
    static uint8_t a[BW * BH], b[BW * BH];
    uint8_t *t0 = malloc(W * H * 3), *t1 = malloc(W * H * 3);
    LavfxPrimitiveParams par = { PRIM_TRIANGLE, 128, 30, 2, 10, 5 };
    int kind, i, x, y, k, bad = 0, tested = 0, dx, dy;
    LavfxRng rng;

    lavfx_rng_init(&rng, 11, 0, 0, 0);
    for (kind = 1; kind < PRIM_NB_KINDS; kind++)
        for (i = 0; i < 20; i++) {
            PrimShape s, t;
            prim_shape_random(&rng, &sp, kind, &s);
            t = s;
            prim_shape_translate(&t, 5 * PRIM_ONE, -3 * PRIM_ONE);
            if (!prim_shape_valid(&t))
                continue;
            tested++;
            raster_mask(&s, BW, BH, a);
            raster_mask(&t, BW, BH, b);
            for (y = 0; y < BH; y++)
                for (x = 0; x < BW; x++) {
                    int ox = x - 5, oy = y + 3;   /* where the pixel was */
                    if (ox >= 0 && oy < BH)
                        bad += b[y * BW + x] != a[oy * BW + ox];
                }
        }
    check(!bad && tested > 100, "prim_shape_translate moves every kind's pixels by the shift",
          "%d pixels differ over %d shapes", bad, tested);

    make_target(t0, 3 * W, W, H, 4);
    for (y = 0; y < H; y++)         /* the picture moved 3 right and 2 up */
        for (x = 0; x < W; x++)
            for (k = 0; k < 3; k++)
                t1[3 * (y * W + x) + k] = t0[3 * (lavfx_clip(y + 2, 0, H - 1) * W + lavfx_clip(x - 3, 0, W - 1)) + k];
    for (k = 0; k < 2; k++) {
        LavfxPrimitive *p = lavfx_primitive_alloc(W, H, 8, 2);
        lavfx_primitive_reset(p, t0, 3 * W, NULL);
        for (i = 0; i < 8; i++)
            lavfx_primitive_step(p, &par, 0, NULL, NULL);
        lavfx_primitive_reset_temporal(p, t1, 3 * W, NULL, 0, 0, k ? 8 : 0);
        lavfx_primitive_shift(p, &dx, &dy);
        check(k ? dx == 3 && dy == -2 : dx == 0 && dy == 0,
              k ? "temporal motion=8 finds the picture's shift (3, -2)" : "temporal motion=0: no shift",
              "shift %d, %d", dx, dy);
        lavfx_primitive_free(&p);
    }
    /* a shift that leaves one pixel to compare is not searched: the new
     * picture is the last one with noise, but for its bottom-right pixel,
     * which equals the last picture's top-left one (so shift (63, 35), one
     * sampled pixel, would match exactly) */
    {
        enum { SW = 64, SH = 36 };
        uint8_t *s0 = malloc(SW * SH * 3), *s1 = malloc(SW * SH * 3);
        LavfxPrimitive *p = lavfx_primitive_alloc(SW, SH, 8, 2);
        make_target(s0, 3 * SW, SW, SH, 5);
        for (i = 0; i < SW * SH * 3; i++)
            s1[i] = (uint8_t)lavfx_clip(s0[i] + (int)((i * 2654435761u) >> 27) - 16, 0, 255);
        memcpy(s1 + 3 * (SH * SW - 1), s0, 3);
        lavfx_primitive_reset(p, s0, 3 * SW, NULL);
        for (i = 0; i < 4; i++)
            lavfx_primitive_step(p, &par, 0, NULL, NULL);
        lavfx_primitive_reset_temporal(p, s1, 3 * SW, NULL, 0, 0, 64);
        lavfx_primitive_shift(p, &dx, &dy);
        check(abs(dx) <= SH / 4 && abs(dy) <= SH / 4 && prim_shift_radius(64, SW, SH) == SH / 4,
              "motion=64 on a 64x36 work image: shifts up to 9 pixels (a quarter of 36) only",
              "shift %d, %d", dx, dy);
        lavfx_primitive_free(&p);
        free(s0);
        free(s1);
    }
    free(t0);
    free(t1);
}

/* ------------------------------------------------------------------------ */
/* 9. The CUDA kernels' way of cutting the work, emulated here: the same      */
/*    shared functions, the same split (rows over 32 lanes, a coverage sum    */
/*    per pixel, a picture handed over with lavfx_primitive_set_picture).    */

/* primitive_render's row: every shape's sub-scanline intervals, then each
 * pixel's coverage summed with prim_cover_pixel (no cov[] scratch). */
static void render_per_pixel(const LavfxPrimitive *p, int ww, int wh, uint8_t *dst, int w, int h)
{
    const PrimScale sc = { w, ww, h, wh };
    uint8_t bg[3];
    int i, x, y, k, sub, j;
    lavfx_primitive_background(p, bg);
    for (x = 0; x < w * h; x++)
        for (k = 0; k < 3; k++)
            dst[4 * x + k] = bg[k];
    for (i = 0; i < lavfx_primitive_nb_shapes(p); i++) {
        const PrimShape *s = lavfx_primitive_shape(p, i);
        PrimGeom g;
        prim_geom_build(s, &sc, &g);
        for (y = 0; y < h; y++) {
            int32_t xs[PRIM_AA_ROWS][2 * PRIM_MAX_SPANS];
            int nx[PRIM_AA_ROWS];
            if (y < g.ymin >> PRIM_FRAC_BITS || y >= (g.ymax + PRIM_ONE - 1) >> PRIM_FRAC_BITS)
                continue;
            for (sub = 0; sub < PRIM_AA_ROWS; sub++)
                nx[sub] = prim_geom_row(&g, y * PRIM_ONE + (2 * sub + 1) * PRIM_ONE / (2 * PRIM_AA_ROWS), xs[sub]);
            for (x = 0; x < w; x++) {
                int32_t cov = 0;
                for (sub = 0; sub < PRIM_AA_ROWS; sub++)
                    for (j = 0; j < nx[sub]; j++)
                        cov += prim_cover_pixel(xs[sub][2 * j], xs[sub][2 * j + 1], w, x);
                if (cov)
                    for (k = 0; k < 3; k++)
                        dst[4 * (y * w + x) + k] = prim_blend_cov(dst[4 * (y * w + x) + k], s->color[k], s->alpha, cov);
            }
        }
    }
}

static void test_cuda_split(void)
{
    enum { W = 64, H = 48, N = 40 };
    static const struct { int w, h; } out[] = { { 64, 48 }, { 173, 131 }, { 31, 23 }, { 256, 192 } };
    uint8_t *target = malloc(W * H * 3);
    uint16_t *cov = calloc(256, sizeof(*cov));
    int mode, o, i, lane, bad;

    make_target(target, 3 * W, W, H, 1);
    for (mode = 0; mode < PRIM_NB_KINDS; mode++) {
        LavfxPrimitiveParams par = { mode, mode == PRIM_ELLIPSE ? 0 : 128, 30, 4, 20, 11 };
        LavfxPrimitive *p = lavfx_primitive_alloc(W, H, N, 4), *q = lavfx_primitive_alloc(W, H, N, 1);
        int bad_acc = 0, nacc = 0, bad_px = 0, bad_set, bad_commit = 0, nrows = 0;
        uint8_t bg[3];
        char name[160];
        lavfx_primitive_reset(p, target, 3 * W, NULL);
        for (i = 0; i < N; i++)
            lavfx_primitive_step(p, &par, 3, NULL, NULL);
        /* an evaluation's rows split over 32 lanes add up to the whole */
        {
            LavfxRng r, r_;
            PrimSpace sp = { W, H, lavfx_max(1, W * PRIM_ONE / 256) };
            const uint8_t *cv;
            ptrdiff_t cs;
            PrimSum *sums = malloc(sizeof(*sums) * (W + 1) * H);
            cv = lavfx_primitive_canvas(p, &cs);
            for (i = 0; i < H; i++)
                prim_row_sums(target + 3 * W * i, cv + cs * i, W, sums + (W + 1) * i);
            for (i = 0; i < 300; i++) {
                PrimShape sh;
                PrimAcc whole, part, sum;
                prim_candidate_rng(&r, 9, 1, 2, prim_climb_stream(i & 7, i >> 8, 0), (uint32_t)i);
                prim_random_candidate(&r, &sp, mode, 100, &sh);
                prim_shape_acc(&sh, sums, W, H, 0, 1, &whole);
                prim_acc_zero(&sum);
                for (lane = 0; lane < 32; lane++) {
                    int k;
                    prim_shape_acc(&sh, sums, W, H, lane, 32, &part);
                    sum.n += part.n; sum.tc += part.tc; sum.cc += part.cc;
                    for (k = 0; k < 3; k++) {
                        sum.t[k] += part.t[k];
                        sum.c[k] += part.c[k];
                    }
                }
                nacc += whole.n > 0;
                bad_acc += memcmp(&whole, &sum, sizeof(sum)) != 0;
            }
            /* primitive_commit's split: each row's pixels over 32 lanes give
             * the row's change and drawing; its sums as warp_row_sums makes
             * them (each lane's part summed, then summed again from the
             * parts before it) are prim_row_sums' */
            {
                uint8_t *c1 = malloc(W * H * 3), *c2 = malloc(W * H * 3);
                PrimSum *s1 = malloc(sizeof(*s1) * (W + 1)), *s2 = malloc(sizeof(*s2) * (W + 1));
                const PrimScale identity = { 1, 1, 1, 1 };
                for (i = 0; i < H; i++) {
                    memcpy(c1 + 3 * W * i, cv + cs * i, 3 * W);
                    memcpy(c2 + 3 * W * i, cv + cs * i, 3 * W);
                }
                for (i = 0; i < 300; i++) {
                    PrimShape sh;
                    PrimGeom g;
                    int r, k;
                    prim_candidate_rng(&r_, 5, 2, 3, prim_climb_stream(i & 7, i >> 8, 0), (uint32_t)i);
                    prim_random_candidate(&r_, &sp, mode, 100, &sh);
                    for (k = 0; k < 3; k++)
                        sh.color[k] = (uint8_t)(37 * i + 91 * k);
                    prim_geom_build(&sh, &identity, &g);
                    for (r = 0; r < H; r++) {
                        const uint8_t *t = target + 3 * W * r;
                        int64_t whole_d = prim_shape_row(&g, r, t, c1 + 3 * W * r, W, &sh, 0), parts = 0, drawn = 0;
                        PrimSum acc[32], before;
                        const int ww = r % 2 ? W : W - 13, per = (ww + 31) / 32;   /* ww: a ragged split too */
                        for (lane = 0; lane < 32; lane++)
                            parts += prim_shape_row_part(&g, r, t, c2 + 3 * W * r, W, &sh, 0, lane, 32);
                        bad_commit += parts != whole_d;
                        nrows += whole_d != 0;
                        whole_d = prim_shape_row(&g, r, t, c1 + 3 * W * r, W, &sh, 1);
                        for (lane = 0; lane < 32; lane++)
                            drawn += prim_shape_row_part(&g, r, t, c2 + 3 * W * r, W, &sh, 1, lane, 32);
                        bad_commit += drawn != whole_d || memcmp(c1 + 3 * W * r, c2 + 3 * W * r, 3 * W);
                        prim_row_sums(t, c1 + 3 * W * r, ww, s1);
                        prim_sum_zero(&before);
                        for (lane = 0; lane < 32; lane++) {
                            prim_sum_zero(&acc[lane]);
                            prim_sum_pixels(&acc[lane], t, c2 + 3 * W * r, lavfx_min(lane * per, ww),
                                            lavfx_min(lane * per + per, ww), NULL);
                        }
                        s2[0] = before;
                        for (lane = 0; lane < 32; lane++) {
                            PrimSum next = before;
                            for (k = 0; k < 3; k++) {
                                next.t[k] += acc[lane].t[k];
                                next.c[k] += acc[lane].c[k];
                            }
                            next.tc += acc[lane].tc;
                            next.cc += acc[lane].cc;
                            prim_sum_pixels(&before, t, c2 + 3 * W * r, lavfx_min(lane * per, ww),
                                            lavfx_min(lane * per + per, ww), s2);
                            bad_commit += memcmp(&before, &next, sizeof(next)) != 0;
                            before = next;
                        }
                        bad_commit += memcmp(s1, s2, sizeof(*s1) * (ww + 1)) != 0;
                    }
                }
                free(c1);
                free(c2);
                free(s1);
                free(s2);
            }
            free(sums);
        }
        snprintf(name, sizeof(name), "CUDA split %s: sums of 300 candidates over 32 lanes' rows equal one pass (%d cover pixels)",
                 lavfx_primitive_kind_name(mode), nacc);
        check(!bad_acc && nacc > 100, name, "%d differ", bad_acc);
        snprintf(name, sizeof(name), "CUDA split %s: 300 shapes' rows over 32 lanes: the same change, drawing and row "
                 "sums as one pass (%d rows changed)", lavfx_primitive_kind_name(mode), nrows);
        check(!bad_commit && nrows > 200, name, "%d differ", bad_commit);
        /* the per-pixel render equals lavfx_primitive_render, at several sizes */
        for (o = 0; o < 4; o++) {
            int w = out[o].w, h = out[o].h;
            uint8_t *a = malloc(w * h * 4), *b = malloc(w * h * 4);
            memset(a, 0, w * h * 4);
            memset(b, 0, w * h * 4);
            lavfx_primitive_render(p, a, w * 4, w, h, 4, off_rgb, 0, h, cov);
            render_per_pixel(p, W, H, b, w, h);
            for (i = 0; i < w * h * 4; i++)
                bad_px += a[i] != b[i];
            free(a);
            free(b);
        }
        snprintf(name, sizeof(name), "CUDA split %s: per-pixel coverage render equals lavfx_primitive_render (%d shapes, 4 sizes)",
                 lavfx_primitive_kind_name(mode), lavfx_primitive_nb_shapes(p));
        check(!bad_px && lavfx_primitive_nb_shapes(p) > N / 2, name, "%d bytes differ", bad_px);
        /* a picture handed over: same score, same render, same export */
        lavfx_primitive_background(p, bg);
        {
            PrimShape *sh = malloc(sizeof(*sh) * N);
            uint8_t *a = calloc(96 * 72, 4), *b = calloc(96 * 72, 4);
            int n = lavfx_primitive_nb_shapes(p);
            for (i = 0; i < n; i++)
                sh[i] = *lavfx_primitive_shape(p, i);
            lavfx_primitive_reset(q, target, 3 * W, NULL);
            bad_set = lavfx_primitive_set_picture(q, bg, sh, n, lavfx_primitive_error(p),
                                                  lavfx_primitive_evaluations(p)) != 0;
            lavfx_primitive_render(p, a, 96 * 4, 96, 72, 4, off_rgb, 0, 72, cov);
            lavfx_primitive_render(q, b, 96 * 4, 96, 72, 4, off_rgb, 0, 72, cov);
            bad_set |= (memcmp(a, b, 96 * 72 * 4) != 0 || lavfx_primitive_score(p) != lavfx_primitive_score(q) ||
                        lavfx_primitive_nb_shapes(q) != n ||
                        lavfx_primitive_evaluations(q) != lavfx_primitive_evaluations(p)) << 1;
            sh[0].kind = 0;
            bad_set |= (lavfx_primitive_set_picture(q, bg, sh, n, 0, 0) != -EINVAL ||
                        lavfx_primitive_set_picture(q, bg, sh, N + 1, 0, 0) != -EINVAL) << 2;
            free(sh);
            free(a);
            free(b);
        }
        snprintf(name, sizeof(name), "CUDA split %s: set_picture hands over shapes, score and evaluations; bad kinds/counts -EINVAL",
                 lavfx_primitive_kind_name(mode));
        check(!bad_set, name, "mismatch (1: set failed, 2: render/score/counts differ, 4: bad input accepted): %d", bad_set);
        lavfx_primitive_free(&p);
        lavfx_primitive_free(&q);
    }
    /* primitive_shift_sad's rows over a block's threads add up to one pass */
    {
        uint8_t *prev = malloc(W * H * 3);
        int dx, dy, t, bad_sad = 0;
        make_target(prev, 3 * W, W, H, 2);
        for (dy = -5; dy <= 5; dy++)
            for (dx = -5; dx <= 5; dx++) {
                uint64_t s1 = 0, n1 = 0, s7 = 0, n7 = 0;
                prim_shift_sad(prev, target, 3 * W, W, H, dx, dy, 0, 1, &s1, &n1);
                for (t = 0; t < 7; t++)
                    prim_shift_sad(prev, target, 3 * W, W, H, dx, dy, t, 7, &s7, &n7);
                bad_sad += s1 != s7 || n1 != n7 || !n1;
            }
        check(!bad_sad, "CUDA split: shift differences over 7 threads' rows equal one pass (121 shifts)",
              "%d shifts differ", bad_sad);
        free(prev);
    }
    /* prim_cover_pixel per column equals prim_cover_interval's additions */
    for (i = bad = 0; i < 20000; i++) {
        int32_t w = 1 + (int32_t)(tr_u32() % 40), xa = (int32_t)(tr_u32() % (w * 16 + 64)) - 32;
        int32_t xb = xa + (int32_t)(tr_u32() % (w * 16 + 32)), lo = w, hi = 0, c;
        uint16_t cv[64] = { 0 };
        prim_cover_interval(cv, xa, xb, w, &lo, &hi);
        for (c = 0; c < w; c++)
            bad += cv[c] != prim_cover_pixel(xa, xb, w, c);
    }
    check(!bad, "prim_cover_pixel equals prim_cover_interval per column (20000 random intervals)", "%d columns differ", bad);
    free(target);
    free(cov);
}

/* primitive_start on the CPU: the mean-colour background on canvas, the row
 * sums; returns the error. */
static int64_t emulate_start(const uint8_t *target, int w, int h, uint8_t *canvas, PrimSum *sums)
{
    uint64_t sum[3] = { 0, 0, 0 };
    int64_t err = 0;
    uint8_t bg[3];
    int x, y, k;
    for (x = 0; x < w * h; x++)
        for (k = 0; k < 3; k++)
            sum[k] += target[3 * x + k];
    for (k = 0; k < 3; k++)
        bg[k] = (uint8_t)((sum[k] + (uint64_t)w * h / 2) / ((uint64_t)w * h));
    for (x = 0; x < w * h; x++)
        for (k = 0; k < 3; k++) {
            int32_t d = target[3 * x + k] - bg[k];
            canvas[3 * x + k] = bg[k];
            err += d * d;
        }
    for (y = 0; y < h; y++)
        prim_row_sums(target + 3 * w * y, canvas + 3 * w * y, w, sums + (w + 1) * y);
    return err;
}

/* The search as cuda/primitive.cu cuts it, on the CPU: every candidate on its
 * own, then each climb in rounds of `warps` mutations tried side by side
 * (the first improving one kept), the attempts bookkept as primitive_commit
 * does, warm starts from seeds[] (temporal mode, nb_seeds of them, replace[]
 * marking those searched afresh) as slot_warm and the commit's fallback do;
 * evals0 candidates already counted (the scene-cut test's).
 * Returns the number of shapes; shapes[], gains[], *err and *evals as the core's. */
/* slot_warm: whether step k climbs on from its seed */
static int emulate_warm(const PrimShape *seeds, const uint8_t *replace, int nb_seeds, int k,
                        const LavfxPrimitiveParams *par)
{
    PrimShape s;
    if (k >= nb_seeds || replace[k])
        return 0;
    s = seeds[k];
    return prim_seed_adapt(&s, par->mode, par->alpha);
}

static int emulate_gpu_search(const uint8_t *target, int w, int h, const LavfxPrimitiveParams *par,
                              uint32_t frame, int n, int warps, const PrimShape *seeds,
                              const uint8_t *replace, int nb_seeds, int64_t evals0, PrimShape *shapes,
                              int64_t *gains, int64_t *err, int64_t *evals)
{
    const PrimSpace sp = { w, h, lavfx_max(1, (w > h ? w : h) * PRIM_ONE / 256) };
    const PrimScale identity1 = { 1, 1, 1, 1 };
    uint8_t *canvas = malloc((size_t)w * h * 3);
    PrimSum *sums = malloc(sizeof(*sums) * (w + 1) * h);
    PrimShape *cand = malloc(sizeof(*cand) * par->candidates * par->climbs), cl_shape[64];
    int64_t *cand_e = malloc(sizeof(*cand_e) * par->candidates * par->climbs), cl_e[64];
    int nb = 0, attempt = 0, y, j, i, warm = emulate_warm(seeds, replace, nb_seeds, 0, par);

    *err   = emulate_start(target, w, h, canvas, sums);
    *evals = evals0;
    while (nb < n) {
        int best = 0, nbcl = warm ? prim_warm_climbs(par->climbs) : par->climbs;
        int64_t d = 0;
        PrimGeom g;
        int32_t r0, r1;
        for (j = 0; j < par->climbs && !warm; j++)  /* primitive_candidates */
            for (i = 0; i < par->candidates; i++) {
                LavfxRng r;
                PrimAcc acc;
                PrimShape *c = &cand[j * par->candidates + i];
                prim_candidate_rng(&r, par->seed, frame, nb, prim_climb_stream(j, attempt, 0), i);
                prim_random_candidate(&r, &sp, par->mode, par->alpha, c);
                prim_shape_acc(c, sums, w, h, 0, 1, &acc);
                cand_e[j * par->candidates + i] = prim_acc_delta(&acc, c);
            }
        for (j = 0; j < nbcl; j++) {               /* primitive_climb */
            int64_t be = cand_e[j * par->candidates], ev = par->candidates;
            int bi = 0, age = 0;
            uint32_t m0 = 0;
            if (warm) {
                PrimAcc acc;
                cl_shape[j] = seeds[nb];
                prim_seed_adapt(&cl_shape[j], par->mode, par->alpha);
                prim_shape_acc(&cl_shape[j], sums, w, h, 0, 1, &acc);
                be = prim_acc_delta(&acc, &cl_shape[j]);
                ev = 1;
            } else {
                for (i = 1; i < par->candidates; i++)
                    if (cand_e[j * par->candidates + i] < be) {
                        be = cand_e[j * par->candidates + i];
                        bi = i;
                    }
                cl_shape[j] = cand[j * par->candidates + bi];
            }
            while (age < par->age) {
                int nt = lavfx_min(warps, par->age - age), kk;
                PrimShape tried[32];
                int64_t te[32];
                for (kk = 0; kk < nt; kk++) {
                    LavfxRng r;
                    PrimAcc acc;
                    tried[kk] = cl_shape[j];
                    prim_mutation_rng(&r, par->seed, frame, nb, prim_climb_stream(j, attempt, warm), m0 + kk);
                    prim_mutate_candidate(&r, &sp, par->alpha, &tried[kk]);
                    prim_shape_acc(&tried[kk], sums, w, h, 0, 1, &acc);
                    te[kk] = prim_acc_delta(&acc, &tried[kk]);
                }
                for (kk = 0; kk < nt && te[kk] >= be; kk++)
                    ;
                if (kk < nt) {
                    cl_shape[j] = tried[kk];
                    be = te[kk];
                    ev += kk + 1; m0 += kk + 1; age = 0;
                } else {
                    ev += nt; m0 += nt; age += nt;
                }
            }
            cl_e[j] = be;
            *evals += ev;
        }
        for (j = 1; j < nbcl; j++)                 /* primitive_commit */
            if (cl_e[j] < cl_e[best])
                best = j;
        prim_geom_build(&cl_shape[best], &identity1, &g);
        prim_geom_pixel_rows(&g, h, &r0, &r1);
        for (y = r0; y < r1 && cl_e[best] < 0; y++)
            d += prim_shape_row(&g, y, target + 3 * w * y, canvas + 3 * w * y, w, &cl_shape[best], 0);
        if (cl_e[best] < 0 && d < 0) {
            for (y = r0; y < r1; y++)
                if (prim_shape_row(&g, y, target + 3 * w * y, canvas + 3 * w * y, w, &cl_shape[best], 1))
                    prim_row_sums(target + 3 * w * y, canvas + 3 * w * y, w, sums + (w + 1) * y);
            *err += d;
            gains[nb]    = -d;
            shapes[nb++] = cl_shape[best];
            attempt = 0;
            warm    = emulate_warm(seeds, replace, nb_seeds, nb, par);
        } else if (++attempt >= PRIM_STEP_TRIES) {
            if (!warm)
                break;
            warm    = 0;
            attempt = 0;
        }
    }
    free(canvas); free(sums); free(cand); free(cand_e);
    return nb;
}

static void test_gpu_search_emulation(void)
{
    enum { W = 60, H = 44, N = 25 };
    uint8_t *target = malloc(W * H * 3), *next = malloc(W * H * 3), replace[N];
    PrimShape got[N], got2[N];
    int64_t gains[N], gains2[N];
    int mode, warps;
    make_target(target, 3 * W, W, H, 4);
    make_target(next, 3 * W, W, H, 4);
    for (mode = 0; mode < W * H * 3; mode++)    /* the next frame: the same scene, a little brighter */
        next[mode] = (uint8_t)lavfx_min(255, next[mode] + 9);
    for (mode = 0; mode < PRIM_NB_KINDS; mode++)
        for (warps = 1; warps <= 32; warps = warps == 1 ? 8 : warps * 4) {
            LavfxPrimitiveParams par = { mode, mode == PRIM_CIRCLE ? 0 : 128, 25, 5, 30, 21 };
            LavfxPrimitive *p = lavfx_primitive_alloc(W, H, N, 8);
            int64_t err, evals;
            int nb, i, same;
            char name[200];
            lavfx_primitive_reset(p, target, 3 * W, NULL);
            for (i = 0; i < N && lavfx_primitive_step(p, &par, 5, NULL, NULL) == 1; i++)
                ;
            nb = emulate_gpu_search(target, W, H, &par, 5, N, warps, NULL, NULL, 0, 0, got, gains, &err, &evals);
            same = nb == lavfx_primitive_nb_shapes(p) && err == lavfx_primitive_error(p) &&
                   evals == lavfx_primitive_evaluations(p);
            for (i = 0; same && i < nb; i++) {
                const PrimShape *c = lavfx_primitive_shape(p, i);
                same = !memcmp(got[i].p, c->p, sizeof(c->p)) && got[i].kind == c->kind &&
                       got[i].alpha == c->alpha && !memcmp(got[i].color, c->color, 3);
            }
            snprintf(name, sizeof(name), "CPU model of the CUDA search (%d mutations per round) finds the core's %d %s shapes, "
                     "error and evaluations", warps, nb, lavfx_primitive_kind_name(mode));
            check(same && nb > N / 2, name, "%d vs %d shapes, error %lld vs %lld, evals %lld vs %lld", nb,
                  lavfx_primitive_nb_shapes(p), (long long)err, (long long)lavfx_primitive_error(p),
                  (long long)evals, (long long)lavfx_primitive_evaluations(p));
            /* the next frame in temporal mode (no cut test, no motion): warm
             * climbs from the seeds, 5 of them replaced, fallbacks; combo's
             * changed to ellipses and the triangles' alpha to 200 by a
             * command (the seeds of other kinds searched afresh, the others
             * with the new alpha) */
            if (warps == 8) {
                LavfxPrimitiveParams par2 = par;
                int nb2, warm_steps = 0, fits = 1;
                par2.mode  = mode == PRIM_COMBO ? PRIM_ELLIPSE : mode;
                par2.alpha = mode == PRIM_TRIANGLE ? 200 : par.alpha;
                for (i = 0; i < nb; i++)
                    replace[i] = (uint8_t)prim_replace_marked(gains, nb, 5, i);
                lavfx_primitive_reset_temporal(p, next, 3 * W, NULL, 0, 5, 0);
                for (i = 0; i < N && lavfx_primitive_step(p, &par2, 6, NULL, NULL) == 1; i++)
                    ;
                for (i = 0; i < lavfx_primitive_nb_shapes(p); i++) {
                    const PrimShape *c = lavfx_primitive_shape(p, i);
                    fits &= (par2.mode == PRIM_COMBO || c->kind == par2.mode) &&
                            (!par2.alpha || c->alpha == par2.alpha);
                }
                if (mode == PRIM_COMBO || mode == PRIM_TRIANGLE)
                    check(fits, mode == PRIM_COMBO ? "temporal: after mode=ellipse every shape is an ellipse"
                                                   : "temporal: after alpha=200 every shape has alpha 200",
                          "a carried shape kept its old kind or alpha");
                nb2 = emulate_gpu_search(next, W, H, &par2, 6, N, warps, got, replace, nb, 0, got2, gains2,
                                         &err, &evals);
                same = nb2 == lavfx_primitive_nb_shapes(p) && err == lavfx_primitive_error(p) &&
                       evals == lavfx_primitive_evaluations(p);
                for (i = 0; same && i < nb2; i++) {
                    const PrimShape *c = lavfx_primitive_shape(p, i);
                    same = !memcmp(got2[i].p, c->p, sizeof(c->p)) && got2[i].kind == c->kind &&
                           got2[i].alpha == c->alpha && !memcmp(got2[i].color, c->color, 3);
                }
                for (i = 0; i < nb; i++)
                    warm_steps += emulate_warm(got, replace, nb, i, &par2);
                snprintf(name, sizeof(name), "CPU model of the CUDA search, temporal: the next frame's %d %s shapes from %d warm "
                         "starts, error and evaluations as the core's", nb2, lavfx_primitive_kind_name(mode), warm_steps);
                check(same && warm_steps > 0, name, "%d vs %d shapes, error %lld vs %lld, evals %lld vs %lld", nb2,
                      lavfx_primitive_nb_shapes(p), (long long)err, (long long)lavfx_primitive_error(p),
                      (long long)evals, (long long)lavfx_primitive_evaluations(p));
            }
            lavfx_primitive_free(&p);
        }
    free(target);
    free(next);
}

/* Y'CbCr: the integer tables against the standards' formulas in doubles */
/* primitive_carry, primitive_shift_sad/_pick and primitive_carried on the
 * CPU, as the kernels cut them (shift sums over 5 threads' rows), then the
 * search: the GPU's temporal frame. last_* describe the last picture. */
static int emulate_gpu_temporal(const uint8_t *last_target, const PrimShape *last, const int64_t *last_gains,
                                int nb_last, int64_t last_err, const uint8_t *target, int w, int h,
                                const LavfxPrimitiveParams *par, uint32_t frame, int n, int motion,
                                double cut, int nb_replace, PrimShape *shapes, int64_t *err, int64_t *evals,
                                int *cut_found, int64_t *carried, int shift[2])
{
    const PrimScale identity1 = { 1, 1, 1, 1 };
    PrimShape seeds[64];
    uint8_t replace[64], *canvas = malloc((size_t)w * h * 3);
    PrimSum *sums = malloc(sizeof(*sums) * (w + 1) * h);
    int64_t gains[64], start = 0, cerr;
    uint64_t best_sad = 0, best_n = 0;
    int32_t bx = 0, by = 0, dx, dy;
    int i, nb_seeds = nb_last, th;

    for (i = 0; i < nb_last; i++) {                 /* primitive_carry */
        seeds[i]   = last[i];
        replace[i] = (uint8_t)prim_replace_marked(last_gains, nb_last, nb_replace, i);
    }
    if (nb_last && motion > 0) {                    /* primitive_shift_sad, _pick */
        for (dy = -motion; dy <= motion; dy++)
            for (dx = -motion; dx <= motion; dx++) {
                uint64_t sad = 0, cnt = 0;
                for (th = 0; th < 5; th++)
                    prim_shift_sad(last_target, target, 3 * w, w, h, dx, dy, th, 5, &sad, &cnt);
                prim_shift_better(sad, cnt, dx, dy, &best_sad, &best_n, &bx, &by);
            }
        for (i = 0; i < nb_last; i++) {
            PrimShape c = seeds[i];
            prim_shape_translate(&c, bx * PRIM_ONE, by * PRIM_ONE);
            if (prim_shape_valid(&c))
                seeds[i] = c;
        }
    }
    shift[0] = bx;
    shift[1] = by;
    start      = emulate_start(target, w, h, canvas, sums);
    *carried   = -1;
    *cut_found = 0;
    cerr = start;
    if (cut > 0 && nb_last) {                       /* primitive_carried */
        for (i = 0; i < nb_last; i++) {
            PrimShape c = seeds[i];
            PrimAcc acc;
            PrimGeom g;
            int32_t r0, r1, r;
            int64_t d = 0;
            prim_shape_acc(&c, sums, w, h, 0, 1, &acc);
            if (prim_acc_delta(&acc, &c) == INT64_MAX)
                continue;
            prim_geom_build(&c, &identity1, &g);
            prim_geom_pixel_rows(&g, h, &r0, &r1);
            for (r = r0; r < r1; r++)
                d += prim_shape_row(&g, r, target + 3 * w * r, canvas + 3 * w * r, w, &c, 0);
            for (r = r0; r < r1; r++)
                if (prim_shape_row(&g, r, target + 3 * w * r, canvas + 3 * w * r, w, &c, 1))
                    prim_row_sums(target + 3 * w * r, canvas + 3 * w * r, w, sums + (w + 1) * r);
            cerr += d;
        }
        *carried   = cerr;
        *cut_found = prim_scene_cut(prim_score(w, h, last_err), prim_score(w, h, start), prim_score(w, h, cerr), cut);
        if (*cut_found)
            nb_seeds = 0;
    }
    free(canvas);
    free(sums);
    return emulate_gpu_search(target, w, h, par, frame, n, 8, seeds, replace, nb_seeds,
                              cut > 0 && nb_last ? nb_last : 0, shapes, gains, err, evals);
}

static void test_gpu_temporal_emulation(void)
{
    enum { W = 60, H = 44, N = 20 };
    uint8_t *a = malloc(W * H * 3), *b = malloc(W * H * 3), *other = malloc(W * H * 3);
    int mode, x, y, k, scene, nb_cuts = 0, nb_kept = 0;
    make_target(a, 3 * W, W, H, 4);
    for (y = 0; y < H; y++)             /* another picture: a turned upside down */
        for (x = 0; x < W; x++)
            for (k = 0; k < 3; k++)
                other[(y * W + x) * 3 + k] = a[((H - 1 - y) * W + W - 1 - x) * 3 + k];
    for (y = 0; y < H; y++)         /* b: a panned by (2, -1), edges repeated */
        for (x = 0; x < W; x++)
            for (k = 0; k < 3; k++)
                b[(y * W + x) * 3 + k] = a[(lavfx_clip(y + 1, 0, H - 1) * W + lavfx_clip(x - 2, 0, W - 1)) * 3 + k];
    for (mode = 0; mode < PRIM_NB_KINDS; mode += 2)
        for (scene = 0; scene < 2; scene++) {
            LavfxPrimitiveParams par = { mode, 128, 20, 4, 25, 31 };
            LavfxPrimitive *p = lavfx_primitive_alloc(W, H, N, 8);
            const uint8_t *next = scene ? other : b;
            PrimShape last[N], got[N];
            int64_t gains[N], err, evals, carried;
            int nb, i, same, cut, gpu_cut, shift[2], sx, sy;
            char name[200];
            lavfx_primitive_reset(p, a, 3 * W, NULL);
            for (i = 0; i < N && lavfx_primitive_step(p, &par, 1, NULL, NULL) == 1; i++)
                ;
            nb = lavfx_primitive_nb_shapes(p);
            for (i = 0; i < nb; i++)
                last[i] = *lavfx_primitive_shape(p, i);
            /* the last frame on the "GPU": the same shapes (checked above), and its gains */
            emulate_gpu_search(a, W, H, &par, 1, N, 8, NULL, NULL, 0, 0, last, gains, &err, &evals);
            cut = lavfx_primitive_reset_temporal(p, next, 3 * W, NULL, 0.5, 4, 3);
            for (i = 0; i < N && lavfx_primitive_step(p, &par, 2, NULL, NULL) == 1; i++)
                ;
            nb = emulate_gpu_temporal(a, last, gains, nb, err, next, W, H, &par, 2, N, 3, 0.5, 4,
                                      got, &err, &evals, &gpu_cut, &carried, shift);
            lavfx_primitive_shift(p, &sx, &sy);
            same = nb == lavfx_primitive_nb_shapes(p) && err == lavfx_primitive_error(p) &&
                   evals == lavfx_primitive_evaluations(p) && cut == gpu_cut && sx == shift[0] && sy == shift[1] &&
                   lavfx_primitive_carried_score(p) == prim_score(W, H, carried);
            for (i = 0; same && i < nb; i++) {
                const PrimShape *c = lavfx_primitive_shape(p, i);
                same = !memcmp(got[i].p, c->p, sizeof(c->p)) && got[i].kind == c->kind &&
                       got[i].alpha == c->alpha && !memcmp(got[i].color, c->color, 3);
            }
            snprintf(name, sizeof(name), "CPU model of the CUDA search, temporal cut, %s, %s: shift (%d, %d), scene cut %d, carried score, "
                     "%d shapes, error and evaluations as the core's", lavfx_primitive_kind_name(mode),
                     scene ? "another picture" : "a pan", shift[0], shift[1], gpu_cut, nb);
            nb_cuts += cut;
            nb_kept += !cut;
            check(same && (scene || (!cut && shift[0] == 2 && shift[1] == -1)), name,
                  "core: cut %d shift (%d, %d) carried %.6f, %d shapes, error %lld, evals %lld; GPU cut: cut %d "
                  "shift (%d, %d) carried %.6f, %d shapes, error %lld, evals %lld", cut, sx, sy,
                  lavfx_primitive_carried_score(p), lavfx_primitive_nb_shapes(p), (long long)lavfx_primitive_error(p),
                  (long long)lavfx_primitive_evaluations(p), gpu_cut, shift[0], shift[1], prim_score(W, H, carried), nb,
                  (long long)err, (long long)evals);
            lavfx_primitive_free(&p);
        }
    check(nb_cuts > 0 && nb_kept > 0, "CPU model of the CUDA search, temporal cut: both branches tried (scene cut and kept seeds)",
          "%d cuts, %d kept", nb_cuts, nb_kept);
    free(a);
    free(b);
    free(other);
}

#define FFMAXI(a, b) ((a) > (b) ? (a) : (b))
static void test_yuv(void)
{
    static const struct { const char *name; double kr, kb; } std[] = {
        { "BT.601", 0.299, 0.114 }, { "BT.709", 0.2126, 0.0722 }, { "BT.2020", 0.2627, 0.0593 },
    };
    int si, full;
    for (si = 0; si < 3; si++)
        for (full = 0; full < 2; full++) {
            double kr = std[si].kr, kb = std[si].kb, kg = 1 - kr - kb;
            double ys = full ? 1 : 219 / 255.0, cs = full ? 1 : 224 / 255.0, yo = full ? 0 : 16;
            int r, g, b, y, u, v, k, worst_fwd = 0, worst_inv = 0, worst_trip = 0, bad_ends;
            PrimYuv m;
            char name[160];
            uint8_t rgb[3], yuv[3], back[3];
            check(lavfx_primitive_yuv_matrix(kr, kb, full, &m) == 0, "yuv matrix", "failed");
            for (r = 0; r < 256; r += 5)
                for (g = 0; g < 256; g += 5)
                    for (b = 0; b < 256; b += 5) {
                        double Y = kr * r + kg * g + kb * b, ref[3];
                        ref[0] = yo + ys * Y;
                        ref[1] = 128 + cs * (b - Y) / (2 * (1 - kb));
                        ref[2] = 128 + cs * (r - Y) / (2 * (1 - kr));
                        rgb[0] = (uint8_t)r; rgb[1] = (uint8_t)g; rgb[2] = (uint8_t)b;
                        prim_rgb_to_yuv(&m, rgb, yuv);
                        for (k = 0; k < 3; k++) {
                            int want = (int)lrint(fmin(255, fmax(0, ref[k])));
                            worst_fwd = FFMAXI(worst_fwd, abs(yuv[k] - want));
                        }
                        prim_yuv_to_rgb(&m, yuv[0], yuv[1], yuv[2], back);
                        for (k = 0; k < 3; k++)
                            worst_trip = FFMAXI(worst_trip, abs(back[k] - rgb[k]));
                    }
            for (y = 0; y < 256; y += 3)
                for (u = 0; u < 256; u += 3)
                    for (v = 0; v < 256; v += 3) {
                        double Yf = (y - yo) / ys, Cb = (u - 128) / cs, Cr = (v - 128) / cs, ref[3];
                        ref[0] = Yf + 2 * (1 - kr) * Cr;
                        ref[2] = Yf + 2 * (1 - kb) * Cb;
                        ref[1] = (Yf - kr * ref[0] - kb * ref[2]) / kg;
                        prim_yuv_to_rgb(&m, y, u, v, back);
                        for (k = 0; k < 3; k++) {
                            int want = (int)lrint(fmin(255, fmax(0, ref[k])));
                            worst_inv = FFMAXI(worst_inv, abs(back[k] - want));
                        }
                    }
            prim_yuv_to_rgb(&m, full ? 0 : 16, 128, 128, rgb);
            prim_yuv_to_rgb(&m, full ? 255 : 235, 128, 128, back);
            bad_ends = rgb[0] || rgb[1] || rgb[2] || back[0] != 255 || back[1] != 255 || back[2] != 255;
            snprintf(name, sizeof(name), "%s %s range: Y'CbCr from R'G'B' and back within 1 of the "
                     "formula in doubles, round trip within 2, black and white exact", std[si].name,
                     full ? "full" : "limited");
            check(worst_fwd <= 1 && worst_inv <= 1 && worst_trip <= 2 && !bad_ends, name,
                  "worst forward %d, inverse %d, round trip %d, ends %d", worst_fwd, worst_inv, worst_trip, bad_ends);
        }
    {   /* the 4:2:0 frame conversion: chroma of each 2x2 block, NV12 interleaved */
        PrimYuv m;
        uint8_t Y[6 * 4], U[3 * 2], V[3 * 2], UV[6 * 2], a[6 * 4 * 3], b[6 * 4 * 3], want[3];
        int i, bad = 0;
        lavfx_primitive_yuv_matrix(0.2126, 0.0722, 0, &m);
        for (i = 0; i < 24; i++)
            Y[i] = (uint8_t)(16 + 9 * i);
        for (i = 0; i < 6; i++) {
            U[i] = UV[2 * i] = (uint8_t)(60 + 25 * i);
            V[i] = UV[2 * i + 1] = (uint8_t)(200 - 20 * i);
        }
        lavfx_primitive_yuv_to_rgb(&m, Y, 6, U, 3, V, 3, 1, 1, 6, a, 18, 0, 4);
        lavfx_primitive_yuv_to_rgb(&m, Y, 6, UV, 6, UV + 1, 6, 2, 1, 6, b, 18, 0, 4);
        for (i = 0; i < 24; i++) {
            int x = i % 6, y = i / 6;
            prim_yuv_to_rgb(&m, Y[i], U[(y / 2) * 3 + x / 2], V[(y / 2) * 3 + x / 2], want);
            bad += memcmp(a + 3 * i, want, 3) != 0 || memcmp(b + 3 * i, want, 3) != 0;
        }
        check(!bad, "4:2:0 to RGB: yuv420p and NV12 give each pixel its 2x2 block's chroma", "%d pixels wrong", bad);
    }
    {   /* 4:4:4: a chroma sample per pixel, Cb and Cr rows of two other
         * strides (FFmpeg does not promise equal linesizes); rows [1, 3) only */
        PrimYuv m;
        uint8_t Y[5 * 4], U[7 * 4], V[7 * 4], a[5 * 4 * 3], want[3];
        int i, bad = 0, untouched = 0;
        lavfx_primitive_yuv_matrix(0.299, 0.114, 1, &m);
        for (i = 0; i < 20; i++)
            Y[i] = (uint8_t)(7 + 12 * i);
        for (i = 0; i < 28; i++) {
            U[i] = (uint8_t)(30 + 8 * i);
            V[i] = (uint8_t)(250 - 7 * i);
        }
        memset(a, 0xAB, sizeof(a));
        lavfx_primitive_yuv_to_rgb(&m, Y, 5, U, 7, V, 6, 1, 0, 5, a, 15, 1, 3);
        for (i = 0; i < 20; i++) {
            int x = i % 5, y = i / 5;
            if (y < 1 || y >= 3) {
                untouched += a[3 * i] == 0xAB && a[3 * i + 1] == 0xAB && a[3 * i + 2] == 0xAB;
                continue;
            }
            prim_yuv_to_rgb(&m, Y[i], U[y * 7 + x], V[y * 6 + x], want);
            bad += memcmp(a + 3 * i, want, 3) != 0;
        }
        check(!bad && untouched == 10, "4:4:4 to RGB: each pixel its own chroma (Cb, Cr strides 7, 6), only the rows asked for",
              "%d pixels wrong, %d of 10 other pixels untouched", bad, untouched);
    }
}

/* smooth: the weights, the blend of the work picture and of output planes */
static void test_smooth(void)
{
    enum { W = 48, H = 32 };
    static const uint8_t still[3] = { 10, 200, 77 }, moved[3] = { 40, 180, 97 };  /* |d| = 30 + 20 + 20 */
    static const uint16_t still16[3] = { 10 << 8, 200 << 8, 77 << 8 }, moved16[3] = { 40 << 8, 180 << 8, 97 << 8 };
    static const uint16_t half16[3] = { (10 << 8) + 128, 200 << 8, 77 << 8 };     /* 10.5, 200, 77 */
    LavfxPrimitiveParams par = { PRIM_TRIANGLE, 128, 30, 2, 10, 5 };
    uint8_t *t0 = malloc(W * H * 3), *t1 = malloc(W * H * 3), *c0 = malloc(W * H * 3);
    uint8_t *dst = malloc(2 * W * 2 * H * 4), *want = malloc(2 * W * 2 * H * 4);
    uint16_t *state = malloc(2 * W * 2 * H * 4 * sizeof(*state)), *want_state = malloc(2 * W * 2 * H * 4 * sizeof(*state));
    int *tol = malloc(2 * W * 2 * H * 4 * sizeof(*tol));
    LavfxPrimitive *p = lavfx_primitive_alloc(W, H, 16, 2);
    const uint16_t *k;
    const uint8_t *c;
    ptrdiff_t cs;
    int64_t err;
    int i, x, y, bad, ret;
    static const int off3[3] = { 0, 1, 2 };

    if (!t0 || !t1 || !c0 || !dst || !want || !state || !want_state || !tol || !p) {
        check(0, "smooth: allocations", "out of memory");
        goto end;
    }
    check(prim_smooth_weight(still16, still, 180, 120) == 180 && prim_smooth_weight(still16, moved, 180, 120) == 31 &&
          prim_smooth_weight(moved16, still, 180, 120) == 31 && prim_smooth_weight(still16, moved, 180, 70) == 0 &&
          prim_smooth_weight(still16, moved, 256, 140) == 64 && prim_smooth_weight(half16, still, 256, 1) == 64,
          "prim_smooth_weight: strength where still, strength ((thresh - d) / thresh)^2 below thresh, either way, "
          "fractions of a level counted", "%d %d %d %d %d %d", prim_smooth_weight(still16, still, 180, 120),
          prim_smooth_weight(still16, moved, 180, 120), prim_smooth_weight(moved16, still, 180, 120),
          prim_smooth_weight(still16, moved, 180, 70), prim_smooth_weight(still16, moved, 256, 140),
          prim_smooth_weight(half16, still, 256, 1));
    check(prim_smooth_mix(200 << 8, 10, 0) == 10 << 8 && prim_smooth_mix(200 << 8, 10, 256) == 200 << 8 &&
          prim_smooth_mix(0, 255, 128) == 32640 && prim_smooth_mix(100 << 8, 101, 179) == 25677 &&
          prim_smooth_value(25677) == 100 && prim_smooth_value(25728) == 101 && prim_smooth_value(65280) == 255,
          "prim_smooth_mix, prim_smooth_value: 0 gives the new sample, 256 the last, 8.8 between; rounded to show",
          "%d %d %d %d %d", prim_smooth_mix(200 << 8, 10, 0), prim_smooth_mix(200 << 8, 10, 256),
          prim_smooth_mix(0, 255, 128), prim_smooth_mix(100 << 8, 101, 179), prim_smooth_value(25677));
    {
        /* the dead band 8 bits would leave: 100 blended towards 110 by weight
         * 230 stops at 106 when the state is rounded to whole levels each
         * time; at 8.8 it arrives */
        uint16_t v = 100 << 8;
        int v8 = 100;
        for (i = 0; i < 400; i++) {
            v  = prim_smooth_mix(v, 110, 230);
            v8 = (230 * v8 + 26 * 110 + 128) >> 8;
        }
        check(prim_smooth_value(v) == 110 && v8 == 106, "smooth: the 8.8 state reaches a constant input (8 bits stop short)",
              "8.8: %d, 8 bits: %d", prim_smooth_value(v), v8);
    }
    {
        static const uint16_t r0[2] = { 0, 256 }, r1[2] = { 256, 256 };
        int32_t pos[4][3], want_pos[4][3] = { { 0, 1, 0 }, { 0, 1, 64 }, { 47, 47, 0 }, { 5, 6, 0 } };
        prim_smooth_pos(0, 96, 48, &pos[0][0], &pos[0][1], &pos[0][2]);
        prim_smooth_pos(1, 96, 48, &pos[1][0], &pos[1][1], &pos[1][2]);
        prim_smooth_pos(95, 96, 48, &pos[2][0], &pos[2][1], &pos[2][2]);
        prim_smooth_pos(5, 48, 48, &pos[3][0], &pos[3][1], &pos[3][2]);
        check(!memcmp(pos, want_pos, sizeof(pos)),
              "prim_smooth_pos: a sample's centre among the work pixels, clamped at the edges",
              "%d %d %d / %d %d %d / %d %d %d / %d %d %d", pos[0][0], pos[0][1], pos[0][2], pos[1][0], pos[1][1],
              pos[1][2], pos[2][0], pos[2][1], pos[2][2], pos[3][0], pos[3][1], pos[3][2]);
        check(prim_smooth_lerp(r0, r1, 0, 1, 128, 0) == 128 && prim_smooth_lerp(r0, r1, 0, 1, 0, 128) == 128 &&
              prim_smooth_lerp(r0, r1, 0, 1, 64, 64) == 112 && prim_smooth_lerp(r0, r1, 1, 1, 0, 0) == 256,
              "prim_smooth_lerp: bilinear between the four work weights", "%d %d %d %d",
              prim_smooth_lerp(r0, r1, 0, 1, 128, 0), prim_smooth_lerp(r0, r1, 0, 1, 0, 128),
              prim_smooth_lerp(r0, r1, 0, 1, 64, 64), prim_smooth_lerp(r0, r1, 1, 1, 0, 0));
    }

    check(!lavfx_primitive_smooth_weights(p) && lavfx_primitive_smooth_score(p) == -1 &&
          lavfx_primitive_smooth(p, 257, 120, 0) == -EINVAL && lavfx_primitive_smooth(p, -1, 120, 0) == -EINVAL &&
          lavfx_primitive_smooth(p, 128, 0, 0) == -EINVAL && lavfx_primitive_smooth(p, 128, 766, 0) == -EINVAL &&
          !lavfx_primitive_smooth_weights(p),
          "lavfx_primitive_smooth: nothing before the first call; strength and thresh out of range refused",
          "weights %p score %g", (const void *)lavfx_primitive_smooth_weights(p), lavfx_primitive_smooth_score(p));

    /* frame 0: shown as drawn (the first call restarts whatever is asked) */
    make_target(t0, 3 * W, W, H, 1);
    lavfx_primitive_reset(p, t0, 3 * W, NULL);
    for (i = 0; i < 8; i++)
        lavfx_primitive_step(p, &par, 0, NULL, NULL);
    ret = lavfx_primitive_smooth(p, 200, 120, 0);
    k = lavfx_primitive_smooth_weights(p);
    for (i = bad = 0; k && i < W * H; i++)
        bad += k[i] != 0;
    check(!ret && k && !bad && lavfx_primitive_smooth_score(p) == lavfx_primitive_score(p),
          "smooth, first frame: weights 0, the shown picture is the drawn one", "ret %d, %d weights not 0, %g vs %g",
          ret, bad, lavfx_primitive_smooth_score(p), lavfx_primitive_score(p));
    c = lavfx_primitive_canvas(p, &cs);
    for (y = 0; y < H; y++)
        memcpy(c0 + y * 3 * W, c + y * cs, 3 * W);

    /* frame 1: the same target searched with other random streams; the right
     * half of the input changes by 60 (half the threshold): a quarter of the
     * weight */
    memcpy(t1, t0, W * H * 3);
    for (y = 0; y < H; y++)
        for (x = W / 2; x < W; x++)
            t1[3 * (y * W + x)] = (uint8_t)(t0[3 * (y * W + x)] < 128 ? t0[3 * (y * W + x)] + 60 : t0[3 * (y * W + x)] - 60);
    lavfx_primitive_reset(p, t1, 3 * W, NULL);
    for (i = 0; i < 8; i++)
        lavfx_primitive_step(p, &par, 1, NULL, NULL);
    ret = lavfx_primitive_smooth(p, 200, 120, 0);
    c = lavfx_primitive_canvas(p, &cs);
    for (y = bad = 0, err = 0; y < H; y++)
        for (x = 0; x < W; x++) {
            int wk = x < W / 2 ? 200 : 50, j;
            bad += k[y * W + x] != wk;
            for (j = 0; j < 3; j++) {   /* 8.8, then rounded */
                int v = (wk * (c0[3 * (y * W + x) + j] << 8) + (256 - wk) * (c[y * cs + 3 * x + j] << 8) + 128) >> 8;
                int d = t1[3 * (y * W + x) + j] - ((v + 128) >> 8);
                err += d * d;
            }
        }
    check(!ret && !bad && memcmp(c, c0, 3 * W * H) &&
          fabs(lavfx_primitive_smooth_score(p) - sqrt(err / (4.0 * W * H)) / 255) < 1e-12,
          "smooth, next frame: weight 200 where the input is still, 50 where it changed by half the threshold; "
          "the score is the blend's", "ret %d, %d weights wrong, score %g vs %g", ret, bad,
          lavfx_primitive_smooth_score(p), sqrt(err / (4.0 * W * H)) / 255);

    /* frame 2, the input as in frame 1: on the right the shown picture
     * stands for an input 50/256 of the way from frame 1's back to frame
     * 0's, 60 * 50 / 256 = 11.7 off (a slow drift adds up): weight
     * 200 (120 - 11.7)^2 / 120^2 = 163 */
    lavfx_primitive_reset(p, t1, 3 * W, NULL);
    for (i = 0; i < 8; i++)
        lavfx_primitive_step(p, &par, 3, NULL, NULL);
    ret = lavfx_primitive_smooth(p, 200, 120, 0);
    for (y = bad = 0; y < H; y++)
        for (x = 0; x < W; x++) {
            int r = t0[3 * (y * W + x)], c1 = t1[3 * (y * W + x)];
            int ref = (50 * (r << 8) + 206 * (c1 << 8) + 128) >> 8, d = abs((c1 << 8) - ref), t = 120 << 8;
            int wk = (int)(200LL * (t - d) * (t - d) / ((int64_t)t * t));
            bad += k[y * W + x] != wk || (x >= W / 2 && (wk < 155 || wk > 170));
        }
    check(!ret && !bad, "smooth: the input a shown pixel stands for follows the blend (frame 2: weight about 163 "
          "on the right, not 200)", "ret %d, %d weights wrong", ret, bad);

    /* an output plane twice the work size, packed with alpha: each sample
     * blended into its state by the interpolated weight, the alpha byte and
     * its state left as they are */
    for (i = 0; i < 2 * W * 2 * H * 4; i++) {
        dst[i]   = (uint8_t)(i * 7);
        state[i] = (uint16_t)((i * 13 + 5) % 65281);   /* 0-255 in 8.8 */
    }
    /* expected in floating point: the weight interpolated bilinearly at the
     * sample's centre, (x + 1/2) / 2 - 1/2 in work pixels */
    memcpy(want, dst, 2 * W * 2 * H * 4);
    for (y = 0; y < 2 * H; y++)
        for (x = 0; x < 2 * W; x++) {
            double u = fmin(fmax((x + 0.5) / 2 - 0.5, 0), W - 1), v = fmin(fmax((y + 0.5) / 2 - 0.5, 0), H - 1);
            int u0 = (int)u, v0 = (int)v, u1 = u0 + (u0 < W - 1), v1 = v0 + (v0 < H - 1);
            double fu = u - u0, fv = v - v0;
            double wk = (1 - fv) * ((1 - fu) * k[v0 * W + u0] + fu * k[v0 * W + u1]) +
                        fv * ((1 - fu) * k[v1 * W + u0] + fu * k[v1 * W + u1]);
            for (i = 0; i < 4; i++) {
                size_t o = (size_t)4 * (y * 2 * W + x) + i;
                double v = (wk * state[o] + (256 - wk) * dst[o] * 256.0) / 256;
                want_state[o] = i < 3 ? (uint16_t)lrint(v) : state[o];
                want[o] = i < 3 ? (uint8_t)lrint(v / 256) : dst[o];
                /* the weight is rounded to whole 1/256ths: up to 2 off, so
                 * the state by up to 2 |state - dst| / 256 (+ rounding) */
                tol[o] = i < 3 ? 1 + abs(state[o] - dst[o] * 256) / 128 : 0;
            }
        }
    lavfx_primitive_smooth_plane(p, dst, 2 * W * 4, state, 2 * W * 4, 2 * W, 2 * H, 4, 3, off3, 0, H);
    lavfx_primitive_smooth_plane(p, dst, 2 * W * 4, state, 2 * W * 4, 2 * W, 2 * H, 4, 3, off3, H, 2 * H);
    for (i = bad = x = 0; i < 2 * W * 2 * H * 4; i++) {
        bad += abs(dst[i] - want[i]) > ((i & 3) == 3 ? 0 : 1) || abs(state[i] - want_state[i]) > tol[i];
        x   += dst[i] != want[i];
    }
    check(!bad && x < 2 * W * 2 * H / 10,
          "lavfx_primitive_smooth_plane: a 2x plane with alpha, in two row ranges: the bilinear weight's blend",
          "%d samples off by more than 1 (alpha: at all), %d differ", bad, x);

    /* odd plane sizes, down and up from the work size: the row stepping of
     * lavfx_primitive_smooth_plane lands on prim_smooth_pos's samples (the
     * CUDA kernel's) */
    {
        static const int sizes[4][2] = { { 37, 23 }, { 101, 77 }, { 1279, 719 }, { 48, 32 } };
        static const int off1[1] = { 0 };
        int z;
        for (z = bad = 0; z < 4; z++) {
            int pw = sizes[z][0], ph = sizes[z][1];
            uint8_t *d1 = malloc((size_t)pw * ph), *d2 = malloc((size_t)pw * ph);
            uint16_t *s1 = malloc((size_t)pw * ph * 2), *s2 = malloc((size_t)pw * ph * 2);
            if (!d1 || !d2 || !s1 || !s2) {
                bad++;
            } else {
                for (i = 0; i < pw * ph; i++) {
                    d1[i] = d2[i] = (uint8_t)(i * 31 + z);
                    s1[i] = s2[i] = (uint16_t)((i * 977 + 3) % 65281);
                }
                lavfx_primitive_smooth_plane(p, d1, pw, s1, pw, pw, ph, 1, 1, off1, 0, ph);
                for (y = 0; y < ph; y++)
                    for (x = 0; x < pw; x++) {
                        int32_t i0, i1, ay, j0, j1, ax;
                        prim_smooth_pos(y, ph, H, &i0, &i1, &ay);
                        prim_smooth_pos(x, pw, W, &j0, &j1, &ax);
                        prim_smooth_sample(d2 + y * pw + x, s2 + y * pw + x, 1, off1,
                                           prim_smooth_lerp(k + i0 * W, k + i1 * W, j0, j1, ax, ay));
                    }
                bad += memcmp(d1, d2, (size_t)pw * ph) || memcmp(s1, s2, (size_t)pw * ph * 2);
            }
            free(d1); free(d2); free(s1); free(s2);
        }
        check(!bad, "lavfx_primitive_smooth_plane: the same samples as prim_smooth_pos at 37x23, 101x77, 1279x719, 48x32",
              "%d sizes differ", bad);
    }

    /* the input changed everywhere by the threshold or more (300 > 120):
     * every weight 0, the new picture shown as drawn */
    for (i = 0; i < W * H * 3; i++)
        t0[i] = (uint8_t)(t1[i] < 128 ? t1[i] + 100 : t1[i] - 100);
    lavfx_primitive_reset(p, t0, 3 * W, NULL);
    for (i = 0; i < 4; i++)
        lavfx_primitive_step(p, &par, 2, NULL, NULL);
    ret = lavfx_primitive_smooth(p, 256, 120, 0);
    for (i = bad = 0; i < W * H; i++)
        bad += k[i] != 0;
    check(!ret && !bad && lavfx_primitive_smooth_score(p) == lavfx_primitive_score(p),
          "smooth: where the input changed by the threshold or more, weight 0: the drawn picture shown",
          "ret %d, %d weights not 0, score %g vs %g", ret, bad, lavfx_primitive_smooth_score(p),
          lavfx_primitive_score(p));
end:
    lavfx_primitive_free(&p);
    free(t0); free(t1); free(c0); free(dst); free(want); free(state); free(want_state); free(tol);
}

int main(void)
{
    test_math();
    test_raster();
    test_raster_flat_edge_scaled();
    test_color_energy();
    test_search();
    test_threads();
    test_render();
    test_downscale();
    test_export();
    test_export_stretched();
    test_args();
    test_motion();
    test_cuda_split();
    test_gpu_search_emulation();
    test_yuv();
    test_gpu_temporal_emulation();
    test_smooth();
    return unit_summary();
}

/*
 * primitive: search and rendering (core library, no FFmpeg)
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

#include "primitive.h"
#include "primitive_pixel.h"

typedef struct PrimClimb {
    PrimShape shape;
    int64_t delta;
    int64_t evals;          /**< candidates evaluated by this climb */
} PrimClimb;

struct LavfxPrimitive {
    int w, h;
    PrimSpace sp;
    uint8_t *target;        /**< RGB24, stride 3 w */
    uint8_t *canvas;        /**< RGB24, stride 3 w */
    PrimSum *sums;          /**< h rows of w + 1 prefix sums */
    int64_t err;
    uint8_t bg[3];
    PrimShape *shapes;
    int64_t *gains;         /**< error decrease each shape made when drawn */
    int nb_shapes, max_shapes;
    int64_t evals;          /**< candidates evaluated since the last reset */
    /* temporal mode: the previous frame's shapes, seeds of this frame's */
    PrimShape *seeds;
    uint8_t *replace;       /**< 1: search this slot afresh */
    int nb_seeds;
    double carried;         /**< score of the seeds recoloured, or -1 */
    int shift[2];           /**< global shift the seeds were moved by (pixels) */
    /* temporal smoothing (lavfx_primitive_smooth): the picture shown */
    uint16_t *shown;        /**< RGB, 8.8 fixed point, stride 3 w, or NULL before the first call */
    uint16_t *shown_ref;    /**< the input shown stands for (prim_smooth_pixel), 8.8 */
    uint16_t *smooth_k;     /**< w x h weights of the last shown picture, 0-256 */
    int64_t shown_err;
    PrimClimb *climbs;
    int max_climbs;
    /* the step in progress, read by the climb jobs */
    const LavfxPrimitiveParams *params;
    uint32_t frame;
    uint32_t attempt;
    const PrimShape *seed;  /**< warm start of this step, or NULL */
};

static const char *const kind_names[PRIM_NB_KINDS] = {
    "combo", "triangle", "rect", "ellipse", "circle",
    "rotatedrect", "bezier", "rotatedellipse", "polygon",
};

const char *lavfx_primitive_kind_name(int kind)
{
    return kind >= 0 && kind < PRIM_NB_KINDS ? kind_names[kind] : NULL;
}

void lavfx_primitive_work_size(int w, int h, int size, int *ww, int *wh)
{
    int lng = w > h ? w : h, target = size < lng ? size : lng;
    int64_t sw = ((int64_t)w * target * 2 + lng) / (2 * lng);
    int64_t sh = ((int64_t)h * target * 2 + lng) / (2 * lng);
    *ww = sw < 1 ? 1 : (int)sw;
    *wh = sh < 1 ? 1 : (int)sh;
}

int lavfx_primitive_tent_size(int n, int m)
{
    return 2 * ((n + m - 1) / m) + 2;
}

int lavfx_primitive_tent_taps(int n, int m, int taps, int32_t *idx, int32_t *wt)
{
    int i, j, k;
    int64_t r = (int64_t)n * 65536 / m;                     /* radius, Q16 */
    for (i = 0; i < m; i++) {
        int64_t c = (int64_t)(2 * i + 1) * n * 32768 / m - 32768;  /* centre, Q16 */
        int64_t lo = c - r, first = lo >= 0 ? lo / 65536 + 1 : -((-lo) / 65536);
        int64_t sum = 0;
        int best = 0;
        for (k = 0; k < taps; k++) {
            int64_t jj = first + k, d = jj * 65536 - c;
            int64_t w = r - (d < 0 ? -d : d);
            idx[i * taps + k] = (int32_t)(jj < 0 ? 0 : jj >= n ? n - 1 : jj);
            wt[i * taps + k]  = (int32_t)(w > 0 ? w : 0);
            sum += w > 0 ? w : 0;
        }
        if (sum <= 0)
            return -1;
        for (k = 0, j = 0; k < taps; k++) {
            wt[i * taps + k] = (int32_t)((int64_t)wt[i * taps + k] * 16384 / sum);
            j += wt[i * taps + k];
            if (wt[i * taps + k] > wt[i * taps + best])
                best = k;
        }
        wt[i * taps + best] += 16384 - j;
    }
    return 0;
}

int lavfx_primitive_downscale(const uint8_t *src, ptrdiff_t sstride, int sw, int sh,
                              int step, const int off[3],
                              uint8_t *dst, ptrdiff_t dstride, int dw, int dh)
{
    int tx, ty, x, y, k, ret = -ENOMEM;
    int32_t *xi = NULL, *xw = NULL, *yi = NULL, *yw = NULL;
    uint32_t *tmp = NULL;

    if (dw < 1 || dh < 1 || dw > sw || dh > sh)
        return -EINVAL;
    tx  = lavfx_primitive_tent_size(sw, dw);
    ty  = lavfx_primitive_tent_size(sh, dh);
    xi  = malloc(sizeof(int32_t) * dw * tx);
    xw  = malloc(sizeof(int32_t) * dw * tx);
    yi  = malloc(sizeof(int32_t) * dh * ty);
    yw  = malloc(sizeof(int32_t) * dh * ty);
    tmp = malloc(sizeof(uint32_t) * 3 * dw * sh);   /* horizontal pass, Q14 */
    if (!xi || !xw || !yi || !yw || !tmp)
        goto end;
    ret = -EINVAL;
    if (lavfx_primitive_tent_taps(sw, dw, tx, xi, xw) < 0 || lavfx_primitive_tent_taps(sh, dh, ty, yi, yw) < 0)
        goto end;
    for (y = 0; y < sh; y++)
        for (x = 0; x < dw; x++)
            for (k = 0; k < 3; k++)
                tmp[((size_t)y * dw + x) * 3 + k] = prim_tent_row(src + y * sstride, step, off[k],
                                                                  xi + x * tx, xw + x * tx, tx);
    for (y = 0; y < dh; y++)
        for (x = 0; x < dw; x++)
            for (k = 0; k < 3; k++)
                dst[y * dstride + 3 * x + k] = prim_tent_col(tmp + 3 * x + k, (size_t)3 * dw,
                                                             yi + y * ty, yw + y * ty, ty);
    ret = 0;
end:
    free(xi); free(xw); free(yi); free(yw); free(tmp);
    return ret;
}

LavfxPrimitive *lavfx_primitive_alloc(int w, int h, int max_shapes, int max_climbs)
{
    LavfxPrimitive *p;
    if (w < LAVFX_PRIMITIVE_MIN_SIZE || h < LAVFX_PRIMITIVE_MIN_SIZE ||
        w > LAVFX_PRIMITIVE_MAX_SIZE || h > LAVFX_PRIMITIVE_MAX_SIZE ||
        max_shapes < 1 || max_climbs < 1)
        return NULL;
    p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->w = w;
    p->h = h;
    p->sp.w = w;
    p->sp.h = h;
    p->sp.u = (int32_t)lavfx_max(1, (w > h ? w : h) * PRIM_ONE / 256);
    p->max_shapes = max_shapes;
    p->max_climbs = max_climbs;
    p->target = malloc((size_t)w * h * 3);
    p->canvas = malloc((size_t)w * h * 3);
    p->sums   = malloc((size_t)(w + 1) * h * sizeof(*p->sums));
    p->shapes = malloc((size_t)max_shapes * sizeof(*p->shapes));
    p->gains  = malloc((size_t)max_shapes * sizeof(*p->gains));
    p->seeds  = malloc((size_t)max_shapes * sizeof(*p->seeds));
    p->replace = malloc((size_t)max_shapes);
    p->climbs = malloc((size_t)max_climbs * sizeof(*p->climbs));
    if (!p->target || !p->canvas || !p->sums || !p->shapes || !p->climbs ||
        !p->gains || !p->seeds || !p->replace)
        lavfx_primitive_free(&p);
    return p;
}

void lavfx_primitive_free(LavfxPrimitive **pp)
{
    LavfxPrimitive *p = *pp;
    if (!p)
        return;
    free(p->target);
    free(p->canvas);
    free(p->sums);
    free(p->shapes);
    free(p->gains);
    free(p->seeds);
    free(p->replace);
    free(p->climbs);
    free(p->shown);
    free(p->shown_ref);
    free(p->smooth_k);
    free(p);
    *pp = NULL;
}

/* Prefix sums of row y, from the target and the canvas. */
static void update_row_sums(LavfxPrimitive *p, int y)
{
    prim_row_sums(p->target + (size_t)y * p->w * 3, p->canvas + (size_t)y * p->w * 3, p->w,
                  p->sums + (size_t)y * (p->w + 1));
}

/* Copies the target in and fills the canvas with the background (bg, or the
 * mean colour of the target if NULL); no shapes. */
static void start_picture(LavfxPrimitive *p, const uint8_t *target, ptrdiff_t stride,
                          const uint8_t *bg)
{
    int x, y, k;
    for (y = 0; y < p->h; y++)
        memcpy(p->target + (size_t)y * p->w * 3, target + y * stride, (size_t)p->w * 3);
    if (bg) {
        memcpy(p->bg, bg, 3);
    } else {
        uint64_t sum[3] = { 0, 0, 0 }, n = (uint64_t)p->w * p->h;
        for (x = 0; x < p->w * p->h; x++)
            for (k = 0; k < 3; k++)
                sum[k] += p->target[3 * x + k];
        for (k = 0; k < 3; k++)
            p->bg[k] = (uint8_t)((sum[k] + n / 2) / n);
    }
    p->err = 0;
    for (x = 0; x < p->w * p->h; x++)
        for (k = 0; k < 3; k++) {
            int32_t d = p->target[3 * x + k] - p->bg[k];
            p->canvas[3 * x + k] = p->bg[k];
            p->err += d * d;
        }
    for (y = 0; y < p->h; y++)
        update_row_sums(p, y);
    p->nb_shapes = 0;
    p->evals     = 0;
}

void lavfx_primitive_reset(LavfxPrimitive *p, const uint8_t *target, ptrdiff_t stride,
                           const uint8_t *bg)
{
    start_picture(p, target, stride, bg);
    p->nb_seeds = 0;
    p->carried  = -1;
    p->shift[0] = p->shift[1] = 0;
}

/*
 * Sets s->color to the best colour for s->alpha and returns the change of
 * the error (times 255^2) that drawing s would make, or INT64_MAX when s
 * covers no pixel.
 */
static int64_t evaluate(const LavfxPrimitive *p, PrimShape *s)
{
    PrimAcc acc;
    prim_shape_acc(s, p->sums, p->w, p->h, 0, 1, &acc);
    return prim_acc_delta(&acc, s);
}

/* One hill climb (job j of a step): the best of params->candidates random
 * shapes, each from its own stream, then mutations, each from its own stream
 * too, until params->age of them in a row fail to improve
 * (fogleman/primitive optimize.go: HillClimb, BestRandomState).
 * cuda/primitive.cu runs the same climb: a warp per candidate, then a block
 * per climb that tries the next mutations side by side and keeps the first
 * that improves (what this loop keeps). */
static int climb_job(void *arg, int j, int nb_jobs)
{
    LavfxPrimitive *p = arg;
    const LavfxPrimitiveParams *par = p->params;
    PrimClimb *out = &p->climbs[j];
    uint32_t stream = prim_climb_stream(j, p->attempt, !!p->seed);
    LavfxRng rng;
    PrimShape best, s;
    int64_t best_e, e;
    uint32_t m;
    int i, age;

    if (p->seed) {          /* temporal mode: climb on from last frame's shape */
        best   = *p->seed;
        best_e = evaluate(p, &best);
        i      = 1;
    } else {
        best_e = INT64_MAX;
        for (i = 0; i < par->candidates; i++) {
            prim_candidate_rng(&rng, par->seed, p->frame, (uint32_t)p->nb_shapes, stream, (uint32_t)i);
            prim_random_candidate(&rng, &p->sp, par->mode, par->alpha, &s);
            e = evaluate(p, &s);
            if (!i || e < best_e) {
                best   = s;
                best_e = e;
            }
        }
    }
    for (age = 0, m = 0; age < par->age; age++, m++) {
        s = best;
        prim_mutation_rng(&rng, par->seed, p->frame, (uint32_t)p->nb_shapes, stream, m);
        prim_mutate_candidate(&rng, &p->sp, par->alpha, &s);
        e = evaluate(p, &s);
        i++;
        if (e < best_e) {
            best   = s;
            best_e = e;
            age    = -1;
        }
    }
    out->shape = best;
    out->delta = best_e;
    out->evals = i;
    return 0;
}

/* The exact change of the error if s were drawn (rounded blending). */
static int64_t realized_delta(const LavfxPrimitive *p, const PrimShape *s)
{
    const PrimScale identity = { 1, 1, 1, 1 };
    PrimGeom g;
    int32_t r, r0, r1;
    int64_t d = 0;
    prim_geom_build(s, &identity, &g);
    prim_geom_pixel_rows(&g, p->h, &r0, &r1);
    for (r = r0; r < r1; r++)
        d += prim_shape_row(&g, r, p->target + (size_t)r * p->w * 3, p->canvas + (size_t)r * p->w * 3,
                            p->w, s, 0);
    return d;
}

/* Draws s on the canvas and refreshes the prefix sums of the rows it touched. */
static void commit(LavfxPrimitive *p, const PrimShape *s, int64_t delta)
{
    const PrimScale identity = { 1, 1, 1, 1 };
    PrimGeom g;
    int32_t r, r0, r1;
    prim_geom_build(s, &identity, &g);
    prim_geom_pixel_rows(&g, p->h, &r0, &r1);
    for (r = r0; r < r1; r++)
        if (prim_shape_row(&g, r, p->target + (size_t)r * p->w * 3, p->canvas + (size_t)r * p->w * 3,
                           p->w, s, 1))
            update_row_sums(p, r);
    p->err += delta;
    p->gains[p->nb_shapes]    = -delta;
    p->shapes[p->nb_shapes++] = *s;
}

/* Runs nb climbs (warm from seed if not NULL) and keeps the best if it lowers
 * the error; 1 if a shape was added. */
static int search(LavfxPrimitive *p, const PrimShape *seed, int nb,
                  LavfxExecuteFn exec, void *opaque)
{
    p->seed = seed;
    for (p->attempt = 0; p->attempt < PRIM_STEP_TRIES; p->attempt++) {
        int j, best = 0;
        int64_t d;
        if (exec)
            exec(opaque, climb_job, p, nb);
        else
            for (j = 0; j < nb; j++)
                climb_job(p, j, nb);
        for (j = 0; j < nb; j++) {
            p->evals += p->climbs[j].evals;
            if (p->climbs[j].delta < p->climbs[best].delta)
                best = j;
        }
        if (p->climbs[best].delta >= 0)
            continue;
        d = realized_delta(p, &p->climbs[best].shape);
        if (d >= 0)
            continue;
        commit(p, &p->climbs[best].shape, d);
        return 1;
    }
    return 0;
}

int lavfx_primitive_step(LavfxPrimitive *p, const LavfxPrimitiveParams *params,
                         uint32_t frame, LavfxExecuteFn exec, void *opaque)
{
    int slot = p->nb_shapes;
    if (params->mode < 0 || params->mode >= PRIM_NB_KINDS || params->alpha < 0 ||
        params->alpha > 255 || params->candidates < 1 || params->climbs < 1 ||
        params->climbs > p->max_climbs || params->age < 0)
        return -EINVAL;
    if (slot >= p->max_shapes)
        return 0;
    p->params = params;
    p->frame  = frame;
    /* A warm start whose shape no longer helps falls back to a fresh search. */
    if (slot < p->nb_seeds && !p->replace[slot]) {
        PrimShape seed = p->seeds[slot];
        if (prim_seed_adapt(&seed, params->mode, params->alpha) &&
            search(p, &seed, prim_warm_climbs(params->climbs), exec, opaque))
            return 1;
    }
    return search(p, NULL, params->climbs, exec, opaque);
}

/*
 * The whole-pixel shift (dx, dy), |dx|, |dy| <= radius, that best aligns the
 * previous target with the new one (the camera's motion between frames): the
 * smallest mean absolute difference over the overlap, sampled every other
 * pixel and row (prim_shift_sad, prim_shift_better). Integer sums:
 * deterministic.
 */
static void global_shift(const uint8_t *prev, const uint8_t *cur, ptrdiff_t stride, int w, int h,
                         int radius, int *sx, int *sy)
{
    uint64_t best_sad = 0, best_n = 0;
    int32_t dx, dy, bx = 0, by = 0;
    for (dy = -radius; dy <= radius; dy++)
        for (dx = -radius; dx <= radius; dx++) {
            uint64_t sad = 0, n = 0;
            prim_shift_sad(prev, cur, stride, w, h, dx, dy, 0, 1, &sad, &n);
            prim_shift_better(sad, n, dx, dy, &best_sad, &best_n, &bx, &by);
        }
    *sx = bx;
    *sy = by;
}

int lavfx_primitive_reset_temporal(LavfxPrimitive *p, const uint8_t *target, ptrdiff_t stride,
                                   const uint8_t *bg, double cut, int nb_replace, int motion)
{
    double last = lavfx_primitive_score(p), start;
    int i, j, n = p->nb_shapes, sx = 0, sy = 0;

    memcpy(p->seeds, p->shapes, n * sizeof(*p->seeds));
    /* follow the camera: move the seeds with the picture's global shift */
    if (n && motion > 0) {
        global_shift(p->target, target, stride, p->w, p->h, prim_shift_radius(motion, p->w, p->h), &sx, &sy);
        for (i = 0; i < n; i++) {
            PrimShape t = p->seeds[i];
            prim_shape_translate(&t, sx * PRIM_ONE, sy * PRIM_ONE);
            if (prim_shape_valid(&t))
                p->seeds[i] = t;
        }
    }
    p->shift[0] = sx;
    p->shift[1] = sy;
    for (i = 0; i < n; i++)     /* the nb_replace weakest shapes are searched afresh */
        p->replace[i] = (uint8_t)prim_replace_marked(p->gains, n, nb_replace, i);
    start_picture(p, target, stride, bg);
    p->nb_seeds = n;
    p->carried  = -1;
    if (!n || cut <= 0)
        return 0;
    /* Scene cut: last frame's shapes, recoloured for this frame, keep less
     * than the fraction cut of the improvement over the background they made
     * on the last frame. */
    start = lavfx_primitive_score(p);
    for (i = 0; i < n; i++) {
        PrimShape s = p->seeds[i];
        if (evaluate(p, &s) != INT64_MAX)
            commit(p, &s, realized_delta(p, &s));
    }
    p->carried = lavfx_primitive_score(p);
    j = prim_scene_cut(last, start, p->carried, cut);
    start_picture(p, target, stride, bg);
    p->evals = n;
    if (j)
        p->nb_seeds = 0;
    return j;
}

void lavfx_primitive_shift(const LavfxPrimitive *p, int *dx, int *dy)
{
    *dx = p->shift[0];
    *dy = p->shift[1];
}

double lavfx_primitive_carried_score(const LavfxPrimitive *p)
{
    return p->carried;
}

int lavfx_primitive_set_picture(LavfxPrimitive *p, const uint8_t bg[3], const PrimShape *shapes,
                                int nb_shapes, int64_t err, int64_t evals)
{
    int i;
    if (nb_shapes < 0 || nb_shapes > p->max_shapes || err < 0)
        return -EINVAL;
    for (i = 0; i < nb_shapes; i++)
        if (shapes[i].kind < 1 || shapes[i].kind >= PRIM_NB_KINDS || !shapes[i].alpha)
            return -EINVAL;
    memcpy(p->bg, bg, 3);
    memcpy(p->shapes, shapes, (size_t)nb_shapes * sizeof(*shapes));
    p->nb_shapes = nb_shapes;
    p->err       = err;
    p->evals     = evals;
    p->nb_seeds  = 0;
    p->carried   = -1;
    p->shift[0]  = p->shift[1] = 0;
    return 0;
}

void lavfx_primitive_set_temporal(LavfxPrimitive *p, double carried, int dx, int dy)
{
    p->carried  = carried;
    p->shift[0] = dx;
    p->shift[1] = dy;
}

int64_t lavfx_primitive_evaluations(const LavfxPrimitive *p)
{
    return p->evals;
}

int lavfx_primitive_nb_shapes(const LavfxPrimitive *p)
{
    return p->nb_shapes;
}

const PrimShape *lavfx_primitive_shape(const LavfxPrimitive *p, int i)
{
    return i >= 0 && i < p->nb_shapes ? &p->shapes[i] : NULL;
}

void lavfx_primitive_background(const LavfxPrimitive *p, uint8_t bg[3])
{
    memcpy(bg, p->bg, 3);
}

const uint8_t *lavfx_primitive_canvas(const LavfxPrimitive *p, ptrdiff_t *stride)
{
    *stride = (ptrdiff_t)p->w * 3;
    return p->canvas;
}

int64_t lavfx_primitive_error(const LavfxPrimitive *p)
{
    return p->err;
}

double lavfx_primitive_score(const LavfxPrimitive *p)
{
    return prim_score(p->w, p->h, p->err);
}

int lavfx_primitive_smooth(LavfxPrimitive *p, int strength, int thresh, int restart)
{
    size_t i, n = (size_t)p->w * p->h;
    if (strength < 0 || strength > 256 || thresh < 1 || thresh > 765)
        return -EINVAL;
    if (!p->shown) {
        p->shown     = malloc(n * 3 * sizeof(*p->shown));
        p->shown_ref = malloc(n * 3 * sizeof(*p->shown_ref));
        p->smooth_k     = malloc(n * sizeof(*p->smooth_k));
        if (!p->shown || !p->shown_ref || !p->smooth_k) {
            free(p->shown);
            free(p->shown_ref);
            free(p->smooth_k);
            p->shown = p->shown_ref = NULL;
            p->smooth_k = NULL;
            return -ENOMEM;
        }
        restart = 1;
    }
    p->shown_err = 0;
    for (i = 0; i < n; i++)
        p->shown_err += prim_smooth_pixel(p->shown + 3 * i, p->shown_ref + 3 * i, p->target + 3 * i,
                                          p->canvas + 3 * i, strength, thresh, restart, p->smooth_k + i);
    return 0;
}

const uint16_t *lavfx_primitive_smooth_weights(const LavfxPrimitive *p)
{
    return p->smooth_k;
}

void lavfx_primitive_smooth_plane(const LavfxPrimitive *p, uint8_t *dst, ptrdiff_t stride,
                                  uint16_t *state, ptrdiff_t state_stride, int w, int h,
                                  int step, int nc, const int *off, int y0, int y1)
{
    /* prim_smooth_pos across a row without a division per sample: the
     * numerator (2 x + 1) m 128 advances by 2 m 128, its quotient by w kept
     * with the remainder (the same floor as prim_smooth_pos's) */
    const int64_t num0 = (int64_t)p->w * 128, dnum = 2 * num0;
    const int64_t dq = dnum / w, dr = dnum % w, umax = (int64_t)(p->w - 1) * 256;
    int32_t x, y, i0, i1, ay;
    for (y = y0; y < y1; y++) {
        const uint16_t *r0, *r1;
        int64_t q = num0 / w, r = num0 % w;
        prim_smooth_pos(y, h, p->h, &i0, &i1, &ay);
        r0 = p->smooth_k + (size_t)i0 * p->w;
        r1 = p->smooth_k + (size_t)i1 * p->w;
        for (x = 0; x < w; x++) {
            int64_t u = q - 128;
            int32_t j0, ax;
            u  = u < 0 ? 0 : u > umax ? umax : u;
            j0 = (int32_t)(u >> 8);
            ax = (int32_t)(u & 255);
            prim_smooth_sample(dst + y * stride + x * step, state + y * state_stride + x * step, nc, off,
                               prim_smooth_lerp(r0, r1, j0, j0 + (j0 < p->w - 1), ax, ay));
            q += dq;
            r += dr;
            if (r >= w) {
                q++;
                r -= w;
            }
        }
    }
}

double lavfx_primitive_smooth_score(const LavfxPrimitive *p)
{
    return p->shown ? prim_score(p->w, p->h, p->shown_err) : -1;
}

void lavfx_primitive_render_values(const LavfxPrimitive *p, uint8_t *dst, ptrdiff_t stride,
                                   int w, int h, int step, int nc, const int *off,
                                   const uint8_t *bg, const uint8_t *vals, size_t vstride,
                                   int first, int last, int y0, int y1, uint16_t *cov)
{
    PrimScale sc = { w, p->w, h, p->h };
    int32_t xs[2 * PRIM_MAX_SPANS];
    PrimGeom g;
    int x, y, k, i, r0, r1;

    for (y = y0; y < y1 && bg; y++) {
        uint8_t *row = dst + y * stride;
        for (x = 0; x < w; x++)
            for (k = 0; k < nc; k++)
                row[x * step + off[k]] = bg[k];
    }
    for (i = first; i < last && i < p->nb_shapes; i++) {
        const uint8_t *v = vals + i * vstride;
        int32_t alpha = p->shapes[i].alpha;
        prim_geom_build(&p->shapes[i], &sc, &g);
        r0 = lavfx_max(g.ymin >> PRIM_FRAC_BITS, y0);
        r1 = lavfx_min((g.ymax + PRIM_ONE - 1) >> PRIM_FRAC_BITS, y1);
        for (y = r0; y < r1; y++) {
            uint8_t *row = dst + y * stride;
            int32_t lo = w, hi = 0, sub;
            for (sub = 0; sub < PRIM_AA_ROWS; sub++) {
                int32_t ys = y * PRIM_ONE + (2 * sub + 1) * PRIM_ONE / (2 * PRIM_AA_ROWS);
                int n = prim_geom_row(&g, ys, xs), j;
                for (j = 0; j < n; j++)
                    prim_cover_interval(cov, xs[2 * j], xs[2 * j + 1], w, &lo, &hi);
            }
            for (x = lo; x < hi; x++) {
                if (cov[x])
                    for (k = 0; k < nc; k++) {
                        uint8_t *d = &row[x * step + off[k]];
                        *d = prim_blend_cov(*d, v[k], alpha, cov[x]);
                    }
                cov[x] = 0;
            }
        }
    }
}

void lavfx_primitive_render(const LavfxPrimitive *p, uint8_t *dst, ptrdiff_t stride,
                            int w, int h, int step, const int off[3],
                            int y0, int y1, uint16_t *cov)
{
    lavfx_primitive_render_values(p, dst, stride, w, h, step, 3, off, p->bg, p->shapes[0].color,
                                  sizeof(PrimShape), 0, p->nb_shapes, y0, y1, cov);
}

int lavfx_primitive_yuv_matrix(double kr, double kb, int full, PrimYuv *m)
{
    const double kg = 1 - kr - kb, ys = full ? 1 : 219 / 255.0, cs = full ? 1 : 224 / 255.0;
    /* rows of Y', Cb, Cr from R', G', B' (0-255), offsets aside */
    const double fwd[3][3] = {
        { kr * ys,                    kg * ys,                    kb * ys },
        { -kr / (2 * (1 - kb)) * cs,  -kg / (2 * (1 - kb)) * cs,  0.5 * cs },
        { 0.5 * cs,                   -kg / (2 * (1 - kr)) * cs,  -kb / (2 * (1 - kr)) * cs },
    };
    /* R', G', B' from (Y' - yoff, Cb - 128, Cr - 128) */
    const double inv[3][3] = {
        { 1 / ys, 0,                                2 * (1 - kr) / cs },
        { 1 / ys, -2 * (1 - kb) * kb / (kg * cs),   -2 * (1 - kr) * kr / (kg * cs) },
        { 1 / ys, 2 * (1 - kb) / cs,                0 },
    };
    int i, j;
    if (!(kr > 0 && kb > 0 && kg > 0))
        return -EINVAL;
    for (i = 0; i < 3; i++)
        for (j = 0; j < 3; j++) {
            m->to_yuv[i][j] = (int32_t)lrint(fwd[i][j] * 65536);
            m->to_rgb[i][j] = (int32_t)lrint(inv[i][j] * 65536);
        }
    m->yoff = full ? 0 : 16;
    return 0;
}

void lavfx_primitive_yuv_to_rgb(const PrimYuv *m, const uint8_t *y, ptrdiff_t ystride,
                                const uint8_t *u, ptrdiff_t ustride, const uint8_t *v,
                                ptrdiff_t vstride, int cstep, int shift, int w,
                                uint8_t *dst, ptrdiff_t dstride, int y0, int y1)
{
    int x, r;
    for (r = y0; r < y1; r++) {
        const uint8_t *ur = u + (r >> shift) * ustride, *vr = v + (r >> shift) * vstride;
        for (x = 0; x < w; x++) {
            ptrdiff_t c = (x >> shift) * cstep;
            prim_yuv_to_rgb(m, y[r * ystride + x], ur[c], vr[c], dst + r * dstride + 3 * x);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Export                                                                     */

typedef struct PrimOut {
    double sx, sy;      /* output pixels per work Q unit */
} PrimOut;

static double ox(const PrimOut *o, int32_t v) { return v * o->sx; }
static double oy(const PrimOut *o, int32_t v) { return v * o->sy; }
static double deg(int32_t a) { return a * 360.0 / LAVFX_TURN; }
static double rad(int32_t a) { return a * (2 * 3.14159265358979323846) / LAVFX_TURN; }

/*
 * The rotated shapes are rotated in the work image and then scaled to the
 * output by (sx, sy) per axis (prim_geom_build); when the two scales differ
 * (a work image of another aspect ratio than the frame's), an ellipse stays
 * an ellipse with other axes and angle, and a rectangle becomes a
 * parallelogram.
 */

/* ROTATEDELLIPSE q in output pixels: semi-axes rx, ry and the angle (degrees,
 * 0-360) of the rx axis: those of M = S R(angle) diag(rx, ry), the square
 * roots of the eigenvalues of M M^T, rx the axis nearest to the image of
 * the shape's own rx axis (so the shape's numbers, scaled, when sx = sy). */
static void out_ellipse(const PrimOut *o, const int32_t *q, double *rx, double *ry, double *angle)
{
    double t = rad(q[4]), c = cos(t), sn = sin(t);
    double m00 = o->sx * c * q[2], m01 = -o->sx * sn * q[3];
    double m10 = o->sy * sn * q[2], m11 = o->sy * c * q[3];
    double a = m00 * m00 + m01 * m01, b = m00 * m10 + m01 * m11, d = m10 * m10 + m11 * m11;
    double mean = (a + d) / 2, diff = hypot((a - d) / 2, b), phi, ux, uy, l1 = mean + diff, l2 = fmax(mean - diff, 0);
    if (diff <= 1e-12 * mean) {         /* a circle: any angle; keep the shape's */
        *rx = *ry = sqrt(mean);
        *angle = deg(q[4]);
        return;
    }
    phi = 0.5 * atan2(2 * b, a - d);    /* direction of the l1 axis */
    ux = cos(phi);
    uy = sin(phi);
    if (fabs(m00 * ux + m10 * uy) >= fabs(m10 * ux - m00 * uy)) {
        *rx = sqrt(l1);
        *ry = sqrt(l2);
    } else {                            /* the rx axis is the l2 one */
        *rx = sqrt(l2);
        *ry = sqrt(l1);
        ux = -sin(phi);
        uy = cos(phi);
    }
    if (m00 * ux + m10 * uy < 0) {
        ux = -ux;
        uy = -uy;
    }
    *angle = fmod(atan2(uy, ux) * (deg(1) / rad(1)) + 360, 360);     /* radians to degrees */
}

/* ROTATEDRECT q's corners in output pixels: (-,-) (+,-) (+,+) (-,+) of
 * its own axes. */
static void out_corners(const PrimOut *o, const int32_t *q, double xy[8])
{
    double t = rad(q[4]), c = cos(t), sn = sin(t);
    int i;
    for (i = 0; i < 4; i++) {
        double dx = (i == 1 || i == 2 ? 0.5 : -0.5) * q[2], dy = (i >= 2 ? 0.5 : -0.5) * q[3];
        xy[2 * i]     = o->sx * (q[0] + dx * c - dy * sn);
        xy[2 * i + 1] = o->sy * (q[1] + dx * sn + dy * c);
    }
}

int lavfx_primitive_write_svg(const LavfxPrimitive *p, FILE *f, int w, int h)
{
    PrimOut o = { (double)w / (p->w * PRIM_ONE), (double)h / (p->h * PRIM_ONE) };
    int i;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
            w, h, w, h);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#%02x%02x%02x\"/>\n", p->bg[0], p->bg[1], p->bg[2]);
    for (i = 0; i < p->nb_shapes; i++) {
        const PrimShape *s = &p->shapes[i];
        const int32_t *q = s->p;
        char attr[96];
        snprintf(attr, sizeof(attr), "fill=\"#%02x%02x%02x\" fill-opacity=\"%.4f\"",
                 s->color[0], s->color[1], s->color[2], s->alpha / 255.0);
        switch (s->kind) {
        case PRIM_TRIANGLE:
            fprintf(f, "<polygon %s points=\"%.2f,%.2f %.2f,%.2f %.2f,%.2f\"/>\n", attr,
                    ox(&o, q[0]), oy(&o, q[1]), ox(&o, q[2]), oy(&o, q[3]), ox(&o, q[4]), oy(&o, q[5]));
            break;
        case PRIM_POLYGON:
            fprintf(f, "<polygon %s points=\"%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f\"/>\n", attr,
                    ox(&o, q[0]), oy(&o, q[1]), ox(&o, q[2]), oy(&o, q[3]),
                    ox(&o, q[4]), oy(&o, q[5]), ox(&o, q[6]), oy(&o, q[7]));
            break;
        case PRIM_RECT: {
            int32_t x0 = lavfx_min(q[0], q[2]), y0 = lavfx_min(q[1], q[3]);
            fprintf(f, "<rect %s x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>\n", attr,
                    ox(&o, x0), oy(&o, y0), ox(&o, abs(q[2] - q[0])), oy(&o, abs(q[3] - q[1])));
            break;
        }
        case PRIM_ELLIPSE:
        case PRIM_CIRCLE:
            fprintf(f, "<ellipse %s cx=\"%.2f\" cy=\"%.2f\" rx=\"%.2f\" ry=\"%.2f\"/>\n", attr,
                    ox(&o, q[0]), oy(&o, q[1]), ox(&o, q[2]),
                    oy(&o, s->kind == PRIM_CIRCLE ? q[2] : q[3]));
            break;
        case PRIM_ROTATEDRECT:      /* in work pixels, rotated, then scaled */
            fprintf(f, "<rect %s x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\" "
                    "transform=\"translate(%.2f %.2f) scale(%.6g %.6g) rotate(%.2f)\"/>\n", attr,
                    -q[2] / (2.0 * PRIM_ONE), -q[3] / (2.0 * PRIM_ONE), q[2] / (double)PRIM_ONE,
                    q[3] / (double)PRIM_ONE, ox(&o, q[0]), oy(&o, q[1]), o.sx * PRIM_ONE, o.sy * PRIM_ONE,
                    deg(q[4]));
            break;
        case PRIM_ROTATEDELLIPSE: {
            double rx, ry, a;
            out_ellipse(&o, q, &rx, &ry, &a);
            fprintf(f, "<ellipse %s cx=\"0\" cy=\"0\" rx=\"%.2f\" ry=\"%.2f\" "
                    "transform=\"translate(%.2f %.2f) rotate(%.2f)\"/>\n", attr,
                    rx, ry, ox(&o, q[0]), oy(&o, q[1]), a);
            break;
        }
        case PRIM_BEZIER:
            fprintf(f, "<path fill=\"none\" stroke=\"#%02x%02x%02x\" stroke-opacity=\"%.4f\" "
                    "stroke-width=\"%.2f\" d=\"M%.2f %.2f Q%.2f %.2f %.2f %.2f\"/>\n",
                    s->color[0], s->color[1], s->color[2], s->alpha / 255.0, ox(&o, q[6]),
                    ox(&o, q[0]), oy(&o, q[1]), ox(&o, q[2]), oy(&o, q[3]), ox(&o, q[4]), oy(&o, q[5]));
            break;
        }
    }
    fprintf(f, "</svg>\n");
    return ferror(f) ? -1 : 0;
}

int lavfx_primitive_write_json(const LavfxPrimitive *p, FILE *f, int w, int h, int64_t frame)
{
    PrimOut o = { (double)w / (p->w * PRIM_ONE), (double)h / (p->h * PRIM_ONE) };
    int i;
    fprintf(f, "{\"frame\":%lld,\"width\":%d,\"height\":%d,\"score\":%.6f,"
            "\"background\":[%d,%d,%d],\"shapes\":[",
            (long long)frame, w, h, lavfx_primitive_score(p), p->bg[0], p->bg[1], p->bg[2]);
    for (i = 0; i < p->nb_shapes; i++) {
        const PrimShape *s = &p->shapes[i];
        const int32_t *q = s->p;
        fprintf(f, "%s\n{\"type\":\"%s\",\"color\":[%d,%d,%d],\"alpha\":%d,", i ? "," : "",
                kind_names[s->kind], s->color[0], s->color[1], s->color[2], s->alpha);
        switch (s->kind) {
        case PRIM_TRIANGLE:
        case PRIM_POLYGON:
        case PRIM_BEZIER: {
            int n = s->kind == PRIM_POLYGON ? 4 : 3, j;
            fprintf(f, "\"points\":[");
            for (j = 0; j < n; j++)
                fprintf(f, "%s[%.2f,%.2f]", j ? "," : "", ox(&o, q[2 * j]), oy(&o, q[2 * j + 1]));
            fprintf(f, "]");
            if (s->kind == PRIM_BEZIER)
                fprintf(f, ",\"width\":%.2f", ox(&o, q[6]));
            break;
        }
        case PRIM_RECT:
            fprintf(f, "\"x1\":%.2f,\"y1\":%.2f,\"x2\":%.2f,\"y2\":%.2f",
                    ox(&o, q[0]), oy(&o, q[1]), ox(&o, q[2]), oy(&o, q[3]));
            break;
        case PRIM_ELLIPSE:
        case PRIM_CIRCLE:
            fprintf(f, "\"cx\":%.2f,\"cy\":%.2f,\"rx\":%.2f,\"ry\":%.2f",
                    ox(&o, q[0]), oy(&o, q[1]), ox(&o, q[2]), oy(&o, s->kind == PRIM_CIRCLE ? q[2] : q[3]));
            break;
        case PRIM_ROTATEDELLIPSE: {
            double rx, ry, a;
            out_ellipse(&o, q, &rx, &ry, &a);
            fprintf(f, "\"cx\":%.2f,\"cy\":%.2f,\"rx\":%.2f,\"ry\":%.2f,\"angle\":%.2f",
                    ox(&o, q[0]), oy(&o, q[1]), rx, ry, a);
            break;
        }
        case PRIM_ROTATEDRECT: {
            double xy[8];
            int j;
            out_corners(&o, q, xy);
            fprintf(f, "\"cx\":%.2f,\"cy\":%.2f,\"w\":%.2f,\"h\":%.2f,\"angle\":%.2f,\"points\":[",
                    ox(&o, q[0]), oy(&o, q[1]), ox(&o, q[2]), oy(&o, q[3]), deg(q[4]));
            for (j = 0; j < 4; j++)
                fprintf(f, "%s[%.2f,%.2f]", j ? "," : "", xy[2 * j], xy[2 * j + 1]);
            fprintf(f, "]");
            break;
        }
        }
        fprintf(f, "}");
    }
    fprintf(f, "]}\n");
    return ferror(f) ? -1 : 0;
}

/*
 * primitive: approximate images with geometric shapes (core library API)
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
 * The primitive core: the algorithm of fogleman/primitive (random search plus
 * hill climbing, one shape at a time, each given the colour that best fits
 * the image under it) on a small RGB work image, and an antialiased renderer
 * of the found shapes at any output size. No FFmpeg dependency: the glue
 * (vf_primitive.c), the tests and the benchmarks all use this API.
 *
 * Images handed to and from the core are packed 8-bit RGB-like rows: a
 * pointer to the first byte of the first pixel, a stride in bytes between
 * rows, a step in bytes between pixels (3 for RGB24, 4 for RGBA) and the
 * byte offsets of R, G and B inside a pixel. Values are 0-255.
 *
 * Determinism: given the same target, parameters, seed and frame number, the
 * shapes found are the same on any machine and for any way the caller runs
 * the jobs handed to its execute callback (serially or on threads), since
 * each hill climb draws from its own counter-based random stream.
 */

#ifndef PRIMITIVE_H
#define PRIMITIVE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "primitive_pixel.h"
#include "primitive_shape.h"

/** Work image sizes the core accepts (pixels, each side). */
#define LAVFX_PRIMITIVE_MIN_SIZE 2
#define LAVFX_PRIMITIVE_MAX_SIZE 2048

typedef struct LavfxPrimitive LavfxPrimitive;

/** Search parameters. Fogleman/primitive's fixed budget is candidates = 1000,
 *  climbs = 16, age = 100 (about 20,000 evaluations per shape). */
typedef struct LavfxPrimitiveParams {
    int mode;         /**< enum PrimKind; PRIM_COMBO picks a basic kind per candidate */
    int alpha;        /**< 1-255 fixed opacity, or 0 to search it per shape (starts at 128) */
    int candidates;   /**< random shapes per climb; the climb starts from the best, >= 1 */
    int climbs;       /**< independent hill climbs per shape; the best is kept, >= 1 */
    int age;          /**< failed mutations in a row that end a climb, >= 0 */
    uint64_t seed;    /**< names the random streams */
} LavfxPrimitiveParams;

/** One job of a parallel loop: jobnr in [0, nb_jobs). Returns 0. */
typedef int (*LavfxJobFn)(void *arg, int jobnr, int nb_jobs);

/**
 * Runs job(arg, i, nb_jobs) for every i in [0, nb_jobs), in any order and on
 * any threads, and returns when all are done. NULL means "serially".
 * vf_primitive.c passes FFmpeg's slice-thread executor.
 */
typedef void (*LavfxExecuteFn)(void *opaque, LavfxJobFn job, void *arg, int nb_jobs);

/** Name of a kind ("combo", "triangle", ..., fogleman's mode names), or NULL. */
const char *lavfx_primitive_kind_name(int kind);

/**
 * Work image size for a w x h frame: the long side becomes min(size, long
 * side), the short side keeps the aspect ratio (rounded, at least 1).
 */
void lavfx_primitive_work_size(int w, int h, int size, int *ww, int *wh);

/**
 * Downscales a packed image (sw x sh, stride sstride, step and R,G,B byte
 * offsets off[]) into an RGB24 image dw x dh (1 <= dw <= sw, 1 <= dh <= sh),
 * stride dstride, with a separable tent filter as wide as the scale factor
 * (what "bilinear" resizers such as fogleman/primitive's do when shrinking).
 * Integer arithmetic: the same bytes everywhere.
 * Returns 0, -EINVAL on bad sizes, -ENOMEM.
 */
int lavfx_primitive_downscale(const uint8_t *src, ptrdiff_t sstride, int sw, int sh,
                              int step, const int off[3],
                              uint8_t *dst, ptrdiff_t dstride, int dw, int dh);

/** Taps per output sample of the tent filter that resamples n samples to
 *  m <= n (lavfx_primitive_downscale). */
int lavfx_primitive_tent_size(int n, int m);

/**
 * The tent-filter taps lavfx_primitive_downscale uses to resample n source
 * samples to m <= n: output i takes source j with weight
 * max(0, 1 - |j - c_i| / f), f = n / m, c_i its centre, normalised to sum
 * 2^14 (the bilinear kernel stretched to the scale factor, as
 * fogleman/primitive's resize.Bilinear does). taps is
 * lavfx_primitive_tent_size(n, m); idx (source indices, clamped to [0, n))
 * and wt (Q14 weights) hold m * taps entries, output i's at i * taps.
 * The CUDA kernels resample with these tables. Returns 0, or -1 on bad sizes.
 */
int lavfx_primitive_tent_taps(int n, int m, int taps, int32_t *idx, int32_t *wt);

/** A context for w x h work images (LAVFX_PRIMITIVE_MIN_SIZE..MAX_SIZE),
 *  with room for max_shapes shapes and max_climbs climbs per step.
 *  NULL on bad sizes or out of memory. */
LavfxPrimitive *lavfx_primitive_alloc(int w, int h, int max_shapes, int max_climbs);

void lavfx_primitive_free(LavfxPrimitive **p);

/**
 * Starts a new picture: target is the w x h RGB24 work image (stride in
 * bytes); the canvas is filled with bg (RGB 0-255), or with the mean colour
 * of the target when bg is NULL (fogleman's background). Drops all shapes.
 */
void lavfx_primitive_reset(LavfxPrimitive *p, const uint8_t *target, ptrdiff_t stride,
                           const uint8_t *bg);

/**
 * Starts a new picture in temporal (video) mode: like lavfx_primitive_reset,
 * but the shapes found so far become the seeds of the new picture's shapes:
 * step i then climbs on from seed i (half of params->climbs climbs,
 * no random candidates) instead of searching from scratch, so consecutive
 * frames get similar shapes (little flicker) for much less work. The
 * nb_replace seeds that lowered the error least are searched afresh instead.
 * Scene cuts: the seeds, each recoloured in turn for the new target, are
 * drawn once to measure how much of the last picture's improvement over its
 * background they keep: (start - carried) / (start - last), with start the
 * new background-only score, carried the seeds' score and last the last
 * picture's final score. Below cut (0-1; 0.5 in vf_primitive) the seeds are
 * dropped and the picture is searched from scratch (cut <= 0: never).
 * Camera motion: with motion > 0, the seeds are first moved by the whole-pixel
 * shift (at most motion work pixels each way, and a quarter of the work
 * image's shorter side: prim_shift_radius) that best aligns the last
 * target with this one (mean absolute difference, sampled every other pixel),
 * so shapes follow a pan instead of being re-fitted against it.
 * Returns 1 on a scene cut, else 0.
 */
int lavfx_primitive_reset_temporal(LavfxPrimitive *p, const uint8_t *target, ptrdiff_t stride,
                                   const uint8_t *bg, double cut, int nb_replace, int motion);

/** The global shift (work pixels) the last lavfx_primitive_reset_temporal
 *  moved the seeds by; 0, 0 after lavfx_primitive_reset. */
void lavfx_primitive_shift(const LavfxPrimitive *p, int *dx, int *dy);

/** The score of the last picture's shapes recoloured for this one, as the
 *  scene-cut test of lavfx_primitive_reset_temporal measured it; -1 when it
 *  was not measured (no seeds, or cut <= 0). */
double lavfx_primitive_carried_score(const LavfxPrimitive *p);

/**
 * Finds one more shape and draws it on the work canvas: params->climbs hill
 * climbs, run as jobs through exec (NULL = serially), each from the best of
 * params->candidates random shapes (or, in temporal mode, from this slot's
 * seed); the best result is kept if it lowers the error. frame names the random streams together with params->seed and the
 * shape index.
 * Returns 1 if a shape was added, 0 if no shape improved the picture (after
 * a few tries) or max_shapes is reached, -EINVAL on bad params.
 */
int lavfx_primitive_step(LavfxPrimitive *p, const LavfxPrimitiveParams *params,
                         uint32_t frame, LavfxExecuteFn exec, void *opaque);

int lavfx_primitive_nb_shapes(const LavfxPrimitive *p);

/**
 * Makes p describe a picture searched elsewhere (by the CUDA kernels):
 * background bg (RGB 0-255), nb_shapes shapes (work-image Q units, kinds
 * 1-8, alpha >= 1), error err (as lavfx_primitive_error) and evals
 * candidates evaluated, so the score, render and export functions apply to
 * it. The work canvas is not redrawn; temporal seeds are dropped.
 * Returns 0, or -EINVAL (too many shapes, a bad kind or alpha, err < 0).
 */
int lavfx_primitive_set_picture(LavfxPrimitive *p, const uint8_t bg[3], const PrimShape *shapes,
                                int nb_shapes, int64_t err, int64_t evals);

/** With lavfx_primitive_set_picture, what the temporal reset of a picture
 *  searched elsewhere found: the carried score (-1: not measured) and the
 *  global shift (work pixels), as lavfx_primitive_carried_score and
 *  lavfx_primitive_shift report them. */
void lavfx_primitive_set_temporal(LavfxPrimitive *p, double carried, int dx, int dy);

/**
 * Temporal smoothing of the picture shown, after a picture's search (the
 * smooth option; see prim_smooth_weight for the filter and its source): the
 * shown work picture becomes, per pixel, the last shown one with weight k
 * and the canvas with 256 - k (prim_smooth_mix), k = prim_smooth_weight:
 * strength (0-256) where the target equals the input the last shown pixel
 * stands for, falling as strength ((thresh - d) / thresh)^2 to 0 at a
 * difference d = |dR| + |dG| + |dB| (0-255 units) of thresh (1-765). Fades
 * the jitter of shapes re-fitted on still parts of a video without holding
 * back its motion. restart (the first frame, a scene cut, frames skipped in
 * between): the canvas is shown as it is, k = 0 everywhere. The canvas must
 * be this picture's own (the C search's, not lavfx_primitive_set_picture's).
 * The weights (w x h, 0-256, row-major) are then
 * lavfx_primitive_smooth_weights', for lavfx_primitive_smooth_plane to blend
 * the output frames the same way, and lavfx_primitive_smooth_score the shown
 * picture's score. The search is not affected: lavfx_primitive_score stays
 * the shapes' own. Returns 0, -EINVAL (strength or thresh out of range) or
 * -ENOMEM.
 */
int lavfx_primitive_smooth(LavfxPrimitive *p, int strength, int thresh, int restart);

/** The weights of the last lavfx_primitive_smooth (w x h, 0-256), or NULL
 *  before the first. */
const uint16_t *lavfx_primitive_smooth_weights(const LavfxPrimitive *p);

/**
 * The blend of lavfx_primitive_smooth on one plane of an output frame, in
 * any 8-bit encoding (a YUV frame is a call per plane, as for
 * lavfx_primitive_render_values): rows [y0, y1) of the w x h plane dst
 * (this frame's render), samples step bytes apart with nc (1-4) components
 * at byte offsets off[] (other bytes are left as they are), are blended
 * with the plane's smoothed state (prim_smooth_sample): state holds one
 * uint16_t (8.8 fixed point) per byte of dst, state_stride of them per row;
 * it takes the blend and dst its rounded value. Sample (x, y) takes the
 * work weights interpolated bilinearly at its centre (prim_smooth_pos,
 * prim_smooth_lerp): no steps at the work pixels' edges. Call for every
 * frame after its lavfx_primitive_smooth: after a restart the weights are 0,
 * dst stays as drawn and the state starts from it. Rows are independent:
 * disjoint ranges may run on different threads.
 */
void lavfx_primitive_smooth_plane(const LavfxPrimitive *p, uint8_t *dst, ptrdiff_t stride,
                                  uint16_t *state, ptrdiff_t state_stride, int w, int h,
                                  int step, int nc, const int *off, int y0, int y1);

/** The score (as lavfx_primitive_score) of the picture the last
 *  lavfx_primitive_smooth showed, or -1 before the first. */
double lavfx_primitive_smooth_score(const LavfxPrimitive *p);

/** Candidate shapes evaluated (the search's unit of work) since the last reset. */
int64_t lavfx_primitive_evaluations(const LavfxPrimitive *p);

/** Shape i (0 <= i < nb_shapes), in work-image Q units (see primitive_shape.h). */
const PrimShape *lavfx_primitive_shape(const LavfxPrimitive *p, int i);

/** Background colour of the current picture, RGB 0-255. */
void lavfx_primitive_background(const LavfxPrimitive *p, uint8_t bg[3]);

/** The work canvas (RGB24, w x h, *stride bytes per row). */
const uint8_t *lavfx_primitive_canvas(const LavfxPrimitive *p, ptrdiff_t *stride);

/** Sum over the work image of the squared R, G, B differences (0-255 units)
 *  between canvas and target, exactly. */
int64_t lavfx_primitive_error(const LavfxPrimitive *p);

/**
 * fogleman/primitive's score: sqrt(sum(dR^2 + dG^2 + dB^2 + dA^2) / (w h 4)) / 255
 * over the work image (dA = 0: the work image is opaque). 0 = identical.
 */
double lavfx_primitive_score(const LavfxPrimitive *p);

/**
 * Renders background and shapes, antialiased (PRIM_AA_ROWS sub-scanlines,
 * 1/16-pixel horizontal coverage), into rows [y0, y1) of a packed w x h image
 * (stride, step, R,G,B byte offsets off[]); other bytes of each pixel (alpha)
 * are left as they are. Rows are independent: callers may render disjoint
 * row ranges on different threads. cov is scratch of w uint16_t, zeroed.
 */
void lavfx_primitive_render(const LavfxPrimitive *p, uint8_t *dst, ptrdiff_t stride,
                            int w, int h, int step, const int off[3],
                            int y0, int y1, uint16_t *cov);

/**
 * The render of lavfx_primitive_render in any 8-bit encoding, one plane at
 * a time (a YUV frame is three renders: Y at w x h, Cb and Cr at the chroma
 * planes' sizes, each shape scaled to the plane): rows [y0, y1) of a w x h
 * plane of samples step bytes apart with nc (1-4) components at byte
 * offsets off[]. With bg not NULL the rows are first filled with bg[0..nc);
 * then shapes [first, last) are drawn, shape i with the values
 * vals[i * vstride + k] (k < nc), antialiased as lavfx_primitive_render.
 * cov: scratch of w uint16_t, zeroed (may be NULL when no shape is drawn).
 */
void lavfx_primitive_render_values(const LavfxPrimitive *p, uint8_t *dst, ptrdiff_t stride,
                                   int w, int h, int step, int nc, const int *off,
                                   const uint8_t *bg, const uint8_t *vals, size_t vstride,
                                   int first, int last, int y0, int y1, uint16_t *cov);

/**
 * The integer (Q16) Y'CbCr <-> R'G'B' matrices of a standard with luma
 * coefficients kr, kb (BT.601: 0.299, 0.114; BT.709: 0.2126, 0.0722;
 * BT.2020: 0.2627, 0.0593), full range (0-255) or limited (Y' 16-235, Cb/Cr
 * 16-240), from the definitions of ITU-R BT.601/709/2020. The C core and the
 * CUDA kernels convert with prim_rgb_to_yuv/prim_yuv_to_rgb from the same
 * table. Returns 0, or -EINVAL for impossible coefficients.
 */
int lavfx_primitive_yuv_matrix(double kr, double kb, int full, PrimYuv *m);

/**
 * R'G'B' (RGB24, dstride bytes per row) of rows [y0, y1) of a w-pixel
 * Y'CbCr frame: luma y (ystride bytes per row), chroma u and v (ustride and
 * vstride bytes per row, which may differ; cstep bytes between samples: 1
 * for planar, 2 for NV12's interleaved plane with v = u + 1 and vstride =
 * ustride), subsampled by 2^shift both ways (shift 1: 4:2:0, each chroma
 * sample used for its 2x2 luma pixels; 0: 4:4:4).
 */
void lavfx_primitive_yuv_to_rgb(const PrimYuv *m, const uint8_t *y, ptrdiff_t ystride,
                                const uint8_t *u, ptrdiff_t ustride, const uint8_t *v,
                                ptrdiff_t vstride, int cstep, int shift, int w,
                                uint8_t *dst, ptrdiff_t dstride, int y0, int y1);

/** Writes the picture as SVG at output size w x h. 0, or -1 on write error. */
int lavfx_primitive_write_svg(const LavfxPrimitive *p, FILE *f, int w, int h);

/** Writes the picture as one JSON object (frame, size, score, background,
 *  shapes in output-pixel coordinates). 0, or -1 on write error. */
int lavfx_primitive_write_json(const LavfxPrimitive *p, FILE *f, int w, int h, int64_t frame);

#endif /* PRIMITIVE_H */

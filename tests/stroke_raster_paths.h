/*
 * The rasterizer copies tests/test_stroke_raster.c compares
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

#ifndef LAVFX_TESTS_STROKE_RASTER_PATHS_H
#define LAVFX_TESTS_STROKE_RASTER_PATHS_H

#include <stdint.h>

#define CASE_MAX_STROKES 8

/** One image: strokes of one pen over data (w x h x ncomp bytes, packed). */
typedef struct StrokeCase {
    int w, h, ncomp;
    int32_t r, aa;                  /**< the pen (SrPen) */
    int nb_strokes;
    int stroke_end[CASE_MAX_STROKES];   /**< points of strokes 0..s */
    uint8_t color[CASE_MAX_STROKES][4];
    const int32_t *xy;              /**< the points, Q8, x then y */
} StrokeCase;

/* Each renders sc over data (as it is) and returns 0, 1 if an ink was left
 * uncleared, -1 without memory. lanes > 1 (render_list only: SR_ROW_SPLIT,
 * else -1): the rows shared out as the GPU's threads of one image share them
 * (SrCanvas.row0, row_step), one after the other; 1: all rows at once. */
int render_list(const StrokeCase *sc, uint8_t *data, int lanes);        /* SR_SPANS 0 (CUDA's way) */
int render_spans(const StrokeCase *sc, uint8_t *data, int lanes);       /* SR_SPANS 1, SR_SIMD 0 */
int render_spans_simd(const StrokeCase *sc, uint8_t *data, int lanes);  /* the CPU's default */

#endif /* LAVFX_TESTS_STROKE_RASTER_PATHS_H */

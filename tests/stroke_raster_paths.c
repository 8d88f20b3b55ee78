/*
 * stroke_raster.h compiled one way, for tests/test_stroke_raster.c
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
 * Built once per way stroke_raster.h can be compiled (SR_SPANS, SR_SIMD
 * given on the command line) with RENDER_FN naming this copy's entry point;
 * its functions are static inline, so the copies live side by side in one
 * test program, which renders the same strokes with each and compares.
 */

#include <stdlib.h>
#include <string.h>

#include "stroke_raster.h"
#include "stroke_raster_paths.h"

int RENDER_FN(const StrokeCase *sc, uint8_t *data, int lanes)
{
    const size_t n = (size_t)sc->w * sc->h, list = n + 2 * (size_t)sc->h + SR_INK_PAD;
    SrInk *ink = calloc(n + SR_INK_PAD, sizeof(*ink));
    int32_t *touched = calloc(list, sizeof(*touched));
    SrLut *lut = malloc(sizeof(*lut));
    SrCanvas c;
    SrPen pen;
    int s, first, lane, ret = 0;
    size_t i;

    if (!ink || !touched || !lut || (lanes > 1 && !SR_ROW_SPLIT)) {
        ret = -1;
        goto end;
    }
    sr_lut_init(lut, sc->r, sc->aa);
    pen.r   = sc->r;
    pen.aa  = sc->aa;
    pen.lut = lut;
    /* as the GPU's threads of one image: each all strokes on its own rows,
     * with a touched list of the kernel's size (sr_cuda_lane_rows(h, lanes)
     * rows of w pixels), allocated alone so that AddressSanitizer sees a
     * lane overrun it */
    for (lane = 0; lane < lanes; lane++) {
        int32_t *own = lanes > 1 ? malloc((size_t)(sc->h + lanes - 1) / lanes * sc->w * sizeof(*own)) : touched;
        if (!own) {
            ret = -1;
            goto end;
        }
        c = (SrCanvas){ data, (ptrdiff_t)sc->w * sc->ncomp, sc->w, sc->h, sc->ncomp, ink, own, 0, lane, lanes };
        for (s = first = 0; s < sc->nb_strokes; s++) {
            memcpy(pen.color, sc->color[s], 4);
            sr_polyline(&c, &pen, sc->xy + 2 * first, sc->stroke_end[s] - first);
            first = sc->stroke_end[s];
        }
        if (own != touched)
            free(own);
    }
    /* every ink is cleared after each stroke (the padding included) */
    for (i = 0; i < n + SR_INK_PAD; i++)
        if (ink[i])
            ret = 1;
end:
    free(ink);
    free(touched);
    free(lut);
    return ret;
}

/*
 * strokerender: CUDA kernel (a batch of drawings, one thread per image)
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
 * Renders a batch of laid-out drawings into CUDA frames with the same
 * integer rasterizer the CPU uses (filters/stroke_raster.h, compiled here as
 * device code): each thread fills its image's background and draws its
 * strokes in order, with its own per-pixel scratch. Integer arithmetic only,
 * so the bytes equal the CPU's.
 */

#include "stroke_raster.h"
#include "strokerender_cuda.h"

extern "C" __global__ void strokerender_batch(SrCudaBatch b)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    const int32_t *stroke0 = (const int32_t *)b.stroke0, *point0 = (const int32_t *)b.point0;
    const int32_t *pts = (const int32_t *)b.pts;
    const uint8_t *colour = (const uint8_t *)b.colour;
    const size_t npix = (size_t)b.w * b.h;
    SrCanvas c;
    SrPen pen;
    int x, y, k, s;

    if (i >= b.n)
        return;
    c.data       = (uint8_t *)((const uint64_t *)b.dst)[i];
    c.stride     = (ptrdiff_t)((const int64_t *)b.pitch)[i];
    c.w          = b.w;
    c.h          = b.h;
    c.ncomp      = b.ncomp;
    c.ink        = (SrInk *)(b.scratch + (uint64_t)i * npix * (sizeof(SrInk) + sizeof(int32_t)));
    c.touched    = (int32_t *)(c.ink + npix);
    c.nb_touched = 0;
    for (y = 0; y < b.h; y++) {
        uint8_t *row = c.data + y * c.stride;
        for (x = 0; x < b.w; x++)
            for (k = 0; k < b.ncomp; k++)
                row[x * b.ncomp + k] = b.bg[k];
    }
    pen.r   = b.r;
    pen.aa  = b.aa;
    pen.lut = (const SrLut *)b.lut;
    for (s = stroke0[i]; s < stroke0[i + 1]; s++) {
        for (k = 0; k < 4; k++)
            pen.color[k] = colour[4 * s + k];
        sr_polyline(&c, &pen, pts + 2 * point0[s], point0[s + 1] - point0[s]);
    }
}

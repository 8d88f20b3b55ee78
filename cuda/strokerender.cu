/*
 * strokerender: CUDA kernel (a batch of drawings, sr_cuda_lanes threads per image)
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
 * device code): b.lanes threads per image (sr_cuda_lanes), each filling the
 * background of its own rows (row0 = its lane, row_step = b.lanes) and
 * drawing every stroke in order on those rows, with its own list of the
 * pixels a stroke touched. A pixel gets the same inks in the same order as
 * on the CPU, and integer arithmetic only: the bytes equal the CPU's. The
 * threads of an image share nothing but the (disjoint) rows they write, so
 * they need no synchronisation.
 */

#include "stroke_raster.h"
#include "strokerender_cuda.h"

extern "C" __global__ void strokerender_batch(SrCudaBatch b)
{
    const int64_t t = (int64_t)blockIdx.x * blockDim.x + threadIdx.x;
    const int i = (int)(t / b.lanes), lane = (int)(t % b.lanes);
    const int32_t *stroke0 = (const int32_t *)b.stroke0, *point0 = (const int32_t *)b.point0;
    const int32_t *pts = (const int32_t *)b.pts;
    const uint8_t *colour = (const uint8_t *)b.colour;
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
    c.ink        = (SrInk *)(b.scratch + (uint64_t)i * sr_cuda_scratch_size(b.w, b.h, b.lanes));
    c.touched    = (int32_t *)(c.ink + (size_t)b.w * b.h) + (size_t)lane * sr_cuda_lane_rows(b.h, b.lanes) * b.w;
    c.nb_touched = 0;
    c.row0       = lane;
    c.row_step   = b.lanes;
    for (y = lane; y < b.h; y += b.lanes) {
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

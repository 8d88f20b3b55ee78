/*
 * compile check: the strokerender rasterizer header under nvcc
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
 * Not a kernel lavfx uses: tests/run.sh compiles this with nvcc (to PTX, no
 * GPU needed) to prove that stroke_raster.h, the rasterizer of the
 * strokerender core, also compiles as device code, so a CUDA path can share it.
 */

#include "stroke_raster.h"

/* One thread per image: each draws its own polyline of n points (Q8) with
 * the pen's tables (made on the host by sr_lut_init, or by one thread). */
extern "C" __global__ void check_polyline(uint8_t *images, SrInk *ink, int32_t *touched,
                                          const SrLut *lut, const int32_t *xy, int n, int w, int h,
                                          int32_t r)
{
    int id = blockIdx.x * blockDim.x + threadIdx.x;
    size_t px = (size_t)w * h * id;
    SrCanvas c = { images + px, w, w, h, SR_GRAY, ink + px, touched + px, 0, 0, 1 };
    SrPen pen = { r, 1, { 255, 255, 255, 255 }, lut };
    sr_polyline(&c, &pen, xy + 2 * n * id, n);
}

/* The tables on the device too. */
extern "C" __global__ void check_lut(SrLut *lut, int32_t r)
{
    sr_lut_init(lut, r, 1);
}

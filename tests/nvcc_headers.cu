/*
 * compile check: the shared primitive headers under nvcc
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
 * GPU needed) to prove that the per-shape and per-pixel math the C core uses
 * (primitive_shape.h, primitive_pixel.h, lavfx_rng.h, lavfx_math.h) also
 * compiles as device code, so a CUDA path can share it.
 */

#include "primitive_shape.h"
#include "primitive_pixel.h"

/* One thread per candidate: random shape, mutation, rasterization, colour and
 * energy over precomputed row sums, as primitive.c's evaluate() does. */
extern "C" __global__ void check_evaluate(const PrimSum *sums, int w, int h, uint64_t seed,
                                          int mode, int64_t *delta, PrimShape *out)
{
    int id = blockIdx.x * blockDim.x + threadIdx.x;
    PrimSpace sp = { w, h, w > h ? w * PRIM_ONE / 256 : h * PRIM_ONE / 256 };
    PrimScale id1 = { 1, 1, 1, 1 };
    LavfxRng rng;
    PrimShape s;
    PrimGeom g;
    PrimAcc acc;
    int32_t xs[2 * PRIM_MAX_SPANS];
    int r, i;

    lavfx_rng_init(&rng, seed, 0, 0, id);
    prim_shape_random(&rng, &sp, mode, &s);
    prim_shape_mutate(&rng, &sp, &s);
    s.alpha = 128;
    prim_geom_build(&s, &id1, &g);
    prim_acc_zero(&acc);
    for (r = 0; r < h; r++) {
        int n = prim_geom_row(&g, r * PRIM_ONE + PRIM_ONE / 2, xs);
        for (i = 0; i < n; i++) {
            int32_t c0, c1;
            prim_interval_pixels(xs[2 * i], xs[2 * i + 1], w, &c0, &c1);
            if (c0 < c1)
                prim_acc_span(&acc, sums + r * (w + 1), c0, c1);
        }
    }
    if (acc.n)
        prim_solve_color(&acc, s.alpha, s.color);
    delta[id] = acc.n ? prim_energy_delta(&acc, s.alpha, s.color) : INT64_MAX;
    out[id]   = s;
}

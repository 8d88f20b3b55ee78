/*
 * lavfx benchmarks: the random-walk polylines of the strokerender benchmarks
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

#ifndef LAVFX_BENCH_WALKS_H
#define LAVFX_BENCH_WALKS_H

#include <stdint.h>

/**
 * One random walk of n points (steps uniform in [-0.5, 0.5) on each axis,
 * from a 32-bit LCG whose state *seed advances), scaled into the 256 square
 * with a margin of 8: xy gets 2 n floats (x, y in 0-256 input units). The
 * workload of ../shared/reference.md's renderer table; successive calls
 * from seed 12345 give the walks of bench/results/walks.ndjson.
 */
static void bench_walk(float *xy, int n, uint32_t *seed)
{
    double x = 0, y = 0, lo[2] = { 0, 0 }, hi[2] = { 0, 0 }, s;
    int i;
    for (i = 0; i < n; i++) {
        *seed = *seed * 1664525u + 1013904223u;
        x += (*seed >> 8) / 16777216.0 - 0.5;
        *seed = *seed * 1664525u + 1013904223u;
        y += (*seed >> 8) / 16777216.0 - 0.5;
        xy[2 * i] = (float)x;
        xy[2 * i + 1] = (float)y;
        lo[0] = x < lo[0] ? x : lo[0];
        hi[0] = x > hi[0] ? x : hi[0];
        lo[1] = y < lo[1] ? y : lo[1];
        hi[1] = y > hi[1] ? y : hi[1];
    }
    s = 240 / (hi[0] - lo[0] > hi[1] - lo[1] ? hi[0] - lo[0] : hi[1] - lo[1]);
    for (i = 0; i < n; i++) {
        xy[2 * i]     = (float)(8 + (xy[2 * i] - lo[0]) * s);
        xy[2 * i + 1] = (float)(8 + (xy[2 * i + 1] - lo[1]) * s);
    }
}

#endif /* LAVFX_BENCH_WALKS_H */

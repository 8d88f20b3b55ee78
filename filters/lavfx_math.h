/*
 * lavfx integer math shared by the C cores and the CUDA kernels
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
 * Small integer helpers (square root, sine, clamping) that give the same
 * bits on any CPU and on the GPU: no libc calls, no floating point, no globals.
 * Every header of lavfx math includes this one first.
 */

#ifndef LAVFX_MATH_H
#define LAVFX_MATH_H

#include <stdint.h>

#ifdef __CUDACC__
#define LAVFX_INLINE static inline __host__ __device__
#else
#define LAVFX_INLINE static inline
#endif

LAVFX_INLINE int32_t lavfx_clip(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

LAVFX_INLINE int32_t lavfx_min(int32_t a, int32_t b) { return a < b ? a : b; }
LAVFX_INLINE int32_t lavfx_max(int32_t a, int32_t b) { return a > b ? a : b; }

#ifdef __CUDACC__
#define LAVFX_FSQRT(x) sqrt(x)
#else
#define LAVFX_FSQRT(x) __builtin_sqrt(x)
#endif

/**
 * floor(sqrt(v)) for any 64-bit unsigned v, exactly: the double-precision
 * square root (one instruction) gives a guess within a few units, which the
 * integer corrections make exact, so the result does not depend on how the
 * platform rounds.
 */
LAVFX_INLINE uint32_t lavfx_isqrt64(uint64_t v)
{
    uint64_t r = (uint64_t)LAVFX_FSQRT((double)v);
    if (r > 0xffffffffu)
        r = 0xffffffffu;
    while (r * r > v)
        r--;
    while (r < 0xffffffffu && (r + 1) * (r + 1) <= v)
        r++;
    return (uint32_t)r;
}

/** Angles are in units of 1/4096 turn (LAVFX_TURN per full circle). */
#define LAVFX_TURN 4096

/**
 * sin(2*pi*angle/4096) in Q14 (16384 = 1.0), max error about 4.2e-4.
 * Quarter-wave symmetry plus the 5th-order polynomial
 * sin(pi/2 z) ~ z (a - z^2 (b - c z^2)), a = pi/2, b = 2a - 5/2, c = a - 3/2
 * (the "S5" fit of J. Vijn's integer sine, which is exact at z = 0 and 1).
 */
LAVFX_INLINE int32_t lavfx_isin(int32_t angle)
{
    int32_t a = angle & (LAVFX_TURN - 1), neg = 0;
    int64_t z, z2, r;
    if (a >= LAVFX_TURN / 2) {          /* sin(x + pi) = -sin(x) */
        a  -= LAVFX_TURN / 2;
        neg = 1;
    }
    if (a > LAVFX_TURN / 4)             /* sin(pi - x) = sin(x) */
        a = LAVFX_TURN / 2 - a;
    z  = (int64_t)a << 5;               /* Q15, 1.0 = quarter turn */
    z2 = (z * z) >> 15;
    /* a = 51472, b = 21024, c = 2320 in Q15 */
    r  = 2320;
    r  = 21024 - ((z2 * r) >> 15);
    r  = 51472 - ((z2 * r) >> 15);
    r  = (z * r) >> 16;                 /* Q15 * Q15 >> 16 -> Q14 */
    return (int32_t)(neg ? -r : r);
}

LAVFX_INLINE int32_t lavfx_icos(int32_t angle)
{
    return lavfx_isin(angle + LAVFX_TURN / 4);
}

#endif /* LAVFX_MATH_H */

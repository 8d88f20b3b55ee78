/*
 * Philox4x32-10 counter-based random numbers for the C cores and CUDA kernels
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
 * Philox4x32-10, the counter-based generator of J. K. Salmon et al.,
 * "Parallel random numbers: as easy as 1, 2, 3", SC11 (the one cuRAND
 * uses). A stream is named by a 64-bit key and a 3-word counter prefix
 * (for primitive: seed; frame, shape, climber), so any thread or GPU block
 * can draw the numbers of any stream without shared state: results do not
 * depend on how work is split over threads.
 */

#ifndef LAVFX_RNG_H
#define LAVFX_RNG_H

#include "lavfx_math.h"

typedef struct LavfxRng {
    uint32_t key[2];
    uint32_t ctr[4];    /**< ctr[0..2]: stream id, ctr[3]: block index */
    uint32_t out[4];
    uint32_t used;      /**< words of out[] already handed out */
} LavfxRng;

LAVFX_INLINE void lavfx_philox4x32_10(uint32_t ctr[4], const uint32_t key_in[2], uint32_t out[4])
{
    uint32_t k0 = key_in[0], k1 = key_in[1];
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    int i;
    for (i = 0; i < 10; i++) {
        uint64_t p0 = (uint64_t)0xD2511F53u * c0;
        uint64_t p1 = (uint64_t)0xCD9E8D57u * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c1 = (uint32_t)p1;
        c3 = (uint32_t)p0;
        c0 = n0;
        c2 = n2;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

/** Start the stream (seed; a, b, c) at its first number. */
LAVFX_INLINE void lavfx_rng_init(LavfxRng *r, uint64_t seed, uint32_t a, uint32_t b, uint32_t c)
{
    r->key[0] = (uint32_t)seed;
    r->key[1] = (uint32_t)(seed >> 32);
    r->ctr[0] = a;
    r->ctr[1] = b;
    r->ctr[2] = c;
    r->ctr[3] = 0;
    r->used   = 4;
}

/** Start the stream (seed; a, b, c) at its 4-word block number block: a
 *  sub-stream of (seed; a, b, c) that no draw from an earlier block reaches
 *  as long as each sub-stream draws fewer than 4 x (distance) words. */
LAVFX_INLINE void lavfx_rng_init_at(LavfxRng *r, uint64_t seed, uint32_t a, uint32_t b, uint32_t c,
                                    uint32_t block)
{
    lavfx_rng_init(r, seed, a, b, c);
    r->ctr[3] = block;
}

/** Next uniformly distributed 32-bit word of the stream. */
LAVFX_INLINE uint32_t lavfx_rng_u32(LavfxRng *r)
{
    if (r->used == 4) {
        lavfx_philox4x32_10(r->ctr, r->key, r->out);
        r->ctr[3]++;
        r->used = 0;
    }
    return r->out[r->used++];
}

/** Uniform integer in [0, n), n >= 1 (multiply-shift; bias below 2^-32 * n). */
LAVFX_INLINE int32_t lavfx_rng_range(LavfxRng *r, int32_t n)
{
    return (int32_t)(((uint64_t)lavfx_rng_u32(r) * (uint32_t)n) >> 32);
}

/**
 * Approximately normal integer with mean 0 and standard deviation sigma
 * (Irwin-Hall: the sum of four 16-bit uniforms, whose deviation is
 * 65536 * sqrt(4/12) = 37837.2; tails end at about 3.46 sigma).
 */
LAVFX_INLINE int32_t lavfx_rng_normal(LavfxRng *r, int32_t sigma)
{
    uint32_t a = lavfx_rng_u32(r), b = lavfx_rng_u32(r);
    int64_t s = (int64_t)(a & 0xffff) + (a >> 16) + (b & 0xffff) + (b >> 16) - 2 * 65536;
    return (int32_t)(s * sigma / 37837);
}

#endif /* LAVFX_RNG_H */

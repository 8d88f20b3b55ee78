/*
 * exrtonemap: what the host passes to the CUDA kernels
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
 * Kernel arguments of cuda/exrtonemap.cu, shared by the kernels (nvcc) and
 * the glue (filters/vf_exrtonemap.c, C): plain structs of 64-bit device
 * addresses and integers, laid out the same by both compilers on x86-64 and
 * aarch64. The per-pixel parameters are TmPixelParams (tonemap_pixel.h).
 */

#ifndef EXRTONEMAP_CUDA_H
#define EXRTONEMAP_CUDA_H

#include <stdint.h>

/** Threads per block of both kernels: TM_CUDA_BLOCK_W x TM_CUDA_BLOCK_H. */
#define TM_CUDA_BLOCK_W 32
#define TM_CUDA_BLOCK_H 8

/**
 * The planes of one input and one output frame, in R, G, B, A order (FFmpeg's
 * GBR order already undone). Addresses are CUdeviceptr values; an absent
 * plane (no alpha) is 0. Pitches in bytes.
 */
typedef struct TmCudaPlanes {
    uint64_t src[4];        /**< float samples, linear light */
    int64_t  src_pitch[4];
    uint64_t dst[4];        /**< uint8_t (8 bits) or uint16_t (more) samples */
    int64_t  dst_pitch[4];
    int32_t  w, h;          /**< input size */
    int32_t  ow, oh;        /**< output size (smaller at level > 0) */
} TmCudaPlanes;

#endif /* EXRTONEMAP_CUDA_H */

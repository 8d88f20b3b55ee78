/*
 * CUDA emulator for the tests: the primitive kernels as host C++
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

/* cuda/primitive.cu unchanged, each kernel registered under its name */
#include "cuda_emu.h"
#include "primitive.cu"

EMU_KERNEL(primitive_yuv_rgb);
EMU_KERNEL(primitive_downscale_h);
EMU_KERNEL(primitive_downscale_v);
EMU_KERNEL(primitive_start);
EMU_KERNEL(primitive_carry);
EMU_KERNEL(primitive_shift_sad);
EMU_KERNEL(primitive_shift_pick);
EMU_KERNEL(primitive_carried);
EMU_KERNEL(primitive_candidates);
EMU_KERNEL(primitive_climb);
EMU_KERNEL(primitive_commit);
EMU_KERNEL(primitive_geoms);
EMU_KERNEL(primitive_render);
EMU_KERNEL(primitive_smooth);
EMU_KERNEL(primitive_smooth_plane);

/*
 * lavfx benchmarks: CUDA driver API set-up shared by the kernel benchmarks
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
 * For the kernel benchmarks bench/exrtonemap_cuda.c and bench/strokerender_cuda.c
 * (each linked against CUDA's libcuda stub):
 * exit statuses 2 = no CUDA device (the scripts say "skipped"), 3 = any
 * other failure; CK() checks a driver call; cuda_bench_open() makes the
 * device's primary context current and loads a PTX file.
 */

#ifndef LAVFX_CUDA_BENCH_H
#define LAVFX_CUDA_BENCH_H

#include <cuda.h>
#include <stdio.h>
#include <stdlib.h>

#define CK(x) do { CUresult r_ = (x); if (r_ != CUDA_SUCCESS) { const char *s_ = NULL; \
    cuGetErrorString(r_, &s_); fprintf(stderr, "%s: %s\n", #x, s_ ? s_ : "?"); exit(3); } } while (0)

/**
 * Device 0 with its primary context current and the module of ptx_file
 * loaded into *mod; its name into name (size bytes). Exits 2 without a
 * device, 3 on other failures; warns when the driver is older than the
 * CUDA that wrote the PTX (the load then fails).
 */
static CUdevice cuda_bench_open(const char *ptx_file, CUmodule *mod, char *name, int size)
{
    CUdevice dev;
    CUcontext cx;
    FILE *f;
    long len;
    char *ptx;
    int n = 0, drv = 0;

    if (cuInit(0) != CUDA_SUCCESS || cuDeviceGetCount(&n) != CUDA_SUCCESS || n < 1) {
        printf("skipped: no CUDA device\n");
        exit(2);
    }
    if (!(f = fopen(ptx_file, "rb")) || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) || !(ptx = malloc(len + 1)) || fread(ptx, 1, len, f) != (size_t)len) {
        fprintf(stderr, "cannot read %s\n", ptx_file);
        exit(3);
    }
    ptx[len] = 0;
    fclose(f);
    CK(cuDriverGetVersion(&drv));
    if (drv < CUDA_VERSION)     /* nvcc writes the PTX ISA of its own version */
        fprintf(stderr, "warning: the driver supports CUDA %d.%d, the PTX was built for %d.%d\n",
                drv / 1000, drv % 1000 / 10, CUDA_VERSION / 1000, CUDA_VERSION % 1000 / 10);
    CK(cuDeviceGet(&dev, 0));
    CK(cuDeviceGetName(name, size, dev));
    CK(cuDevicePrimaryCtxRetain(&cx, dev));
    CK(cuCtxSetCurrent(cx));
    CK(cuModuleLoadData(mod, ptx));
    free(ptx);
    return dev;
}

#endif /* LAVFX_CUDA_BENCH_H */

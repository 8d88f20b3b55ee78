/*
 * CUDA emulator for the tests: checks of its barriers and shuffles
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

/*
 * Kernels whose results depend on the emulator keeping CUDA's rules: a
 * shared-memory tree reduction (wrong if __syncthreads let a thread read a
 * partial sum before it is written), a warp butterfly with __shfl_xor_sync
 * (wrong if a lane read another's value of another round), 2-D indices,
 * the driver's grid limit, stream order (a kernel's writes are seen only
 * once the host waits for them, a copy on a non-blocking stream does not
 * wait for the legacy stream, an event does, a copy from host memory reads
 * it when called, blocking streams and the legacy stream's barrier, events
 * outliving their stream); then, in child processes, a shuffle that half
 * the warp skips, a host write to device memory and a kernel writing past
 * an allocation, which must stop the process with the emulator's message.
 * Prints "N passed, M failed".
 */

#include <ffnvcodec/dynlink_cuda.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cuda_emu.h"

extern "C" CUresult cuCtxCreate_v2(CUcontext *, unsigned int, CUdevice);
extern "C" CUresult cuModuleGetFunction(CUfunction *, CUmodule, const char *);
extern "C" CUresult cuLaunchKernel(CUfunction, unsigned int, unsigned int, unsigned int, unsigned int,
                                   unsigned int, unsigned int, unsigned int, CUstream, void **, void **);
extern "C" CUresult cuStreamSynchronize(CUstream);
extern "C" CUresult cuStreamCreate(CUstream *, unsigned int);
extern "C" CUresult cuStreamDestroy_v2(CUstream);
extern "C" CUresult cuEventCreate(CUevent *, unsigned int);
extern "C" CUresult cuEventRecord(CUevent, CUstream);
extern "C" CUresult cuEventSynchronize(CUevent);
extern "C" CUresult cuEventDestroy_v2(CUevent);
extern "C" CUresult cuMemAlloc_v2(CUdeviceptr *, size_t);
extern "C" CUresult cuMemFree_v2(CUdeviceptr);
extern "C" CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr, const void *, size_t, CUstream);
extern "C" CUresult cuMemcpyDtoHAsync_v2(void *, CUdeviceptr, size_t, CUstream);
extern "C" CUresult cuMemsetD8Async(CUdeviceptr, unsigned char, size_t, CUstream);
extern "C" CUresult cuMemcpyDtoD_v2(CUdeviceptr, CUdeviceptr, size_t);
extern "C" CUresult cuMemcpyDtoH_v2(void *, CUdeviceptr, size_t);

/* out[block] = the sum of in[block * 256 + 0 .. 255], by halving in shared memory */
__global__ void self_tree_sum(const int *in, int *out)
{
    __shared__ int s[256];
    int t = threadIdx.x, k;
    s[t] = in[blockIdx.x * 256 + t];
    __syncthreads();
    for (k = 128; k > 0; k /= 2) {
        if (t < k)
            s[t] += s[t + k];
        __syncthreads();
    }
    if (!t)
        out[blockIdx.x] = s[0];
}

/* out[i] = the sum of in over i's warp, in every lane (butterfly) */
__global__ void self_warp_sum(const int *in, int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x, v = in[i], m;
    for (m = 16; m > 0; m /= 2)
        v += __shfl_xor_sync(0xffffffffu, v, m);
    out[i] = v;
}

/* out[i] = the sum of in over i's warp up to lane i (a __shfl_up_sync scan:
 * lanes below m get their own value back and add nothing) */
__global__ void self_warp_scan(const int *in, int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x, v = in[i], m, o;
    for (m = 1; m < 32; m *= 2) {
        o = __shfl_up_sync(0xffffffffu, v, m);
        if ((int)(threadIdx.x & 31) >= m)
            v += o;
    }
    out[i] = v;
}

/* out[i] = whether any lane of i's warp holds a value above 45 (odd warps
 * only: the even ones all say no), written after a __syncwarp by the lane
 * beside it */
__global__ void self_warp_any(const int *in, int *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x, any = __any_sync(0xffffffffu, in[i] > 45 && (i & 32));
    out[i ^ 1] = -1;
    __syncwarp();
    out[i] = any;
}

/* out[y * w + x] = x + 1000 y over a 2-D grid of 2-D blocks */
__global__ void self_index(int *out, int w, int h)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < w && y < h)
        out[y * w + x] = x + 1000 * y;
}

/* a full-warp shuffle that half the warp skips (for a __syncthreads) */
__global__ void self_divergent(int *out)
{
    int v = threadIdx.x;
    if (threadIdx.x < 16)
        v = __shfl_xor_sync(0xffffffffu, v, 1);
    __syncthreads();
    out[threadIdx.x] = v;
}

EMU_KERNEL(self_tree_sum);
EMU_KERNEL(self_warp_sum);
EMU_KERNEL(self_warp_scan);
EMU_KERNEL(self_warp_any);
EMU_KERNEL(self_index);
EMU_KERNEL(self_divergent);

static int pass, fail;

static void check(int ok, const char *name)
{
    printf("%s %s\n", ok ? "ok" : "FAIL", name);
    ok ? pass++ : fail++;
}

static CUfunction fn(const char *name)
{
    CUfunction f = NULL;
    cuModuleGetFunction(&f, NULL, name);
    return f;
}

/* Runs body in a child process (stderr silenced), which must stop with
 * SIGABRT: the emulator's reaction to a broken rule. */
static void check_aborts(void (*body)(void), const char *name)
{
    pid_t pid;
    int status = 0;
    fflush(stdout);
    if ((pid = fork()) == 0) {
        freopen("/dev/null", "w", stderr);
        body();
        _exit(0);
    }
    waitpid(pid, &status, 0);
    check(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, name);
}

int main(void)
{
    static int in[4 * 256], out[4 * 256], idx[37 * 21];
    int *pin = in, *pout = out, *pidx = idx, w = 37, h = 21, i, b, ok;
    void *args2[] = { &pin, &pout }, *args3[] = { &pidx, &w, &h };
    CUcontext c;

    cuCtxCreate_v2(&c, 0, 0);
    for (i = 0; i < 4 * 256; i++)
        in[i] = i * 7 % 101 - 50;

    cuLaunchKernel(fn("self_tree_sum"), 4, 1, 1, 256, 1, 1, 0, NULL, args2, NULL);
    cuStreamSynchronize(NULL);
    for (b = 0, ok = 1; b < 4; b++) {
        int sum = 0;
        for (i = 0; i < 256; i++)
            sum += in[b * 256 + i];
        ok &= out[b] == sum;
    }
    check(ok, "a shared-memory reduction with __syncthreads sums each block");

    cuLaunchKernel(fn("self_warp_sum"), 2, 1, 1, 128, 1, 1, 0, NULL, args2, NULL);
    cuStreamSynchronize(NULL);
    for (i = 0, ok = 1; i < 256; i++) {
        int sum = 0, j;
        for (j = i & ~31; j < (i & ~31) + 32; j++)
            sum += in[j];
        ok &= out[i] == sum;
    }
    check(ok, "a __shfl_xor_sync butterfly gives each lane its warp's sum");

    cuLaunchKernel(fn("self_warp_scan"), 2, 1, 1, 128, 1, 1, 0, NULL, args2, NULL);
    cuStreamSynchronize(NULL);
    for (i = 0, ok = 1; i < 256; i++) {
        int sum = 0, j;
        for (j = i & ~31; j <= i; j++)
            sum += in[j];
        ok &= out[i] == sum;
    }
    check(ok, "a __shfl_up_sync scan gives each lane its warp's sum up to it");

    cuLaunchKernel(fn("self_warp_any"), 2, 1, 1, 128, 1, 1, 0, NULL, args2, NULL);
    cuStreamSynchronize(NULL);
    for (i = 0, ok = 1, b = 0; i < 256; i++) {
        int any = 0, j;
        for (j = i & ~31; j < (i & ~31) + 32; j++)
            any |= in[j] > 45 && (j & 32);
        ok &= out[i] == any;
        b += any;
    }
    check(ok && b > 0 && b < 256, "__any_sync is each warp's OR (some warps true, some false), "
          "and __syncwarp orders the writes of a warp's lanes");

    memset(idx, 0xff, sizeof(idx));
    cuLaunchKernel(fn("self_index"), 3, 3, 1, 16, 8, 1, 0, NULL, args3, NULL);
    w = h = 0;                  /* the launch copied its parameters */
    check(idx[0] == -1, "a kernel's writes are not there before the host waits for them");
    cuStreamSynchronize(NULL);
    w = 37;
    h = 21;
    for (i = 0, ok = 1; i < w * h; i++)
        ok &= idx[i] == i % w + 1000 * (i / w);
    check(ok, "2-D grid and block indices cover a 37x21 image once each");

    check(cuLaunchKernel(fn("self_index"), 1, 70000, 1, 1, 1, 1, 0, NULL, args3, NULL) != CUDA_SUCCESS,
          "a grid of more than 65535 blocks in y is refused, as by the driver");

    {
        /* device buffer dev: 0s copied in, then the kernel writes indices */
        CUdeviceptr dev;
        CUstream side;
        CUevent done;
        int *pdev, got[4] = { 0 }, zeros[4] = { 0 }, dw = 4, dh = 1;
        void *argsd[] = { &pdev, &dw, &dh };
        cuMemAlloc_v2(&dev, sizeof(got));
        pdev = (int *)(uintptr_t)dev;
        cuStreamCreate(&side, CU_STREAM_NON_BLOCKING);
        cuEventCreate(&done, 0);
        cuMemcpyHtoDAsync_v2(dev, zeros, sizeof(zeros), NULL);
        zeros[3] = 99;          /* after the call: not copied */
        cuLaunchKernel(fn("self_index"), 1, 1, 1, 4, 1, 1, 0, NULL, argsd, NULL);
        cuEventRecord(done, NULL);
        cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), side);
        check(got[3] == (int)0xa5a5a5a5, "a copy on a non-blocking stream does not wait for the legacy stream");
        cuEventSynchronize(done);
        cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), side);
        check(got[3] == 3, "after an event's wait, the work before it is done");
        cuMemcpyHtoDAsync_v2(dev, zeros, sizeof(zeros), side);
        zeros[0] = 7;
        cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), side);
        check(got[3] == 99 && got[0] == 0, "a copy to the device reads host memory when called");

        /* two blocking streams are not ordered against each other, the
         * legacy stream is a barrier for both */
        CUstream a, b, c;
        cuStreamCreate(&a, 0);
        cuStreamCreate(&b, 0);
        cuMemsetD8Async(dev, 1, sizeof(got), a);
        cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), b);
        check(got[0] == 0, "a copy on a blocking stream does not wait for another blocking stream");
        cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), NULL);
        check(got[0] == 0x01010101, "a copy on the legacy stream waits for the blocking streams");
        cuMemsetD8Async(dev, 2, sizeof(got), NULL);
        cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), b);
        check(got[0] == 0x02020202, "a blocking stream's copy waits for the legacy stream");

        /* recording an event again runs nothing; an event outlives its stream */
        cuMemsetD8Async(dev, 3, sizeof(got), NULL);
        cuEventRecord(done, NULL);
        cuEventRecord(done, NULL);
        cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), side);
        check(got[0] == 0x02020202, "recording an event runs none of the work before it");
        cuEventRecord(done, a);
        cuStreamDestroy_v2(a);
        cuStreamCreate(&c, 0);      /* may reuse a's address */
        cuEventSynchronize(done);
        cuEventRecord(done, c);
        cuEventSynchronize(done);
        check(1, "an event recorded on a destroyed stream can be waited for and recorded again");
        /* a synchronous device-to-device copy is queued too */
        {
            CUdeviceptr dev2;
            cuMemAlloc_v2(&dev2, sizeof(got));
            cuMemsetD8Async(dev2, 5, sizeof(got), NULL);
            cuStreamSynchronize(NULL);
            cuMemcpyDtoD_v2(dev, dev2, sizeof(got));
            cuMemcpyDtoHAsync_v2(got, dev, sizeof(got), side);
            check(got[0] == 0x03030303, "a synchronous device-to-device copy is not done before a wait");
            cuMemFree_v2(dev2);
        }

        cuStreamDestroy_v2(b);
        cuStreamDestroy_v2(c);
        cuEventDestroy_v2(done);
        cuStreamDestroy_v2(side);
        cuMemFree_v2(dev);
    }

    check_aborts([] {
        static int out32[32];
        int *p = out32;
        void *args[] = { &p };
        cuLaunchKernel(fn("self_divergent"), 1, 1, 1, 32, 1, 1, 0, NULL, args, NULL);
        cuStreamSynchronize(NULL);
    }, "a full-warp shuffle that half the warp skips stops the process");
    check_aborts([] {
        CUdeviceptr dev;
        cuMemAlloc_v2(&dev, 64);
        ((volatile int *)(uintptr_t)dev)[3] = 1;    /* a CUDA pointer taken for host memory */
    }, "the host writing device memory outside a kernel or copy stops the process");
    check_aborts([] {
        CUdeviceptr dev, dev2;
        cuMemAlloc_v2(&dev, 64);
        cuMemAlloc_v2(&dev2, 64);
        cuMemcpyDtoH_v2((void *)(uintptr_t)dev2, dev, 64);     /* a CUDA pointer given for a host one */
    }, "a copy to the host into device memory stops the process");
    check_aborts([] {
        CUdeviceptr dev;
        int *pdev, dw = 2048, dh = 1;
        void *argsd[] = { &pdev, &dw, &dh };
        cuMemAlloc_v2(&dev, 100);
        pdev = (int *)(uintptr_t)dev;
        cuLaunchKernel(fn("self_index"), 16, 1, 1, 128, 1, 1, 0, NULL, argsd, NULL);   /* 8 KiB into 100 bytes */
        cuStreamSynchronize(NULL);
    }, "a kernel writing past an allocation's page stops the process (guard page)");

    printf("%d passed, %d failed\n", pass, fail);
    return fail != 0;
}

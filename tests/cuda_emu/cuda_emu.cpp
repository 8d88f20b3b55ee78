/*
 * CUDA emulator for the tests: a libcuda.so.1 that runs kernels on the CPU
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
 * The part of the CUDA driver API that FFmpeg's CUDA loader (ffnvcodec's
 * dynlink_loader.h) resolves, for a test run without a GPU: "device" memory
 * is host memory (every copy checked to stay inside one allocation), copies
 * are memcpy, work on a stream runs in order but only when the host waits
 * for it (see "streams" below), and cuLaunchKernel runs the kernel compiled from cuda/ as host C++
 * (kernels_*.cpp, registered by name; the PTX given to cuModuleLoadData is
 * not read). Every block runs after the other; within a block each thread
 * is a coroutine (started with ucontext on its own stack, then switched
 * with _setjmp and _longjmp, which save no signal mask: no system call per
 * switch) that runs until it returns or reaches a barrier
 * (__syncthreads, or a warp shuffle), where it waits for the others, so
 * shared memory and barriers behave as on a GPU. A barrier that the
 * threads cannot all reach (a divergent __syncthreads, a shuffle that half
 * a warp skips) stops the process with a message.
 *
 * The device it reports is named "lavfx CUDA emulator (CPU)", so a test can
 * say what it ran on. Entry points FFmpeg resolves but lavfx never calls
 * return CUDA_ERROR_NOT_SUPPORTED.
 */

#include <ffnvcodec/dynlink_cuda.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <time.h>
#include <ucontext.h>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "cuda_emu.h"

#define EMU_NAME "lavfx CUDA emulator (CPU)"
#define EMU_STACK (1 << 20)         /* per thread: kernels keep their scratch on the stack */
#define EMU_MAX_THREADS 1024
#define ERR_INVALID_VALUE 1
#define ERR_NOT_FOUND 500
#define ERR_NOT_SUPPORTED 801

EmuDim3 emu_threadIdx, emu_blockIdx, emu_blockDim, emu_gridDim;

/* ------------------------------------------------------------ kernels */

struct EmuEntry { const char *name; EmuKernel fn; size_t nb_args; const size_t *sizes; };

static std::vector<EmuEntry> &registry(void)
{
    static std::vector<EmuEntry> r;
    return r;
}

EmuRegister::EmuRegister(const char *name, EmuKernel fn, size_t nb_args, const size_t *sizes)
{
    registry().push_back({ name, fn, nb_args, sizes });
}

/* ---------------------------------------------------------- scheduler */

enum EmuState { EMU_READY, EMU_AT_SYNC, EMU_AT_SHFL, EMU_DONE };

struct EmuThread {
    ucontext_t ctx;                 /* its start */
    jmp_buf jb;                     /* where it waits */
    int started;
    EmuDim3 idx;
    EmuState state;
    unsigned shfl_round;            /* shuffles this thread has made */
};

static pthread_mutex_t emu_lock = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf emu_main;
static EmuThread emu_threads[EMU_MAX_THREADS];
static char *emu_stacks;
static int emu_cur, emu_nthreads;
static EmuKernel emu_fn;
static const char *emu_kernel = "";  /* the running kernel's name, for messages */
static void **emu_params;
/* shuffle slots: [round parity][thread]; a thread can be one round ahead */
static uint64_t emu_shfl_slot[2][EMU_MAX_THREADS];

static void emu_fail(const char *what)
{
    fprintf(stderr, "%s: %s (kernel %s, block %u,%u,%u, thread %u,%u,%u)\n", EMU_NAME, what, emu_kernel,
            emu_blockIdx.x, emu_blockIdx.y, emu_blockIdx.z, emu_threadIdx.x, emu_threadIdx.y, emu_threadIdx.z);
    abort();
}

static void emu_entry(void)
{
    emu_fn(emu_params);
    emu_threads[emu_cur].state = EMU_DONE;
    _longjmp(emu_main, 1);          /* never returns: its stack is dropped */
}

static void emu_wait(EmuState s)
{
    emu_threads[emu_cur].state = s;
    if (!_setjmp(emu_threads[emu_cur].jb))
        _longjmp(emu_main, 1);
    emu_threadIdx = emu_threads[emu_cur].idx;
}

void emu_syncthreads(void)
{
    emu_wait(EMU_AT_SYNC);
}

int emu_lane(void)
{
    return emu_cur & 31;
}

uint64_t emu_shfl(uint64_t v, int src_lane)
{
    EmuThread *t = &emu_threads[emu_cur];
    int lane = emu_cur & 31, src = emu_cur - lane + (src_lane & 31);
    unsigned r = t->shfl_round++ & 1;
    emu_shfl_slot[r][emu_cur] = v;
    emu_wait(EMU_AT_SHFL);
    /* the source lane made this shuffle too (it may have gone on since) */
    if (src >= emu_nthreads || emu_threads[src].shfl_round < t->shfl_round)
        emu_fail("a shuffle with a lane that did not make it (returned, or past the block's end)");
    return emu_shfl_slot[r][src];
}

/* Runs thread i until it returns or waits. */
static __attribute__((noinline)) void emu_resume(int i)
{
    emu_cur = i;
    emu_threadIdx = emu_threads[i].idx;
    if (!_setjmp(emu_main)) {
        if (!emu_threads[i].started) {
            emu_threads[i].started = 1;
            setcontext(&emu_threads[i].ctx);
        }
        _longjmp(emu_threads[i].jb, 1);
    }
}

/* Runs one block: every thread until all have returned. */
static void emu_block(void)
{
    int i, w, running;
    for (i = 0; i < emu_nthreads; i++) {
        EmuThread *t = &emu_threads[i];
        t->idx.x = i % emu_blockDim.x;
        t->idx.y = i / emu_blockDim.x % emu_blockDim.y;
        t->idx.z = i / (emu_blockDim.x * emu_blockDim.y);
        t->state = EMU_READY;
        t->shfl_round = 0;
        t->started = 0;
        getcontext(&t->ctx);
        t->ctx.uc_stack.ss_sp = emu_stacks + (size_t)i * EMU_STACK;
        t->ctx.uc_stack.ss_size = EMU_STACK;
        t->ctx.uc_link = NULL;
        makecontext(&t->ctx, emu_entry, 0);
    }
    for (;;) {
        for (i = 0; i < emu_nthreads; i++)
            if (emu_threads[i].state == EMU_READY)
                emu_resume(i);
        running = 0;
        /* a warp whose every live lane is at a shuffle goes on */
        for (w = 0; w < emu_nthreads; w += 32) {
            int n = 0, at = 0;
            for (i = w; i < w + 32 && i < emu_nthreads; i++) {
                n  += emu_threads[i].state != EMU_DONE;
                at += emu_threads[i].state == EMU_AT_SHFL;
            }
            if (n && at == n) {
                for (i = w; i < w + 32 && i < emu_nthreads; i++)
                    if (emu_threads[i].state == EMU_AT_SHFL)
                        emu_threads[i].state = EMU_READY;
                running = 1;
            }
        }
        if (running)
            continue;
        /* the block goes on when every live thread is at __syncthreads */
        {
            int n = 0, at = 0;
            for (i = 0; i < emu_nthreads; i++) {
                n  += emu_threads[i].state != EMU_DONE;
                at += emu_threads[i].state == EMU_AT_SYNC;
            }
            if (!n)
                return;
            if (at != n)
                emu_fail("threads wait at different barriers (a divergent __syncthreads or shuffle)");
            for (i = 0; i < emu_nthreads; i++)
                if (emu_threads[i].state == EMU_AT_SYNC)
                    emu_threads[i].state = EMU_READY;
        }
    }
}

/* ------------------------------------------------------------ driver */

#define API extern "C" __attribute__((visibility("default")))

struct CUmod_st { int unused; };
static CUmod_st emu_module;
struct CUctx_st { int unused; };
static CUctx_st emu_ctx;
static thread_local int emu_ctx_depth;  /* per host thread, as CUDA's context stack */

API CUresult cuInit(unsigned int) { return CUDA_SUCCESS; }
API CUresult cuDeviceGetCount(int *n) { *n = 1; return CUDA_SUCCESS; }
API CUresult cuDeviceGet(CUdevice *d, int ordinal)
{
    if (ordinal != 0)
        return (CUresult)ERR_INVALID_VALUE;
    *d = 0;
    return CUDA_SUCCESS;
}
API CUresult cuDeviceGetName(char *name, int len, CUdevice)
{
    snprintf(name, len, "%s", EMU_NAME);
    return CUDA_SUCCESS;
}
API CUresult cuDeviceGetAttribute(int *v, CUdevice_attribute a, CUdevice)
{
    *v = (int)a == 14 ? 512 : 0;    /* CU_DEVICE_ATTRIBUTE_TEXTURE_ALIGNMENT */
    return CUDA_SUCCESS;
}
API CUresult cuDeviceGetUuid(CUuuid *u, CUdevice)
{
    memset(u, 0, sizeof(*u));
    return CUDA_SUCCESS;
}
API CUresult cuDeviceComputeCapability(int *major, int *minor, CUdevice)
{
    *major = 7;                     /* what the PTX is built for (compute_75) */
    *minor = 5;
    return CUDA_SUCCESS;
}
API CUresult cuCtxCreate_v2(CUcontext *c, unsigned int, CUdevice) { *c = &emu_ctx; emu_ctx_depth++; return CUDA_SUCCESS; }
API CUresult cuDevicePrimaryCtxRetain(CUcontext *c, CUdevice) { *c = &emu_ctx; return CUDA_SUCCESS; }
API CUresult cuDevicePrimaryCtxRelease(CUdevice) { return CUDA_SUCCESS; }
API CUresult cuDevicePrimaryCtxSetFlags(CUdevice, unsigned int) { return CUDA_SUCCESS; }
API CUresult cuDevicePrimaryCtxGetState(CUdevice, unsigned int *f, int *active) { *f = 0; *active = 0; return CUDA_SUCCESS; }
API CUresult cuDevicePrimaryCtxReset(CUdevice) { return CUDA_SUCCESS; }
API CUresult cuCtxSetLimit(int, size_t) { return CUDA_SUCCESS; }
API CUresult cuCtxPushCurrent_v2(CUcontext c)
{
    if (c != &emu_ctx)
        return (CUresult)ERR_INVALID_VALUE;
    emu_ctx_depth++;
    return CUDA_SUCCESS;
}
API CUresult cuCtxPopCurrent_v2(CUcontext *c)
{
    if (emu_ctx_depth <= 0)
        emu_fail("cuCtxPopCurrent without a current context (unpaired push and pop)");
    emu_ctx_depth--;
    if (c)
        *c = &emu_ctx;
    return CUDA_SUCCESS;
}
API CUresult cuCtxDestroy_v2(CUcontext) { return CUDA_SUCCESS; }
API CUresult cuCtxSetCurrent(CUcontext c)
{
    emu_ctx_depth = c ? (emu_ctx_depth ? emu_ctx_depth : 1) : 0;
    return CUDA_SUCCESS;
}
API CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) { return CUDA_SUCCESS; }
API CUresult cuDriverGetVersion(int *v) { *v = 13000; return CUDA_SUCCESS; }
API CUresult cuCtxGetDevice(CUdevice *d) { *d = 0; return CUDA_SUCCESS; }

static CUresult emu_need_ctx(const char *call)
{
    if (emu_ctx_depth <= 0) {
        fprintf(stderr, "%s: %s without a current context\n", EMU_NAME, call);
        abort();
    }
    return CUDA_SUCCESS;
}

/* ----------------------------------------------------- device memory */

/* Device allocations by address (their sizes), each its own mapping, which
 * the host cannot touch but while the emulator runs device work: a filter
 * that reads or writes a device pointer on the host (a CUDA frame's data
 * taken for a software one) stops with a message, as it would crash on a
 * GPU's memory instead of running on the emulator's. A guard page after
 * each stops a kernel or copy that runs past the end's page. (The map is
 * read by the signal handler without the lock: a test tool's shortcut.) */
static std::map<uintptr_t, size_t> emu_allocs;
static int emu_device_open;             /* nesting of emu_device_access(1) */

static size_t emu_pages(size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (n + page - 1) / page * page;
}

/* on: lets the host's code (the emulator's copies and kernels) at device
 * memory; off: closes it again (calls nest). */
static void emu_device_access(int on)
{
    if (on ? emu_device_open++ : --emu_device_open)
        return;
    for (const auto &a : emu_allocs)
        mprotect((void *)a.first, emu_pages(a.second), on ? PROT_READ | PROT_WRITE : PROT_NONE);
}

static void emu_segv(int sig, siginfo_t *si, void *)
{
    static const char touched[] = EMU_NAME ": the host touched device memory (a CUDA pointer "
                                  "dereferenced outside a kernel or a cuMemcpy)\n";
    static const char past[] = EMU_NAME ": a kernel or copy went past the end of a device allocation\n";
    uintptr_t p = (uintptr_t)si->si_addr;
    std::map<uintptr_t, size_t>::iterator it = emu_allocs.upper_bound(p);
    if (it != emu_allocs.begin()) {
        size_t end = (--it)->first + emu_pages(it->second);
        if (p < end + emu_pages(1)) {
            ssize_t r = p < end ? write(2, touched, sizeof(touched) - 1) : write(2, past, sizeof(past) - 1);
            (void)r;
            abort();
        }
    }
    signal(sig, SIG_DFL);               /* not device memory: the usual crash */
}

__attribute__((constructor)) static void emu_install_segv(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = emu_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    if (sigaction(SIGSEGV, NULL, &old) == 0 && old.sa_handler == SIG_DFL)
        sigaction(SIGSEGV, &sa, NULL);  /* not over a sanitizer's */
}

/* ------------------------------------------------------------ streams */

/* Work queued on a stream runs only when the host has to see its effects:
 * at cuStreamSynchronize, cuEventSynchronize (up to the event), a copy to
 * host memory (which returns once the copy is done, as from pageable memory
 * on CUDA), a synchronous copy, cuMemFree or cuModuleUnload. So glue that
 * reads a result without waiting for the work that makes it gets stale
 * memory, as it can on a GPU, and its test against the CPU fails. A copy
 * from host memory reads it when called (the driver stages pageable memory
 * before returning), and cuLaunchKernel copies the kernel's parameters.
 * Each stream has its own queue. The legacy stream (NULL) is a barrier for
 * streams made without CU_STREAM_NON_BLOCKING, as in CUDA: its work runs
 * after theirs queued before it, and theirs after its queued before. A
 * queue that holds more than EMU_MAX_STAGED bytes of staged copies runs
 * its oldest work (a GPU may finish work at any time).
 *
 * Not modelled (more lenient than a GPU): CU_STREAM_PER_THREAD is the
 * legacy stream; a kernel may read host memory through a pointer; the
 * threads' stacks have no guard pages. */
#define EMU_MAX_STAGED ((size_t)256 << 20)

struct EmuOp { std::function<void()> run; size_t staged; };
struct EmuQueue {
    std::deque<EmuOp> ops;
    uint64_t queued = 0, done = 0;
    size_t staged = 0;              /* bytes of host memory its copies hold */
    int blocking = 0;               /* ordered against the legacy stream */
    int destroyed = 0;              /* its stream is gone; dropped once empty */
};
typedef std::shared_ptr<EmuQueue> EmuQueueRef;
struct CUstream_st { EmuQueueRef q; };
struct CUevent_st {
    std::weak_ptr<EmuQueue> q;      /* where it was last recorded */
    uint64_t seq = 0;               /* the work queued there before it */
    std::shared_ptr<struct timespec> t = std::make_shared<struct timespec>();
};
static const EmuQueueRef emu_legacy = std::make_shared<EmuQueue>();
static std::set<EmuQueueRef> emu_queues = { emu_legacy };  /* streams' and destroyed ones' with work */
static std::recursive_mutex emu_api;    /* the queues, and the work they run */

static EmuQueue *emu_queue(CUstream s)
{
    /* NULL, CU_STREAM_LEGACY (1) and CU_STREAM_PER_THREAD (2): the
     * legacy stream (the emulator runs one host thread's work at a time) */
    return (uintptr_t)s <= 2 ? emu_legacy.get() : s->q.get();
}

/* Runs q's work until seq items of it have run. */
static void emu_run_until(EmuQueue *q, uint64_t seq)
{
    seq = std::min(seq, q->queued);
    if (q->done >= seq)
        return;
    emu_device_access(1);
    while (q->done < seq) {
        EmuOp op = std::move(q->ops.front());
        q->ops.pop_front();
        op.run();
        q->staged -= op.staged;
        q->done++;
    }
    emu_device_access(0);
}

static void emu_drain(EmuQueue *q)
{
    emu_run_until(q, q->queued);
}

/* Runs what a copy on q made now must come after: q's work, and the
 * work the legacy stream's barrier orders before it. */
static void emu_drain_before(EmuQueue *q)
{
    emu_drain(q);
    if (q == emu_legacy.get()) {
        for (const EmuQueueRef &b : emu_queues)
            if (b->blocking)
                emu_drain(b.get());
    } else if (q->blocking) {
        emu_drain(emu_legacy.get());
    }
}

static void emu_drain_all(void)
{
    for (std::set<EmuQueueRef>::iterator it = emu_queues.begin(); it != emu_queues.end();) {
        emu_drain(it->get());
        it = (*it)->destroyed ? emu_queues.erase(it) : std::next(it);
    }
}

/* Queues op on q (staged: bytes of host memory it holds), after the work
 * the legacy stream's barrier orders it after. */
static void emu_enqueue(EmuQueue *q, std::function<void()> op, size_t staged = 0)
{
    std::function<void()> run = std::move(op);
    if (q == emu_legacy.get()) {
        /* after the blocking streams' work queued so far */
        std::vector<std::pair<std::weak_ptr<EmuQueue>, uint64_t>> before;
        for (const EmuQueueRef &b : emu_queues)
            if (b->blocking && b->queued > b->done)
                before.push_back({ b, b->queued });
        if (!before.empty())
            run = [before, run] {
                for (const auto &b : before)
                    if (EmuQueueRef r = b.first.lock())
                        emu_run_until(r.get(), b.second);
                run();
            };
    } else if (q->blocking && emu_legacy->queued > emu_legacy->done) {
        uint64_t n = emu_legacy->queued;   /* after the legacy stream's work so far */
        run = [n, run] { emu_run_until(emu_legacy.get(), n); run(); };
    }
    q->ops.push_back({ std::move(run), staged });
    q->queued++;
    q->staged += staged;
    while (q->staged > EMU_MAX_STAGED)
        emu_run_until(q, q->done + 1);
}

/* ------------------------------------------------------------ memory */

/* Stops the process when [p, p + n) is not inside one device allocation. */
static void emu_check_range(const char *call, uintptr_t p, size_t n)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    std::map<uintptr_t, size_t>::iterator it = emu_allocs.upper_bound(p);
    if (it == emu_allocs.begin() || (--it, p + n > it->first + it->second)) {
        fprintf(stderr, "%s: %s: %zu bytes at 0x%jx are not inside one device allocation\n",
                EMU_NAME, call, n, (uintmax_t)p);
        abort();
    }
}

API CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t n)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    void *m;
    emu_need_ctx("cuMemAlloc");
    if (!n)
        return (CUresult)ERR_INVALID_VALUE;
    m = mmap(NULL, emu_pages(n) + emu_pages(1), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return (CUresult)2;         /* CUDA_ERROR_OUT_OF_MEMORY */
    mprotect((char *)m + emu_pages(n), emu_pages(1), PROT_NONE);   /* the guard page */
    memset(m, 0xa5, n);             /* as uninitialised as device memory */
    if (!emu_device_open)
        mprotect(m, emu_pages(n), PROT_NONE);
    *p = (CUdeviceptr)(uintptr_t)m;
    emu_allocs[(uintptr_t)m] = n;
    return CUDA_SUCCESS;
}
API CUresult cuMemAllocPitch_v2(CUdeviceptr *p, size_t *pitch, size_t w, size_t h, unsigned int)
{
    *pitch = (w + 511) & ~(size_t)511;
    return cuMemAlloc_v2(p, *pitch * h);
}
API CUresult cuMemFree_v2(CUdeviceptr p)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    std::map<uintptr_t, size_t>::iterator it;
    emu_drain_all();                /* the work queued may still use it */
    if ((it = emu_allocs.find((uintptr_t)p)) == emu_allocs.end())
        return (CUresult)ERR_INVALID_VALUE;     /* not an allocation's start */
    munmap((void *)(uintptr_t)p, emu_pages(it->second) + emu_pages(1));
    emu_allocs.erase(it);
    return CUDA_SUCCESS;
}
API CUresult cuMemsetD8Async(CUdeviceptr p, unsigned char v, size_t n, CUstream s)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    emu_need_ctx("cuMemsetD8Async");
    if (!n)
        return CUDA_SUCCESS;
    emu_check_range("cuMemsetD8", (uintptr_t)p, n);
    emu_enqueue(emu_queue(s), [=] { memset((void *)(uintptr_t)p, v, n); });
    return CUDA_SUCCESS;
}
/* asynchronous to the host too, for device memory */
API CUresult cuMemsetD8_v2(CUdeviceptr p, unsigned char v, size_t n) { return cuMemsetD8Async(p, v, n, NULL); }
#define DPTR(p) ((void *)(uintptr_t)(p))

/* Stops the process when host range [p, p + n) is device memory (a CUDA
 * pointer given as a host one). */
static void emu_check_host(const char *call, const void *p, size_t n)
{
    std::map<uintptr_t, size_t>::iterator it = emu_allocs.upper_bound((uintptr_t)p + n - 1);
    if (it != emu_allocs.begin() && (--it, (uintptr_t)p < it->first + emu_pages(it->second) + emu_pages(1))) {
        fprintf(stderr, "%s: %s: the host memory at 0x%jx is device memory (a CUDA pointer given "
                "for a host one)\n", EMU_NAME, call, (uintptr_t)p);
        abort();
    }
}

/* A copy of n bytes on stream st; d and s say whether dst and src are
 * device memory, which must stay inside one allocation. A copy to device
 * memory is queued, synchronous or not (host memory is read now: the
 * driver stages pageable memory; a synchronous one from host memory comes
 * after the work queued before it, as CUDA syncs the stream first); a copy
 * to host memory runs now, after the work queued before it. */
static CUresult emu_copy(void *dst, const void *src, size_t n, int d, int s, const char *call,
                         CUstream st, int async)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    EmuQueue *q = emu_queue(st);
    emu_need_ctx(call);
    if (!n)
        return CUDA_SUCCESS;
    d ? emu_check_range(call, (uintptr_t)dst, n) : emu_check_host(call, dst, n);
    s ? emu_check_range(call, (uintptr_t)src, n) : emu_check_host(call, src, n);
    if (d && s) {
        emu_enqueue(q, [=] { memmove(dst, src, n); });
    } else if (d) {
        std::shared_ptr<std::vector<char>> staged =
            std::make_shared<std::vector<char>>((const char *)src, (const char *)src + n);
        if (!async)
            emu_drain_before(q);
        emu_enqueue(q, [=] { memcpy(dst, staged->data(), n); }, n);
    } else {
        emu_drain_before(q);
        emu_device_access(1);
        memmove(dst, src, n);
        emu_device_access(0);
    }
    return CUDA_SUCCESS;
}
API CUresult cuMemcpy(CUdeviceptr d, CUdeviceptr s, size_t n) { return emu_copy(DPTR(d), DPTR(s), n, 1, 1, "cuMemcpy", NULL, 0); }
API CUresult cuMemcpyAsync(CUdeviceptr d, CUdeviceptr s, size_t n, CUstream st) { return emu_copy(DPTR(d), DPTR(s), n, 1, 1, "cuMemcpyAsync", st, 1); }
API CUresult cuMemcpyHtoD_v2(CUdeviceptr d, const void *s, size_t n) { return emu_copy(DPTR(d), s, n, 1, 0, "cuMemcpyHtoD", NULL, 0); }
API CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr d, const void *s, size_t n, CUstream st) { return emu_copy(DPTR(d), s, n, 1, 0, "cuMemcpyHtoDAsync", st, 1); }
API CUresult cuMemcpyDtoH_v2(void *d, CUdeviceptr s, size_t n) { return emu_copy(d, DPTR(s), n, 0, 1, "cuMemcpyDtoH", NULL, 0); }
API CUresult cuMemcpyDtoHAsync_v2(void *d, CUdeviceptr s, size_t n, CUstream st) { return emu_copy(d, DPTR(s), n, 0, 1, "cuMemcpyDtoHAsync", st, 1); }
API CUresult cuMemcpyDtoD_v2(CUdeviceptr d, CUdeviceptr s, size_t n) { return emu_copy(DPTR(d), DPTR(s), n, 1, 1, "cuMemcpyDtoD", NULL, 0); }
API CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr d, CUdeviceptr s, size_t n, CUstream st) { return emu_copy(DPTR(d), DPTR(s), n, 1, 1, "cuMemcpyDtoDAsync", st, 1); }
/* A 2-D copy, queued or run as emu_copy's. */
static CUresult emu_copy2d(const CUDA_MEMCPY2D *c, CUstream st, int async)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    const int sdev = c->srcMemoryType != CU_MEMORYTYPE_HOST, ddev = c->dstMemoryType != CU_MEMORYTYPE_HOST;
    const char *s = (const char *)(sdev ? DPTR(c->srcDevice) : c->srcHost);
    char *d = (char *)(ddev ? DPTR(c->dstDevice) : c->dstHost);
    const size_t w = c->WidthInBytes, h = c->Height, dpitch = c->dstPitch, spitch = c->srcPitch;
    EmuQueue *q = emu_queue(st);
    size_t y;
    emu_need_ctx("cuMemcpy2D");
    if (c->srcMemoryType == CU_MEMORYTYPE_ARRAY || c->dstMemoryType == CU_MEMORYTYPE_ARRAY)
        return (CUresult)ERR_NOT_SUPPORTED;
    if ((h > 1 && (spitch < w || dpitch < w)))
        return (CUresult)ERR_INVALID_VALUE;
    s += c->srcY * spitch + c->srcXInBytes;
    d += c->dstY * dpitch + c->dstXInBytes;
    if (!h || !w)
        return CUDA_SUCCESS;
    sdev ? emu_check_range("cuMemcpy2D (source)", (uintptr_t)s, (h - 1) * spitch + w)
         : emu_check_host("cuMemcpy2D (source)", s, (h - 1) * spitch + w);
    ddev ? emu_check_range("cuMemcpy2D (destination)", (uintptr_t)d, (h - 1) * dpitch + w)
         : emu_check_host("cuMemcpy2D (destination)", d, (h - 1) * dpitch + w);
    if (ddev && !sdev) {
        /* the rows, packed, read now */
        std::shared_ptr<std::vector<char>> rows = std::make_shared<std::vector<char>>(w * h);
        for (y = 0; y < h; y++)
            memcpy(rows->data() + y * w, s + y * spitch, w);
        if (!async)
            emu_drain_before(q);
        emu_enqueue(q, [=] {
            for (size_t i = 0; i < h; i++)
                memcpy(d + i * dpitch, rows->data() + i * w, w);
        }, w * h);
    } else if (ddev) {
        emu_enqueue(q, [=] {
            std::vector<char> rows(w * h);  /* the source rows may overlap the destination */
            for (size_t i = 0; i < h; i++)
                memcpy(rows.data() + i * w, s + i * spitch, w);
            for (size_t i = 0; i < h; i++)
                memcpy(d + i * dpitch, rows.data() + i * w, w);
        });
    } else {
        emu_drain_before(q);
        emu_device_access(1);
        for (y = 0; y < h; y++)
            memcpy(d + y * dpitch, s + y * spitch, w);
        emu_device_access(0);
    }
    return CUDA_SUCCESS;
}
API CUresult cuMemcpy2D_v2(const CUDA_MEMCPY2D *c) { return emu_copy2d(c, NULL, 0); }
API CUresult cuMemcpy2DAsync_v2(const CUDA_MEMCPY2D *c, CUstream st) { return emu_copy2d(c, st, 1); }

API CUresult cuStreamCreate(CUstream *s, unsigned int flags)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    *s = new CUstream_st();
    (*s)->q = std::make_shared<EmuQueue>();
    (*s)->q->blocking = !(flags & CU_STREAM_NON_BLOCKING);
    emu_queues.insert((*s)->q);
    return CUDA_SUCCESS;
}
API CUresult cuStreamQuery(CUstream s)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    emu_drain(emu_queue(s));
    return CUDA_SUCCESS;
}
API CUresult cuStreamSynchronize(CUstream s)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    emu_need_ctx("cuStreamSynchronize");
    emu_drain(emu_queue(s));
    return CUDA_SUCCESS;
}
/* As CUDA, returns at once: the stream's work runs when the host waits for
 * it (an event recorded there, cuMemFree...). */
API CUresult cuStreamDestroy_v2(CUstream s)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    if ((uintptr_t)s <= 2)
        return (CUresult)ERR_INVALID_VALUE;
    s->q->destroyed = 1;
    if (s->q->done == s->q->queued)
        emu_queues.erase(s->q);
    delete s;
    return CUDA_SUCCESS;
}
API CUresult cuEventCreate(CUevent *e, unsigned int)
{
    *e = new CUevent_st();
    return CUDA_SUCCESS;
}
/* Runs the work queued before e's record. */
static void emu_event_wait(CUevent e)
{
    if (EmuQueueRef q = e->q.lock())
        emu_run_until(q.get(), e->seq);
}
API CUresult cuEventDestroy_v2(CUevent e)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    delete e;                       /* a queued time stamp holds its own */
    return CUDA_SUCCESS;
}
API CUresult cuEventSynchronize(CUevent e)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    emu_event_wait(e);
    return CUDA_SUCCESS;
}
API CUresult cuEventQuery(CUevent e) { return cuEventSynchronize(e); }
API CUresult cuEventRecord(CUevent e, CUstream s)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    EmuQueue *q = emu_queue(s);
    std::shared_ptr<struct timespec> t = std::make_shared<struct timespec>();
    e->q = (uintptr_t)s <= 2 ? emu_legacy : s->q;
    e->t = t;
    emu_enqueue(q, [t] { clock_gettime(CLOCK_MONOTONIC, t.get()); });
    e->seq = q->queued;
    return CUDA_SUCCESS;
}
/* the emulator's time, which says nothing of a GPU's */
API CUresult cuEventElapsedTime_v2(float *ms, CUevent a, CUevent b)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    emu_event_wait(a);
    emu_event_wait(b);
    *ms = (float)((b->t->tv_sec - a->t->tv_sec) * 1e3 + (b->t->tv_nsec - a->t->tv_nsec) * 1e-6);
    return CUDA_SUCCESS;
}

API CUresult cuModuleLoadData(CUmodule *m, const void *)
{
    emu_need_ctx("cuModuleLoadData");
    *m = &emu_module;
    return CUDA_SUCCESS;
}
API CUresult cuModuleUnload(CUmodule)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    emu_drain_all();
    return CUDA_SUCCESS;
}
API CUresult cuModuleGetFunction(CUfunction *f, CUmodule, const char *name)
{
    size_t i;
    for (i = 0; i < registry().size(); i++)
        if (!strcmp(registry()[i].name, name)) {
            *f = (CUfunction)&registry()[i];
            return CUDA_SUCCESS;
        }
    fprintf(stderr, "%s: no kernel named %s\n", EMU_NAME, name);
    return (CUresult)ERR_NOT_FOUND;
}

/* A queued launch: the kernel, its grid, and a copy of its parameters. */
struct EmuLaunch {
    const EmuEntry *k;
    EmuDim3 grid, block;
    std::vector<char> blob;         /* each parameter at a multiple of 16 bytes */
    std::vector<size_t> offset;
};

static void emu_run_grid(EmuLaunch *l)
{
    std::vector<void *> params(l->k->nb_args);
    unsigned int x, y, z;
    for (size_t i = 0; i < params.size(); i++)
        params[i] = l->blob.data() + l->offset[i];
    pthread_mutex_lock(&emu_lock);
    if (!emu_stacks && !(emu_stacks = (char *)malloc((size_t)EMU_MAX_THREADS * EMU_STACK)))
        emu_fail("no memory for the thread stacks");
    emu_fn = l->k->fn;
    emu_kernel = l->k->name;
    emu_params = params.data();
    emu_blockDim = l->block;
    emu_gridDim = l->grid;
    emu_nthreads = (int)(l->block.x * l->block.y * l->block.z);
    for (z = 0; z < l->grid.z; z++)
        for (y = 0; y < l->grid.y; y++)
            for (x = 0; x < l->grid.x; x++) {
                emu_blockIdx = { x, y, z };
                emu_block();
            }
    pthread_mutex_unlock(&emu_lock);
}

API CUresult cuLaunchKernel(CUfunction f, unsigned int gx, unsigned int gy, unsigned int gz,
                            unsigned int bx, unsigned int by, unsigned int bz, unsigned int shmem,
                            CUstream s, void **params, void **extra)
{
    std::lock_guard<std::recursive_mutex> g(emu_api);
    std::shared_ptr<EmuLaunch> l = std::make_shared<EmuLaunch>();
    size_t i, size = 0;
    emu_need_ctx("cuLaunchKernel");
    if (!f || !gx || !gy || !gz || !bx || !by || !bz || (size_t)bx * by * bz > EMU_MAX_THREADS ||
        gy > 65535 || gz > 65535 || by > 1024 || bz > 64)
        return (CUresult)ERR_INVALID_VALUE;     /* as the driver refuses them */
    if (shmem || extra)
        return (CUresult)ERR_NOT_SUPPORTED;
    l->k = (const EmuEntry *)f;
    if (l->k->nb_args && !params)
        return (CUresult)ERR_INVALID_VALUE;
    l->grid = { gx, gy, gz };
    l->block = { bx, by, bz };
    for (i = 0; i < l->k->nb_args; i++) {
        l->offset.push_back(size);
        size += (l->k->sizes[i] + 15) & ~(size_t)15;
    }
    l->blob.resize(size);
    for (i = 0; i < l->k->nb_args; i++)
        memcpy(l->blob.data() + l->offset[i], params[i], l->k->sizes[i]);
    emu_enqueue(emu_queue(s), [l] { emu_run_grid(l.get()); });
    return CUDA_SUCCESS;
}

API CUresult cuGetErrorName(CUresult e, const char **s)
{
    *s = e == CUDA_SUCCESS ? "CUDA_SUCCESS" : (int)e == ERR_INVALID_VALUE ? "CUDA_ERROR_INVALID_VALUE" :
         (int)e == 2 ? "CUDA_ERROR_OUT_OF_MEMORY" : (int)e == ERR_NOT_FOUND ? "CUDA_ERROR_NOT_FOUND" :
         (int)e == ERR_NOT_SUPPORTED ? "CUDA_ERROR_NOT_SUPPORTED" : "CUDA_ERROR_UNKNOWN";
    return CUDA_SUCCESS;
}
API CUresult cuGetErrorString(CUresult e, const char **s)
{
    cuGetErrorName(e, s);
    return CUDA_SUCCESS;
}

/* resolved by FFmpeg's loader, never called by lavfx */
#define UNUSED_ENTRY(name) API CUresult name(void) { return (CUresult)ERR_NOT_SUPPORTED; }
UNUSED_ENTRY(cuMemAllocManaged)
UNUSED_ENTRY(cuStreamAddCallback)
UNUSED_ENTRY(cuLinkCreate)
UNUSED_ENTRY(cuLinkAddData)
UNUSED_ENTRY(cuLinkComplete)
UNUSED_ENTRY(cuLinkDestroy)
UNUSED_ENTRY(cuModuleGetGlobal)
UNUSED_ENTRY(cuTexObjectCreate)
UNUSED_ENTRY(cuTexObjectDestroy)
UNUSED_ENTRY(cuGLGetDevices_v2)
UNUSED_ENTRY(cuGraphicsGLRegisterImage)
UNUSED_ENTRY(cuGraphicsUnregisterResource)
UNUSED_ENTRY(cuGraphicsMapResources)
UNUSED_ENTRY(cuGraphicsUnmapResources)
UNUSED_ENTRY(cuGraphicsSubResourceGetMappedArray)
UNUSED_ENTRY(cuGraphicsResourceGetMappedPointer_v2)
UNUSED_ENTRY(cuArray3DCreate_v2)
UNUSED_ENTRY(cuArrayDestroy)

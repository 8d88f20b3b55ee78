/*
 * strokerender source: stroke data (Quick, Draw!, time series) to frames
 * Copyright (c) 2026 the lavfx authors
 *
 * This file is part of lavfx, built as part of FFmpeg.
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
 * strokerender video source: libavfilter glue around the strokerender core
 * (strokerender.h): options, formats, batches of frames rendered in
 * parallel on the filter threads, metadata, error policy. Reading and
 * rendering live in strokerender.c and stroke_raster.h.
 */

#include <errno.h>
#include <string.h>

#include "libavutil/avstring.h"
#include "libavutil/bprint.h"
#include "libavutil/cpu.h"
#include "libavutil/hwcontext.h"
#include "libavutil/imgutils.h"
#include "libavutil/opt.h"
#include "libavutil/parseutils.h"
#include "libavutil/pixdesc.h"
#include "avfilter.h"
#include "filters.h"
#include "formats.h"
#include "internal.h"
#include "video.h"

/* CUDA frames out when sw_format asks for them and the filter graph has a
 * CUDA device (-filter_hw_device):
 * the kernel of cuda/strokerender.cu, built into libavfilter when FFmpeg is
 * configured with CUDA and nvcc (not clang: it contracts to FMA, and the
 * shared headers are written for nvcc). */
#define STROKERENDER_CUDA (CONFIG_CUDA && CONFIG_CUDA_NVCC)
#if STROKERENDER_CUDA
#include "libavutil/cuda_check.h"
#include "libavutil/hwcontext_cuda_internal.h"
#include "cuda/load_helper.h"
#include "stroke_raster.h"
#include "strokerender_cuda.h"
#endif

#include "strokerender.h"

/* gray first for gray styles (white on black...), else colour; rgba first
 * for a background that is not opaque */
static const enum AVPixelFormat pix_fmts_gray[] = {
    AV_PIX_FMT_GRAY8, AV_PIX_FMT_RGB24, AV_PIX_FMT_RGBA, AV_PIX_FMT_NONE
};
static const enum AVPixelFormat pix_fmts_colour[] = {
    AV_PIX_FMT_RGB24, AV_PIX_FMT_RGBA, AV_PIX_FMT_NONE
};
static const enum AVPixelFormat pix_fmts_alpha_gray[] = {
    AV_PIX_FMT_RGBA, AV_PIX_FMT_GRAY8, AV_PIX_FMT_RGB24, AV_PIX_FMT_NONE
};
static const enum AVPixelFormat pix_fmts_alpha_colour[] = {
    AV_PIX_FMT_RGBA, AV_PIX_FMT_RGB24, AV_PIX_FMT_NONE
};

#define MAX_BATCH 64
#define READ_AHEAD 16       /* ndjson records parsed ahead per thread */
#define DRAWINGS_PER_JOB 4  /* drawings rendered per thread and batch (one barrier) */
#define BATCH_BYTES (256 << 20)  /* a CPU batch's frames, bytes at most (one frame at least) */

enum StrokeRenderPreset { PRESET_NONE, PRESET_QUICKDRAW28 };
enum StrokeRenderErrors { ERRORS_FAIL, ERRORS_SKIP };

typedef struct StrokeRenderContext {
    const AVClass *class;

    /* options */
    char *file;
    int format;
    int csv_layout;
    int window, stride;
    int w, h;
    AVRational rate;
    double linewidth;
    int aa;
    uint8_t color[4], bg[4];
    int colormode;
    double pad;
    int fit;
    int64_t start, count;
    char *word;
    int loop;
    int errors;
    int preset;

    LavfxStrokeReader *reader;
    LavfxStrokeStyle style;
    LavfxStrokeCanvas *canvases[MAX_BATCH];
    int tile_w, tile_h;     ///< tile: drawings per frame, across and down
    LavfxStrokeDrawing *drawings;   ///< nb_drawings: the batch's drawings (CPU)
    int nb_drawings;
    const LavfxStrokeDrawing **dp;  ///< nb_drawings: each slot's drawing, or the empty one
    uint8_t **slot_dst;             ///< nb_drawings: each slot's first pixel
    ptrdiff_t *slot_stride;
    AVFrame **queue;        ///< the batch's frames (nb_queue entries)
    int nb_queue;
    int sw_format;          ///< CUDA frames: LAVFX_STROKE_GRAY or LAVFX_STROKE_RGBA
    int batch;              ///< CUDA: drawings per kernel launch
#if STROKERENDER_CUDA
    AVCUDADeviceContext *hwctx;
    CUmodule    cu_module;
    CUfunction  cu_batch;
    CUdeviceptr d_lut, d_scratch;
    CUdeviceptr d_arr[6];   ///< dst, pitch, stroke0, point0, pts, colour
    size_t      d_cap[6];
    void       *h_arr[6];   ///< their host staging copies
    unsigned    h_cap[6];
#endif
    int nb_jobs;
    int nb_canvases;        ///< canvases (rendering threads): min(nb_jobs, drawings per batch)
    int queued, next;       ///< frames rendered in the batch, next one to send
    int64_t matched;        ///< drawings that passed the word filter, this pass
    int64_t pass_frames;    ///< frames sent in this pass over the file
    int loops_done;
    int64_t pts;
    int64_t rendered, skipped;
    int eof;
    int error;              ///< the error that ended the stream, or 0
    int pending_error;      ///< errors=fail: the error to return once the frames read before it are sent
} StrokeRenderContext;

static av_cold int strokerender_init(AVFilterContext *ctx)
{
    StrokeRenderContext *s = ctx->priv;
    LavfxStrokeReaderParams rp = {
        .format     = s->format,
        .csv_layout = s->csv_layout,
        .window     = s->window,
        .stride     = s->stride,
    };
    char err[512];

    if (!s->file) {
        av_log(ctx, AV_LOG_ERROR, "No input: set file (ndjson, .bin or CSV)\n");
        return AVERROR(EINVAL);
    }
    if (s->sw_format && s->sw_format != LAVFX_STROKE_GRAY && s->sw_format != LAVFX_STROKE_RGBA) {
        av_log(ctx, AV_LOG_ERROR, "sw_format=%d: use none (0), gray (%d) or rgba (%d); "
               "CUDA frames hold gray or rgba\n", s->sw_format, LAVFX_STROKE_GRAY, LAVFX_STROKE_RGBA);
        return AVERROR(EINVAL);
    }
    if (s->preset == PRESET_QUICKDRAW28) {
        /* Google's recipe: line width 16 and padding 16 in the 256 square,
         * drawn on 256 + 2 * 16 + 16 = 304 units, centred, white on black
         * (the defaults of color, bg and aa); options given explicitly win */
        if (!s->w)
            s->w = s->h = 28;
        if (s->linewidth == -1)
            s->linewidth = 16.0 * FFMIN(s->w, s->h) / 304.0;
        if (s->pad == -1)
            s->pad = 16.0 * FFMIN(s->w, s->h) / 304.0;
        if (s->fit == -1)
            s->fit = LAVFX_STROKE_FIT_CENTER;
    }
    if (s->linewidth == -1)
        s->linewidth = 2;
    if (s->pad == -1)
        s->pad = 0;
    if (s->fit == -1)
        s->fit = LAVFX_STROKE_FIT_BOX;
    if (s->linewidth < 0.01) {
        av_log(ctx, AV_LOG_ERROR, "linewidth %g: at least 0.01 pixels (-1: the default)\n", s->linewidth);
        return AVERROR(EINVAL);
    }
    if (s->pad < 0) {
        av_log(ctx, AV_LOG_ERROR, "pad %g: not negative (-1: the default)\n", s->pad);
        return AVERROR(EINVAL);
    }
    if (!s->w)
        s->w = s->h = 256;
    if (s->w > 16384 || s->h > 16384) {
        av_log(ctx, AV_LOG_ERROR, "Size %dx%d is too large: at most 16384 each way\n", s->w, s->h);
        return AVERROR(EINVAL);
    }
    /* FFmpeg's own message at the debug level: the one below says more */
    if (av_image_check_size2(s->w, s->h, INT64_MAX, AV_PIX_FMT_NONE, AV_LOG_DEBUG - AV_LOG_ERROR, ctx) < 0) {
        av_log(ctx, AV_LOG_ERROR, "Size %dx%d is too large for FFmpeg's frames: (w + 128) x (h + 128) "
               "must be below 2^28 (16255x16255 at most for a square)\n", s->w, s->h);
        return AVERROR(EINVAL);
    }
    errno = 0;
    s->reader = lavfx_stroke_reader_open(s->file, &rp, err, sizeof(err));
    if (!s->reader) {
        int e = errno;
        av_log(ctx, AV_LOG_ERROR, "%s\n", err);
        return AVERROR(e ? e : EINVAL);
    }
    return 0;
}

#if STROKERENDER_CUDA
#define CHECK_CU(x) FF_CUDA_CHECK_DL(ctx, s->hwctx->internal->cuda_dl, x)

static void cuda_uninit(AVFilterContext *ctx)
{
    StrokeRenderContext *s = ctx->priv;
    CudaFunctions *cu;
    CUcontext dummy;
    int i;
    for (i = 0; i < 6; i++) {
        av_freep(&s->h_arr[i]);
        s->h_cap[i] = 0;        /* av_fast_realloc must allocate again */
    }
    if (!s->hwctx)
        return;
    cu = s->hwctx->internal->cuda_dl;
    if (CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx)) >= 0) {
        CHECK_CU(cu->cuStreamSynchronize(s->hwctx->stream));   /* the last kernel may still run */
        for (i = 0; i < 6; i++)
            if (s->d_arr[i])
                CHECK_CU(cu->cuMemFree(s->d_arr[i]));
        if (s->d_lut)
            CHECK_CU(cu->cuMemFree(s->d_lut));
        if (s->d_scratch)
            CHECK_CU(cu->cuMemFree(s->d_scratch));
        if (s->cu_module)
            CHECK_CU(cu->cuModuleUnload(s->cu_module));
        CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    }
    memset(s->d_arr, 0, sizeof(s->d_arr));
    memset(s->d_cap, 0, sizeof(s->d_cap));
    s->d_lut = s->d_scratch = 0;
    s->cu_module = NULL;
    s->hwctx = NULL;
}

/* CUDA frames out: the frames context (gray or rgba), the kernel, the pen's
 * coverage tables and the per-image scratch on the device. The batch is
 * capped so that the scratch (about 8 bytes per pixel and image) stays
 * <= 1 GiB, but holds at least one tile frame's drawings. */
static int cuda_config(AVFilterContext *ctx, AVFilterLink *outlink)
{
    extern const unsigned char ff_strokerender_ptx_data[];
    extern const unsigned int ff_strokerender_ptx_len;
    StrokeRenderContext *s = ctx->priv;
    const size_t per_image = sr_cuda_scratch_size(s->w, s->h, sr_cuda_lanes(s->h));
    AVHWFramesContext *fc;
    AVBufferRef *ref;
    CudaFunctions *cu;
    CUcontext dummy;
    SrLut *lut;
    int ret, images;

    if (s->sw_format != LAVFX_STROKE_GRAY && s->sw_format != LAVFX_STROKE_RGBA) {
        av_log(ctx, AV_LOG_ERROR, "sw_format %d: CUDA frames hold gray or rgba\n", s->sw_format);
        return AVERROR(EINVAL);
    }
    cuda_uninit(ctx);
    s->batch = (int)FFMIN((size_t)s->batch, FFMAX((size_t)1, ((size_t)1 << 30) / per_image));
    images   = FFMAX(s->batch, s->tile_w * s->tile_h);   /* a launch renders whole frames */
    s->hwctx = ((AVHWDeviceContext *)ctx->hw_device_ctx->data)->hwctx;
    cu = s->hwctx->internal->cuda_dl;
    if (!(ref = av_hwframe_ctx_alloc(ctx->hw_device_ctx)))
        return AVERROR(ENOMEM);
    fc = (AVHWFramesContext *)ref->data;
    fc->format    = AV_PIX_FMT_CUDA;
    fc->sw_format = s->sw_format == LAVFX_STROKE_RGBA ? AV_PIX_FMT_RGBA : AV_PIX_FMT_GRAY8;
    fc->width     = s->w * s->tile_w;
    fc->height    = s->h * s->tile_h;
    if ((ret = av_hwframe_ctx_init(ref)) < 0) {
        av_log(ctx, AV_LOG_ERROR, "Cannot make CUDA frames of %s %dx%d: %s\n",
               av_get_pix_fmt_name(fc->sw_format), s->w, s->h, av_err2str(ret));
        av_buffer_unref(&ref);
        return ret;
    }
    av_buffer_unref(&outlink->hw_frames_ctx);
    outlink->hw_frames_ctx = ref;

    if (!(lut = av_malloc(sizeof(*lut))))
        return AVERROR(ENOMEM);
    sr_lut_init(lut, lavfx_stroke_pen_r(&s->style), !!s->style.aa);
    if ((ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) < 0) {
        av_free(lut);
        return ret;
    }
    ret = ff_cuda_load_module(ctx, s->hwctx, &s->cu_module, ff_strokerender_ptx_data, ff_strokerender_ptx_len);
    if (ret >= 0)
        ret = CHECK_CU(cu->cuModuleGetFunction(&s->cu_batch, s->cu_module, "strokerender_batch"));
    if (ret >= 0)
        ret = CHECK_CU(cu->cuMemAlloc(&s->d_lut, sizeof(*lut)));
    if (ret >= 0)
        ret = CHECK_CU(cu->cuMemcpyHtoD(s->d_lut, lut, sizeof(*lut)));
    if (ret >= 0)
        ret = CHECK_CU(cu->cuMemAlloc(&s->d_scratch, per_image * images));
    if (ret >= 0)   /* the rasterizer keeps its scratch zero between strokes */
        ret = CHECK_CU(cu->cuMemsetD8Async(s->d_scratch, 0, per_image * images, s->hwctx->stream));
    CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    av_free(lut);
    if (ret < 0)
        av_log(ctx, AV_LOG_ERROR, "Cannot load the CUDA kernel (a driver older than the nvcc that "
               "built it?) or allocate scratch for %d images of %dx%d (out of GPU memory? lower batch)\n",
               s->batch, s->w, s->h);
    return ret;
}

#endif /* STROKERENDER_CUDA */

/* Frees the batch: its frames, drawings and slot arrays. */
static void free_batch(StrokeRenderContext *s)
{
    int i;
    for (i = 0; s->drawings && i < s->nb_drawings; i++)
        lavfx_stroke_drawing_free(&s->drawings[i]);
    av_freep(&s->drawings);
    av_freep(&s->dp);
    av_freep(&s->slot_dst);
    av_freep(&s->slot_stride);
    s->nb_drawings = 0;
    for (i = 0; s->queue && i < s->nb_queue; i++)
        av_frame_free(&s->queue[i]);
    av_freep(&s->queue);
    s->nb_queue = 0;
}

static av_cold void strokerender_uninit(AVFilterContext *ctx)
{
    StrokeRenderContext *s = ctx->priv;
    int i;
    lavfx_stroke_reader_close(&s->reader);
    for (i = 0; i < MAX_BATCH; i++)
        lavfx_stroke_canvas_free(&s->canvases[i]);
    free_batch(s);
#if STROKERENDER_CUDA
    cuda_uninit(ctx);
#endif
}

static int strokerender_exec_job(AVFilterContext *ctx, void *arg, int jobnr, int nb_jobs)
{
    void **a = arg;
    return ((LavfxStrokeJobFn)a[0])(a[1], jobnr, nb_jobs);
}

/* LavfxStrokeExecuteFn over FFmpeg's slice threads. */
static void strokerender_execute(void *opaque, LavfxStrokeJobFn job, void *arg, int nb_jobs)
{
    AVFilterContext *ctx = opaque;
    void *a[2] = { (void *)job, arg };
    ff_filter_execute(ctx, strokerender_exec_job, a, NULL, nb_jobs);
}

static int strokerender_config_output(AVFilterLink *outlink)
{
    AVFilterContext *ctx = outlink->src;
    StrokeRenderContext *s = ctx->priv;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(outlink->format);
    static const char *const simd_names[] = { "AVX-512", "AVX2", "baseline" };
    char err[256];
    int i, cpu, ret, simd = LAVFX_STROKE_SIMD_NONE;

    if ((int64_t)s->w * s->tile_w > 16384 || (int64_t)s->h * s->tile_h > 16384) {
        av_log(ctx, AV_LOG_ERROR, "tile=%dx%d of %dx%d drawings: frames larger than 16384x16384\n",
               s->tile_w, s->tile_h, s->w, s->h);
        return AVERROR(EINVAL);
    }
    if (av_image_check_size2(s->w * s->tile_w, s->h * s->tile_h, INT64_MAX, AV_PIX_FMT_NONE,
                             AV_LOG_DEBUG - AV_LOG_ERROR, ctx) < 0) {
        av_log(ctx, AV_LOG_ERROR, "tile=%dx%d of %dx%d drawings: %dx%d frames are too large for FFmpeg: "
               "(w + 128) x (h + 128) must be below 2^28 (16255x16255 at most for a square)\n",
               s->tile_w, s->tile_h, s->w, s->h, s->w * s->tile_w, s->h * s->tile_h);
        return AVERROR(EINVAL);
    }
    outlink->w = s->w * s->tile_w;
    outlink->h = s->h * s->tile_h;
    outlink->sample_aspect_ratio = (AVRational){ 1, 1 };
    outlink->frame_rate = s->rate;
    outlink->time_base = av_inv_q(s->rate);

    s->style = (LavfxStrokeStyle){
        .w         = s->w,
        .h         = s->h,
        .pix_fmt   = outlink->format == AV_PIX_FMT_CUDA ? s->sw_format :
                     desc->nb_components == 1 ? LAVFX_STROKE_GRAY :
                     desc->nb_components == 3 ? LAVFX_STROKE_RGB24 : LAVFX_STROKE_RGBA,
        .linewidth = s->linewidth,
        .aa        = s->aa,
        .colormode = s->colormode,
        .pad       = s->pad,
        .fit       = s->fit,
    };
    memcpy(s->style.color, s->color, 4);
    memcpy(s->style.bg, s->bg, 4);
    if (lavfx_stroke_style_check(&s->style, err, sizeof(err)) < 0) {
        av_log(ctx, AV_LOG_ERROR, "%s\n", err);
        return AVERROR(EINVAL);
    }
    s->nb_jobs = av_clip(ff_filter_get_nb_threads(ctx), 1, MAX_BATCH);
#if STROKERENDER_CUDA
    if (outlink->format == AV_PIX_FMT_CUDA) {
        int ret = cuda_config(ctx, outlink);
        if (ret < 0)
            return ret;
        desc = av_pix_fmt_desc_get(((AVHWFramesContext *)outlink->hw_frames_ctx->data)->sw_format);
    }
#endif
    free_batch(s);
    /* a batch: DRAWINGS_PER_JOB drawings per thread on the CPU, batch drawings
     * on the GPU, in whole frames (at least one); tiles <= 2^28 (checked
     * above), so nb_drawings <= max(tiles, batch, 256). On the CPU, no more
     * frames than BATCH_BYTES hold (a batch is rendered before its first
     * frame goes out: large frames come one or a few at a time). */
    s->nb_queue = FFMAX(1, (outlink->format == AV_PIX_FMT_CUDA ? s->batch :
                            s->nb_jobs > 1 ? DRAWINGS_PER_JOB * s->nb_jobs : 1) / (s->tile_w * s->tile_h));
    if (outlink->format != AV_PIX_FMT_CUDA) {
        int64_t frame_bytes = (int64_t)s->tile_w * s->w * s->tile_h * s->h * desc->nb_components;
        s->nb_queue = (int)FFMAX(1, FFMIN(s->nb_queue, BATCH_BYTES / frame_bytes));
    }
    if (!(s->queue = av_calloc(s->nb_queue, sizeof(*s->queue))))
        return AVERROR(ENOMEM);
    s->nb_drawings = s->nb_queue * s->tile_w * s->tile_h;
    if (!(s->drawings = av_calloc(s->nb_drawings, sizeof(*s->drawings))) ||
        !(s->dp = av_calloc(s->nb_drawings, sizeof(*s->dp))) ||
        !(s->slot_dst = av_calloc(s->nb_drawings, sizeof(*s->slot_dst))) ||
        !(s->slot_stride = av_calloc(s->nb_drawings, sizeof(*s->slot_stride)))) {
        av_log(ctx, AV_LOG_ERROR, "No memory for a batch of %d drawings (tile=%dx%d)\n",
               s->nb_drawings, s->tile_w, s->tile_h);
        return AVERROR(ENOMEM);
    }
    /* the renderer's widest build that FFmpeg's CPU flags (-cpuflags) allow */
    cpu = av_get_cpu_flags();
    simd = !(cpu & AV_CPU_FLAG_AVX2) ? LAVFX_STROKE_SIMD_NONE :
           cpu & AV_CPU_FLAG_AVX512 ? LAVFX_STROKE_SIMD_AVX512 : LAVFX_STROKE_SIMD_AVX2;
    s->nb_canvases = FFMIN(s->nb_jobs, s->nb_drawings);
    for (i = 0; i < MAX_BATCH; i++)
        lavfx_stroke_canvas_free(&s->canvases[i]);
    for (i = 0; i < s->nb_canvases; i++) {
        if (!(s->canvases[i] = lavfx_stroke_canvas_alloc(s->w, s->h))) {
            av_log(ctx, AV_LOG_ERROR, "No memory for %d canvas(es) of %dx%d, one per thread "
                   "(about %"PRId64" MiB each): fewer threads need less\n", s->nb_canvases, s->w, s->h,
                   ((int64_t)s->w * s->h * 8 + (1 << 20) - 1) >> 20);
            return AVERROR(ENOMEM);
        }
        simd = lavfx_stroke_canvas_set_simd(s->canvases[i], simd);
    }
    /* ndjson records parsed over the threads, READ_AHEAD per thread at a time */
    if ((ret = lavfx_stroke_reader_set_threads(s->reader, READ_AHEAD * s->nb_jobs, s->nb_jobs,
                                               strokerender_execute, ctx)) < 0) {
        av_log(ctx, AV_LOG_ERROR, "Cannot set up %d parsing thread(s): %s\n", s->nb_jobs,
               av_err2str(AVERROR(-ret)));
        return AVERROR(-ret);
    }
    av_log(ctx, AV_LOG_VERBOSE, "%dx%d %s%s, line width %g, %d thread(s) (%d rendering), %d frame(s) "
           "per batch, %s renderer\n", s->w, s->h, outlink->format == AV_PIX_FMT_CUDA ? "cuda " : "",
           desc->name, s->linewidth, s->nb_jobs, s->nb_canvases, s->nb_queue, simd_names[simd]);
    return 0;
}

/*
 * The next drawing to render, after the word filter, start/count, looping
 * and the error policy. 1: a drawing in d; 0: the end; < 0: an error.
 */
static int strokerender_next(AVFilterContext *ctx, LavfxStrokeDrawing *d)
{
    StrokeRenderContext *s = ctx->priv;
    char err[512];
    for (;;) {
        int ret;
        if (s->count > 0 && s->matched - s->start >= s->count)     /* start + count may not fit */
            ret = 0;
        else
            ret = lavfx_stroke_reader_next(s->reader, d, err, sizeof(err));
        if (ret == LAVFX_STROKE_EBAD && s->matched < s->start) {
            /* before this shard's first drawing: another shard's record */
            av_log(ctx, AV_LOG_VERBOSE, "%s (before start=%"PRId64": not this shard's)\n", err, s->start);
            continue;
        }
        if (ret == LAVFX_STROKE_EBAD && s->errors == ERRORS_SKIP) {
            av_log(ctx, AV_LOG_WARNING, "%s (skipped)\n", err);
            s->skipped++;
            continue;
        }
        if (ret == LAVFX_STROKE_EBAD || ret == LAVFX_STROKE_EFILE) {
            /* a file that cannot be read on has no record to skip */
            av_log(ctx, AV_LOG_ERROR, "%s\n", err);
            return AVERROR_INVALIDDATA;
        }
        if (ret < 0) {
            av_log(ctx, AV_LOG_ERROR, "%s\n", err);
            return AVERROR(-ret);           /* a negative errno */
        }
        if (!ret) {
            /* end of the file (or of the shard): loop if asked and useful */
            if ((s->loop < 0 || s->loops_done < s->loop) && s->pass_frames > 0) {
                if ((ret = lavfx_stroke_reader_rewind(s->reader)) < 0) {
                    av_log(ctx, AV_LOG_ERROR, "%s: cannot go back to the start for loop=%d%s: %s\n",
                           s->file, s->loop, ret == -ESPIPE ? " (not seekable: a pipe?)" : "",
                           av_err2str(AVERROR(-ret)));
                    return AVERROR(-ret);
                }
                s->loops_done++;
                s->matched = s->pass_frames = 0;
                continue;
            }
            return 0;
        }
        if (s->word && strcmp(s->word, d->word))
            continue;
        if (lavfx_stroke_check_range(d, &s->style, err, sizeof(err)) < 0) {
            /* as a malformed record (not counted for start and count) */
            if (s->matched < s->start)
                continue;
            av_log(ctx, s->errors == ERRORS_SKIP ? AV_LOG_WARNING : AV_LOG_ERROR,
                   "%s: drawing index %"PRId64"%s%s: %s; use fit=box or a smaller size%s\n", s->file, d->index,
                   *d->key_id ? ", key_id " : "", d->key_id, err, s->errors == ERRORS_SKIP ? " (skipped)" : "");
            if (s->errors != ERRORS_SKIP)
                return AVERROR_INVALIDDATA;
            s->skipped++;
            continue;
        }
        if (s->matched++ < s->start)
            continue;
        s->pass_frames++;
        return 1;
    }
}

/* The frame metadata of the drawings d[0..n): lavfi.strokerender.KEY, their
 * values joined by '|' in tile order when a frame holds several (one key
 * each: many keys per frame make FFmpeg's dictionaries quadratic). */
static void strokerender_set_meta(AVFrame *f, const LavfxStrokeDrawing *const *d, int n, int tiles)
{
    static const char *const keys[5] = { "word", "key_id", "index", "strokes", "points" };
    char key[64];
    AVBPrint bp;
    int k, i;
    for (k = 0; k < 5; k++) {
        av_bprint_init(&bp, 0, AV_BPRINT_SIZE_UNLIMITED);
        for (i = 0; i < n; i++) {
            if (i)
                av_bprint_chars(&bp, '|', 1);
            /* text values of a tile frame (even one holding a single
             * drawing, the last): '|' and '\\' escaped with '\\', so that the
             * list splits back into one value per drawing */
            if (k < 2 && tiles > 1)
                av_bprint_escape(&bp, k ? d[i]->key_id : d[i]->word, "|\\", AV_ESCAPE_MODE_BACKSLASH,
                                 AV_ESCAPE_FLAG_STRICT);
            else if (k == 0)
                av_bprintf(&bp, "%s", d[i]->word);
            else if (k == 1)
                av_bprintf(&bp, "%s", d[i]->key_id);
            else if (k == 2)
                av_bprintf(&bp, "%"PRId64, d[i]->index);
            else
                av_bprintf(&bp, "%d", k == 3 ? d[i]->nb_strokes : d[i]->nb_points);
        }
        snprintf(key, sizeof(key), "lavfi.strokerender.%s", keys[k]);
        if (av_bprint_is_complete(&bp))
            av_dict_set(&f->metadata, key, bp.str, 0);
        av_bprint_finalize(&bp, NULL);
    }
}

/* Starts a frame of the batch (queue entry q): allocates it, stamps it. */
static AVFrame *strokerender_new_frame(AVFilterContext *ctx, int q)
{
    StrokeRenderContext *s = ctx->priv;
    AVFilterLink *outlink = ctx->outputs[0];
    AVFrame *f;
    if (outlink->format == AV_PIX_FMT_CUDA) {
        if (!(f = av_frame_alloc()))
            return NULL;
        if (av_hwframe_get_buffer(outlink->hw_frames_ctx, f, 0) < 0) {
            av_log(ctx, AV_LOG_ERROR, "No CUDA frame from the pool (out of GPU memory?)\n");
            av_frame_free(&f);
            return NULL;
        }
    } else if (!(f = ff_get_video_buffer(outlink, outlink->w, outlink->h))) {
        return NULL;
    }
    f->sample_aspect_ratio = (AVRational){ 1, 1 };
    s->queue[q] = f;
    s->queued = q + 1;      /* freed with the batch on an error */
    return f;
}

/* Fills the tile slots of frame f from the reader: slot i gets drawing
 * s->drawings[first + i] or, past the end, the empty drawing (background).
 * Returns the number of drawings read (0 at the end) or an error. */
static int strokerender_fill_slots(AVFilterContext *ctx, AVFrame *f, int first)
{
    static const LavfxStrokeDrawing empty = { 0 };
    StrokeRenderContext *s = ctx->priv;
    const int tiles = s->tile_w * s->tile_h, ncomp = s->style.pix_fmt;
    int i, n = 0, ret = 1;
    for (i = 0; i < tiles; i++) {
        LavfxStrokeDrawing *d = &s->drawings[first + i];
        if (ret > 0 && (ret = strokerender_next(ctx, d)) < 0)
            return ret;
        s->dp[first + i]          = ret > 0 ? d : &empty;
        s->slot_dst[first + i]    = f->data[0] + (ptrdiff_t)(i / s->tile_w) * s->h * f->linesize[0] +
                                    (ptrdiff_t)(i % s->tile_w) * s->w * ncomp;
        s->slot_stride[first + i] = f->linesize[0];
        if (ret > 0) {
            n++;
            s->rendered++;
        }
    }
    strokerender_set_meta(f, s->dp + first, n, s->tile_w * s->tile_h);
    if (tiles > 1 && n) {
        char buf[16];
        snprintf(buf, sizeof(buf), "%d", n);
        av_dict_set(&f->metadata, "lavfi.strokerender.tiles", buf, 0);
    }
    return n;
}

/* Starts up to max_frames frames of tile_w x tile_h drawings each from the
 * reader (the batch: queue, dp, slot_dst, slot_stride). Returns the number
 * of frames (0 at the end of the input, then eof is set) or an error. */
static int strokerender_read_batch(AVFilterContext *ctx, int max_frames)
{
    StrokeRenderContext *s = ctx->priv;
    const int tiles = s->tile_w * s->tile_h;
    int q = 0, ret;

    s->queued = s->next = 0;
    while (q < max_frames) {
        AVFrame *f = strokerender_new_frame(ctx, q);
        if (!f)
            return AVERROR(ENOMEM);
        if ((ret = strokerender_fill_slots(ctx, f, q * tiles)) < 0) {
            if (!q)
                return ret;
            /* errors=fail after whole frames: they are rendered and sent,
             * then the error (the frame the bad record fell in is dropped) */
            av_frame_free(&s->queue[q]);
            s->queued = q;
            s->pending_error = ret;
            break;
        }
        if (!ret) {             /* nothing left for this frame */
            av_frame_free(&s->queue[q]);
            s->queued = q;
            break;
        }
        f->pts = s->pts++;
        q++;
        if (ret < tiles)
            break;
    }
    s->eof = !q;
    return q;
}

#if STROKERENDER_CUDA
/* Host staging array k with room for n elements of size sz. */
static void *host_array(StrokeRenderContext *s, int k, size_t n, size_t sz)
{
    void *p;
    if (n > INT_MAX / sz)
        return NULL;
    p = av_fast_realloc(s->h_arr[k], &s->h_cap[k], n * sz);
    if (p)
        s->h_arr[k] = p;
    return p;
}

/* Reads up to batch drawings, lays them out on the CPU (the core's layout,
 * the same numbers the CPU renderer draws), copies the points, inks and the
 * frames' addresses to the device and renders them all in one launch into
 * CUDA frames from the output's pool; the frames are sent as they are asked
 * for, with no wait: the next CUDA filter works on the same stream. */
static int strokerender_fill_batch_cuda(AVFilterContext *ctx)
{
    StrokeRenderContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    uint64_t *dst;
    int64_t *pitch;
    int32_t *stroke0, *point0 = NULL, *pts = NULL;
    uint8_t *colour = NULL;
    size_t count[6];
    int n, nb_s = 0, nb_p = 0, ret, i, k;
    SrCudaBatch b = { 0 };
    CUcontext dummy;
    void *args[] = { &b };

    if ((ret = strokerender_read_batch(ctx, s->nb_queue)) <= 0)
        return ret;
    /* every slot is an image of the kernel (empty ones get the background) */
    n       = ret * s->tile_w * s->tile_h;
    dst     = host_array(s, 0, n, sizeof(*dst));
    pitch   = host_array(s, 1, n, sizeof(*pitch));
    stroke0 = host_array(s, 2, (size_t)n + 1, sizeof(*stroke0));
    if (!dst || !pitch || !stroke0)
        return AVERROR(ENOMEM);
    for (i = 0; i < n; i++) {
        const LavfxStrokeDrawing *d = s->dp[i];
        dst[i]     = (uint64_t)(uintptr_t)s->slot_dst[i];
        pitch[i]   = s->slot_stride[i];
        stroke0[i] = nb_s;
        if (2 * ((size_t)nb_p + d->nb_points) + 2 > INT_MAX / sizeof(*pts)) {
            av_log(ctx, AV_LOG_ERROR, "A batch of %d drawings holds more than 2^28 points, "
                   "the most one CUDA launch takes: lower batch\n", ret);
            return AVERROR(EINVAL);
        }
        if (!(point0 = host_array(s, 3, (size_t)nb_s + d->nb_strokes + 1, sizeof(*point0))) ||
            !(pts    = host_array(s, 4, 2 * ((size_t)nb_p + d->nb_points) + 2, sizeof(*pts))) ||
            !(colour = host_array(s, 5, 4 * ((size_t)nb_s + d->nb_strokes) + 4, 1)))
            return AVERROR(ENOMEM);
        for (k = 0; k < d->nb_strokes; k++)
            point0[nb_s + k] = nb_p + (k ? d->stroke_end[k - 1] : 0);
        if (lavfx_stroke_layout(d, &s->style, pts + 2 * (size_t)nb_p, colour + 4 * (size_t)nb_s) < 0)
            return AVERROR(EINVAL);
        nb_s += d->nb_strokes;
        nb_p += d->nb_points;
    }
    stroke0[n] = nb_s;
    point0[nb_s] = nb_p;    /* host_array above left room for it */

    count[0] = n * sizeof(*dst);
    count[1] = n * sizeof(*pitch);
    count[2] = (n + 1) * sizeof(*stroke0);
    count[3] = (nb_s + 1) * sizeof(*point0);
    count[4] = 2 * (size_t)nb_p * sizeof(*pts) + 8;
    count[5] = 4 * (size_t)nb_s + 4;
    if ((ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) < 0)
        return ret;
    for (k = 0; k < 6 && ret >= 0; k++) {
        if (count[k] > s->d_cap[k]) {       /* grow the device array */
            if (s->d_arr[k]) {              /* the last batch's kernel may still read it */
                CHECK_CU(cu->cuStreamSynchronize(s->hwctx->stream));
                CHECK_CU(cu->cuMemFree(s->d_arr[k]));
            }
            s->d_arr[k] = 0;
            s->d_cap[k] = 0;
            if ((ret = CHECK_CU(cu->cuMemAlloc(&s->d_arr[k], 2 * count[k]))) < 0)
                break;
            s->d_cap[k] = 2 * count[k];
        }
        /* from pageable memory: the driver stages the data before returning */
        ret = CHECK_CU(cu->cuMemcpyHtoDAsync(s->d_arr[k], s->h_arr[k], count[k], s->hwctx->stream));
    }
    if (ret >= 0) {
        b.dst     = s->d_arr[0];
        b.pitch   = s->d_arr[1];
        b.stroke0 = s->d_arr[2];
        b.point0  = s->d_arr[3];
        b.pts     = s->d_arr[4];
        b.colour  = s->d_arr[5];
        b.lut     = s->d_lut;
        b.scratch = s->d_scratch;
        b.n       = n;
        b.w       = s->w;
        b.h       = s->h;
        b.ncomp   = s->style.pix_fmt;
        b.r       = lavfx_stroke_pen_r(&s->style);
        b.aa      = !!s->style.aa;
        b.lanes   = sr_cuda_lanes(s->h);
        lavfx_stroke_background(&s->style, b.bg);
        ret = CHECK_CU(cu->cuLaunchKernel(s->cu_batch, sr_cuda_blocks(n, b.lanes), 1, 1, SR_CUDA_BLOCK, 1, 1, 0,
                                          s->hwctx->stream, args, NULL));
    }
    CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    if (ret < 0)
        av_log(ctx, AV_LOG_ERROR, "CUDA rendering of a batch of %d drawings failed\n", n);
    return ret;
}
#endif /* STROKERENDER_CUDA */

/* Reads up to nb_jobs frames and renders their drawings in parallel, one
 * drawing per job. */
static int strokerender_fill_batch(AVFilterContext *ctx)
{
    StrokeRenderContext *s = ctx->priv;
    int q = strokerender_read_batch(ctx, s->nb_queue), ret;
    if (q <= 0)
        return q;
    ret = lavfx_stroke_render_batch(s->canvases, s->nb_canvases, s->dp, q * s->tile_w * s->tile_h, &s->style,
                                    s->slot_dst, s->slot_stride,
                                    s->nb_canvases > 1 ? strokerender_execute : NULL, ctx);
    if (ret < 0)    /* -ENOMEM, or -EINVAL: a style larger than the canvas (refused at init) */
        av_log(ctx, AV_LOG_ERROR, "Rendering a batch failed: %s\n", av_err2str(AVERROR(-ret)));
    return ret < 0 ? AVERROR(-ret) : 0;
}

static int strokerender_activate(AVFilterContext *ctx)
{
    StrokeRenderContext *s = ctx->priv;
    AVFilterLink *outlink = ctx->outputs[0];
    AVFrame *f;
    int ret;

    if (s->error)           /* the output's status holds the error */
        return FFERROR_NOT_READY;
    if (!ff_outlink_frame_wanted(outlink))
        return FFERROR_NOT_READY;
    if (s->next >= s->queued && !s->eof && (ret = s->pending_error ? s->pending_error :
#if STROKERENDER_CUDA
            outlink->format == AV_PIX_FMT_CUDA ? strokerender_fill_batch_cuda(ctx) :
#endif
            strokerender_fill_batch(ctx)) < 0) {
        /* errors=fail: the frames read before the bad record have been sent
         * (strokerender_read_batch). The error is returned (ffmpeg: "Error
         * while filtering", exit status 1 with patches/0005) and stays the
         * output's status, so a reader that asks again (lavfi input
         * probing) gets it again. */
        while (s->queued > 0)
            av_frame_free(&s->queue[--s->queued]);
        s->error = ret;
        ff_outlink_set_status(outlink, ret, s->pts);
        return ret;
    }
    if (s->next >= s->queued) {
        av_log(ctx, s->skipped ? AV_LOG_WARNING : AV_LOG_VERBOSE,
               "%s: drawings rendered: %"PRId64", malformed records skipped: %"PRId64"\n",
               s->file, s->rendered, s->skipped);
        if (!s->rendered && s->word && !s->matched)
            av_log(ctx, AV_LOG_WARNING, "%s: no drawing has word=%s\n", s->file, s->word);
        else if (!s->rendered && s->start > 0)
            av_log(ctx, AV_LOG_WARNING, "%s: start=%"PRId64" skips all %"PRId64" drawings%s\n",
                   s->file, s->start, s->matched, s->word ? " of that word" : "");
        ff_outlink_set_status(outlink, AVERROR_EOF, s->pts);
        return 0;
    }
    f = s->queue[s->next];
    s->queue[s->next++] = NULL;
    return ff_filter_frame(outlink, f);
}

#define OFFSET(x) offsetof(StrokeRenderContext, x)
#define FLAGS AV_OPT_FLAG_FILTERING_PARAM | AV_OPT_FLAG_VIDEO_PARAM

static const AVOption strokerender_options[] = {
    { "file",      "input file: Quick, Draw! ndjson (simplified or raw), .bin, or CSV", OFFSET(file), AV_OPT_TYPE_STRING, { .str = NULL }, 0, 0, FLAGS },
    { "f",         "input file (short for file)",                 OFFSET(file),       AV_OPT_TYPE_STRING, { .str = NULL }, 0, 0, FLAGS },
    { "format",    "input format",                                OFFSET(format),     AV_OPT_TYPE_INT,    { .i64 = LAVFX_STROKE_AUTO }, 0, LAVFX_STROKE_CSV, FLAGS, "format" },
        { "auto",   "by file name, else by content",   0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_AUTO },   0, 0, FLAGS, "format" },
        { "ndjson", "Quick, Draw! ndjson (simplified or raw)", 0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_NDJSON }, 0, 0, FLAGS, "format" },
        { "raw",    "Quick, Draw! raw ndjson (float x, y, t)", 0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_NDJSON }, 0, 0, FLAGS, "format" },
        { "bin",    "Quick, Draw! .bin",               0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_BIN },    0, 0, FLAGS, "format" },
        { "csv",    "CSV time series",                 0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_CSV },    0, 0, FLAGS, "format" },
    { "csv",       "CSV layout",                                  OFFSET(csv_layout), AV_OPT_TYPE_INT,    { .i64 = LAVFX_STROKE_CSV_ROWS }, 0, LAVFX_STROKE_CSV_COLUMNS, FLAGS, "csv" },
        { "rows",    "one series per line",            0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_CSV_ROWS },    0, 0, FLAGS, "csv" },
        { "columns", "one series per column (header names them)", 0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_CSV_COLUMNS }, 0, 0, FLAGS, "csv" },
    { "window",    "CSV: points per chart (0 = whole series, else 2 - 4194304)", OFFSET(window), AV_OPT_TYPE_INT, { .i64 = 0 }, 0, INT_MAX, FLAGS },
    { "stride",    "CSV: points between chart starts (0 = window, at most 4194304)", OFFSET(stride), AV_OPT_TYPE_INT, { .i64 = 0 }, 0, INT_MAX, FLAGS },
    { "size",      "frame size (default 256x256, 28x28 with preset quickdraw28)", OFFSET(w), AV_OPT_TYPE_IMAGE_SIZE, { .str = NULL }, 0, 0, FLAGS },
    { "s",         "frame size (short for size)",                 OFFSET(w),          AV_OPT_TYPE_IMAGE_SIZE, { .str = NULL }, 0, 0, FLAGS },
    { "rate",      "frame rate",                                  OFFSET(rate),       AV_OPT_TYPE_VIDEO_RATE, { .str = "25" }, 0, INT_MAX, FLAGS },
    { "r",         "frame rate (short for rate)",                 OFFSET(rate),       AV_OPT_TYPE_VIDEO_RATE, { .str = "25" }, 0, INT_MAX, FLAGS },
    { "linewidth", "line width in output pixels, at least 0.01 (-1: 2, or the preset's)", OFFSET(linewidth), AV_OPT_TYPE_DOUBLE, { .dbl = -1 }, -1, 4096, FLAGS },
    { "lw",        "line width (short for linewidth; -1: 2, or the preset's)", OFFSET(linewidth), AV_OPT_TYPE_DOUBLE, { .dbl = -1 }, -1, 4096, FLAGS },
    { "aa",        "antialiasing",                                OFFSET(aa),         AV_OPT_TYPE_BOOL,   { .i64 = 1 },      0, 1, FLAGS },
    { "color",     "ink colour",                                  OFFSET(color),      AV_OPT_TYPE_COLOR,  { .str = "white" }, 0, 0, FLAGS },
    { "c",         "ink colour (short for color)",                OFFSET(color),      AV_OPT_TYPE_COLOR,  { .str = "white" }, 0, 0, FLAGS },
    { "bg",        "background colour",                           OFFSET(bg),         AV_OPT_TYPE_COLOR,  { .str = "black" }, 0, 0, FLAGS },
    { "colormode", "stroke colours",                              OFFSET(colormode),  AV_OPT_TYPE_INT,    { .i64 = LAVFX_STROKE_SOLID }, 0, LAVFX_STROKE_ORDER, FLAGS, "colormode" },
        { "solid",   "every stroke in color",          0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_SOLID },   0, 0, FLAGS, "colormode" },
        { "palette", "a palette colour per stroke",    0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_PALETTE }, 0, 0, FLAGS, "colormode" },
        { "order",   "stroke-order intensity (Kaggle): stroke i at 255 - 13 min(i, 10)", 0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_ORDER }, 0, 0, FLAGS, "colormode" },
    { "pad",       "margin in output pixels (-1: 0, or the preset's)", OFFSET(pad),   AV_OPT_TYPE_DOUBLE, { .dbl = -1 },     -1, 8192, FLAGS },
    { "fit",       "placement of the drawing",                    OFFSET(fit),        AV_OPT_TYPE_INT,    { .i64 = -1 },     -1, LAVFX_STROKE_FIT_CENTER, FLAGS, "fit" },
        { "auto",   "box, or the preset's (center)",   0, AV_OPT_TYPE_CONST, { .i64 = -1 },                      0, 0, FLAGS, "fit" },
        { "none",   "raw 0-256 coordinates on the frame", 0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_FIT_NONE },   0, 0, FLAGS, "fit" },
        { "box",    "bounding box scaled to the frame",   0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_FIT_BOX },    0, 0, FLAGS, "fit" },
        { "center", "centred in the 256 square, as Google's renderer", 0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_FIT_CENTER }, 0, 0, FLAGS, "fit" },
    { "start",     "drawings to skip first (after word)",         OFFSET(start),      AV_OPT_TYPE_INT64,  { .i64 = 0 },      0, INT64_MAX, FLAGS },
    { "count",     "drawings to render (0 = all)",                OFFSET(count),      AV_OPT_TYPE_INT64,  { .i64 = 0 },      0, INT64_MAX, FLAGS },
    { "word",      "render only drawings of this category",       OFFSET(word),       AV_OPT_TYPE_STRING, { .str = NULL },   0, 0, FLAGS },
    { "loop",      "times to read the file again (-1 = forever)", OFFSET(loop),       AV_OPT_TYPE_INT,    { .i64 = 0 },      -1, INT_MAX, FLAGS },
    { "errors",    "on a malformed record",                       OFFSET(errors),     AV_OPT_TYPE_INT,    { .i64 = ERRORS_FAIL }, 0, ERRORS_SKIP, FLAGS, "errors" },
        { "fail",   "stop with an error",              0, AV_OPT_TYPE_CONST, { .i64 = ERRORS_FAIL }, 0, 0, FLAGS, "errors" },
        { "skip",   "warn, skip it, count it",         0, AV_OPT_TYPE_CONST, { .i64 = ERRORS_SKIP }, 0, 0, FLAGS, "errors" },
    { "sw_format", "CUDA frames holding this (needs a CUDA device: -filter_hw_device); none: CPU frames", OFFSET(sw_format), AV_OPT_TYPE_INT, { .i64 = 0 }, 0, LAVFX_STROKE_RGBA, FLAGS, "sw_format" },
        { "none",   "CPU frames (gray, rgb24 or rgba, negotiated)", 0, AV_OPT_TYPE_CONST, { .i64 = 0 }, 0, 0, FLAGS, "sw_format" },
        { "gray",   "CUDA frames of 8-bit gray",       0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_GRAY }, 0, 0, FLAGS, "sw_format" },
        { "rgba",   "CUDA frames of 8-bit RGBA",       0, AV_OPT_TYPE_CONST, { .i64 = LAVFX_STROKE_RGBA }, 0, 0, FLAGS, "sw_format" },
    { "tile",      "drawings per frame, across x down (a contact sheet; fewer, larger frames)", OFFSET(tile_w), AV_OPT_TYPE_IMAGE_SIZE, { .str = "1x1" }, 0, 0, FLAGS },
    { "batch",     "CUDA frames: drawings rendered per kernel launch", OFFSET(batch), AV_OPT_TYPE_INT, { .i64 = 1024 }, 1, 65536, FLAGS },
    { "preset",    "settings preset",                             OFFSET(preset),     AV_OPT_TYPE_INT,    { .i64 = PRESET_NONE }, 0, PRESET_QUICKDRAW28, FLAGS, "preset" },
        { "none",        "no preset",                  0, AV_OPT_TYPE_CONST, { .i64 = PRESET_NONE },        0, 0, FLAGS, "preset" },
        { "quickdraw28", "Google's 28x28 Quick, Draw! bitmaps (line width and padding 16 of 304, centred)",
                                                       0, AV_OPT_TYPE_CONST, { .i64 = PRESET_QUICKDRAW28 }, 0, 0, FLAGS, "preset" },
    { NULL }
};

AVFILTER_DEFINE_CLASS(strokerender);

/* A gray colour (r = g = b). */
static int strokerender_is_gray(const uint8_t *c)
{
    return c[0] == c[1] && c[1] == c[2];
}

/* CUDA frames when sw_format asks for them (and a CUDA device is given),
 * else gray/rgb24/rgba: gray only offered when the style is gray (gray
 * color and bg, no palette), so that colour output is not negotiated to
 * gray; rgba first when the background is not opaque. */
static int strokerender_query_formats(AVFilterContext *ctx)
{
    StrokeRenderContext *s = ctx->priv;
    int colour = !strokerender_is_gray(s->color) || !strokerender_is_gray(s->bg) ||
                 s->colormode == LAVFX_STROKE_PALETTE;
    if (s->sw_format) {
#if STROKERENDER_CUDA
        static const enum AVPixelFormat cuda_fmts[] = { AV_PIX_FMT_CUDA, AV_PIX_FMT_NONE };
        /* as the CPU path, which renders gray only for a gray, opaque style */
        if (s->sw_format == LAVFX_STROKE_GRAY && (colour || s->bg[3] < 255)) {
            av_log(ctx, AV_LOG_ERROR, "sw_format=gray needs gray ink and an opaque gray background "
                   "(no palette): use sw_format=rgba for colour or alpha\n");
            return AVERROR(EINVAL);
        }
        if (ctx->hw_device_ctx &&
            ((AVHWDeviceContext *)ctx->hw_device_ctx->data)->type == AV_HWDEVICE_TYPE_CUDA)
            return ff_set_common_formats_from_list(ctx, cuda_fmts);
        av_log(ctx, AV_LOG_ERROR, "sw_format asks for CUDA frames: give the filter graph a CUDA "
               "device (-init_hw_device cuda=cu -filter_hw_device cu)\n");
#else
        av_log(ctx, AV_LOG_ERROR, "sw_format asks for CUDA frames: this FFmpeg is built without CUDA\n");
#endif
        return AVERROR(EINVAL);
    }
    if (s->bg[3] < 255)
        return ff_set_common_formats_from_list(ctx, colour ? pix_fmts_alpha_colour : pix_fmts_alpha_gray);
    return ff_set_common_formats_from_list(ctx, colour ? pix_fmts_colour : pix_fmts_gray);
}

static const AVFilterPad strokerender_outputs[] = {
    {
        .name         = "default",
        .type         = AVMEDIA_TYPE_VIDEO,
        .config_props = strokerender_config_output,
    },
};

const AVFilter ff_vsrc_strokerender = {
    .name          = "strokerender",
    .description   = NULL_IF_CONFIG_SMALL("Render stroke data (Quick, Draw! drawings, time series) to frames."),
    .priv_size     = sizeof(StrokeRenderContext),
    .priv_class    = &strokerender_class,
    .init          = strokerender_init,
    .uninit        = strokerender_uninit,
    .activate      = strokerender_activate,
    .inputs        = NULL,
    FILTER_OUTPUTS(strokerender_outputs),
    FILTER_QUERY_FUNC(strokerender_query_formats),
    .flags         = AVFILTER_FLAG_SLICE_THREADS,
    .flags_internal = FF_FILTER_FLAG_HWFRAME_AWARE,
};

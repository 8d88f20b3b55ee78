/*
 * primitive filter: approximate each frame with geometric shapes
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
 * primitive video filter: libavfilter glue around the primitive core
 * (primitive.h): options, formats, threads, metadata and SVG/JSON export.
 * The algorithm itself lives in primitive.c, primitive_shape.h and
 * primitive_pixel.h.
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "libavutil/avstring.h"
#include "libavutil/hwcontext.h"
#include "libavutil/imgutils.h"
#include "libavutil/opt.h"
#include "libavutil/parseutils.h"
#include "libavutil/pixdesc.h"
#include "avfilter.h"
#include "filters.h"
#include "internal.h"
#include "video.h"

#include "primitive.h"

/* CUDA frames in and out: the kernels of cuda/primitive.cu, built by nvcc
 * into libavfilter when FFmpeg is configured with CUDA and nvcc. */
#define PRIMITIVE_CUDA (CONFIG_CUDA && CONFIG_CUDA_NVCC)
#if PRIMITIVE_CUDA
#include "libavutil/cuda_check.h"
#include "libavutil/hwcontext_cuda_internal.h"
#include "cuda/load_helper.h"
#include "primitive_cuda.h"
#include "primitive_pixel.h"
#endif

static const enum AVPixelFormat pix_fmts[] = {
    AV_PIX_FMT_RGB24, AV_PIX_FMT_BGR24,
    AV_PIX_FMT_RGBA,  AV_PIX_FMT_BGRA, AV_PIX_FMT_ARGB, AV_PIX_FMT_ABGR,
    AV_PIX_FMT_RGB0,  AV_PIX_FMT_BGR0, AV_PIX_FMT_0RGB, AV_PIX_FMT_0BGR,
    AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_NV12,
    AV_PIX_FMT_YUV444P, AV_PIX_FMT_YUVJ444P,
#if PRIMITIVE_CUDA
    AV_PIX_FMT_CUDA,
#endif
    AV_PIX_FMT_NONE
};

#if PRIMITIVE_CUDA
/* The kernels of cuda/primitive.cu, in the order a frame runs them. */
enum CudaKernel {
    K_CARRY, K_YUV_RGB, K_DOWNSCALE_H, K_DOWNSCALE_V, K_SHIFT_SAD, K_SHIFT_PICK, K_START, K_CARRIED,
    K_CANDIDATES, K_CLIMB, K_COMMIT, K_SMOOTH, K_GEOMS, K_RENDER, K_SMOOTH_PLANE, K_NB
};
static const char *const kernel_names[K_NB] = {
    "primitive_carry", "primitive_yuv_rgb", "primitive_downscale_h", "primitive_downscale_v", "primitive_shift_sad",
    "primitive_shift_pick", "primitive_start", "primitive_carried", "primitive_candidates",
    "primitive_climb", "primitive_commit", "primitive_smooth", "primitive_geoms", "primitive_render",
    "primitive_smooth_plane",
};
#endif

#define MAX_SHAPES 10000     /* the most shapes n can ask for */
#define MAX_CLIMBS 256
#define MAX_MOTION 64
#define SMOOTH_AUTO 0.9      /* smooth=-1 (the default) in temporal mode */

typedef struct PrimitiveContext {
    const AVClass *class;

    /* options */
    int n;
    char *mode_str;
    int alpha;
    int size;
    int candidates;
    int climbs;
    int age;
    int64_t seed;
    char *bg_str;
    char *svg;
    char *json;
    int temporal;
    int replace;
    int motion;
    double cut;
    double smooth;
    int smooth_diff;
    int grow;

    int mode;
    int bg_auto;
    uint8_t bg[4];

    LavfxPrimitive *prim;   ///< room for MAX_SHAPES: n can grow at run time
    int in_w, in_h;         ///< input frame size the buffers are made for
    int ww, wh;             ///< work image size
    uint8_t *work;          ///< RGB24 work image, ww x wh
    uint16_t *cov;          ///< render scratch: one row of coverage per job
    int nb_jobs;
    int step, off[3];       ///< bytes per pixel, byte offsets of R, G, B
    int yuv;                ///< 1: planar (yuv420p, yuv444p), 2: nv12 (else packed RGB)
    int chroma_shift;       ///< yuv: 1 for 4:2:0, 0 for 4:4:4 (the same both ways)
    uint8_t *rgb;           ///< yuv: the frame as RGB24, for the downscale
    PrimYuv m;              ///< yuv: this frame's conversion
    uint8_t *vals;          ///< yuv: Y', Cb, Cr of each shape, 4 bytes apart
    uint8_t bgv[4];         ///< yuv: Y', Cb, Cr of the background
    int64_t frame_index;
    /* smooth: the output's smoothed state, 8.8 fixed point, a uint16_t per
     * byte of each plane of the output (CUDA frames: args.shown_frame) */
    uint16_t *state[4];
    int state_stride[4];    ///< uint16_t per row
    int shown_ok;           ///< the last output frame was smoothed (the state is its)
    double shown_score;     ///< the score of the shown (smoothed) picture
    /* grow mode: the picture being built up, one output frame per shape */
    AVFrame *grow_frame;    ///< background and shapes drawn so far
    int grow_next;          ///< next shape to draw
    int64_t grow_pts;       ///< next output pts
#if PRIMITIVE_CUDA
    /* CUDA frames: the search and the render on the GPU */
    AVCUDADeviceContext *hwctx;     ///< set when the frames are CUDA frames
    AVBufferRef *device_ref;        ///< holds hwctx's device until cuda_uninit is done with it
    CUmodule cu_module;
    CUfunction cu_fn[K_NB];
    PrimCudaArgs args;              ///< device buffers, sizes (per frame: the rest)
    int cap_shapes, cap_cand;       ///< shapes and climbs x candidates args has room for
    PrimShape *shapes;              ///< the frame's shapes, read back for metadata/export
    int shown_pitch[4];             ///< smooth: args.shown_frame's planes (the smoothed state,
    size_t shown_offset[4];         ///< a uint16_t per byte of the frame's): bytes per row, start
#endif
} PrimitiveContext;

/* The smooth option as lavfx_primitive_smooth's strength, 0-256. */
static int smooth_strength(const PrimitiveContext *s)
{
    return (int)lrint((s->smooth < 0 ? (s->temporal ? SMOOTH_AUTO : 0) : s->smooth) * 256);  /* < 0: auto */
}

typedef struct ExecArg {
    LavfxJobFn job;
    void *arg;
} ExecArg;

typedef struct RenderArg {
    AVFrame *frame;
    int shape;              ///< draw this shape only, or -1: the whole picture
} RenderArg;

typedef struct ConvertArg {
    const AVFrame *frame;
    const PrimYuv *m;
} ConvertArg;

/*
 * The conversion of a Y'CbCr frame: the standard from the frame's tags
 * (BT.709, BT.601, BT.2020; untagged: BT.709 from 720 rows up, else
 * BT.601, as players guess), limited range unless tagged full (or a yuvj
 * format, full range by definition).
 */
static void frame_matrix(const AVFrame *f, PrimYuv *m)
{
    double kr = 0.299, kb = 0.114;
    switch (f->colorspace) {
    case AVCOL_SPC_BT709:      kr = 0.2126; kb = 0.0722; break;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:  kr = 0.2627; kb = 0.0593; break;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:  break;
    default:
        if (f->height >= 720) {
            kr = 0.2126;
            kb = 0.0722;
        }
    }
    lavfx_primitive_yuv_matrix(kr, kb, f->color_range == AVCOL_RANGE_JPEG || f->format == AV_PIX_FMT_YUVJ420P ||
                                       f->format == AV_PIX_FMT_YUVJ444P, m);
}

/* yuv: the picture's colours as Y'CbCr for the render (shapes, background). */
static int primitive_yuv_values(PrimitiveContext *s, const PrimYuv *m)
{
    int i, nb = lavfx_primitive_nb_shapes(s->prim);
    uint8_t bg[3];
    if (av_reallocp_array(&s->vals, FFMAX(nb, 1), 4) < 0)
        return AVERROR(ENOMEM);
    for (i = 0; i < nb; i++)
        prim_rgb_to_yuv(m, lavfx_primitive_shape(s->prim, i)->color, s->vals + 4 * i);
    lavfx_primitive_background(s->prim, bg);
    prim_rgb_to_yuv(m, bg, s->bgv);
    return 0;
}

/* Parses a kind by name ("triangle") or by fogleman's mode number ("1"). */
static int primitive_parse_mode(AVFilterContext *ctx, const char *str)
{
    char list[256] = "";
    int k;
    for (k = 0; k < PRIM_NB_KINDS; k++) {
        char num[4];
        snprintf(num, sizeof(num), "%d", k);
        if (!strcmp(str, lavfx_primitive_kind_name(k)) || !strcmp(str, num))
            return k;
        av_strlcatf(list, sizeof(list), "%s%s", k ? ", " : "", lavfx_primitive_kind_name(k));
    }
    av_log(ctx, AV_LOG_ERROR, "Invalid mode '%s': valid modes are %s (or their numbers 0-%d)\n",
           str, list, PRIM_NB_KINDS - 1);
    return AVERROR(EINVAL);
}

/*
 * Expands an output path pattern: "%d" (or "%0Nd") becomes the frame number,
 * "%%" a percent sign; any other conversion is refused.
 */
static int primitive_expand_path(char *buf, int size, const char *pattern, int64_t frame)
{
    const char *p = pattern;
    int len = 0, nb_d = 0;
    while (*p) {
        if (*p != '%') {
            if (len + 1 >= size)
                return AVERROR(ENAMETOOLONG);
            buf[len++] = *p++;
            continue;
        }
        p++;
        if (*p == '%') {
            if (len + 1 >= size)
                return AVERROR(ENAMETOOLONG);
            buf[len++] = *p++;
        } else {
            int width = 0, w;
            while (*p >= '0' && *p <= '9' && width < 100)
                width = width * 10 + *p++ - '0';
            if (*p != 'd' || nb_d++)
                return AVERROR(EINVAL);
            p++;
            w = snprintf(buf + len, size - len, "%0*"PRId64, width, frame);
            if (w < 0 || w >= size - len)
                return AVERROR(ENAMETOOLONG);
            len += w;
        }
    }
    buf[len] = 0;
    return 0;
}

/* Opens the file of one frame into *f with fopen's mode ("w" to write it,
 * "a" to check that it can be written without emptying it), its name into
 * path (size bytes), with an error that names the option, the file and why. */
static int primitive_open_output(AVFilterContext *ctx, const char *opt, const char *pattern,
                                 int64_t frame, const char *mode, char *path, int size, FILE **f)
{
    int ret = primitive_expand_path(path, size, pattern, frame);
    if (ret == AVERROR(ENAMETOOLONG)) {
        av_log(ctx, AV_LOG_ERROR, "Invalid %s path '%s': longer than %d bytes "
               "with the frame number in it\n", opt, pattern, size - 1);
        return ret;
    }
    if (ret < 0) {
        av_log(ctx, AV_LOG_ERROR, "Invalid %s path '%s': use at most one %%d "
               "(or %%0Nd) for the frame number and %%%% for a percent sign\n", opt, pattern);
        return AVERROR(EINVAL);
    }
    if (!(*f = fopen(path, mode))) {
        ret = AVERROR(errno);
        av_log(ctx, AV_LOG_ERROR, "Cannot write %s file '%s': %s\n", opt, path, av_err2str(ret));
        return ret;
    }
    return 0;
}

static av_cold int primitive_init(AVFilterContext *ctx)
{
    PrimitiveContext *s = ctx->priv;
    int i, ret;

    if ((ret = primitive_parse_mode(ctx, s->mode_str)) < 0)
        return ret;
    s->mode = ret;

    s->bg_auto = !strcmp(s->bg_str, "auto");
    if (!s->bg_auto && av_parse_color(s->bg, s->bg_str, -1, ctx) < 0) {
        av_log(ctx, AV_LOG_ERROR, "Invalid bg '%s': use 'auto' (mean colour) or a colour "
               "such as 'white' or '0x336699'\n", s->bg_str);
        return AVERROR(EINVAL);
    }
    if (!s->bg_auto && s->bg[3] != 255)
        av_log(ctx, AV_LOG_WARNING, "bg '%s': the background is opaque, its alpha is ignored\n", s->bg_str);
    /* Fail now, not after the first frame, on a path that cannot be written;
     * a file there is left as it was, one made for the check removed. */
    for (i = 0; i < 2; i++) {
        const char *opt = i ? "json" : "svg", *pattern = i ? s->json : s->svg;
        char path[4096];
        FILE *f = NULL;
        int existed;
        if (!pattern)
            continue;
        if (primitive_expand_path(path, sizeof(path), pattern, 0) >= 0 && (f = fopen(path, "r")))
            fclose(f);
        existed = !!f;
        if ((ret = primitive_open_output(ctx, opt, pattern, 0, "a", path, sizeof(path), &f)) < 0)
            return ret;
        fclose(f);
        if (!existed)
            remove(path);
    }
    return 0;
}

#if PRIMITIVE_CUDA
#define CHECK_CU(x) FF_CUDA_CHECK_DL(ctx, s->hwctx->internal->cuda_dl, x)
#define DIV_UP(a, b) (((a) + (b) - 1) / (b))

/* The device buffers of PrimCudaArgs, for allocating and freeing them alike. */
static uint64_t *cuda_buffer(PrimCudaArgs *a, int i)
{
    uint64_t *const buf[] = {
        &a->xidx, &a->xwt, &a->yidx, &a->ywt, &a->tmp, &a->target, &a->canvas, &a->sums,
        &a->climbs, &a->state, &a->prev_target, &a->temporal, &a->sads, &a->rgb,
        &a->shown, &a->shown_ref, &a->smooth_k, &a->shown_frame,
        &a->shapes, &a->gains, &a->geoms, &a->seeds, &a->replace, &a->vals, &a->cand, &a->cand_delta,
    };
    return i < FF_ARRAY_ELEMS(buf) ? buf[i] : NULL;
}
#define CUDA_FIXED_BUFFERS 18   /* the first 18: sized by the frame size */
#define CUDA_SHAPE_BUFFERS 6    /* then 6 sized by n, then 2 by climbs x candidates */

/* Frees the device buffers from `first` on (the module too if first is 0);
 * the caller has pushed the CUDA context. Waits for queued kernels first. */
static void cuda_free_buffers(AVFilterContext *ctx, int first)
{
    PrimitiveContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    uint64_t *b;
    int i;
    CHECK_CU(cu->cuStreamSynchronize(s->hwctx->stream));
    for (i = first; (b = cuda_buffer(&s->args, i)); i++) {
        if (*b)
            CHECK_CU(cu->cuMemFree((CUdeviceptr)*b));
        *b = 0;
    }
    if (!first && s->cu_module) {
        CHECK_CU(cu->cuModuleUnload(s->cu_module));
        s->cu_module = NULL;
    }
    if (first <= CUDA_FIXED_BUFFERS)
        s->cap_shapes = s->cap_cand = 0;
}

static void cuda_uninit(AVFilterContext *ctx)
{
    PrimitiveContext *s = ctx->priv;
    CUcontext dummy;
    if (!s->hwctx)
        return;
    if (CHECK_CU(s->hwctx->internal->cuda_dl->cuCtxPushCurrent(s->hwctx->cuda_ctx)) >= 0) {
        cuda_free_buffers(ctx, 0);
        CHECK_CU(s->hwctx->internal->cuda_dl->cuCtxPopCurrent(&dummy));
    }
    av_freep(&s->shapes);
    s->hwctx = NULL;
    av_buffer_unref(&s->device_ref);
}

/* cuMemAlloc of size bytes into *b, with a message naming the buffer size. */
static int cuda_alloc(AVFilterContext *ctx, uint64_t *b, size_t size)
{
    PrimitiveContext *s = ctx->priv;
    CUdeviceptr p;
    int ret = CHECK_CU(s->hwctx->internal->cuda_dl->cuMemAlloc(&p, FFMAX(size, 1)));
    if (ret < 0) {
        av_log(ctx, AV_LOG_ERROR, "Cannot allocate %zu bytes of GPU memory\n", size);
        return ret;
    }
    *b = p;
    return 0;
}

/* CUDA frames in, CUDA frames of the same format out: checks the software
 * format (packed 4-byte RGB), loads the kernels, allocates the buffers sized
 * by the frame and work sizes and uploads the downscaler's taps. */
static int cuda_config(AVFilterContext *ctx, AVFilterLink *inlink)
{
    extern const unsigned char ff_primitive_ptx_data[];
    extern const unsigned int ff_primitive_ptx_len;
    static const enum AVPixelFormat formats[] = {
        AV_PIX_FMT_RGBA, AV_PIX_FMT_BGRA, AV_PIX_FMT_RGB0, AV_PIX_FMT_BGR0,
        AV_PIX_FMT_YUV420P, AV_PIX_FMT_NV12,
    };
    PrimitiveContext *s = ctx->priv;
    PrimCudaArgs *a = &s->args;
    AVHWFramesContext *fc;
    const AVPixFmtDescriptor *desc;
    CudaFunctions *cu;
    CUcontext dummy;
    int32_t *taps[4] = { NULL };
    size_t shown_size = 0;
    int i, k, ret;

    if (!inlink->hw_frames_ctx) {
        av_log(ctx, AV_LOG_ERROR, "CUDA input without a hardware frames context\n");
        return AVERROR(EINVAL);
    }
    fc = (AVHWFramesContext *)inlink->hw_frames_ctx->data;
    for (i = 0; i < FF_ARRAY_ELEMS(formats) && fc->sw_format != formats[i]; i++)
        ;
    if (i == FF_ARRAY_ELEMS(formats)) {
        av_log(ctx, AV_LOG_ERROR, "CUDA frames of %s: primitive takes rgba, bgra, rgb0, bgr0, "
               "yuv420p or nv12 (e.g. format=nv12,hwupload_cuda)\n", av_get_pix_fmt_name(fc->sw_format));
        return AVERROR(EINVAL);
    }
    desc = av_pix_fmt_desc_get(fc->sw_format);
    s->yuv = fc->sw_format == AV_PIX_FMT_YUV420P ? 1 : fc->sw_format == AV_PIX_FMT_NV12 ? 2 : 0;
    s->chroma_shift = 1;
    if (s->yuv && (inlink->h & 1)) {
        /* FFmpeg 5.1's CUDA frames round the chroma height down (transfers,
         * and yuv420p's plane layout): the last chroma row would be lost */
        av_log(ctx, AV_LOG_ERROR, "CUDA %s frames of odd height (%d) are not supported: crop or pad "
               "to an even height first\n", desc->name, inlink->h);
        return AVERROR(EINVAL);
    }
    cuda_uninit(ctx);
    /* the input link may be freed before this filter: keep the device */
    if (!(s->device_ref = av_buffer_ref(fc->device_ref)))
        return AVERROR(ENOMEM);
    s->hwctx = ((AVHWDeviceContext *)fc->device_ref->data)->hwctx;
    cu = s->hwctx->internal->cuda_dl;
    memset(a, 0, sizeof(*a));
    a->fw    = inlink->w;
    a->fh    = inlink->h;
    a->step  = s->yuv ? 3 : desc->comp[0].step;       /* yuv: the downscale reads RGB24 */
    for (k = 0; k < 3; k++)
        a->off[k] = s->yuv ? k : desc->comp[k].offset;
    a->sp.w  = s->ww;
    a->sp.h  = s->wh;
    a->sp.u  = FFMAX(1, FFMAX(s->ww, s->wh) * PRIM_ONE / 256);  /* as lavfx_primitive_alloc */
    a->xtaps = lavfx_primitive_tent_size(inlink->w, s->ww);
    a->ytaps = lavfx_primitive_tent_size(inlink->h, s->wh);
    /* smooth: room for the output's smoothed state, its planes one after another */
    if ((ret = av_image_fill_linesizes(s->shown_pitch, fc->sw_format, inlink->w)) < 0)
        return ret;
    for (k = 0; k < 4; k++) {
        s->shown_pitch[k] *= sizeof(uint16_t);
        s->shown_offset[k] = shown_size;
        shown_size += (size_t)s->shown_pitch[k] * (k ? AV_CEIL_RSHIFT(inlink->h, desc->log2_chroma_h) : inlink->h);
    }

    for (k = 0; k < 4; k++)
        if (!(taps[k] = av_malloc_array(k < 2 ? s->ww * a->xtaps : s->wh * a->ytaps, sizeof(int32_t)))) {
            ret = AVERROR(ENOMEM);
            goto end;
        }
    if (lavfx_primitive_tent_taps(inlink->w, s->ww, a->xtaps, taps[0], taps[1]) < 0 ||
        lavfx_primitive_tent_taps(inlink->h, s->wh, a->ytaps, taps[2], taps[3]) < 0) {
        ret = AVERROR(EINVAL);
        goto end;
    }
    if ((ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) < 0)
        goto end;
    ret = ff_cuda_load_module(ctx, s->hwctx, &s->cu_module, ff_primitive_ptx_data, ff_primitive_ptx_len);
    for (k = 0; k < K_NB && ret >= 0; k++)
        ret = CHECK_CU(cu->cuModuleGetFunction(&s->cu_fn[k], s->cu_module, kernel_names[k]));
    if (ret < 0)
        av_log(ctx, AV_LOG_ERROR, "Cannot load the CUDA kernels (a driver older than the nvcc "
               "that built them?)\n");
    {
        const size_t size[CUDA_FIXED_BUFFERS] = {
            sizeof(int32_t) * s->ww * a->xtaps, sizeof(int32_t) * s->ww * a->xtaps,
            sizeof(int32_t) * s->wh * a->ytaps, sizeof(int32_t) * s->wh * a->ytaps,
            sizeof(uint32_t) * 3 * s->ww * inlink->h, (size_t)3 * s->ww * s->wh, (size_t)3 * s->ww * s->wh,
            sizeof(PrimSum) * (s->ww + 1) * s->wh, sizeof(PrimCudaClimb) * MAX_CLIMBS, sizeof(PrimCudaState),
            (size_t)3 * s->ww * s->wh, sizeof(PrimCudaTemporal),
            2 * sizeof(uint64_t) * (2 * MAX_MOTION + 1) * (2 * MAX_MOTION + 1),
            s->yuv ? (size_t)3 * inlink->w * inlink->h : 1,
            sizeof(uint16_t) * 3 * s->ww * s->wh, sizeof(uint16_t) * 3 * s->ww * s->wh, sizeof(uint16_t) * s->ww * s->wh,
            shown_size,
        };
        for (k = 0; k < CUDA_FIXED_BUFFERS && ret >= 0; k++)
            ret = cuda_alloc(ctx, cuda_buffer(a, k), size[k]);
        for (k = 0; k < 4 && ret >= 0; k++)
            ret = CHECK_CU(cu->cuMemcpyHtoD((CUdeviceptr)*cuda_buffer(a, k), taps[k], size[k]));
        if (ret >= 0)   /* a first frame blends it with weight 0: defined */
            ret = CHECK_CU(cu->cuMemsetD8Async((CUdeviceptr)a->shown_frame, 0, shown_size, s->hwctx->stream));
    }
    CHECK_CU(cu->cuCtxPopCurrent(&dummy));
end:
    for (k = 0; k < 4; k++)
        av_free(taps[k]);
    return ret;
}

/* Room on the device for n shapes and climbs x candidates candidates (the
 * options can grow at run time: the last frame's shapes and gains, what
 * temporal mode carries, are copied into the larger buffers, as the CPU
 * context, made for MAX_SHAPES, keeps them); the caller has pushed the context. */
static int cuda_reserve(AVFilterContext *ctx, int n, int nb_cand)
{
    PrimitiveContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    PrimCudaArgs *a = &s->args;
    int ret;
    if (n > s->cap_shapes) {
        const int old_cap = s->cap_shapes;
        uint64_t old[2] = { a->shapes, a->gains };
        a->shapes = a->gains = 0;                       /* kept until copied */
        cuda_free_buffers(ctx, CUDA_FIXED_BUFFERS);     /* the rest from shapes on; caps reset */
        if ((ret = cuda_alloc(ctx, &a->shapes, sizeof(PrimShape) * n)) >= 0 &&
            (ret = cuda_alloc(ctx, &a->gains, sizeof(int64_t) * n)) >= 0 && old_cap &&
            (ret = CHECK_CU(cu->cuMemcpyDtoDAsync((CUdeviceptr)a->shapes, (CUdeviceptr)old[0],
                                                  sizeof(PrimShape) * old_cap, s->hwctx->stream))) >= 0 &&
            (ret = CHECK_CU(cu->cuMemcpyDtoDAsync((CUdeviceptr)a->gains, (CUdeviceptr)old[1],
                                                  sizeof(int64_t) * old_cap, s->hwctx->stream))) >= 0)
            ret = CHECK_CU(cu->cuStreamSynchronize(s->hwctx->stream));   /* before the frees */
        if (old[0])
            CHECK_CU(cu->cuMemFree((CUdeviceptr)old[0]));
        if (old[1])
            CHECK_CU(cu->cuMemFree((CUdeviceptr)old[1]));
        if (ret < 0 ||
            (ret = cuda_alloc(ctx, &a->geoms, sizeof(PrimGeom) * n)) < 0 ||
            (ret = cuda_alloc(ctx, &a->seeds, sizeof(PrimShape) * n)) < 0 ||
            (ret = cuda_alloc(ctx, &a->replace, n)) < 0 ||
            (ret = cuda_alloc(ctx, &a->vals, (size_t)4 * n)) < 0)
            return ret;
        av_freep(&s->shapes);
        if (!(s->shapes = av_malloc_array(n, sizeof(*s->shapes))))
            return AVERROR(ENOMEM);
        s->cap_shapes = n;
        /* new buffers (cuda_config): no last frame yet */
        if (!old_cap &&
            (ret = CHECK_CU(cu->cuMemsetD8Async((CUdeviceptr)a->state, 0, sizeof(PrimCudaState),
                                                s->hwctx->stream))) < 0)
            return ret;
    }
    if (nb_cand > s->cap_cand) {
        cuda_free_buffers(ctx, CUDA_FIXED_BUFFERS + CUDA_SHAPE_BUFFERS);   /* candidates */
        s->cap_cand = 0;
        if ((ret = cuda_alloc(ctx, &a->cand, sizeof(PrimShape) * nb_cand)) < 0 ||
            (ret = cuda_alloc(ctx, &a->cand_delta, sizeof(int64_t) * nb_cand)) < 0)
            return ret;
        s->cap_cand = nb_cand;
    }
    return 0;
}

/* cuLaunchKernel of kernel k with the frame's arguments, 1-D. */
static int cuda_launch(AVFilterContext *ctx, PrimCudaArgs *a, int k, int gx, int gy, int threads)
{
    PrimitiveContext *s = ctx->priv;
    void *args[] = { a };
    return CHECK_CU(s->hwctx->internal->cuda_dl->cuLaunchKernel(s->cu_fn[k], gx, gy, 1, threads, 1, 1, 0,
                                                                s->hwctx->stream, args, NULL));
}

/* The planes of a CUDA frame of this filter's format: packed RGB, yuv420p's
 * three or NV12's two. */
static int cuda_planes(const PrimitiveContext *s)
{
    return s->yuv == 1 ? 3 : s->yuv == 2 ? 2 : 1;
}

/* Plane p of frame f as the plane the render and smooth kernels work on:
 * pdst, ppitch, pw x ph samples of pstep bytes, nc components at poff[]. */
static void cuda_plane(const PrimitiveContext *s, PrimCudaArgs *a, const AVFrame *f, int p)
{
    int k;
    a->pdst   = (uint64_t)(uintptr_t)f->data[p];
    a->ppitch = f->linesize[p];
    a->pw     = p ? AV_CEIL_RSHIFT(f->width, 1) : f->width;
    a->ph     = p ? AV_CEIL_RSHIFT(f->height, 1) : f->height;
    a->pstep  = !s->yuv ? a->step : s->yuv == 2 && p ? 2 : 1;   /* Y', Cb, Cr, or NV12's CbCr */
    a->nc     = !s->yuv ? 3 : s->yuv == 2 && p ? 2 : 1;
    for (k = 0; k < a->nc; k++)
        a->poff[k] = s->yuv ? k : a->off[k];
}

/*
 * Queues the render of shapes [first, last) (over the background first if
 * draw_bg, packed RGB samples copied from src first) into every plane of the
 * CUDA frame dst, as render_rows does on the CPU: RGB, or Y' at full size
 * and Cb, Cr (NV12: interleaved) at the chroma size, the shapes' geometry
 * built for each plane's size. The caller has pushed the context and, for
 * YUV, uploaded the shapes' values (primitive_yuv_values) to a->vals.
 */
static int cuda_render(AVFilterContext *ctx, const PrimCudaArgs *base, AVFrame *dst, const AVFrame *src,
                       int first, int last, int draw_bg)
{
    PrimitiveContext *s = ctx->priv;
    const int nb = FFMIN(last, lavfx_primitive_nb_shapes(s->prim));
    int p, k, ret;
    PrimCudaArgs a = *base;
    uint8_t bg[3];

    lavfx_primitive_background(s->prim, bg);
    a.draw_from = first;
    a.draw_to   = last;
    a.draw_bg   = draw_bg;
    for (p = 0; p < cuda_planes(s); p++) {
        cuda_plane(s, &a, dst, p);
        a.psrc = 0;
        if (!s->yuv) {          /* packed RGB: the other bytes (alpha) from src */
            a.psrc       = draw_bg ? (uint64_t)(uintptr_t)src->data[0] : 0;
            a.psrc_pitch = draw_bg ? src->linesize[0] : 0;
            a.vals       = a.shapes + offsetof(PrimShape, color);
            a.vstride    = sizeof(PrimShape);
            for (k = 0; k < 3; k++)
                a.bgv[k] = bg[k];
        } else {
            a.vals    = base->vals + p;
            a.vstride = 4;
            for (k = 0; k < a.nc; k++)
                a.bgv[k] = s->bgv[p + k];
        }
        if (p < 2 && nb > first &&      /* geometry for this plane size (Cr: Cb's) */
            (ret = cuda_launch(ctx, &a, K_GEOMS, DIV_UP(nb - first, PRIM_CUDA_BLOCK), 1, PRIM_CUDA_BLOCK)) < 0)
            return ret;
        if ((draw_bg || nb > first) && (ret = cuda_launch(ctx, &a, K_RENDER, a.ph, 1, PRIM_CUDA_BLOCK)) < 0)
            return ret;
    }
    return 0;
}

/* smooth on CUDA frames: blends frame f into the smoothed state and f takes
 * its values, as primitive_smooth_frame does; queued on the device's
 * stream, the context pushed. */
static int cuda_smooth_frame(AVFilterContext *ctx, const PrimCudaArgs *base, AVFrame *f)
{
    PrimitiveContext *s = ctx->priv;
    PrimCudaArgs a = *base;
    int p, ret = 0;
    for (p = 0; p < cuda_planes(s) && ret >= 0; p++) {
        cuda_plane(s, &a, f, p);
        a.psrc       = a.shown_frame + s->shown_offset[p];
        a.psrc_pitch = s->shown_pitch[p];
        ret = cuda_launch(ctx, &a, K_SMOOTH_PLANE, a.ph, 1, PRIM_CUDA_BLOCK);
    }
    return ret;
}

/*
 * One frame on the GPU, from CUDA frame in to CUDA frame out: downscale,
 * start, then one attempt (candidates, climb, commit) per missing shape,
 * queued without waiting; the state is read back once per round and more
 * attempts queued only where some failed. Then, with smoothed, the blend of
 * the work picture (its error read back with the state), the render at
 * output size (blended with the last output when smoothed), and the shapes
 * read back into s->prim for metadata and export.
 */
static int cuda_frame(AVFilterContext *ctx, const LavfxPrimitiveParams *par, AVFrame *in, AVFrame *out,
                      int smoothed, int *cut)
{
    PrimitiveContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    CUstream stream = s->hwctx->stream;
    PrimCudaArgs a;
    PrimCudaState st = { 0 };
    PrimCudaTemporal tm = { 0 };
    int64_t shown_err = 0;
    uint64_t t;
    int64_t nb_cand = (int64_t)par->climbs * par->candidates;
    int todo = s->n, i, ret;
    CUcontext dummy;

    /* the last frame's work image becomes prev_target, its buffer this frame's */
    t = s->args.target;
    s->args.target      = s->args.prev_target;
    s->args.prev_target = t;
    a = s->args;

    if (nb_cand > INT_MAX / PRIM_CUDA_WARP) {
        av_log(ctx, AV_LOG_ERROR, "climbs x candidates = %"PRId64" is too many for the GPU search\n", nb_cand);
        return AVERROR(EINVAL);
    }
    if (s->yuv) {       /* converted to RGB24 first */
        frame_matrix(in, &s->m);
        a.m            = s->m;
        a.yuv[0]       = (uint64_t)(uintptr_t)in->data[0];
        a.yuv[1]       = (uint64_t)(uintptr_t)in->data[1];
        a.yuv[2]       = (uint64_t)(uintptr_t)(s->yuv == 2 ? in->data[1] + 1 : in->data[2]);
        a.yuv_pitch[0] = in->linesize[0];
        a.yuv_pitch[1] = in->linesize[1];
        a.yuv_pitch[2] = in->linesize[s->yuv == 2 ? 1 : 2];
        a.cstep        = s->yuv == 2 ? 2 : 1;
        a.src          = a.rgb;
        a.src_pitch    = (int64_t)3 * in->width;
    } else {
        a.src          = (uint64_t)(uintptr_t)in->data[0];
        a.src_pitch    = in->linesize[0];
    }
    a.seed       = par->seed;
    a.frame      = (uint32_t)s->frame_index;
    a.n          = s->n;
    a.mode       = par->mode;
    a.alpha      = par->alpha;
    a.candidates = par->candidates;
    a.nb_climbs  = par->climbs;
    a.age        = par->age;
    a.bg_auto    = s->bg_auto;
    a.carry      = s->temporal && s->frame_index > 0;
    a.motion     = prim_shift_radius(s->motion, s->ww, s->wh);
    a.nb_replace = s->n * s->replace / 100;
    a.cut        = s->cut;
    a.smooth     = smooth_strength(s);
    a.smooth_thresh = s->smooth_diff;
    memcpy(a.bg, s->bg, 3);

    if ((ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) < 0)
        return ret;
    if ((ret = cuda_reserve(ctx, s->n, (int)nb_cand)) < 0)
        goto end;
    a.shapes = s->args.shapes; a.gains = s->args.gains; a.geoms = s->args.geoms;
    a.seeds  = s->args.seeds;  a.replace = s->args.replace; a.vals = s->args.vals;
    a.cand   = s->args.cand;   a.cand_delta = s->args.cand_delta;
    /* temporal: lavfx_primitive_reset_temporal's steps, in the same order */
    if ((a.carry && (ret = cuda_launch(ctx, &a, K_CARRY, DIV_UP(FFMAX(s->cap_shapes, 1), PRIM_CUDA_BLOCK), 1,
                                       PRIM_CUDA_BLOCK)) < 0) ||
        (ret = CHECK_CU(cu->cuMemsetD8Async((CUdeviceptr)a.state, 0, sizeof(PrimCudaState), stream))) < 0 ||
        (s->yuv && (ret = cuda_launch(ctx, &a, K_YUV_RGB, DIV_UP(in->width, PRIM_CUDA_BLOCK),
                                      FFMIN(in->height, 65535), PRIM_CUDA_BLOCK)) < 0) ||
        (ret = cuda_launch(ctx, &a, K_DOWNSCALE_H, DIV_UP(s->ww, PRIM_CUDA_BLOCK), FFMIN(in->height, 65535),
                           PRIM_CUDA_BLOCK)) < 0 ||
        (ret = cuda_launch(ctx, &a, K_DOWNSCALE_V, DIV_UP(s->ww, PRIM_CUDA_BLOCK), s->wh, PRIM_CUDA_BLOCK)) < 0)
        goto end;
    if (a.carry && a.motion > 0 &&
        ((ret = cuda_launch(ctx, &a, K_SHIFT_SAD, (2 * a.motion + 1) * (2 * a.motion + 1), 1, PRIM_CUDA_BLOCK)) < 0 ||
         (ret = cuda_launch(ctx, &a, K_SHIFT_PICK, 1, 1, 1)) < 0))
        goto end;
    if ((ret = cuda_launch(ctx, &a, K_START, DIV_UP(s->wh, PRIM_CUDA_BLOCK), 1, PRIM_CUDA_BLOCK)) < 0)
        goto end;
    if (a.carry && a.cut > 0 &&     /* scene-cut test, then the background again */
        ((ret = cuda_launch(ctx, &a, K_CARRIED, 1, 1, PRIM_CUDA_DRAW_WARPS * PRIM_CUDA_WARP)) < 0 ||
         (ret = cuda_launch(ctx, &a, K_START, DIV_UP(s->wh, PRIM_CUDA_BLOCK), 1, PRIM_CUDA_BLOCK)) < 0))
        goto end;
    while (todo > 0) {
        for (i = 0; i < todo; i++)
            if ((ret = cuda_launch(ctx, &a, K_CANDIDATES, (int)DIV_UP(nb_cand, PRIM_CUDA_WARPS), 1,
                                   PRIM_CUDA_WARPS * PRIM_CUDA_WARP)) < 0 ||
                (ret = cuda_launch(ctx, &a, K_CLIMB, par->climbs, 1,
                                   PRIM_CUDA_CLIMB_WARPS * PRIM_CUDA_WARP)) < 0 ||
                (ret = cuda_launch(ctx, &a, K_COMMIT, 1, 1, PRIM_CUDA_DRAW_WARPS * PRIM_CUDA_WARP)) < 0)
                goto end;
        if ((ret = CHECK_CU(cu->cuMemcpyDtoHAsync(&st, (CUdeviceptr)a.state, sizeof(st), stream))) < 0 ||
            (a.carry && (ret = CHECK_CU(cu->cuMemcpyDtoHAsync(&tm, (CUdeviceptr)a.temporal, sizeof(tm), stream))) < 0) ||
            (ret = CHECK_CU(cu->cuStreamSynchronize(stream))) < 0)
            goto end;
        todo = st.stopped ? 0 : s->n - st.nb_shapes;
    }
    /* smooth: the work picture shown, then its error read back with the shapes */
    a.smooth_restart = !s->shown_ok || tm.cut;
    if (smoothed &&
        ((ret = cuda_launch(ctx, &a, K_SMOOTH, DIV_UP(s->ww * s->wh, PRIM_CUDA_BLOCK), 1, PRIM_CUDA_BLOCK)) < 0 ||
         (ret = CHECK_CU(cu->cuMemcpyDtoHAsync(&shown_err, (CUdeviceptr)(a.state + offsetof(PrimCudaState, shown_err)),
                                               sizeof(shown_err), stream))) < 0))
        goto end;
    if ((st.nb_shapes > 0 &&
         (ret = CHECK_CU(cu->cuMemcpyDtoHAsync(s->shapes, (CUdeviceptr)a.shapes,
                                               sizeof(PrimShape) * st.nb_shapes, stream))) < 0) ||
        ((st.nb_shapes > 0 || smoothed) && (ret = CHECK_CU(cu->cuStreamSynchronize(stream))) < 0))
        goto end;
    s->shown_score = prim_score(s->ww, s->wh, shown_err);
    if (lavfx_primitive_set_picture(s->prim, st.bg, s->shapes, st.nb_shapes, st.err, st.evals) < 0) {
        av_log(ctx, AV_LOG_ERROR, "The GPU search returned a bad picture (%d shapes, error %"PRId64")\n",
               st.nb_shapes, st.err);
        ret = AVERROR_BUG;
        goto end;
    }
    /* the render is not waited for: the next user of the frame is queued after it */
    if ((s->yuv && (ret = primitive_yuv_values(s, &s->m)) < 0) ||
        (s->yuv && st.nb_shapes > 0 &&
         (ret = CHECK_CU(cu->cuMemcpyHtoDAsync((CUdeviceptr)a.vals, s->vals, (size_t)4 * st.nb_shapes, stream))) < 0) ||
        (ret = cuda_render(ctx, &a, out, in, 0, s->grow ? 0 : INT32_MAX, 1)) < 0 ||
        (smoothed && (ret = cuda_smooth_frame(ctx, &a, out)) < 0))
        goto end;
    lavfx_primitive_set_temporal(s->prim, tm.carried_err >= 0 && a.carry ?
                                 prim_score(s->ww, s->wh, tm.carried_err) : -1,
                                 tm.shift[0], tm.shift[1]);
    *cut = tm.cut;
end:
    CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    return ret;
}

/* Queues the copy of CUDA frame src into dst (same format and size), plane by
 * plane, on the device's stream; the caller holds the CUDA context. */
static int cuda_copy_frame(AVFilterContext *ctx, const AVFrame *src, AVFrame *dst)
{
    PrimitiveContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    const AVHWFramesContext *fc = (const AVHWFramesContext *)src->hw_frames_ctx->data;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(fc->sw_format);
    int linesize[4], p, ret;

    if ((ret = av_image_fill_linesizes(linesize, fc->sw_format, src->width)) < 0)
        return ret;
    for (p = 0; p < 4 && linesize[p] && ret >= 0; p++) {
        CUDA_MEMCPY2D cp = {
            .srcMemoryType = CU_MEMORYTYPE_DEVICE,
            .srcDevice     = (CUdeviceptr)src->data[p],
            .srcPitch      = src->linesize[p],
            .dstMemoryType = CU_MEMORYTYPE_DEVICE,
            .dstDevice     = (CUdeviceptr)dst->data[p],
            .dstPitch      = dst->linesize[p],
            .WidthInBytes  = linesize[p],
            .Height        = p ? AV_CEIL_RSHIFT(src->height, desc->log2_chroma_h) : src->height,
        };
        ret = CHECK_CU(cu->cuMemcpy2DAsync(&cp, s->hwctx->stream));
    }
    return ret;
}

/* grow on CUDA frames: draws the frame's shape i over pic (the picture so
 * far) and copies pic into out, queued on the device's stream. */
static int cuda_grow_frame(AVFilterContext *ctx, AVFrame *pic, int i, AVFrame *out)
{
    PrimitiveContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    CUcontext dummy;
    int ret;

    if ((ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) < 0)
        return ret;
    ret = cuda_render(ctx, &s->args, pic, NULL, i, i + 1, 0);
    if (ret >= 0)
        ret = cuda_copy_frame(ctx, pic, out);
    CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    return ret;
}

/* A CUDA frame the timeline passes through, copied into a frame of the
 * output's pool (*in is replaced by it): the next filter may only take
 * frames of its input link's pool (hwdownload does). */
static int cuda_pass_frame(AVFilterContext *ctx, AVFrame **in)
{
    PrimitiveContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    AVFrame *out = ff_get_video_buffer(ctx->outputs[0], (*in)->width, (*in)->height);
    CUcontext dummy;
    int ret;

    if (!out)
        return AVERROR(ENOMEM);
    if ((ret = av_frame_copy_props(out, *in)) >= 0 &&
        (ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) >= 0) {
        ret = cuda_copy_frame(ctx, *in, out);
        CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    }
    if (ret < 0) {
        av_frame_free(&out);
        return ret;
    }
    av_frame_free(in);
    *in = out;
    return 0;
}
#endif /* PRIMITIVE_CUDA */

static av_cold void primitive_uninit(AVFilterContext *ctx)
{
    PrimitiveContext *s = ctx->priv;
    int k;
#if PRIMITIVE_CUDA
    cuda_uninit(ctx);
#endif
    lavfx_primitive_free(&s->prim);
    av_freep(&s->work);
    av_freep(&s->cov);
    av_freep(&s->rgb);
    av_freep(&s->vals);
    av_frame_free(&s->grow_frame);
    for (k = 0; k < 4; k++)
        av_freep(&s->state[k]);
}

static int primitive_config_props(AVFilterLink *inlink)
{
    AVFilterContext *ctx = inlink->dst;
    PrimitiveContext *s = ctx->priv;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(inlink->format);
    int k;

    if (inlink->w < LAVFX_PRIMITIVE_MIN_SIZE || inlink->h < LAVFX_PRIMITIVE_MIN_SIZE) {
        av_log(ctx, AV_LOG_ERROR, "Frame size %dx%d is too small: at least %dx%d\n",
               inlink->w, inlink->h, LAVFX_PRIMITIVE_MIN_SIZE, LAVFX_PRIMITIVE_MIN_SIZE);
        return AVERROR(EINVAL);
    }
    s->yuv = inlink->format == AV_PIX_FMT_NV12 ? 2 :
             !(desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_HWACCEL));
    s->chroma_shift = desc->log2_chroma_w;      /* 4:2:0 or 4:4:4: w and h alike */
    if (!(desc->flags & AV_PIX_FMT_FLAG_HWACCEL)) {
        s->step = desc->comp[0].step;
        for (k = 0; k < 3; k++)
            s->off[k] = desc->comp[k].offset;
    }

    /* kept: a filter before this one (scale with eval=frame or a w/h
     * command) may change inlink->w/h without reconfiguring this filter */
    s->in_w = inlink->w;
    s->in_h = inlink->h;
    lavfx_primitive_work_size(inlink->w, inlink->h, s->size, &s->ww, &s->wh);
    s->ww = FFMAX(s->ww, LAVFX_PRIMITIVE_MIN_SIZE);
    s->wh = FFMAX(s->wh, LAVFX_PRIMITIVE_MIN_SIZE);
    lavfx_primitive_free(&s->prim);
    av_freep(&s->work);
    av_freep(&s->cov);
    av_freep(&s->rgb);
    for (k = 0; k < 4; k++)
        av_freep(&s->state[k]);
    s->shown_ok = 0;
    if (s->yuv && !(s->rgb = av_malloc_array((size_t)inlink->w * 3, inlink->h)))
        return AVERROR(ENOMEM);
    /* room for every n (a few bytes a shape, not touched until used), so a
     * runtime n command never remakes the context: the picture a grow
     * sequence is drawing and temporal mode's shapes stay */
    s->prim    = lavfx_primitive_alloc(s->ww, s->wh, MAX_SHAPES, MAX_CLIMBS);
    s->work    = av_malloc_array(s->ww * 3, s->wh);
    s->nb_jobs = FFMAX(1, FFMIN(ff_filter_get_nb_threads(ctx), inlink->h));
    s->cov     = av_calloc((size_t)s->nb_jobs * inlink->w, sizeof(*s->cov));
    if (!s->prim || !s->work || !s->cov)
        return AVERROR(ENOMEM);
#if PRIMITIVE_CUDA
    if (inlink->format == AV_PIX_FMT_CUDA) {
        int ret = cuda_config(ctx, inlink);
        if (ret < 0)
            return ret;
        desc = av_pix_fmt_desc_get(((AVHWFramesContext *)inlink->hw_frames_ctx->data)->sw_format);
    }
#endif
    av_log(ctx, AV_LOG_VERBOSE, "%dx%d %s%s, work image %dx%d, mode %s\n", inlink->w, inlink->h,
           inlink->format == AV_PIX_FMT_CUDA ? "cuda " : "", desc->name, s->ww, s->wh,
           lavfx_primitive_kind_name(s->mode));
    return 0;
}

static int primitive_exec_job(AVFilterContext *ctx, void *arg, int jobnr, int nb_jobs)
{
    ExecArg *e = arg;
    return e->job(e->arg, jobnr, nb_jobs);
}

/* LavfxExecuteFn over FFmpeg's slice threads. */
static void primitive_execute(void *opaque, LavfxJobFn job, void *arg, int nb_jobs)
{
    AVFilterContext *ctx = opaque;
    ExecArg e = { job, arg };
    ff_filter_execute(ctx, primitive_exec_job, &e, NULL, nb_jobs);
}

/* yuv: rows of the frame to RGB24 for the downscale. */
static int primitive_convert_slice(AVFilterContext *ctx, void *arg, int jobnr, int nb_jobs)
{
    PrimitiveContext *s = ctx->priv;
    const ConvertArg *ca = arg;
    const AVFrame *f = ca->frame;
    int y0 = f->height * jobnr / nb_jobs, y1 = f->height * (jobnr + 1) / nb_jobs;
    const int nv12 = s->yuv == 2;
    lavfx_primitive_yuv_to_rgb(ca->m, f->data[0], f->linesize[0], f->data[1], f->linesize[1],
                               nv12 ? f->data[1] + 1 : f->data[2], f->linesize[nv12 ? 1 : 2],
                               nv12 ? 2 : 1, s->chroma_shift, f->width, s->rgb,
                               (ptrdiff_t)f->width * 3, y0, y1);
    return 0;
}

/* Rows [y0, y1) of the job's share of one plane of h rows. */
static void job_rows(int h, int jobnr, int nb_jobs, int *y0, int *y1)
{
    *y0 = h * jobnr / nb_jobs;
    *y1 = h * (jobnr + 1) / nb_jobs;
}

/* Renders shapes [first, last) (and the background first if bg) into the
 * job's rows of every plane of frame. */
static void render_rows(PrimitiveContext *s, AVFrame *frame, int first, int last, int bg,
                        int jobnr, int nb_jobs)
{
    static const int off0[2] = { 0, 1 };
    uint16_t *cov = s->cov + (size_t)jobnr * frame->width;
    int w = frame->width, h = frame->height;
    int cw = AV_CEIL_RSHIFT(w, s->chroma_shift), ch = AV_CEIL_RSHIFT(h, s->chroma_shift);
    int y0, y1, k;
    job_rows(h, jobnr, nb_jobs, &y0, &y1);
    if (!s->yuv) {          /* packed RGB: the shapes' own colours */
        const PrimShape *s0 = lavfx_primitive_shape(s->prim, 0);
        uint8_t bgc[3];
        lavfx_primitive_background(s->prim, bgc);
        lavfx_primitive_render_values(s->prim, frame->data[0], frame->linesize[0], w, h, s->step, 3, s->off,
                                      bg ? bgc : NULL, s0 ? s0->color : NULL, sizeof(*s0), first, last,
                                      y0, y1, cov);
        return;
    }
    lavfx_primitive_render_values(s->prim, frame->data[0], frame->linesize[0], w, h, 1, 1, off0,
                                  bg ? s->bgv : NULL, s->vals, 4, first, last, y0, y1, cov);
    job_rows(ch, jobnr, nb_jobs, &y0, &y1);
    if (s->yuv == 2) {      /* NV12: Cb, Cr interleaved */
        lavfx_primitive_render_values(s->prim, frame->data[1], frame->linesize[1], cw, ch, 2, 2, off0,
                                      bg ? s->bgv + 1 : NULL, s->vals + 1, 4, first, last, y0, y1, cov);
        return;
    }
    for (k = 1; k < 3; k++)
        lavfx_primitive_render_values(s->prim, frame->data[k], frame->linesize[k], cw, ch, 1, 1, off0,
                                      bg ? s->bgv + k : NULL, s->vals + k, 4, first, last, y0, y1, cov);
}

/* smooth: the job's rows of every plane of frame blended with the smoothed
 * state (s->state), as lavfx_primitive_smooth blended the work picture. */
static int primitive_smooth_slice(AVFilterContext *ctx, void *arg, int jobnr, int nb_jobs)
{
    static const int off0[2] = { 0, 1 };
    PrimitiveContext *s = ctx->priv;
    AVFrame *f = arg;
    int w = f->width, h = f->height;
    int cw = AV_CEIL_RSHIFT(w, s->chroma_shift), ch = AV_CEIL_RSHIFT(h, s->chroma_shift);
    int y0, y1, k;
    job_rows(h, jobnr, nb_jobs, &y0, &y1);
    if (!s->yuv) {
        lavfx_primitive_smooth_plane(s->prim, f->data[0], f->linesize[0], s->state[0], s->state_stride[0],
                                     w, h, s->step, 3, s->off, y0, y1);
        return 0;
    }
    lavfx_primitive_smooth_plane(s->prim, f->data[0], f->linesize[0], s->state[0], s->state_stride[0],
                                 w, h, 1, 1, off0, y0, y1);
    job_rows(ch, jobnr, nb_jobs, &y0, &y1);
    for (k = 1; k < (s->yuv == 2 ? 2 : 3); k++)     /* NV12: Cb, Cr interleaved */
        lavfx_primitive_smooth_plane(s->prim, f->data[k], f->linesize[k], s->state[k], s->state_stride[k],
                                     cw, ch, s->yuv == 2 ? 2 : 1, s->yuv == 2 ? 2 : 1, off0, y0, y1);
    return 0;
}

static int primitive_render_slice(AVFilterContext *ctx, void *arg, int jobnr, int nb_jobs)
{
    PrimitiveContext *s = ctx->priv;
    const RenderArg *ra = arg;
    if (ra->shape == -2)            /* grow: the background alone */
        render_rows(s, ra->frame, 0, 0, 1, jobnr, nb_jobs);
    else if (ra->shape < 0)
        render_rows(s, ra->frame, 0, INT_MAX, 1, jobnr, nb_jobs);
    else
        render_rows(s, ra->frame, ra->shape, ra->shape + 1, 0, jobnr, nb_jobs);
    return 0;
}

/*
 * grow mode: one output frame per shape, the picture built up shape by shape
 * (as fogleman/primitive's GIFs), at 25 frames per second; a picture with no
 * shape gives one background frame. Sends the next frame of the sequence;
 * activate() calls it each time the output wants a frame, so the sequence is
 * never queued whole. Each frame's lavfi.primitive.shapes counts the shapes
 * drawn on it; the keys about the whole picture (score, evaluations, the
 * temporal ones) go on the last frame only, the one that shows it.
 */
static int primitive_grow_next(AVFilterContext *ctx)
{
    PrimitiveContext *s = ctx->priv;
    AVFilterLink *outlink = ctx->outputs[0];
    AVFrame *pic = s->grow_frame, *out;
    RenderArg ra = { pic, s->grow_next };
    int nb = lavfx_primitive_nb_shapes(s->prim), ret;

    out = ff_get_video_buffer(outlink, outlink->w, outlink->h);
    if (!out)
        return AVERROR(ENOMEM);
    if ((ret = av_frame_copy_props(out, pic)) < 0) {
        av_frame_free(&out);
        return ret;
    }
    /* one input frame's captions, shown once (as vf_fps does for the
     * frames it duplicates), not on each frame of its sequence */
    if (s->grow_next > 0)
        av_frame_remove_side_data(out, AV_FRAME_DATA_A53_CC);
    if (s->grow_next + 1 < nb) {        /* not the whole picture yet */
        static const char *const keys[] = {
            "lavfi.primitive.score", "lavfi.primitive.evaluations", "lavfi.primitive.scene_cut",
            "lavfi.primitive.carried_score", "lavfi.primitive.shift",
        };
        char buf[16];
        int k;
        for (k = 0; k < FF_ARRAY_ELEMS(keys); k++)
            av_dict_set(&out->metadata, keys[k], NULL, 0);
        snprintf(buf, sizeof(buf), "%d", s->grow_next + 1);
        if ((ret = av_dict_set(&out->metadata, "lavfi.primitive.shapes", buf, 0)) < 0) {
            av_frame_free(&out);
            return ret;
        }
    }
    if (pic->format == AV_PIX_FMT_CUDA) {
#if PRIMITIVE_CUDA
        ret = cuda_grow_frame(ctx, pic, s->grow_next, out);
#endif
    } else {
        if (s->grow_next < nb)
            ff_filter_execute(ctx, primitive_render_slice, &ra, NULL, FFMIN(s->nb_jobs, pic->height));
        ret = av_frame_copy(out, pic);
    }
    s->grow_next++;
    if (ret < 0) {
        av_frame_free(&out);
        return ret;
    }
    out->pts          = s->grow_pts++;
    out->pkt_duration = 1;              /* in the output's time base, 1/25 */
    if (s->grow_next >= nb)
        av_frame_free(&s->grow_frame);
    return ff_filter_frame(outlink, out);
}

/* smooth: blends the rendered frame f into the smoothed state and f takes
 * its values (after a restart the weights are 0: f stays, the state starts
 * from it). The state is made, zeroed, on the first call. */
static int primitive_smooth_frame(AVFilterContext *ctx, AVFrame *f)
{
    PrimitiveContext *s = ctx->priv;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(f->format);
    int ret, k;
    if (!s->state[0]) {
        if ((ret = av_image_fill_linesizes(s->state_stride, f->format, f->width)) < 0)
            return ret;
        for (k = 0; k < 4 && s->state_stride[k]; k++) {
            int h = k == 1 || k == 2 ? AV_CEIL_RSHIFT(f->height, desc->log2_chroma_h) : f->height;
            if (!(s->state[k] = av_calloc((size_t)s->state_stride[k] * h, sizeof(*s->state[k])))) {
                while (k >= 0)
                    av_freep(&s->state[k--]);
                return AVERROR(ENOMEM);
            }
        }
    }
    ff_filter_execute(ctx, primitive_smooth_slice, f, NULL, FFMIN(s->nb_jobs, f->height));
    return 0;
}

static int primitive_export(AVFilterContext *ctx, int64_t frame, int w, int h)
{
    PrimitiveContext *s = ctx->priv;
    const char *opt[2] = { "svg", "json" }, *pattern[2] = { s->svg, s->json };
    char path[4096];
    int i, ret;
    for (i = 0; i < 2; i++) {
        FILE *f;
        if (!pattern[i])
            continue;
        if ((ret = primitive_open_output(ctx, opt[i], pattern[i], frame, "w", path, sizeof(path), &f)) < 0)
            return ret;
        /* the first error's errno (ENOSPC, EIO...): from a write, the flush or the close */
        errno = 0;
        ret = i ? lavfx_primitive_write_json(s->prim, f, w, h, frame)
                : lavfx_primitive_write_svg(s->prim, f, w, h);
        ret = ret < 0 || fflush(f) ? AVERROR(errno ? errno : EIO) : 0;
        if (fclose(f) && !ret)
            ret = AVERROR(errno ? errno : EIO);
        if (ret < 0) {
            av_log(ctx, AV_LOG_ERROR, "Error writing the %s file '%s' of frame %"PRId64": %s\n",
                   opt[i], path, frame, av_err2str(ret));
            return ret;
        }
    }
    return 0;
}

static int primitive_filter_frame(AVFilterLink *inlink, AVFrame *in)
{
    AVFilterContext *ctx = inlink->dst;
    PrimitiveContext *s = ctx->priv;
    LavfxPrimitiveParams par = {
        .mode       = s->mode,
        .alpha      = s->alpha,
        .candidates = s->candidates,
        .climbs     = s->climbs,
        .age        = s->age,
        .seed       = (uint64_t)s->seed,
    };
    RenderArg ra = { in, -1 };
    AVFrame *out = in;      ///< CUDA frames: a new frame; software frames: in, drawn over
    char buf[32];
    int i, ret, cut = 0;
    /* smooth: the picture shown is blended with the last one (not in grow mode) */
    const int smoothed = smooth_strength(s) > 0 && !s->grow;

    if (in->width != s->in_w || in->height != s->in_h) {
        av_log(ctx, AV_LOG_ERROR, "Frame size changed from %dx%d to %dx%d: not supported\n",
               s->in_w, s->in_h, in->width, in->height);
        av_frame_free(&in);
        return AVERROR(EINVAL);
    }
    if (ctx->is_disabled) {     /* timeline: pass the frame through */
#if PRIMITIVE_CUDA
        if (in->format == AV_PIX_FMT_CUDA && (ret = cuda_pass_frame(ctx, &in)) < 0) {
            av_frame_free(&in);
            return ret;
        }
#endif
        if (s->grow) {
            in->pts          = s->grow_pts++;
            in->pkt_duration = 1;
        }
        s->shown_ok = 0;
        return ff_filter_frame(ctx->outputs[0], in);
    }
    if (in->format == AV_PIX_FMT_CUDA) {
#if PRIMITIVE_CUDA
        out = ff_get_video_buffer(ctx->outputs[0], in->width, in->height);
        if (!out || (ret = av_frame_copy_props(out, in)) < 0 || (ret = cuda_frame(ctx, &par, in, out, smoothed, &cut)) < 0) {
            ret = out ? ret : AVERROR(ENOMEM);
            av_frame_free(&out);
            av_frame_free(&in);
            return ret;
        }
        av_frame_free(&in);
#endif
    } else {
        ret = av_frame_make_writable(in);
        if (ret < 0) {
            av_frame_free(&in);
            return ret;
        }
        out = in;
        ra.frame = in;
        if (s->yuv) {       /* to RGB24 first: the search works in R'G'B' */
            static const int off_rgb[3] = { 0, 1, 2 };
            ConvertArg ca = { in, &s->m };
            frame_matrix(in, &s->m);
            ff_filter_execute(ctx, primitive_convert_slice, &ca, NULL, FFMIN(s->nb_jobs, in->height));
            ret = lavfx_primitive_downscale(s->rgb, (ptrdiff_t)in->width * 3, in->width, in->height,
                                            3, off_rgb, s->work, s->ww * 3, s->ww, s->wh);
        } else {
            ret = lavfx_primitive_downscale(in->data[0], in->linesize[0], in->width, in->height,
                                            s->step, s->off, s->work, s->ww * 3, s->ww, s->wh);
        }
        if (ret < 0) {
            av_frame_free(&in);
            return ret == -ENOMEM ? AVERROR(ENOMEM) : AVERROR(EINVAL);
        }
        if (s->temporal && s->frame_index > 0)
            cut = lavfx_primitive_reset_temporal(s->prim, s->work, s->ww * 3, s->bg_auto ? NULL : s->bg,
                                                 s->cut, s->n * s->replace / 100, s->motion);
        else
            lavfx_primitive_reset(s->prim, s->work, s->ww * 3, s->bg_auto ? NULL : s->bg);
        for (i = 0; i < s->n; i++) {
            ret = lavfx_primitive_step(s->prim, &par, (uint32_t)s->frame_index, primitive_execute, ctx);
            if (ret < 0) {
                av_frame_free(&in);
                return ret;
            }
            if (!ret)
                break;
        }
        /* smooth: the work picture shown, blended with the last one; the
         * frame's blend follows its render */
        if (smoothed && (ret = lavfx_primitive_smooth(s->prim, smooth_strength(s), s->smooth_diff,
                                                      !s->shown_ok || cut)) < 0) {
            av_frame_free(&in);
            return ret == -ENOMEM ? AVERROR(ENOMEM) : AVERROR(EINVAL);
        }
        s->shown_score = lavfx_primitive_smooth_score(s->prim);
    }
    s->shown_ok = smoothed;

    /* the score of the picture shown: with smooth, the blended one */
    snprintf(buf, sizeof(buf), "%.6f", smoothed ? s->shown_score : lavfx_primitive_score(s->prim));
    av_dict_set(&out->metadata, "lavfi.primitive.score", buf, 0);
    av_dict_set(&out->metadata, "lavfi.primitive.shapes_score", NULL, 0);
    if (smoothed) {
        snprintf(buf, sizeof(buf), "%.6f", lavfx_primitive_score(s->prim));
        av_dict_set(&out->metadata, "lavfi.primitive.shapes_score", buf, 0);
    }
    snprintf(buf, sizeof(buf), "%d", lavfx_primitive_nb_shapes(s->prim));
    av_dict_set(&out->metadata, "lavfi.primitive.shapes", buf, 0);
    snprintf(buf, sizeof(buf), "%"PRId64, lavfx_primitive_evaluations(s->prim));
    av_dict_set(&out->metadata, "lavfi.primitive.evaluations", buf, 0);
    /* the temporal keys are this filter's only (a primitive filter before
     * this one may have set them) */
    av_dict_set(&out->metadata, "lavfi.primitive.scene_cut", NULL, 0);
    av_dict_set(&out->metadata, "lavfi.primitive.carried_score", NULL, 0);
    av_dict_set(&out->metadata, "lavfi.primitive.shift", NULL, 0);
    if (s->temporal) {
        int dx, dy;
        av_dict_set(&out->metadata, "lavfi.primitive.scene_cut", cut ? "1" : "0", 0);
        if (lavfx_primitive_carried_score(s->prim) >= 0) {
            snprintf(buf, sizeof(buf), "%.6f", lavfx_primitive_carried_score(s->prim));
            av_dict_set(&out->metadata, "lavfi.primitive.carried_score", buf, 0);
        }
        lavfx_primitive_shift(s->prim, &dx, &dy);
        snprintf(buf, sizeof(buf), "%d %d", dx, dy);
        av_dict_set(&out->metadata, "lavfi.primitive.shift", buf, 0);
    }
    if (cut)
        av_log(ctx, AV_LOG_VERBOSE, "scene cut at frame %"PRId64": searching afresh\n", s->frame_index);

    ret = primitive_export(ctx, s->frame_index, out->width, out->height);
    s->frame_index++;
    if (ret < 0) {
        av_frame_free(&out);
        return ret;
    }
    if (out->format == AV_PIX_FMT_CUDA && !s->grow)    /* rendered by the GPU */
        return ff_filter_frame(ctx->outputs[0], out);
    if (s->yuv && out->format != AV_PIX_FMT_CUDA && (ret = primitive_yuv_values(s, &s->m)) < 0) {
        av_frame_free(&out);
        return ret;
    }
    if (s->grow) {
        if (out->format != AV_PIX_FMT_CUDA) {  /* CUDA: the GPU drew the background */
            RenderArg bg = { out, -2 };
            ff_filter_execute(ctx, primitive_render_slice, &bg, NULL, FFMIN(s->nb_jobs, out->height));
        }
        s->grow_frame = out;
        s->grow_next  = 0;
        return primitive_grow_next(ctx);
    }
    ff_filter_execute(ctx, primitive_render_slice, &ra, NULL, FFMIN(s->nb_jobs, out->height));
    if (smoothed && (ret = primitive_smooth_frame(ctx, out)) < 0) {
        s->shown_ok = 0;
        av_frame_free(&out);
        return ret;
    }
    return ff_filter_frame(ctx->outputs[0], out);
}

static int primitive_activate(AVFilterContext *ctx)
{
    PrimitiveContext *s = ctx->priv;
    AVFilterLink *inlink = ctx->inputs[0], *outlink = ctx->outputs[0];
    AVFrame *in;
    int64_t pts;
    int ret, status;

    FF_FILTER_FORWARD_STATUS_BACK(outlink, inlink);
    if (s->grow_frame)      /* the sequence first, a frame each time one is wanted */
        return ff_outlink_frame_wanted(outlink) ? primitive_grow_next(ctx) : FFERROR_NOT_READY;
    ret = ff_inlink_consume_frame(inlink, &in);
    if (ret < 0)
        return ret;
    if (ret > 0)            /* ctx->is_disabled is set for this frame */
        return primitive_filter_frame(inlink, in);
    if (ff_inlink_acknowledge_status(inlink, &status, &pts)) {
        /* grow: the output has its own time base (1/25), and ends at the pts
         * after its last frame */
        ff_outlink_set_status(outlink, status, s->grow ? s->grow_pts : pts);
        return 0;
    }
    FF_FILTER_FORWARD_WANTED(outlink, inlink);
    return FFERROR_NOT_READY;
}

static int primitive_process_command(AVFilterContext *ctx, const char *cmd, const char *args,
                                     char *res, int res_len, int flags)
{
    PrimitiveContext *s = ctx->priv;
    int is_mode = !strcmp(cmd, "mode") || !strcmp(cmd, "m"), ret;
    char *old = NULL;
    /* the options apply from the next input frame: a grow sequence in
     * progress is drawn from its own picture, which nothing here changes */
    if (is_mode && !(old = av_strdup(s->mode_str)))
        return AVERROR(ENOMEM);
    if ((ret = ff_filter_process_command(ctx, cmd, args, res, res_len, flags)) >= 0 && is_mode) {
        if ((ret = primitive_parse_mode(ctx, s->mode_str)) >= 0)
            s->mode = ret;
        else            /* a refused mode leaves the option as it was */
            av_opt_set(s, "mode", old, 0);
    }
    av_free(old);
    return ret < 0 ? ret : 0;
}

#define OFFSET(x) offsetof(PrimitiveContext, x)
#define FLAGS  AV_OPT_FLAG_FILTERING_PARAM | AV_OPT_FLAG_VIDEO_PARAM
#define RFLAGS FLAGS | AV_OPT_FLAG_RUNTIME_PARAM

static const AVOption primitive_options[] = {
    { "n",          "number of shapes per frame",                   OFFSET(n),          AV_OPT_TYPE_INT,    { .i64 = 100 },    1, MAX_SHAPES, RFLAGS },
    /* a string (a name or fogleman's number, parsed by primitive_parse_mode,
     * which names the valid modes on an error); the constants list the
     * names in -h filter=primitive */
    { "mode",       "shape kind, by name or number (0-8)",          OFFSET(mode_str),   AV_OPT_TYPE_STRING, { .str = "triangle" }, 0, 0,  RFLAGS, "mode" },
    { "m",          "shape kind (short for mode: the names above)", OFFSET(mode_str),   AV_OPT_TYPE_STRING, { .str = "triangle" }, 0, 0,  RFLAGS },
        { "combo",          "0: a random pick of triangle, rect, ellipse, circle, rotatedrect", 0, AV_OPT_TYPE_CONST, { .i64 = 0 }, 0, 0, FLAGS, "mode" },
        { "triangle",       "1: triangle (the default)",                 0, AV_OPT_TYPE_CONST, { .i64 = 1 }, 0, 0, FLAGS, "mode" },
        { "rect",           "2: axis-aligned rectangle",                0, AV_OPT_TYPE_CONST, { .i64 = 2 }, 0, 0, FLAGS, "mode" },
        { "ellipse",        "3: axis-aligned ellipse",                  0, AV_OPT_TYPE_CONST, { .i64 = 3 }, 0, 0, FLAGS, "mode" },
        { "circle",         "4: circle",                                0, AV_OPT_TYPE_CONST, { .i64 = 4 }, 0, 0, FLAGS, "mode" },
        { "rotatedrect",    "5: rotated rectangle",                     0, AV_OPT_TYPE_CONST, { .i64 = 5 }, 0, 0, FLAGS, "mode" },
        { "bezier",         "6: stroked quadratic Bezier curve",        0, AV_OPT_TYPE_CONST, { .i64 = 6 }, 0, 0, FLAGS, "mode" },
        { "rotatedellipse", "7: rotated ellipse",                       0, AV_OPT_TYPE_CONST, { .i64 = 7 }, 0, 0, FLAGS, "mode" },
        { "polygon",        "8: four-point polygon",                    0, AV_OPT_TYPE_CONST, { .i64 = 8 }, 0, 0, FLAGS, "mode" },
    { "alpha",      "shape opacity 1-255, or 0 to search it per shape", OFFSET(alpha),  AV_OPT_TYPE_INT,    { .i64 = 128 },    0, 255,       RFLAGS },
    { "a",          "shape opacity (short for alpha)",              OFFSET(alpha),      AV_OPT_TYPE_INT,    { .i64 = 128 },    0, 255,       RFLAGS },
    { "size",       "work image long side in pixels",               OFFSET(size),       AV_OPT_TYPE_INT,    { .i64 = 256 },    8, LAVFX_PRIMITIVE_MAX_SIZE, FLAGS },
    { "candidates", "random shapes each climb starts from the best of", OFFSET(candidates), AV_OPT_TYPE_INT, { .i64 = 500 },   1, 100000,    RFLAGS },
    { "climbs",     "hill climbs per shape, the best is kept",      OFFSET(climbs),     AV_OPT_TYPE_INT,    { .i64 = 16 },      1, MAX_CLIMBS, RFLAGS },
    { "age",        "failed mutations in a row that end a climb",   OFFSET(age),        AV_OPT_TYPE_INT,    { .i64 = 200 },    0, 100000,    RFLAGS },
    /* at most 2^53: AVOption parses numbers through a double, which holds
     * every integer up to there and not all beyond (two seeds would be one) */
    { "seed",       "random seed (same seed, same output)",         OFFSET(seed),       AV_OPT_TYPE_INT64,  { .i64 = 0 },      0, INT64_C(1) << 53, RFLAGS },
    { "bg",         "background colour, or auto for the mean colour", OFFSET(bg_str),   AV_OPT_TYPE_STRING, { .str = "auto" }, 0, 0,         FLAGS },
    { "svg",        "write each frame's shapes as SVG to this path (%d = frame number)", OFFSET(svg), AV_OPT_TYPE_STRING, { .str = NULL }, 0, 0, FLAGS },
    { "json",       "write each frame's shapes as JSON to this path (%d = frame number)", OFFSET(json), AV_OPT_TYPE_STRING, { .str = NULL }, 0, 0, FLAGS },
    { "temporal",   "video mode: start each frame from the last frame's shapes", OFFSET(temporal), AV_OPT_TYPE_BOOL, { .i64 = 0 }, 0, 1,     RFLAGS },
    { "replace",    "temporal: percent of shapes (the weakest) searched afresh per frame", OFFSET(replace), AV_OPT_TYPE_INT, { .i64 = 10 }, 0, 100, RFLAGS },
    { "motion",     "temporal: move the shapes with the camera, searching shifts up to this many work pixels (0 = off)", OFFSET(motion), AV_OPT_TYPE_INT, { .i64 = 0 }, 0, MAX_MOTION, RFLAGS },
    { "smooth",     "fade shapes re-fitted where the input is still: the last output's weight there (0 = off, < 0 = auto: " AV_STRINGIFY(SMOOTH_AUTO) " with temporal, else off)", OFFSET(smooth), AV_OPT_TYPE_DOUBLE, { .dbl = -1 }, -1, 1, RFLAGS },
    { "smooth_diff", "smooth: input change (|dR|+|dG|+|dB| of a work pixel, 0-255 each) from which new shapes show at once", OFFSET(smooth_diff), AV_OPT_TYPE_INT, { .i64 = 280 }, 1, 765, RFLAGS },
    { "cut",        "temporal: scene cut when the old shapes keep less than this fraction of their improvement (0 = never)", OFFSET(cut), AV_OPT_TYPE_DOUBLE, { .dbl = 0.5 }, 0, 1, RFLAGS },
    { "grow",       "output one frame per added shape (25 fps), the picture built up shape by shape", OFFSET(grow), AV_OPT_TYPE_BOOL, { .i64 = 0 }, 0, 1, FLAGS },
    { NULL }
};

AVFILTER_DEFINE_CLASS(primitive);

static const AVFilterPad primitive_inputs[] = {
    {
        .name         = "default",
        .type         = AVMEDIA_TYPE_VIDEO,
        .config_props = primitive_config_props,
    },
};

static int primitive_config_output(AVFilterLink *outlink)
{
    PrimitiveContext *s = outlink->src->priv;
    AVFilterLink *inlink = outlink->src->inputs[0];
    /* the link's size is copied from the input only after this function */
    outlink->w = inlink->w;
    outlink->h = inlink->h;
    if (inlink->hw_frames_ctx) {
        /* CUDA: output frames of the input's format, from a pool of the
         * link's size (a decoder's pool can be taller: NVDEC's holds coded
         * frames, 1920x1088 for 1080p, cropped on output, and its frames
         * would make outputs of that size) */
        AVHWFramesContext *in_fc = (AVHWFramesContext *)inlink->hw_frames_ctx->data, *out_fc;
        AVBufferRef *ref = av_hwframe_ctx_alloc(in_fc->device_ref);
        int ret;
        if (!ref)
            return AVERROR(ENOMEM);
        out_fc = (AVHWFramesContext *)ref->data;
        out_fc->format    = AV_PIX_FMT_CUDA;
        out_fc->sw_format = in_fc->sw_format;
        out_fc->width     = outlink->w;
        out_fc->height    = outlink->h;
        if ((ret = av_hwframe_ctx_init(ref)) < 0) {
            av_log(outlink->src, AV_LOG_ERROR, "Cannot make CUDA frames of %s %dx%d: %s\n",
                   av_get_pix_fmt_name(out_fc->sw_format), outlink->w, outlink->h, av_err2str(ret));
            av_buffer_unref(&ref);
            return ret;
        }
        av_buffer_unref(&outlink->hw_frames_ctx);
        outlink->hw_frames_ctx = ref;
    }
    if (s->grow) {
        outlink->frame_rate = (AVRational){ 25, 1 };
        outlink->time_base  = (AVRational){ 1, 25 };
    }
    return 0;
}

static const AVFilterPad primitive_outputs[] = {
    {
        .name         = "default",
        .type         = AVMEDIA_TYPE_VIDEO,
        .config_props = primitive_config_output,
    },
};

const AVFilter ff_vf_primitive = {
    .name            = "primitive",
    .description     = NULL_IF_CONFIG_SMALL("Approximate each frame with geometric shapes (after fogleman/primitive)."),
    .priv_size       = sizeof(PrimitiveContext),
    .priv_class      = &primitive_class,
    .init            = primitive_init,
    .uninit          = primitive_uninit,
    FILTER_INPUTS(primitive_inputs),
    FILTER_OUTPUTS(primitive_outputs),
    FILTER_PIXFMTS_ARRAY(pix_fmts),
    .activate        = primitive_activate,
    .process_command = primitive_process_command,
    .flags           = AVFILTER_FLAG_SLICE_THREADS | AVFILTER_FLAG_SUPPORT_TIMELINE_INTERNAL,
    .flags_internal  = FF_FILTER_FLAG_HWFRAME_AWARE,
};

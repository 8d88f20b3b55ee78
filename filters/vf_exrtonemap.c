/*
 * exrtonemap filter: tone-map linear scene-referred frames (OpenEXR) for display
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
 * exrtonemap video filter: libavfilter glue around the exrtonemap core
 * (exrtonemap.h): options, formats and colour tags, slice threads,
 * commands and metadata.
 */

#include <float.h>
#include <string.h>

#include "libavutil/avstring.h"
#include "libavutil/cpu.h"
#include "libavutil/opt.h"
#include "libavutil/pixdesc.h"
#include "avfilter.h"
#include "formats.h"
#include "internal.h"
#include "video.h"

#include "exrtonemap.h"

/* CUDA frames in and out: the kernels of cuda/exrtonemap.cu, built by nvcc
 * into libavfilter when FFmpeg is configured with CUDA and nvcc (not clang:
 * it contracts to FMA, and the shared headers are written for nvcc). */
#define EXRTONEMAP_CUDA (CONFIG_CUDA && CONFIG_CUDA_NVCC)
#if EXRTONEMAP_CUDA
#include "libavutil/cuda_check.h"
#include "libavutil/hwcontext.h"
#include "libavutil/hwcontext_cuda_internal.h"
#include "cuda/load_helper.h"
#include "exrtonemap_cuda.h"
#include "tonemap_pixel.h"
#endif

/* what FFmpeg's EXR decoder gives for float and half channels: RGB, RGBA,
 * and Y alone (a luminance-only file) */
static const enum AVPixelFormat in_fmts[] = {
    AV_PIX_FMT_GBRPF32, AV_PIX_FMT_GBRAPF32, AV_PIX_FMT_GRAYF32,
#if EXRTONEMAP_CUDA
    AV_PIX_FMT_CUDA,
#endif
    AV_PIX_FMT_NONE
};

/* output formats: without, then with alpha, for 8, 10, 12 and 16 bits */
static const enum AVPixelFormat out_fmts[2][4] = {
    { AV_PIX_FMT_GBRP,  AV_PIX_FMT_GBRP10,  AV_PIX_FMT_GBRP12,  AV_PIX_FMT_GBRP16 },
    { AV_PIX_FMT_GBRAP, AV_PIX_FMT_GBRAP10, AV_PIX_FMT_GBRAP12, AV_PIX_FMT_GBRAP16 },
};

/* What CUDA output frames hold. */
enum CudaFormat {
    CF_RGB,                  ///< gbrp at the output depth: no alpha (colour over black)
    CF_NV12,                 ///< 8-bit 4:2:0 Y'CbCr, limited range
    CF_P010,                 ///< 10-bit 4:2:0 Y'CbCr, limited range
    CF_RGBA,                 ///< gbrap at the output depth: straight colour and alpha
    CF_NB
};

typedef struct ExrTonemapContext {
    const AVClass *class;
    LavfxTonemapParams par;  ///< options land here directly
    int depth;               ///< output bits per sample, 0 = negotiated
    int cuda_format;         ///< enum CudaFormat: software format of CUDA output
    int latency;             ///< 1: a frame's curve from the previous frame's statistics
    uint32_t prev_hist[TM_HIST_SIZE];
    int have_prev;           ///< prev_hist holds the previous frame's histogram
    LavfxTonemap *tm;
    LavfxTonemap *bypass;    ///< for frames the timeline disables: clip, no exposure
    uint32_t *hist;          ///< one histogram per job
    int nb_jobs;
    int out_alpha;           ///< software output with alpha: colour made straight (see lavfx_tonemap_slice)
    int in_w, in_h;
    enum AVColorTransferCharacteristic warned_trc;  ///< the non-linear input tag last warned about
#if EXRTONEMAP_CUDA
    AVCUDADeviceContext *hwctx;  ///< set when the frames are CUDA frames
    AVBufferRef *device_ref;     ///< holds hwctx's device until cuda_uninit is done with it
    CUmodule    cu_module;
    CUfunction  cu_stats, cu_map, cu_map_yuv;
    CUdeviceptr d_hist;          ///< 2 x TM_HIST_SIZE counters: this and the last frame's
    int hist_cur;                ///< which half is this frame's
    CUevent     hist_done[2];    ///< recorded after each half's histogram kernel (latency=1)
    CUstream    copy_stream;     ///< non-blocking: reads a histogram back without queueing behind a mapping
    CUdeviceptr d_lut;           ///< the curve LUT, then the encode array
#endif
} ExrTonemapContext;

typedef struct ThreadArg {
    AVFrame *in, *out;
    LavfxTonemap *tm;
} ThreadArg;

/* Output bits per sample: the depth option, or what the transfer implies. */
static int output_depth(const ExrTonemapContext *s)
{
    return s->cuda_format == CF_NV12 ? 8 : s->cuda_format == CF_P010 ? 10 : s->depth ? s->depth :
           s->par.transfer == TM_TRC_PQ || s->par.transfer == TM_TRC_HLG ? 10 :
           s->par.transfer == TM_TRC_LINEAR ? 16 : 8;
}

static int exrtonemap_query_formats(AVFilterContext *ctx)
{
    ExrTonemapContext *s = ctx->priv;
    AVFilterFormats *out = NULL;
    int depth = output_depth(s);
    int i, ret = ff_formats_ref(ff_make_format_list(in_fmts), &ctx->inputs[0]->outcfg.formats);
    if (ret < 0)
        return ret;
    for (i = 0; i < 2; i++)
        if ((ret = ff_add_format(&out, out_fmts[i][depth == 8 ? 0 : depth == 10 ? 1 : depth == 12 ? 2 : 3])) < 0)
            return ret;
#if EXRTONEMAP_CUDA
    if ((ret = ff_add_format(&out, AV_PIX_FMT_CUDA)) < 0)
        return ret;
#endif
    return ff_formats_ref(out, &ctx->outputs[0]->incfg.formats);
}

/* Configures the core from the options; warn: say that param is ignored
 * (at the start, and when a command changes the curve or param). */
static int exrtonemap_configure(AVFilterContext *ctx, int warn)
{
    ExrTonemapContext *s = ctx->priv;
    LavfxTonemapParams bp;
    int ret;
    /* the core's AVX2 build only where FFmpeg's CPU flags allow it
     * (the OS saves the registers; -cpuflags can turn it off) */
    s->par.simd = av_get_cpu_flags() & AV_CPU_FLAG_AVX2 ? TM_SIMD_AUTO : TM_SIMD_NONE;
    bp  = s->par;
    if (s->par.param != 0) {
        float lo, def, hi;
        if (!lavfx_tonemap_param_range(s->par.curve, &lo, &def, &hi)) {
            av_log(ctx, warn ? AV_LOG_WARNING : AV_LOG_DEBUG, "param=%g is ignored: tonemap=%s takes no parameter\n",
                   s->par.param, lavfx_tonemap_curve_name(s->par.curve));
        } else if (!(s->par.param >= lo && s->par.param <= hi)) {
            av_log(ctx, AV_LOG_ERROR, "param=%g is out of range for tonemap=%s: %g to %g "
                   "(default %g, libplacebo's range)\n", s->par.param,
                   lavfx_tonemap_curve_name(s->par.curve), lo, hi, def);
            return AVERROR(ERANGE);
        }
    }
    ret = lavfx_tonemap_configure(s->tm, &s->par);
    if (ret < 0) {
        av_log(ctx, AV_LOG_ERROR, "Invalid parameters\n");
        return AVERROR(EINVAL);
    }
    bp.curve        = TM_CURVE_CLIP;
    /* luminance mode would clip Y only, then desaturate (or clip) the
     * channels still past white: the largest channel keeps the hue */
    bp.mode         = s->par.mode == TM_MODE_CHANNEL ? TM_MODE_CHANNEL : TM_MODE_MAXRGB;
    bp.param        = 0;
    bp.exposure     = 0;
    bp.autoexposure = 0;
    bp.peak         = 1;
    bp.smooth       = 0;
    return lavfx_tonemap_configure(s->bypass, &bp) < 0 ? AVERROR(EINVAL) : 0;
}

#if EXRTONEMAP_CUDA
#define CHECK_CU(x) FF_CUDA_CHECK_DL(ctx, s->hwctx->internal->cuda_dl, x)
#define DIV_UP(a, b) (((a) + (b) - 1) / (b))

/* Frees the GPU resources (the frames contexts are the links'). */
static void cuda_uninit(AVFilterContext *ctx)
{
    ExrTonemapContext *s = ctx->priv;
    CudaFunctions *cu;
    CUcontext dummy;
    int k;
    if (!s->hwctx)
        return;
    cu = s->hwctx->internal->cuda_dl;
    if (CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx)) >= 0) {
        CHECK_CU(cu->cuStreamSynchronize(s->hwctx->stream));   /* the last kernel may still run */
        for (k = 0; k < 2; k++)
            if (s->hist_done[k])
                CHECK_CU(cu->cuEventDestroy(s->hist_done[k]));
        if (s->copy_stream)
            CHECK_CU(cu->cuStreamDestroy(s->copy_stream));
        if (s->d_hist)
            CHECK_CU(cu->cuMemFree(s->d_hist));
        if (s->d_lut)
            CHECK_CU(cu->cuMemFree(s->d_lut));
        if (s->cu_module)
            CHECK_CU(cu->cuModuleUnload(s->cu_module));
        CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    }
    s->d_hist = s->d_lut = 0;
    s->hist_done[0] = s->hist_done[1] = NULL;
    s->copy_stream = NULL;
    s->cu_module = NULL;
    s->hwctx = NULL;
    av_buffer_unref(&s->device_ref);
}

/* CUDA frames in, CUDA frames out: checks the input's software format, makes
 * the output frames context (gbrp/gbrap at the output depth), loads the
 * kernels and allocates the histogram and the LUTs on the device. */
static int cuda_config(AVFilterContext *ctx, AVFilterLink *inlink, AVFilterLink *outlink)
{
    extern const unsigned char ff_exrtonemap_ptx_data[];
    extern const unsigned int ff_exrtonemap_ptx_len;
    ExrTonemapContext *s = ctx->priv;
    AVHWFramesContext *in_fc, *out_fc;
    AVBufferRef *out_ref;
    CudaFunctions *cu;
    CUcontext dummy;
    int depth = output_depth(s), alpha, ret, k;

    if (!inlink->hw_frames_ctx) {
        av_log(ctx, AV_LOG_ERROR, "CUDA input without a hardware frames context\n");
        return AVERROR(EINVAL);
    }
    in_fc = (AVHWFramesContext *)inlink->hw_frames_ctx->data;
    if (in_fc->sw_format != AV_PIX_FMT_GBRPF32 && in_fc->sw_format != AV_PIX_FMT_GBRAPF32) {
        av_log(ctx, AV_LOG_ERROR, "CUDA frames of %s: exrtonemap takes gbrpf32le or gbrapf32le "
               "(e.g. format=gbrpf32le,hwupload_cuda)\n", av_get_pix_fmt_name(in_fc->sw_format));
        return AVERROR(EINVAL);
    }
    /* alpha only when asked for (format=rgba): as on the CPU, where it
     * follows the negotiated output format, a frame without it is mapped
     * premultiplied (over black) */
    alpha = s->cuda_format == CF_RGBA;
    cuda_uninit(ctx);
    s->have_prev = s->hist_cur = 0;     /* new histogram buffers */
    /* the input link may be freed before this filter: keep the device */
    if (!(s->device_ref = av_buffer_ref(in_fc->device_ref)))
        return AVERROR(ENOMEM);
    s->hwctx = ((AVHWDeviceContext *)in_fc->device_ref->data)->hwctx;
    cu = s->hwctx->internal->cuda_dl;

    out_ref = av_hwframe_ctx_alloc(in_fc->device_ref);
    if (!out_ref)
        return AVERROR(ENOMEM);
    out_fc = (AVHWFramesContext *)out_ref->data;
    out_fc->format    = AV_PIX_FMT_CUDA;
    out_fc->sw_format = s->cuda_format == CF_NV12 ? AV_PIX_FMT_NV12 :
                        s->cuda_format == CF_P010 ? AV_PIX_FMT_P010 :
                        out_fmts[alpha][depth == 8 ? 0 : depth == 10 ? 1 : depth == 12 ? 2 : 3];
    out_fc->width     = outlink->w;
    out_fc->height    = outlink->h;
    if ((ret = av_hwframe_ctx_init(out_ref)) < 0) {
        av_log(ctx, AV_LOG_ERROR, "Cannot make CUDA frames of %s %dx%d: %s\n",
               av_get_pix_fmt_name(out_fc->sw_format), outlink->w, outlink->h, av_err2str(ret));
        av_buffer_unref(&out_ref);
        return ret;
    }
    av_buffer_unref(&outlink->hw_frames_ctx);
    outlink->hw_frames_ctx = out_ref;

    if ((ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) < 0)
        return ret;
    ret = ff_cuda_load_module(ctx, s->hwctx, &s->cu_module, ff_exrtonemap_ptx_data, ff_exrtonemap_ptx_len);
    if (ret >= 0)
        ret = CHECK_CU(cu->cuModuleGetFunction(&s->cu_stats, s->cu_module, "exrtonemap_stats"));
    if (ret >= 0)
        ret = CHECK_CU(cu->cuModuleGetFunction(&s->cu_map, s->cu_module, "exrtonemap_map"));
    if (ret >= 0)
        ret = CHECK_CU(cu->cuModuleGetFunction(&s->cu_map_yuv, s->cu_module, "exrtonemap_map_yuv"));
    if (ret >= 0 && (ret = CHECK_CU(cu->cuMemAlloc(&s->d_hist, 2 * TM_HIST_SIZE * sizeof(uint32_t)))) >= 0)
        ret = CHECK_CU(cu->cuMemAlloc(&s->d_lut, (TM_LUT_ALLOC + TM_ENCODE_ALLOC) * sizeof(float)));
    for (k = 0; k < 2 && ret >= 0; k++)
        ret = CHECK_CU(cu->cuEventCreate(&s->hist_done[k], CU_EVENT_DISABLE_TIMING));
    if (ret >= 0)
        ret = CHECK_CU(cu->cuStreamCreate(&s->copy_stream, CU_STREAM_NON_BLOCKING));
    CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    if (ret < 0)
        av_log(ctx, AV_LOG_ERROR, "Cannot load the CUDA kernels (a driver older than the nvcc that "
               "built them?) or allocate their buffers (out of GPU memory?)\n");
    return ret;
}

/* One frame on the GPU: the histogram kernel, its counts read back, the
 * curve built by the core, the LUTs copied, the fused kernel, all queued on
 * the device context's stream. With latency=0 the curve of a frame depends
 * on its own statistics, as on the CPU: the host waits for this frame's
 * histogram kernel (and the work queued before it). With latency=1 it reads
 * the last frame's histogram, waiting only for that kernel (an event), not
 * for the last frame's mapping, which may still run. */
static int cuda_filter(AVFilterContext *ctx, LavfxTonemap *tm, AVFrame *in, AVFrame *out,
                       LavfxTonemapFrameInfo *info)
{
    static const int order[4] = { 2, 0, 1, 3 };   /* FFmpeg's G, B, R, A -> R, G, B, A */
    ExrTonemapContext *s = ctx->priv;
    CudaFunctions *cu = s->hwctx->internal->cuda_dl;
    CUstream stream = s->hwctx->stream;
    CUdeviceptr d_curve = s->d_lut, d_encode = s->d_lut + TM_LUT_ALLOC * sizeof(float);
    const float *curve, *encode;
    TmCudaPlanes pl = { { 0 } };
    TmPixelParams px;
    CUcontext dummy;
    int k, ret;
    CUdeviceptr d_cur  = s->d_hist + s->hist_cur * TM_HIST_SIZE * sizeof(uint32_t);
    CUdeviceptr d_last = s->d_hist + !s->hist_cur * TM_HIST_SIZE * sizeof(uint32_t);
    void *stats_args[] = { &px, &pl, &d_cur };
    void *map_args[]   = { &px, &pl, &d_curve, &d_encode };
    /* Y'CbCr matrix: BT.2020 (non-constant luminance) for BT.2020 primaries,
     * BT.709 otherwise */
    float kr = s->par.out_primaries == TM_PRIM_BT2020 ? 0.2627f : 0.2126f;
    float kb = s->par.out_primaries == TM_PRIM_BT2020 ? 0.0593f : 0.0722f;
    void *yuv_args[]   = { &px, &pl, &d_curve, &d_encode, &kr, &kb };
    const int yuv = s->cuda_format == CF_NV12 || s->cuda_format == CF_P010;
    /* a frame the timeline disables is measured for the bypass and leaves
     * the last frame's statistics as they were, as on the CPU */
    const int latency = s->latency && !ctx->is_disabled;

    for (k = 0; k < 4; k++) {
        if (k < 3 || in->data[3]) {
            pl.src[k]       = (uint64_t)(uintptr_t)in->data[order[k]];
            pl.src_pitch[k] = in->linesize[order[k]];
        }
        if (yuv ? k < 2 : k < 3 || out->data[3]) {   /* NV12/P010: Y, then CbCr */
            pl.dst[k]       = (uint64_t)(uintptr_t)out->data[yuv ? k : order[k]];
            pl.dst_pitch[k] = out->linesize[yuv ? k : order[k]];
        }
    }
    pl.w  = in->width;
    pl.h  = in->height;
    pl.ow = out->width;
    pl.oh = out->height;

    if ((ret = CHECK_CU(cu->cuCtxPushCurrent(s->hwctx->cuda_ctx))) < 0)
        return ret;
    lavfx_tonemap_pixel_state(tm, &px, &curve, &encode);   /* lum_in for the statistics */
    /* latency=1: the last frame's histogram, whose kernel ran a frame ago.
     * The copy is on a non-blocking stream of its own, so that it does not
     * queue behind the last frame's mapping; the event orders it after the
     * histogram kernel. From pageable memory it returns once done, and
     * d_last is written again only after the next frame's copy. */
    if (latency && s->have_prev) {
        ret = CHECK_CU(cu->cuEventSynchronize(s->hist_done[!s->hist_cur]));
        if (ret >= 0)
            ret = CHECK_CU(cu->cuMemcpyDtoHAsync(s->hist, d_last, TM_HIST_SIZE * sizeof(uint32_t),
                                                 s->copy_stream));
        if (ret >= 0)
            ret = CHECK_CU(cu->cuStreamSynchronize(s->copy_stream));
    }
    if (ret >= 0)
        ret = CHECK_CU(cu->cuMemsetD8Async(d_cur, 0, TM_HIST_SIZE * sizeof(uint32_t), stream));
    if (ret >= 0)
        ret = CHECK_CU(cu->cuLaunchKernel(s->cu_stats, DIV_UP(pl.w, TM_CUDA_BLOCK_W),
                                          FFMIN(DIV_UP(pl.h, TM_CUDA_BLOCK_H), 64), 1,
                                          TM_CUDA_BLOCK_W, TM_CUDA_BLOCK_H, 1, 0, stream, stats_args, NULL));
    if (ret >= 0 && latency)
        ret = CHECK_CU(cu->cuEventRecord(s->hist_done[s->hist_cur], stream));
    /* latency=0 (and the first frame): this frame's own histogram, waited for */
    if (ret >= 0 && !(latency && s->have_prev)) {
        ret = CHECK_CU(cu->cuMemcpyDtoHAsync(s->hist, d_cur, TM_HIST_SIZE * sizeof(uint32_t), stream));
        if (ret >= 0)
            ret = CHECK_CU(cu->cuStreamSynchronize(stream));
    }
    if (latency && ret >= 0) {      /* this frame's histogram (and event) for the next */
        s->hist_cur ^= 1;
        s->have_prev = 1;
    }
    if (ret >= 0) {
        lavfx_tonemap_frame_begin(tm, s->hist, info);
        lavfx_tonemap_pixel_state(tm, &px, &curve, &encode);
        /* from pageable memory: the driver stages the LUTs before returning */
        ret = CHECK_CU(cu->cuMemcpyHtoDAsync(d_curve, curve, TM_LUT_ALLOC * sizeof(float), stream));
    }
    if (ret >= 0)
        ret = CHECK_CU(cu->cuMemcpyHtoDAsync(d_encode, encode, TM_ENCODE_ALLOC * sizeof(float), stream));
    if (ret >= 0 && yuv)   /* one thread per 2x2 block */
        ret = CHECK_CU(cu->cuLaunchKernel(s->cu_map_yuv, DIV_UP(pl.ow, 2 * TM_CUDA_BLOCK_W),
                                          FFMIN(DIV_UP(pl.oh, 2 * TM_CUDA_BLOCK_H), 65535), 1,
                                          TM_CUDA_BLOCK_W, TM_CUDA_BLOCK_H, 1, 0, stream, yuv_args, NULL));
    else if (ret >= 0)
        ret = CHECK_CU(cu->cuLaunchKernel(s->cu_map, DIV_UP(pl.ow, TM_CUDA_BLOCK_W),
                                          FFMIN(DIV_UP(pl.oh, TM_CUDA_BLOCK_H), 65535), 1,   /* the kernels loop over rows */
                                          TM_CUDA_BLOCK_W, TM_CUDA_BLOCK_H, 1, 0, stream, map_args, NULL));
    CHECK_CU(cu->cuCtxPopCurrent(&dummy));
    return ret;
}
#endif /* EXRTONEMAP_CUDA */

static av_cold int exrtonemap_init(AVFilterContext *ctx)
{
    ExrTonemapContext *s = ctx->priv;
    if (s->depth && s->depth != 8 && s->depth != 10 && s->depth != 12 && s->depth != 16) {
        av_log(ctx, AV_LOG_ERROR, "Invalid depth %d: use 8, 10, 12, 16 or 0 (by transfer)\n", s->depth);
        return AVERROR(EINVAL);
    }
    if (s->par.transfer != TM_TRC_PQ && s->par.transfer != TM_TRC_HLG &&
        (!av_opt_is_set_to_default_by_name(s, "ref_white", 0) ||
         !av_opt_is_set_to_default_by_name(s, "display_peak", 0)))
        av_log(ctx, AV_LOG_WARNING, "ref_white and display_peak are for transfer=pq or hlg: "
               "ignored with transfer=%s\n", lavfx_tonemap_transfer_name(s->par.transfer));
    /* BT.2100 defines PQ and HLG at 10 and 12 bits: 8 bits band visibly */
    if (s->depth == 8 && (s->par.transfer == TM_TRC_PQ || s->par.transfer == TM_TRC_HLG))
        av_log(ctx, AV_LOG_WARNING, "depth=8 with transfer=%s: 8-bit %s bands visibly "
               "(BT.2100 uses 10 or 12 bits)\n", lavfx_tonemap_transfer_name(s->par.transfer),
               s->par.transfer == TM_TRC_PQ ? "PQ" : "HLG");
    s->tm     = lavfx_tonemap_alloc();
    s->bypass = lavfx_tonemap_alloc();
    if (!s->tm || !s->bypass)
        return AVERROR(ENOMEM);
    return 0;
}

static av_cold void exrtonemap_uninit(AVFilterContext *ctx)
{
    ExrTonemapContext *s = ctx->priv;
#if EXRTONEMAP_CUDA
    cuda_uninit(ctx);
#endif
    lavfx_tonemap_free(&s->tm);
    lavfx_tonemap_free(&s->bypass);
    av_freep(&s->hist);
}

static int exrtonemap_config_output(AVFilterLink *outlink)
{
    AVFilterContext *ctx = outlink->src;
    AVFilterLink *inlink = ctx->inputs[0];
    ExrTonemapContext *s = ctx->priv;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(outlink->format);
    int ret, cuda = outlink->format == AV_PIX_FMT_CUDA;

    if ((inlink->format == AV_PIX_FMT_CUDA) != cuda) {
        av_log(ctx, AV_LOG_ERROR, cuda ? "CUDA output needs CUDA input frames: upload them first "
               "(format=gbrpf32le,hwupload_cuda,exrtonemap)\n" : "CUDA input gives CUDA output: "
               "download it after the filter (exrtonemap,hwdownload,format=gbrp)\n");
        return AVERROR(EINVAL);
    }
    if (s->cuda_format == CF_RGBA && !cuda) {
        av_log(ctx, AV_LOG_ERROR, "format=rgba is for CUDA frames; software frames keep alpha "
               "when the output format has it (exrtonemap,format=gbrap)\n");
        return AVERROR(EINVAL);
    }
    if (s->cuda_format == CF_NV12 || s->cuda_format == CF_P010) {
        if (!cuda) {
            av_log(ctx, AV_LOG_ERROR, "format=%s is for CUDA frames; for software frames convert "
                   "after the filter (exrtonemap,format=%s)\n", s->cuda_format == CF_NV12 ? "nv12" : "p010",
                   s->cuda_format == CF_NV12 ? "nv12" : "p010le");
            return AVERROR(EINVAL);
        }
        if (s->depth && s->depth != output_depth(s)) {
            av_log(ctx, AV_LOG_ERROR, "depth=%d conflicts with format=%s (%d bits)\n", s->depth,
                   s->cuda_format == CF_NV12 ? "nv12" : "p010", output_depth(s));
            return AVERROR(EINVAL);
        }
        if (s->par.transfer == TM_TRC_LINEAR) {
            av_log(ctx, AV_LOG_ERROR, "format=nv12/p010 needs a non-linear transfer, not linear\n");
            return AVERROR(EINVAL);
        }
    }
    s->par.bits = cuda ? output_depth(s) : desc->comp[0].depth;
    s->out_alpha = !cuda && (desc->flags & AV_PIX_FMT_FLAG_ALPHA);
    if ((ret = exrtonemap_configure(ctx, 1)) < 0)
        return ret;
    s->in_w = inlink->w;
    s->in_h = inlink->h;
    lavfx_tonemap_output_size(s->tm, inlink->w, inlink->h, &outlink->w, &outlink->h);
    /* level: the sides rounded up apart keep the picture's shape through the
     * pixels' aspect ratio (as scale does; unknown taken as square) */
    outlink->sample_aspect_ratio = inlink->sample_aspect_ratio;
    if ((int64_t)outlink->h * inlink->w != (int64_t)outlink->w * inlink->h) {
        AVRational in_sar = inlink->sample_aspect_ratio.num ? inlink->sample_aspect_ratio : (AVRational){ 1, 1 };
        av_reduce(&outlink->sample_aspect_ratio.num, &outlink->sample_aspect_ratio.den,
                  (int64_t)in_sar.num * outlink->h * inlink->w, (int64_t)in_sar.den * outlink->w * inlink->h,
                  INT_MAX);
    }
#if EXRTONEMAP_CUDA
    if (cuda && (s->cuda_format == CF_NV12 || s->cuda_format == CF_P010) && ((outlink->w | outlink->h) & 1)) {
        av_log(ctx, AV_LOG_ERROR, "format=nv12/p010 needs an even output size, not %dx%d\n",
               outlink->w, outlink->h);
        return AVERROR(EINVAL);
    }
    if (cuda) {
        if ((ret = cuda_config(ctx, inlink, outlink)) < 0)
            return ret;
        desc = av_pix_fmt_desc_get(((AVHWFramesContext *)outlink->hw_frames_ctx->data)->sw_format);
    }
#endif
    s->nb_jobs = FFMAX(1, FFMIN(ff_filter_get_nb_threads(ctx), outlink->h));
    av_freep(&s->hist);
    s->hist = av_calloc((size_t)s->nb_jobs * TM_HIST_SIZE, sizeof(*s->hist));
    if (!s->hist)
        return AVERROR(ENOMEM);
    av_log(ctx, AV_LOG_VERBOSE, "%dx%d -> %dx%d %s%s, curve %s, %s -> %s, transfer %s\n",
           inlink->w, inlink->h, outlink->w, outlink->h, cuda ? "cuda " : "", desc->name,
           lavfx_tonemap_curve_name(s->par.curve),
           lavfx_tonemap_primaries_name(s->par.in_primaries),
           lavfx_tonemap_primaries_name(s->par.out_primaries),
           lavfx_tonemap_transfer_name(s->par.transfer));
    return 0;
}

/* FFmpeg's GBR planar order is G, B, R (, A): the core wants R, G, B, A.
 * A grayf32 frame (Y only) is a grey: R = G = B = Y, no alpha. */
static void rgba_planes(const AVFrame *f, const uint8_t *p[4], ptrdiff_t ls[4])
{
    static const int order[4] = { 2, 0, 1, 3 }, gray[4] = { 0, 0, 0, 3 };
    const int *o = f->format == AV_PIX_FMT_GRAYF32 ? gray : order;
    int k;
    for (k = 0; k < 4; k++) {
        p[k]  = f->data[o[k]];
        ls[k] = f->linesize[o[k]];
    }
}

static int exrtonemap_stats_slice(AVFilterContext *ctx, void *arg, int jobnr, int nb_jobs)
{
    ExrTonemapContext *s = ctx->priv;
    const ThreadArg *td = arg;
    const uint8_t *p[4];
    ptrdiff_t ls[4];
    int y0 = td->in->height * jobnr / nb_jobs, y1 = td->in->height * (jobnr + 1) / nb_jobs;
    rgba_planes(td->in, p, ls);
    if (!s->out_alpha)
        p[3] = NULL;    /* the colour is mapped premultiplied (over black) */
    lavfx_tonemap_stats(td->tm, (const float *const *)p, ls, td->in->width, y0, y1,
                        s->hist + (size_t)jobnr * TM_HIST_SIZE);
    return 0;
}

static int exrtonemap_map_slice(AVFilterContext *ctx, void *arg, int jobnr, int nb_jobs)
{
    const ThreadArg *td = arg;
    const uint8_t *p[4];
    uint8_t *q[4];
    ptrdiff_t ls[4], ld[4];
    int y0 = td->out->height * jobnr / nb_jobs, y1 = td->out->height * (jobnr + 1) / nb_jobs;
    rgba_planes(td->in, p, ls);
    rgba_planes(td->out, (const uint8_t **)q, ld);
    lavfx_tonemap_slice(td->tm, (const float *const *)p, ls, td->in->width, td->in->height,
                        q, ld, y0, y1);
    return 0;
}

static int exrtonemap_filter_frame(AVFilterLink *inlink, AVFrame *in)
{
    AVFilterContext *ctx = inlink->dst;
    AVFilterLink *outlink = ctx->outputs[0];
    ExrTonemapContext *s = ctx->priv;
    ThreadArg td = { in, NULL, ctx->is_disabled ? s->bypass : s->tm };
    LavfxTonemapFrameInfo info;
    char buf[64];
    int i, j, nb_jobs, ret;
    AVFrame *out;

    if (in->width != s->in_w || in->height != s->in_h) {
        av_log(ctx, AV_LOG_ERROR, "Frame size changed from %dx%d to %dx%d: not supported\n",
               s->in_w, s->in_h, in->width, in->height);
        av_frame_free(&in);
        return AVERROR(EINVAL);
    }
    /* EXR is linear; a frame tagged otherwise (-apply_trc, or a converted
     * non-float source) is still mapped as linear light, with a warning */
    if (in->color_trc != AVCOL_TRC_UNSPECIFIED && in->color_trc != AVCOL_TRC_LINEAR &&
        in->color_trc != s->warned_trc) {
        av_log(ctx, AV_LOG_WARNING, "Input tagged with transfer %s: exrtonemap treats its "
               "samples as linear light\n", av_color_transfer_name(in->color_trc));
        s->warned_trc = in->color_trc;
    }
    if (in->format == AV_PIX_FMT_CUDA) {
#if EXRTONEMAP_CUDA
        out = av_frame_alloc();
        if (!out || (ret = av_hwframe_get_buffer(outlink->hw_frames_ctx, out, 0)) < 0 ||
            (ret = av_frame_copy_props(out, in)) < 0 ||
            (ret = cuda_filter(ctx, td.tm, in, out, &info)) < 0) {
            ret = out ? ret : AVERROR(ENOMEM);
            av_log(ctx, AV_LOG_ERROR, "CUDA tone mapping failed: %s\n", av_err2str(ret));
            av_frame_free(&in);
            av_frame_free(&out);
            return ret;
        }
#else
        av_frame_free(&in);
        return AVERROR_BUG;
#endif
    } else {
        /* before the statistics: a failure leaves the temporal state as it was */
        out = ff_get_video_buffer(outlink, outlink->w, outlink->h);
        if (!out) {
            av_frame_free(&in);
            return AVERROR(ENOMEM);
        }
        if ((ret = av_frame_copy_props(out, in)) < 0) {
            av_frame_free(&in);
            av_frame_free(&out);
            return ret;
        }
        nb_jobs = FFMIN(s->nb_jobs, in->height);
        memset(s->hist, 0, (size_t)s->nb_jobs * TM_HIST_SIZE * sizeof(*s->hist));
        ff_filter_execute(ctx, exrtonemap_stats_slice, &td, NULL, nb_jobs);
        for (j = 1; j < nb_jobs; j++)
            for (i = 0; i < TM_HIST_SIZE; i++)
                s->hist[i] += s->hist[(size_t)j * TM_HIST_SIZE + i];
        /* the last frame's statistics (the first frame: its own); a frame the
         * timeline disables is measured by the bypass (another mode) and
         * leaves them as they were */
        if (s->latency && !ctx->is_disabled) {
            if (!s->have_prev)
                memcpy(s->prev_hist, s->hist, sizeof(s->prev_hist));
            for (i = 0; i < TM_HIST_SIZE; i++)
                FFSWAP(uint32_t, s->prev_hist[i], s->hist[i]);
            s->have_prev = 1;
        }
        lavfx_tonemap_frame_begin(td.tm, s->hist, &info);
        td.out = out;
        ff_filter_execute(ctx, exrtonemap_map_slice, &td, NULL, FFMIN(s->nb_jobs, out->height));
    }
    out->sample_aspect_ratio = outlink->sample_aspect_ratio;
    /* side data that describes the input's colour no longer applies (as
     * vf_libplacebo drops it when it converts) */
    av_frame_remove_side_data(out, AV_FRAME_DATA_MASTERING_DISPLAY_METADATA);
    av_frame_remove_side_data(out, AV_FRAME_DATA_CONTENT_LIGHT_LEVEL);
    av_frame_remove_side_data(out, AV_FRAME_DATA_ICC_PROFILE);
    av_frame_remove_side_data(out, AV_FRAME_DATA_DOVI_RPU_BUFFER);
    av_frame_remove_side_data(out, AV_FRAME_DATA_DOVI_METADATA);
    out->color_primaries = s->par.out_primaries == TM_PRIM_BT2020 ? AVCOL_PRI_BT2020 :
                           s->par.out_primaries == TM_PRIM_P3D65  ? AVCOL_PRI_SMPTE432 :
                                                                    AVCOL_PRI_BT709;
    out->color_trc = s->par.transfer == TM_TRC_SRGB   ? AVCOL_TRC_IEC61966_2_1 :
                     s->par.transfer == TM_TRC_BT1886 ? AVCOL_TRC_BT709 :
                     s->par.transfer == TM_TRC_PQ     ? AVCOL_TRC_SMPTE2084 :
                     s->par.transfer == TM_TRC_HLG    ? AVCOL_TRC_ARIB_STD_B67 :
                                                        AVCOL_TRC_LINEAR;
    if (s->cuda_format == CF_RGB || s->cuda_format == CF_RGBA) {
        out->colorspace  = AVCOL_SPC_RGB;
        out->color_range = AVCOL_RANGE_JPEG;
    } else {
        out->colorspace      = s->par.out_primaries == TM_PRIM_BT2020 ? AVCOL_SPC_BT2020_NCL : AVCOL_SPC_BT709;
        out->color_range     = AVCOL_RANGE_MPEG;
        out->chroma_location = AVCHROMA_LOC_CENTER;
    }

    if (ctx->is_disabled) { /* no tone mapping to describe (see the docs) */
        AVDictionaryEntry *e;       /* keys an earlier instance set */
        while ((e = av_dict_get(out->metadata, "lavfi.exrtonemap.", NULL, AV_DICT_IGNORE_SUFFIX))) {
            av_strlcpy(buf, e->key, sizeof(buf));
            av_dict_set(&out->metadata, buf, NULL, 0);
        }
        goto done;
    }
    snprintf(buf, sizeof(buf), "%.6g", info.peak);
    av_dict_set(&out->metadata, "lavfi.exrtonemap.peak", buf, 0);
    snprintf(buf, sizeof(buf), "%.6g", info.avg_lum);
    av_dict_set(&out->metadata, "lavfi.exrtonemap.avg_lum", buf, 0);
    snprintf(buf, sizeof(buf), "%.4f", info.exposure);
    av_dict_set(&out->metadata, "lavfi.exrtonemap.exposure", buf, 0);
    av_dict_set(&out->metadata, "lavfi.exrtonemap.scene_cut", info.scene_cut ? "1" : "0", 0);
    snprintf(buf, sizeof(buf), "%.4f", info.distance);
    av_dict_set(&out->metadata, "lavfi.exrtonemap.distance", buf, 0);

done:
    av_frame_free(&in);
    return ff_filter_frame(outlink, out);
}

static int exrtonemap_process_command(AVFilterContext *ctx, const char *cmd, const char *args,
                                      char *res, int res_len, int flags)
{
    ExrTonemapContext *s = ctx->priv;
    LavfxTonemapParams old = s->par;
    int ret = ff_filter_process_command(ctx, cmd, args, res, res_len, flags);
    if (ret < 0)
        return ret;
    if ((ret = exrtonemap_configure(ctx, s->par.curve != old.curve || s->par.param != old.param)) < 0) {
        s->par = old;   /* a refused value leaves the filter as it was */
        exrtonemap_configure(ctx, 0);
        return ret;
    }
    /* latency=1: the last frame's statistics measured another mode's values */
    if (s->par.mode != old.mode)
        s->have_prev = 0;
    return 0;
}

#define OFFSET(x) offsetof(ExrTonemapContext, par.x)
#define FLAGS  AV_OPT_FLAG_FILTERING_PARAM | AV_OPT_FLAG_VIDEO_PARAM
#define RFLAGS FLAGS | AV_OPT_FLAG_RUNTIME_PARAM

static const AVOption exrtonemap_options[] = {
    { "tonemap",  "tone curve",                                 OFFSET(curve),    AV_OPT_TYPE_INT,   { .i64 = TM_CURVE_BT2390 }, 0, TM_CURVE_NB - 1, RFLAGS, "curve" },
    { "t",        "tone curve (short for tonemap)",             OFFSET(curve),    AV_OPT_TYPE_INT,   { .i64 = TM_CURVE_BT2390 }, 0, TM_CURVE_NB - 1, RFLAGS, "curve" },
        { "clip",     "no curve: clip at display white", 0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_CLIP },     0, 0, RFLAGS, "curve" },
        { "linear",   "linear stretch in PQ space",     0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_LINEAR },   0, 0, RFLAGS, "curve" },
        { "reinhard", "Reinhard (libplacebo)",          0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_REINHARD }, 0, 0, RFLAGS, "curve" },
        { "hable",    "Hable filmic (libplacebo)",      0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_HABLE },    0, 0, RFLAGS, "curve" },
        { "mobius",   "Mobius (libplacebo)",            0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_MOBIUS },   0, 0, RFLAGS, "curve" },
        { "bt2390",   "ITU-R BT.2390 EETF (libplacebo)", 0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_BT2390 }, 0, 0, RFLAGS, "curve" },
        { "bt2446a",  "ITU-R BT.2446 method A (libplacebo)", 0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_BT2446A }, 0, 0, RFLAGS, "curve" },
        { "spline",   "two-polynomial spline (libplacebo)", 0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_SPLINE }, 0, 0, RFLAGS, "curve" },
        { "aces",     "ACES filmic (Narkowicz fit)",    0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_ACES },     0, 0, RFLAGS, "curve" },
        { "agx",      "AgX base curve",                 0, AV_OPT_TYPE_CONST, { .i64 = TM_CURVE_AGX },      0, 0, RFLAGS, "curve" },
    { "param",    "curve parameter (libplacebo's meaning and range), 0 = default", OFFSET(param), AV_OPT_TYPE_FLOAT, { .dbl = 0 }, 0, 100, RFLAGS },
    { "mode",     "what the curve is applied to",               OFFSET(mode),     AV_OPT_TYPE_INT,   { .i64 = TM_MODE_MAXRGB }, 0, TM_MODE_NB - 1, RFLAGS, "mode" },
        { "channel",   "each channel",                  0, AV_OPT_TYPE_CONST, { .i64 = TM_MODE_CHANNEL },   0, 0, RFLAGS, "mode" },
        { "maxrgb",    "max(R,G,B), like FFmpeg tonemap", 0, AV_OPT_TYPE_CONST, { .i64 = TM_MODE_MAXRGB },  0, 0, RFLAGS, "mode" },
        { "luminance", "luminance (keeps hue)",         0, AV_OPT_TYPE_CONST, { .i64 = TM_MODE_LUMINANCE }, 0, 0, RFLAGS, "mode" },
    { "transfer", "output transfer function",                   OFFSET(transfer), AV_OPT_TYPE_INT,   { .i64 = TM_TRC_SRGB }, 0, TM_TRC_NB - 1, FLAGS, "trc" },
    { "trc",      "output transfer (short for transfer)",       OFFSET(transfer), AV_OPT_TYPE_INT,   { .i64 = TM_TRC_SRGB }, 0, TM_TRC_NB - 1, FLAGS, "trc" },
        { "srgb",   "IEC 61966-2-1 sRGB",               0, AV_OPT_TYPE_CONST, { .i64 = TM_TRC_SRGB },   0, 0, FLAGS, "trc" },
        { "bt1886", "ITU-R BT.1886 (gamma 2.4)",        0, AV_OPT_TYPE_CONST, { .i64 = TM_TRC_BT1886 }, 0, 0, FLAGS, "trc" },
        { "pq",     "SMPTE ST 2084 PQ (HDR10)",         0, AV_OPT_TYPE_CONST, { .i64 = TM_TRC_PQ },     0, 0, FLAGS, "trc" },
        { "hlg",    "ITU-R BT.2100 HLG",                0, AV_OPT_TYPE_CONST, { .i64 = TM_TRC_HLG },    0, 0, FLAGS, "trc" },
        { "linear", "linear light",                     0, AV_OPT_TYPE_CONST, { .i64 = TM_TRC_LINEAR }, 0, 0, FLAGS, "trc" },
    { "ref_white", "PQ/HLG: nits of scene value 1.0",           OFFSET(ref_white), AV_OPT_TYPE_FLOAT, { .dbl = 203 }, 1, 10000, FLAGS },
    { "display_peak", "PQ/HLG: display peak in nits",           OFFSET(display_peak), AV_OPT_TYPE_FLOAT, { .dbl = 1000 }, 1, 10000, FLAGS },
    { "peak",     "scene peak mapped to white (scene units), 0 = measured", OFFSET(peak), AV_OPT_TYPE_FLOAT, { .dbl = 0 }, 0, 65536, RFLAGS },
    { "percentile", "measured peak: percentile of what the curve sees (max channel, or luminance)", OFFSET(percentile), AV_OPT_TYPE_FLOAT, { .dbl = 99.9 }, 1, 100, RFLAGS },
    { "exposure", "exposure in EV stops",                       OFFSET(exposure), AV_OPT_TYPE_FLOAT, { .dbl = 0 }, -32, 32, RFLAGS },
    { "ev",       "exposure (short for exposure)",              OFFSET(exposure), AV_OPT_TYPE_FLOAT, { .dbl = 0 }, -32, 32, RFLAGS },
    { "autoexposure", "expose the log-average luminance to key", OFFSET(autoexposure), AV_OPT_TYPE_BOOL, { .i64 = 0 }, 0, 1, RFLAGS },
    { "ae",       "autoexposure (short)",                       OFFSET(autoexposure), AV_OPT_TYPE_BOOL, { .i64 = 0 }, 0, 1, RFLAGS },
    { "key",      "autoexposure target key (Reinhard: 0.18)",   OFFSET(key),      AV_OPT_TYPE_FLOAT, { .dbl = 0.18 }, 0.001, 10, RFLAGS },
    { "smooth",   "peak/exposure smoothing time constant in frames, 0 or 1 = none", OFFSET(smooth), AV_OPT_TYPE_INT, { .i64 = 8 }, 0, 1000, RFLAGS },
    { "cut",      "scene cut: luminance histogram distance (0-1) to the last frame, lasting 2 frames; 0 = never", OFFSET(cut), AV_OPT_TYPE_FLOAT, { .dbl = 0.3 }, 0, 1, RFLAGS },
    { "primaries_in",  "input primaries",                       OFFSET(in_primaries), AV_OPT_TYPE_INT, { .i64 = TM_PRIM_BT709 }, 0, TM_PRIM_NB - 1, FLAGS, "prim" },
    { "pin",      "input primaries (short)",                    OFFSET(in_primaries), AV_OPT_TYPE_INT, { .i64 = TM_PRIM_BT709 }, 0, TM_PRIM_NB - 1, FLAGS, "prim" },
    { "primaries_out", "output primaries",                     OFFSET(out_primaries), AV_OPT_TYPE_INT, { .i64 = TM_PRIM_BT709 }, 0, TM_PRIM_P3D65, FLAGS, "pout" },
    { "pout",     "output primaries (short)",                   OFFSET(out_primaries), AV_OPT_TYPE_INT, { .i64 = TM_PRIM_BT709 }, 0, TM_PRIM_P3D65, FLAGS, "pout" },
        { "bt709",    "ITU-R BT.709 / sRGB",           0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_BT709 },    0, 0, FLAGS, "pout" },
        { "bt2020",   "ITU-R BT.2020",                 0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_BT2020 },   0, 0, FLAGS, "pout" },
        { "p3-d65",   "Display P3 (P3 with D65 white)", 0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_P3D65 },   0, 0, FLAGS, "pout" },
        { "bt709",    "ITU-R BT.709 / sRGB",           0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_BT709 },    0, 0, FLAGS, "prim" },
        { "bt2020",   "ITU-R BT.2020",                 0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_BT2020 },   0, 0, FLAGS, "prim" },
        { "p3-d65",   "Display P3 (P3 with D65 white)", 0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_P3D65 },   0, 0, FLAGS, "prim" },
        { "acescg",   "ACES AP1 (ACEScg)",             0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_ACESCG },   0, 0, FLAGS, "prim" },
        { "aces-ap0", "ACES AP0 (ACES2065-1)",         0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_ACES_AP0 }, 0, 0, FLAGS, "prim" },
        { "xyz",      "CIE XYZ",                       0, AV_OPT_TYPE_CONST, { .i64 = TM_PRIM_XYZ },      0, 0, FLAGS, "prim" },
    { "gamut",    "out-of-gamut colours",                       OFFSET(gamut),    AV_OPT_TYPE_INT,   { .i64 = TM_GAMUT_DESATURATE }, 0, TM_GAMUT_NB - 1, FLAGS, "gamut" },
        { "clip",       "clamp each channel",          0, AV_OPT_TYPE_CONST, { .i64 = TM_GAMUT_CLIP },       0, 0, FLAGS, "gamut" },
        { "desaturate", "move toward luminance",       0, AV_OPT_TYPE_CONST, { .i64 = TM_GAMUT_DESATURATE }, 0, 0, FLAGS, "gamut" },
    { "depth",    "output bits per sample: 8, 10, 12, 16; 0 = 8 for srgb/bt1886, 10 for pq/hlg, 16 for linear", offsetof(ExrTonemapContext, depth), AV_OPT_TYPE_INT, { .i64 = 0 }, 0, 16, FLAGS },
    { "dither",   "ordered dither below 16 bits",               OFFSET(dither),   AV_OPT_TYPE_BOOL,  { .i64 = 1 }, 0, 1, FLAGS },
    { "level",    "linear-light MIP level: output 2^level times smaller", OFFSET(level), AV_OPT_TYPE_INT, { .i64 = 0 }, 0, 8, FLAGS },
    { "latency",  "1: a frame's curve from the previous frame's statistics (CUDA: no wait for this frame's kernels)", offsetof(ExrTonemapContext, latency), AV_OPT_TYPE_BOOL, { .i64 = 0 }, 0, 1, FLAGS },
    { "format",   "CUDA output frames: rgb, rgba (gbrp/gbrap at depth), nv12 or p010 (for hardware encoders)", offsetof(ExrTonemapContext, cuda_format), AV_OPT_TYPE_INT, { .i64 = CF_RGB }, 0, CF_NB - 1, FLAGS, "cf" },
        { "rgb",  "planar R'G'B' at the output depth (no alpha: colour over black)", 0, AV_OPT_TYPE_CONST, { .i64 = CF_RGB },  0, 0, FLAGS, "cf" },
        { "rgba", "planar R'G'B'A at the output depth (straight colour, alpha kept)", 0, AV_OPT_TYPE_CONST, { .i64 = CF_RGBA }, 0, 0, FLAGS, "cf" },
        { "nv12", "8-bit 4:2:0 Y'CbCr, limited range",    0, AV_OPT_TYPE_CONST, { .i64 = CF_NV12 }, 0, 0, FLAGS, "cf" },
        { "p010", "10-bit 4:2:0 Y'CbCr, limited range",   0, AV_OPT_TYPE_CONST, { .i64 = CF_P010 }, 0, 0, FLAGS, "cf" },
    { NULL }
};

AVFILTER_DEFINE_CLASS(exrtonemap);

static const AVFilterPad exrtonemap_inputs[] = {
    {
        .name         = "default",
        .type         = AVMEDIA_TYPE_VIDEO,
        .filter_frame = exrtonemap_filter_frame,
    },
};

static const AVFilterPad exrtonemap_outputs[] = {
    {
        .name         = "default",
        .type         = AVMEDIA_TYPE_VIDEO,
        .config_props = exrtonemap_config_output,
    },
};

const AVFilter ff_vf_exrtonemap = {
    .name            = "exrtonemap",
    .description     = NULL_IF_CONFIG_SMALL("Tone-map linear scene-referred (OpenEXR) frames for SDR or HDR display."),
    .priv_size       = sizeof(ExrTonemapContext),
    .priv_class      = &exrtonemap_class,
    .init            = exrtonemap_init,
    .uninit          = exrtonemap_uninit,
    FILTER_INPUTS(exrtonemap_inputs),
    FILTER_OUTPUTS(exrtonemap_outputs),
    FILTER_QUERY_FUNC(exrtonemap_query_formats),
    .process_command = exrtonemap_process_command,
    .flags           = AVFILTER_FLAG_SLICE_THREADS | AVFILTER_FLAG_SUPPORT_TIMELINE_INTERNAL,
    .flags_internal  = FF_FILTER_FLAG_HWFRAME_AWARE,
};

/*
 * exrtonemap: tone mapping of linear scene-referred images (core library API)
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
 * The exrtonemap core: turns linear, scene-referred RGB (what FFmpeg's EXR
 * decoder gives) into display-encoded RGB, frame after frame, with
 *   - exposure in EV stops, optionally automatic (scene key from the
 *     log-average luminance, Reinhard et al., "Photographic Tone Reproduction
 *     for Digital Images", SIGGRAPH 2002), and a scene peak that is given or
 *     measured (a percentile of what the curve is applied to: luminance, or
 *     the largest channel in max-RGB and per-channel modes), both smoothed
 *     over time with scene-cut detection;
 *   - gamut conversion between primaries with libplacebo's colour-space
 *     matrices (Bradford adaptation of the white point);
 *   - libplacebo's tone curves (sampled from a pl_tone_map_generate LUT) plus
 *     ACES (Narkowicz fit) and AgX, applied per channel, on max(R,G,B) or on
 *     luminance;
 *   - sRGB, BT.1886, PQ, HLG or linear output encoding, ordered dither,
 *     8 to 16-bit planar output, and an optional linear-light MIP level.
 * No FFmpeg dependency; vf_exrtonemap.c is the glue.
 *
 * Images are planar float (R, G, B, optional A planes, strides in bytes).
 * Scene values: 1.0 is reference (diffuse) white.
 */

#ifndef EXRTONEMAP_H
#define EXRTONEMAP_H

#include <stddef.h>
#include <stdint.h>

enum TmCurve {
    TM_CURVE_CLIP, TM_CURVE_LINEAR, TM_CURVE_REINHARD, TM_CURVE_HABLE, TM_CURVE_MOBIUS,
    TM_CURVE_BT2390, TM_CURVE_BT2446A, TM_CURVE_SPLINE, TM_CURVE_ACES, TM_CURVE_AGX,
    TM_CURVE_NB
};

enum TmMode {
    TM_MODE_CHANNEL,    /**< each of R, G, B through the curve */
    TM_MODE_MAXRGB,     /**< scale RGB by curve(max) / max (like FFmpeg's tonemap) */
    TM_MODE_LUMINANCE,  /**< scale RGB by curve(Y) / Y: hue and saturation kept */
    TM_MODE_NB
};

enum TmTransfer {
    TM_TRC_SRGB, TM_TRC_BT1886, TM_TRC_PQ, TM_TRC_HLG, TM_TRC_LINEAR, TM_TRC_NB
};

enum TmPrimaries {
    TM_PRIM_BT709, TM_PRIM_BT2020, TM_PRIM_P3D65, TM_PRIM_ACESCG, TM_PRIM_ACES_AP0,
    TM_PRIM_XYZ, TM_PRIM_NB
};

enum TmGamut {
    TM_GAMUT_CLIP,        /**< clamp each channel to the output range */
    TM_GAMUT_DESATURATE,  /**< move toward the pixel's luminance until in range */
    TM_GAMUT_NB
};

/**
 * The pixel passes exist as a baseline build and, on x86, an AVX2 build of
 * the same C; both give identical output bits.
 */
enum TmSimd {
    TM_SIMD_AUTO,         /**< AVX2 where the CPU has it (the default) */
    TM_SIMD_NONE,         /**< the baseline build only (e.g. FFmpeg's -cpuflags -avx2) */
    TM_SIMD_NB
};

/** A histogram: 8 bins per EV (even steps of 1/8 octave within each) from 2^-24 to 2^16,
 *  plus one overflow bin. */
#define TM_HIST_BINS (40 * 8 + 1)
/** A frame's statistics: two histograms, TM_HIST_BINS counters each, of
 *  the luminance (log-average, scene cuts), then of the value the curve is
 *  applied to (the measured peak; see tm_peak_value). */
#define TM_HIST_SIZE (2 * TM_HIST_BINS)

typedef struct LavfxTonemapParams {
    int curve;            /**< enum TmCurve */
    float param;          /**< curve parameter (libplacebo's meaning), 0 = default; within
                               lavfx_tonemap_param_range() */
    int mode;             /**< enum TmMode */
    int transfer;         /**< enum TmTransfer */
    float ref_white;      /**< PQ/HLG: nits of scene value 1.0 (default 203) */
    float display_peak;   /**< PQ/HLG: display peak in nits (default 1000) */
    float peak;           /**< scene peak (scene units) the curve maps to white; 0 = measured.
                               Never below display white (no expansion); ACES and AgX
                               ignore it (fixed white) */
    float percentile;     /**< measured peak: this percentile of the curve's input value
                               (tm_peak_value: luminance or the largest channel; e.g. 99.9) */
    float exposure;       /**< EV stops added (2^exposure), -64 to 64 */
    int autoexposure;     /**< 1: also expose the log-average luminance to key */
    float key;            /**< autoexposure target key (Reinhard: 0.18) */
    int smooth;           /**< time constant in frames of the peak/average smoothing, 0 = none */
    float cut;            /**< scene cut: histogram distance (0-1) lasting 2 frames; 0 = never */
    int in_primaries;     /**< enum TmPrimaries of the input */
    int out_primaries;    /**< enum TmPrimaries of the output (BT709, BT2020 or P3D65) */
    int gamut;            /**< enum TmGamut */
    int dither;           /**< 1: ordered dither (outputs below 16 bits) */
    int bits;             /**< output bits per sample: 8, 10, 12 or 16 */
    int level;            /**< linear-light MIP level: output is 2^level times smaller */
    int simd;             /**< enum TmSimd: which build of the pixel passes runs */
} LavfxTonemapParams;

/** What frame_begin decided for the frame (also exported as frame metadata). */
typedef struct LavfxTonemapFrameInfo {
    float peak;           /**< scene peak used, before exposure (scene units) */
    float avg_lum;        /**< log-average luminance used (smoothed), scene units */
    float exposure;       /**< total EV applied */
    int scene_cut;        /**< 1 if the temporal state was reset at this frame */
    float distance;       /**< histogram distance to the last settled frame, 0-1 */
} LavfxTonemapFrameInfo;

typedef struct LavfxTonemap LavfxTonemap;

/** Names, for options and messages (NULL if out of range). */
const char *lavfx_tonemap_curve_name(int curve);
/**
 * The parameter (LavfxTonemapParams.param) a curve takes: libplacebo's
 * range and default in *min, *def, *max; 1 if it takes one, 0 if not (then
 * param is ignored). lavfx_tonemap_configure refuses a param outside it.
 */
int lavfx_tonemap_param_range(int curve, float *min, float *def, float *max);
const char *lavfx_tonemap_transfer_name(int trc);
const char *lavfx_tonemap_primaries_name(int prim);

LavfxTonemap *lavfx_tonemap_alloc(void);
void lavfx_tonemap_free(LavfxTonemap **t);

/**
 * (Re)configures: checks the parameters and computes the colour matrices
 * and the output-encoding LUT. Keeps the temporal state. 0, or -EINVAL.
 */
int lavfx_tonemap_configure(LavfxTonemap *t, const LavfxTonemapParams *p);

/** Output size for a w x h input at the configured level: ceil(w / 2^level). */
void lavfx_tonemap_output_size(const LavfxTonemap *t, int w, int h, int *ow, int *oh);

/**
 * Adds the statistics of input rows [y0, y1) of a w x h image to hist
 * (TM_HIST_SIZE counters, zeroed by the caller): the histograms of each
 * pixel's luminance and of the value the curve will see (tm_peak_value).
 * src[0..2] are the R, G, B planes, src[3] an alpha plane or NULL (float,
 * stride bytes): with alpha, colour is measured straight (divided by alpha
 * where it is > 0), as lavfx_tonemap_slice maps it when the output keeps
 * alpha; pass NULL when it does not. Non-finite and non-positive values
 * are not counted. Counting only: the result is the same for any split into
 * slices.
 */
void lavfx_tonemap_stats(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t stride[4],
                         int w, int y0, int y1, uint32_t *hist);

/**
 * Starts a frame: from the frame's histogram (the sum of all slices'),
 * updates the smoothed peak and log-average, detects scene cuts, and builds
 * the tone curve LUT. Fills info. 0, or -EINVAL if not configured.
 */
int lavfx_tonemap_frame_begin(LavfxTonemap *t, const uint32_t *hist, LavfxTonemapFrameInfo *info);

/**
 * Tone-maps output rows [y0, y1) (of ow x oh, see lavfx_tonemap_output_size)
 * from a w x h input. src: R, G, B, A float planes (A may be NULL); dst: R,
 * G, B, A planes (A may be NULL) of uint8_t (bits 8) or uint16_t (bits > 8,
 * native endian, values up to 2^bits - 1). Strides in bytes. Output alpha
 * without input alpha is opaque.
 * NaN is taken as 0, +Inf as the peak, -Inf as 0; negative values after the
 * gamut matrix are clipped or desaturated (params->gamut). Input colour with
 * alpha is taken as premultiplied (the OpenEXR convention). With an output
 * alpha plane, colour is made straight (divided by alpha where alpha > 0;
 * kept where it is 0, see tm_unpremultiply) and alpha is copied. Without
 * one, the premultiplied colour is mapped as it is: the image over black,
 * which is what the pixels show once alpha is dropped.
 */
void lavfx_tonemap_slice(const LavfxTonemap *t, const float *const src[4], const ptrdiff_t sstride[4],
                         int w, int h, uint8_t *const dst[4], const ptrdiff_t dstride[4],
                         int y0, int y1);

struct TmPixelParams;

/**
 * The state of the current frame's per-pixel pass, for running it elsewhere
 * (the CUDA kernels of cuda/exrtonemap.cu): the parameters (TmPixelParams,
 * tonemap_pixel.h) and the LUTs (see tm_lut()): the tone curve, TM_LUT_ALLOC
 * floats, and the encode array, TM_ENCODE_ALLOC floats (the output encoding,
 * then HLG's inverse OOTF factor). Valid from lavfx_tonemap_frame_begin()
 * until the next call of it or of lavfx_tonemap_configure().
 */
void lavfx_tonemap_pixel_state(const LavfxTonemap *t, struct TmPixelParams *px,
                               const float **curve, const float **encode);

/**
 * HLG's system gamma for a display of display_peak nits: ITU-R BT.2100's
 * 1.2 + 0.42 log10(Lw / 1000) (Table 5, note 5f) from 400 to 2000 nits, and
 * BT.2390's extension 1.2 * 1.111^log2(Lw / 1000) outside that range.
 */
double lavfx_tonemap_hlg_gamma(double display_peak);

/** Curve at scene value x (exposed scene units), in display-linear units
 *  (SDR: 0-1 of white; PQ/HLG: 1.0 = 203 nits), as the LUTs hold it. For tests. */
float lavfx_tonemap_curve_value(const LavfxTonemap *t, float x);

#endif /* EXRTONEMAP_H */

/*
 * strokerender: stroke data (Quick, Draw!, time series) to images (core API)
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
 * The strokerender core: streaming readers of stroke data (one drawing at a
 * time, constant memory whatever the file size), the layout of a drawing in
 * a frame, and the renderer (stroke_raster.h) driven over batches of frames.
 * No FFmpeg dependency: the glue (vsrc_strokerender.c), the tests, the fuzz
 * targets and the benchmark all use this API. JSON is parsed by cJSON.
 *
 * Errors: functions that can fail on input take a message buffer and fill
 * it with "FILE:LINE: problem" (or "FILE: byte N: problem" for binary
 * input), so a caller can show it as is.
 */

#ifndef STROKERENDER_H
#define STROKERENDER_H

#include <stddef.h>
#include <stdint.h>

/** Input formats. */
enum LavfxStrokeFormat {
    LAVFX_STROKE_AUTO = 0,  /**< by file name extension, else by content */
    LAVFX_STROKE_NDJSON,    /**< Quick, Draw! ndjson: simplified (0-255 integers)
                                 or raw (float x, y, t): one object per line with
                                 a "drawing": [[[x...], [y...](, [t...])], ...] */
    LAVFX_STROKE_BIN,       /**< Quick, Draw! .bin records (see reader_next) */
    LAVFX_STROKE_CSV,       /**< numeric CSV time series, drawn as line charts */
};

/** Return codes besides 0 / 1 (negative errno values are also used). */
#define LAVFX_STROKE_EBAD  (-1000)  /**< a malformed record: skipped, reading can go on */
#define LAVFX_STROKE_EFILE (-1001)  /**< the file is unusable (empty, unreadable) */

/** Largest accepted coordinate magnitude in input units. */
#define LAVFX_STROKE_MAX_COORD 1.0e6

/** Room for a drawing's word and key_id, bytes with the terminating NUL: a
 *  word (or CSV label, column name) of up to 127 bytes, a key_id of up to 63. */
#define LAVFX_STROKE_MAX_WORD 128
#define LAVFX_STROKE_MAX_KEY  64

/** One drawing: strokes of points, and what the record said about it. */
typedef struct LavfxStrokeDrawing {
    int nb_strokes;
    int nb_points;          /**< all strokes together */
    int *stroke_end;        /**< nb_strokes entries: index past each stroke's last point */
    float *xy;              /**< 2 * nb_points: x, y in input units (y down) */
    int chart;              /**< 1 for a time series: x and y scale independently */
    char word[LAVFX_STROKE_MAX_WORD];   /**< category ("" when the record has none);
                                 CSV: the row's label or the column's name; .bin:
                                 the file name. A longer one is never cut: the
                                 record is malformed (.bin, CSV column names: the
                                 file is refused) */
    char key_id[LAVFX_STROKE_MAX_KEY];  /**< record id as text ("" when none); CSV
                                 rows: "LINE:FIRST_POINT", columns:
                                 "FIELD:FIRST_ROW". A longer one: the record is
                                 malformed */
    int64_t index;          /**< record number in the file, from 0 */
    int cap_strokes, cap_points;  /**< allocated room (internal) */
} LavfxStrokeDrawing;

/** Frees the arrays of a drawing (the struct itself is the caller's). */
void lavfx_stroke_drawing_free(LavfxStrokeDrawing *d);

/** CSV layouts. */
enum LavfxStrokeCsvLayout {
    LAVFX_STROKE_CSV_ROWS = 0,  /**< one series per line */
    LAVFX_STROKE_CSV_COLUMNS,   /**< one series per column. A first line with any
                                     non-numeric field is a header naming the columns
                                     (else they are named 1, 2, ...); a non-numeric
                                     first field on the first data line makes column 1
                                     labels (dates), not a series. With a window: for
                                     each window of rows, one chart per column in
                                     column order (window x columns values held),
                                     in one pass over the file (a pipe will do).
                                     Without: one pass over the file per column (the
                                     file must be seekable when there are several
                                     columns), at most 2^22 rows. A bad
                                     cell or a line with another field count fails
                                     the charts that hold it. */
};

/** How to read a file. Zero-initialised is ndjson/bin/csv by detection. */
typedef struct LavfxStrokeReaderParams {
    int format;             /**< enum LavfxStrokeFormat */
    int csv_layout;         /**< enum LavfxStrokeCsvLayout */
    int window;             /**< CSV: points per chart, 0 = the whole series, else
                                 2 - 2^22; columns: window x columns <= 2^22.
                                 Must be 0 for other formats */
    int stride;             /**< CSV: points between windows' starts, 0 = window,
                                 at most 2^22. Must be 0 for other formats */
} LavfxStrokeReaderParams;

typedef struct LavfxStrokeReader LavfxStrokeReader;

/** Detects the format of a file: by extension (.ndjson/.json/.jsonl, .bin,
 *  .csv/.txt), else by its first len bytes head: '{' after blanks (and a
 *  UTF-8 byte order mark) ndjson, other UTF-8 text CSV, anything else .bin.
 *  Returns an enum LavfxStrokeFormat (never AUTO). */
int lavfx_stroke_detect_format(const char *path, const uint8_t *head, size_t len);

/** Opens path for reading. NULL on failure with err filled and errno set:
 *  fopen's (ENOENT, EACCES, ...), EISDIR for a directory, ESPIPE for format AUTO on a file that
 *  cannot be read twice (a pipe without a telling extension: the format must
 *  be given), EINVAL for bad parameters, ENOMEM. */
LavfxStrokeReader *lavfx_stroke_reader_open(const char *path, const LavfxStrokeReaderParams *p,
                                            char *err, size_t errlen);

/** The same over a memory buffer (not copied; it must outlive the reader);
 *  name is used in messages. For the fuzz targets and tests. */
LavfxStrokeReader *lavfx_stroke_reader_open_mem(const uint8_t *buf, size_t len, const char *name,
                                                const LavfxStrokeReaderParams *p,
                                                char *err, size_t errlen);

/** The format being read (after detection). */
int lavfx_stroke_reader_format(const LavfxStrokeReader *r);

/**
 * Reads the next drawing into d (its arrays are grown as needed).
 * Returns 1 with a drawing, 0 at the end of the file, LAVFX_STROKE_EBAD for
 * a malformed record (err says where and what; the next call goes on with
 * the next record), LAVFX_STROKE_EFILE for a file that cannot be read on
 * (empty: no record at all; a CSV header or csv=columns line it cannot use;
 * later calls then return 0 until a rewind), or a negative errno (ENOMEM, EIO).
 *
 * Checked: JSON syntax, "drawing" present and an array of strokes, each
 * stroke an array of 2 or 3 equally long arrays of finite numbers of
 * magnitude <= LAVFX_STROKE_MAX_COORD, no empty stroke, no empty drawing,
 * for .bin complete records, for CSV numeric fields. A one-point stroke is
 * valid (drawn as a dot).
 */
int lavfx_stroke_reader_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen);

/** One job of a parallel loop, jobnr in [0, nb_jobs). Returns 0. */
typedef int (*LavfxStrokeJobFn)(void *arg, int jobnr, int nb_jobs);

/** Runs job(arg, i, nb_jobs) for all i, in any order on any threads; NULL: serially. */
typedef void (*LavfxStrokeExecuteFn)(void *opaque, LavfxStrokeJobFn job, void *arg, int nb_jobs);

/**
 * Parses ndjson records in parallel (other formats are cheap to parse and
 * ignore this): lavfx_stroke_reader_next then reads the next nb_ahead lines
 * when it has none waiting and parses them with execute(opaque, job, arg,
 * min(lines, nb_jobs)), and returns them one by one. Every call returns
 * exactly what it would without (drawings, errors and their messages, in
 * file order); only the file is read up to nb_ahead - 1 records further.
 * Memory: the lines read at once (at most nb_ahead, and no more once they
 * hold 16 MiB, at least one) and their drawings, plus 128 KiB of buffers
 * kept per waiting slot at most. nb_ahead (capped at 4096) or
 * nb_jobs below 2, or execute NULL: one record at a time (the default).
 * Call it before the first lavfx_stroke_reader_next or right after a
 * rewind. Returns 0, -EINVAL (records are waiting) or -ENOMEM.
 */
int lavfx_stroke_reader_set_threads(LavfxStrokeReader *r, int nb_ahead, int nb_jobs,
                                    LavfxStrokeExecuteFn execute, void *opaque);

/** Goes back to the start of the file (for looping). 0 or a negative errno
 *  (-ESPIPE for a pipe). */
int lavfx_stroke_reader_rewind(LavfxStrokeReader *r);

void lavfx_stroke_reader_close(LavfxStrokeReader **r);

/** Pixel formats of the rendered images: bytes per pixel. */
enum LavfxStrokePixFmt {
    LAVFX_STROKE_GRAY = 1,
    LAVFX_STROKE_RGB24 = 3,
    LAVFX_STROKE_RGBA = 4,  /**< straight alpha */
};

/** Placement of a drawing in the frame. */
enum LavfxStrokeFit {
    LAVFX_STROKE_FIT_NONE = 0,  /**< input coordinates 0-256 mapped on the frame's
                                     min(w, h) - 2 pad square, centred */
    LAVFX_STROKE_FIT_BOX,       /**< the bounding box scaled to fill w - 2 pad - lw
                                     by h - 2 pad - lw (aspect kept, centred);
                                     charts fill both directions */
    LAVFX_STROKE_FIT_CENTER,    /**< Google's renderer: the drawing centred on its
                                     bounding box in the 256 square, which is scaled
                                     so that 256 + 2 pad + lw (in frame pixels)
                                     spans min(w, h) */
};

/** Colour of each stroke. */
enum LavfxStrokeColorMode {
    LAVFX_STROKE_SOLID = 0,     /**< every stroke in color */
    LAVFX_STROKE_PALETTE,       /**< stroke i in palette colour i mod 10 (Tableau 10) */
    LAVFX_STROKE_ORDER,         /**< stroke i in color scaled by (255 - 13 min(i, 10)) / 255,
                                     the stroke-order coding of Kaggle's Quick, Draw! baselines */
};

/** How drawings are rendered. */
typedef struct LavfxStrokeStyle {
    int w, h;               /**< frame size, pixels */
    int pix_fmt;            /**< enum LavfxStrokePixFmt */
    double linewidth;       /**< line width in frame pixels (> 0) */
    int aa;                 /**< 1: antialiased; 0: aliased */
    uint8_t color[4];       /**< ink RGBA; A is its opacity */
    uint8_t bg[4];          /**< background RGBA */
    int colormode;          /**< enum LavfxStrokeColorMode */
    double pad;             /**< margin in frame pixels */
    int fit;                /**< enum LavfxStrokeFit */
} LavfxStrokeStyle;

/**
 * Checks a style before rendering with it: a size of 1..16384 each way, a
 * line width > 0, a pad >= 0, and room left for the drawing: fit none needs
 * 2 pad < min(w, h), box and center 2 pad + linewidth < min(w, h) (else the
 * layout would turn the drawing over or shrink it to a point).
 * Returns 0, or -EINVAL with err saying which value is wrong.
 */
int lavfx_stroke_style_check(const LavfxStrokeStyle *style, char *err, size_t errlen);

/** A render target's scratch (per-pixel stroke state); one per thread. */
typedef struct LavfxStrokeCanvas LavfxStrokeCanvas;

/** Scratch for frames up to w x h (1..16384). NULL on bad size / no memory.
 *  It renders with the widest build the CPU runs (lavfx_stroke_canvas_set_simd). */
LavfxStrokeCanvas *lavfx_stroke_canvas_alloc(int w, int h);

/** The builds of the renderer's inner loops, widest first. All give the same
 *  bytes (the same integer code, encoded for each instruction set). */
enum LavfxStrokeSimd {
    LAVFX_STROKE_SIMD_AVX512,   /**< AVX-512 F, VL, BW and DQ (x86-64, GCC builds) */
    LAVFX_STROKE_SIMD_AVX2,     /**< AVX2 (x86-64, GCC builds) */
    LAVFX_STROKE_SIMD_NONE,     /**< the baseline target (x86-64: SSE2) */
};

/**
 * Renders with the widest build up to max (enum LavfxStrokeSimd) that this
 * library has and the CPU runs, e.g. LAVFX_STROKE_SIMD_NONE for FFmpeg's
 * -cpuflags -avx2. Returns the build chosen, or -EINVAL for a bad max.
 */
int lavfx_stroke_canvas_set_simd(LavfxStrokeCanvas *c, int max);
void lavfx_stroke_canvas_free(LavfxStrokeCanvas **c);

/**
 * Renders d into dst (style->w x style->h, stride bytes between rows,
 * style->pix_fmt): fills the background, then draws every stroke in order.
 * For gray output colours are reduced to luma (BT.601: (77 R + 150 G + 29 B) / 256).
 * The same inputs give the same bytes on any machine and thread.
 * Returns 0, -EINVAL (style larger than the canvas) or -ENOMEM.
 */
int lavfx_stroke_render(LavfxStrokeCanvas *c, const LavfxStrokeDrawing *d,
                        const LavfxStrokeStyle *style, uint8_t *dst, ptrdiff_t stride);

/** Frame coordinates the renderer takes: +-16384 pixels on each axis. */
#define LAVFX_STROKE_MAX_PX 16384

/**
 * Whether every point of d lands within +-LAVFX_STROKE_MAX_PX pixels of the
 * frame's origin on each axis with style (with fit=none or center, far-off
 * coordinates or a large size can put a point beyond). Beyond, the renderers
 * would clamp the point on each axis and bend its segments, so the reader
 * refuses such a record first. Returns 0, or -ERANGE with err (errlen bytes)
 * naming the point (stroke and point from 0, as the readers' messages; input
 * units) and its pixel.
 */
int lavfx_stroke_check_range(const LavfxStrokeDrawing *d, const LavfxStrokeStyle *style,
                             char *err, size_t errlen);

/**
 * The layout lavfx_stroke_render draws, for renderers elsewhere (the CUDA
 * kernel of cuda/strokerender.cu): d's points as Q8 frame coordinates (1/256
 * pixel; x, y pairs, d->nb_points of them) into pts, and each stroke's ink
 * (4 bytes: R, G, B, A; for gray the luma, 0, 0, A) into colour
 * (d->nb_strokes x 4 bytes). Returns 0, or -EINVAL for a bad style.
 */
int lavfx_stroke_layout(const LavfxStrokeDrawing *d, const LavfxStrokeStyle *style,
                        int32_t *pts, uint8_t *colour);

/** The pen's half line width in Q8 frame pixels (SrPen.r) for a style. */
int32_t lavfx_stroke_pen_r(const LavfxStrokeStyle *style);

/** The background bytes of a style's frames (for gray: the luma in bg[0]). */
void lavfx_stroke_background(const LavfxStrokeStyle *style, uint8_t bg[4]);

/**
 * The batch driver: renders n drawings, drawing i into dst[i] (stride[i]),
 * job j using canvases[j] for drawings j, j + nb_jobs, ... with nb_jobs =
 * min(n, nb_canvases). Output does not depend on nb_canvases.
 * Returns 0 or the first error of lavfx_stroke_render.
 */
int lavfx_stroke_render_batch(LavfxStrokeCanvas **canvases, int nb_canvases,
                               const LavfxStrokeDrawing *const *d, int n,
                               const LavfxStrokeStyle *style, uint8_t **dst,
                               const ptrdiff_t *stride,
                               LavfxStrokeExecuteFn execute, void *opaque);

#endif /* STROKERENDER_H */

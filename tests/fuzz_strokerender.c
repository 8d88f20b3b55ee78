/*
 * libFuzzer targets for the strokerender readers
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
 * One libFuzzer target per reader, chosen at build time with
 * -DFUZZ_FORMAT=LAVFX_STROKE_NDJSON, _BIN or _CSV (`make fuzz` builds all
 * three with clang -fsanitize=fuzzer,address,undefined). Each input is read
 * to the end as a file of that format, and every drawing read is rendered
 * on a small canvas, so the layout and the rasterizer see whatever the
 * reader lets through (huge, tiny, degenerate coordinates). For ndjson a
 * second reader parses ahead (lavfx_stroke_reader_set_threads): any
 * difference from the first, in results, messages or drawings, aborts.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strokerender.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT LAVFX_STROKE_NDJSON
#endif

/* Runs the jobs in reverse order, on this thread. */
static void reverse_execute(void *opaque, LavfxStrokeJobFn job, void *arg, int nb_jobs)
{
    int i;
    for (i = nb_jobs - 1; i >= 0; i--)
        job(arg, i, nb_jobs);
}

/* The read-ahead reader's next result must be the plain one's. */
static void same_as_ahead(LavfxStrokeReader *ra, LavfxStrokeDrawing *da, int ret,
                          const LavfxStrokeDrawing *d, const char *err)
{
    char erra[256];
    if (lavfx_stroke_reader_next(ra, da, erra, sizeof(erra)) != ret || (ret != 1 && strcmp(err, erra)))
        abort();
    if (ret == 1 && (d->index != da->index || d->nb_strokes != da->nb_strokes || d->nb_points != da->nb_points ||
                     strcmp(d->word, da->word) || strcmp(d->key_id, da->key_id) ||
                     memcmp(d->stroke_end, da->stroke_end, d->nb_strokes * sizeof(*d->stroke_end)) ||
                     memcmp(d->xy, da->xy, 2 * d->nb_points * sizeof(*d->xy))))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static LavfxStrokeCanvas *canvas;
    LavfxStrokeReaderParams p = { .format = FUZZ_FORMAT };
    LavfxStrokeStyle st = { .w = 24, .h = 20, .pix_fmt = LAVFX_STROKE_RGBA, .linewidth = 1.5, .aa = 1,
                            .color = { 255, 128, 0, 200 }, .bg = { 0, 0, 0, 0 },
                            .colormode = LAVFX_STROKE_PALETTE, .fit = LAVFX_STROKE_FIT_BOX };
    uint8_t img[24 * 20 * 4];
    LavfxStrokeDrawing d = { 0 }, da = { 0 };
    LavfxStrokeReader *r, *ra = NULL;
    char err[256];
    int ret, n = 0;

    if (FUZZ_FORMAT == LAVFX_STROKE_CSV) {
        p.window = size % 7 ? (int)(size % 7) + 1 : 0;
        p.stride = (int)(size % 3);
        p.csv_layout = size % 2 ? LAVFX_STROKE_CSV_COLUMNS : LAVFX_STROKE_CSV_ROWS;
    }
    if (!canvas && !(canvas = lavfx_stroke_canvas_alloc(24, 20)))
        abort();
    r = lavfx_stroke_reader_open_mem(data, size, "fuzz", &p, err, sizeof(err));
    if (!r)
        return 0;
    if (FUZZ_FORMAT == LAVFX_STROKE_NDJSON &&
        (!(ra = lavfx_stroke_reader_open_mem(data, size, "fuzz", &p, err, sizeof(err))) ||
         lavfx_stroke_reader_set_threads(ra, 2 + (int)(size % 5), 2 + (int)(size % 3), reverse_execute, NULL) < 0))
        abort();
    while ((ret = lavfx_stroke_reader_next(r, &d, err, sizeof(err))) != 0 && n++ < 10000) {
        if (ra)
            same_as_ahead(ra, &da, ret, &d, err);
        if (ret == 1) {
            st.fit = n % 3;
            lavfx_stroke_render(canvas, &d, &st, img, 24 * 4);
        } else if (ret != LAVFX_STROKE_EBAD) {
            break;
        }
    }
    if (ra && !ret)
        same_as_ahead(ra, &da, 0, &d, err);
    lavfx_stroke_drawing_free(&d);
    lavfx_stroke_drawing_free(&da);
    lavfx_stroke_reader_close(&r);
    lavfx_stroke_reader_close(&ra);
    return 0;
}

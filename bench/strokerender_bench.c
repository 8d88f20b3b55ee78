/*
 * strokerender benchmark: the core's renderer against Cairo, same work
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
 * The workload of ../shared/reference.md's renderer table: one 100-point
 * polyline per image (a random walk scaled to the frame), gray8, width 2,
 * round caps and joins, antialiased, one surface reused, one thread.
 *
 *   strokerender_bench SIZE NB_IMAGES [walks.ndjson | --core]
 *
 * prints images per CPU-second for the core (lavfx_stroke_render, parsing
 * excluded) and for Cairo (A8 surface, default antialiasing, clear + stroke),
 * each over all its images, and their ratio as the median of ROUNDS rounds:
 * the images are drawn in ROUNDS chunks, each by the core then by Cairo, so
 * that both see the same moments of a noisy machine. It optionally writes the same walks, in 0-256 units, as ndjson for the
 * runs through ffmpeg (strokerender=fit=none gives the same geometry).
 * --core: the core alone (Cairo's figure is then 0), for A/B runs.
 */

#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>

#include "strokerender.h"

#include "walks.h"

#define NB_WALKS 64
#define NB_POINTS 100
#define ROUNDS 9

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Images [i0, i1) by the core; returns a checksum of sampled bytes. */
static unsigned long draw_core(LavfxStrokeCanvas *c, const LavfxStrokeDrawing *d,
                               const LavfxStrokeStyle *st, uint8_t *img, int size, int i0, int i1)
{
    unsigned long sum = 0;
    int i;
    for (i = i0; i < i1; i++) {
        lavfx_stroke_render(c, &d[i % NB_WALKS], st, img, size);
        sum += img[(i * 7919) % (size * size)];
    }
    return sum;
}

/* The same images by Cairo (round caps and joins, width 2 already set). */
static unsigned long draw_cairo(cairo_t *cr, cairo_surface_t *sf, const LavfxStrokeDrawing *d,
                                int size, int i0, int i1)
{
    double sx = size / 256.0;
    unsigned long sum = 0;
    int i, k;
    for (i = i0; i < i1; i++) {
        const LavfxStrokeDrawing *w = &d[i % NB_WALKS];
        cairo_set_operator(cr, CAIRO_OPERATOR_CLEAR);
        cairo_paint(cr);
        cairo_set_operator(cr, CAIRO_OPERATOR_OVER);
        cairo_move_to(cr, w->xy[0] * sx, w->xy[1] * sx);
        for (k = 1; k < NB_POINTS; k++)
            cairo_line_to(cr, w->xy[2 * k] * sx, w->xy[2 * k + 1] * sx);
        cairo_stroke(cr);
        cairo_surface_flush(sf);
        sum += cairo_image_surface_get_data(sf)[(i * 7919) % (size * size)];
    }
    return sum;
}

int main(int argc, char **argv)
{
    int size = argc > 1 ? atoi(argv[1]) : 224, n = argc > 2 ? atoi(argv[2]) : 20000, i, k;
    LavfxStrokeDrawing d[NB_WALKS];
    LavfxStrokeCanvas *c = lavfx_stroke_canvas_alloc(size, size);
    LavfxStrokeStyle st = { .w = size, .h = size, .pix_fmt = LAVFX_STROKE_GRAY, .linewidth = 2, .aa = 1,
                            .color = { 255, 255, 255, 255 }, .bg = { 0, 0, 0, 255 },
                            .fit = LAVFX_STROKE_FIT_NONE };
    uint8_t *img = malloc((size_t)size * size);
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_A8, size, size);
    cairo_t *cr = cairo_create(sf);
    double t0, t1, t2, t_core = 0, t_cairo = 0, ratio[ROUNDS];
    uint32_t seed = 12345;
    unsigned long sum = 0;
    int core_only = argc > 3 && !strcmp(argv[3], "--core");
    FILE *out = argc > 3 && !core_only ? fopen(argv[3], "w") : NULL;

    if (!c || !img || size < 8 || n < ROUNDS) {
        fprintf(stderr, "usage: %s SIZE NB_IMAGES [walks.ndjson]\n", argv[0]);
        return 1;
    }
    /* random walks, each scaled to the 256 square with a margin of 8 */
    memset(d, 0, sizeof(d));
    for (k = 0; k < NB_WALKS; k++) {
        d[k].nb_points = NB_POINTS;
        d[k].nb_strokes = 1;
        d[k].stroke_end = malloc(sizeof(int));
        d[k].stroke_end[0] = NB_POINTS;
        d[k].xy = malloc(2 * NB_POINTS * sizeof(float));
        bench_walk(d[k].xy, NB_POINTS, &seed);
        if (out) {
            fprintf(out, "{\"word\":\"walk\",\"key_id\":\"%d\",\"drawing\":[[[", k);
            for (i = 0; i < NB_POINTS; i++)
                fprintf(out, "%s%.3f", i ? "," : "", d[k].xy[2 * i]);
            fprintf(out, "],[");
            for (i = 0; i < NB_POINTS; i++)
                fprintf(out, "%s%.3f", i ? "," : "", d[k].xy[2 * i + 1]);
            fprintf(out, "]]]}\n");
        }
    }
    if (out)
        fclose(out);

    cairo_set_line_width(cr, 2);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (k = 0; k < ROUNDS; k++) {
        int i0 = (int)((int64_t)n * k / ROUNDS), i1 = (int)((int64_t)n * (k + 1) / ROUNDS);
        t0 = cpu_now();
        sum += draw_core(c, d, &st, img, size, i0, i1);
        t1 = cpu_now();
        t_core += t1 - t0;
        ratio[k] = 0;
        if (!core_only) {
            sum += draw_cairo(cr, sf, d, size, i0, i1);
            t2 = cpu_now();
            t_cairo += t2 - t1;
            ratio[k] = (t2 - t1) / (t1 - t0);
        }
    }
    qsort(ratio, ROUNDS, sizeof(*ratio), cmp_double);

    printf("%dx%d core %.0f img/s cairo %.0f img/s ratio %.2f (%d rounds: %.2f-%.2f) (checksum %lu)\n",
           size, size, n / t_core, core_only ? 0 : n / t_cairo, ratio[ROUNDS / 2], ROUNDS, ratio[0],
           ratio[ROUNDS - 1], sum);
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
    for (k = 0; k < NB_WALKS; k++)
        lavfx_stroke_drawing_free(&d[k]);
    lavfx_stroke_canvas_free(&c);
    free(img);
    return 0;
}

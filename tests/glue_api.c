/*
 * The filters' libavfilter glue through libavfilter's API
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
 * What the ffmpeg command line cannot show: frames built by hand (planes
 * with linesizes of our choosing, side data, metadata, packet durations)
 * pushed through buffer -> FILTER -> buffersink, and the frames that come
 * out checked field by field. Linked against the static libraries of the
 * patched FFmpeg build (tests/run.sh; tests/sanitize.sh links the
 * AddressSanitizer/UBSan build).
 */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libavfilter/avfilter.h"
#include "libavfilter/buffersink.h"
#include "libavfilter/buffersrc.h"
#include "libavutil/common.h"
#include "libavutil/frame.h"
#include "libavutil/imgutils.h"
#include "libavutil/mastering_display_metadata.h"
#include "libavutil/pixdesc.h"

#include "unit.h"

#define MAX_OUT 16

typedef struct Graph {
    AVFilterGraph *g;
    AVFilterContext *src, *sink;
    AVFrame *out[MAX_OUT];      /**< every frame that came out, in order */
    int nb_out;
} Graph;

/* buffer (w x h, fmt, time base 1/tb_den) -> desc -> buffersink; 0 or AVERROR */
static int graph_open(Graph *gr, const char *desc, enum AVPixelFormat fmt, int w, int h, int tb_den)
{
    AVFilterInOut *in = avfilter_inout_alloc(), *out = avfilter_inout_alloc();
    char args[256];
    int ret;
    memset(gr, 0, sizeof(*gr));
    if (!(gr->g = avfilter_graph_alloc()) || !in || !out) {
        ret = AVERROR(ENOMEM);
        goto end;
    }
    gr->g->nb_threads = 2;
    snprintf(args, sizeof(args), "video_size=%dx%d:pix_fmt=%d:time_base=1/%d:pixel_aspect=1/1",
             w, h, fmt, tb_den);
    if ((ret = avfilter_graph_create_filter(&gr->src, avfilter_get_by_name("buffer"), "in", args,
                                            NULL, gr->g)) < 0 ||
        (ret = avfilter_graph_create_filter(&gr->sink, avfilter_get_by_name("buffersink"), "out",
                                            NULL, NULL, gr->g)) < 0)
        goto end;
    out->name = av_strdup("in");
    out->filter_ctx = gr->src;
    in->name = av_strdup("out");
    in->filter_ctx = gr->sink;
    if ((ret = avfilter_graph_parse_ptr(gr->g, desc, &in, &out, NULL)) < 0)
        goto end;
    ret = avfilter_graph_config(gr->g, NULL);
end:
    avfilter_inout_free(&in);
    avfilter_inout_free(&out);
    return ret;
}

/* Sends f (NULL: the end of the stream), then takes every frame out. f's
 * references move into the graph: a frame whose buffers nothing else holds
 * is writable there, so a filter may work in it in place, with its linesizes. */
static int graph_push(Graph *gr, AVFrame *f)
{
    int ret = av_buffersrc_add_frame_flags(gr->src, f, 0);
    while (ret >= 0) {
        AVFrame *o = av_frame_alloc();
        if (!o)
            return AVERROR(ENOMEM);
        ret = av_buffersink_get_frame(gr->sink, o);
        if (ret < 0 || gr->nb_out == MAX_OUT) {
            av_frame_free(&o);
            break;
        }
        gr->out[gr->nb_out++] = o;
    }
    return ret == AVERROR(EAGAIN) || ret == AVERROR_EOF ? 0 : ret;
}

static void graph_close(Graph *gr)
{
    int i;
    for (i = 0; i < gr->nb_out; i++)
        av_frame_free(&gr->out[i]);
    avfilter_graph_free(&gr->g);
}

/* One frame through desc, to its end: the frames out in gr (0 or AVERROR).
 * f is left blank (see graph_push): pass av_frame_clone() to keep it. */
static int run_one(Graph *gr, const char *desc, AVFrame *f, int tb_den)
{
    int ret = graph_open(gr, desc, f->format, f->width, f->height, tb_den);
    if (ret >= 0)
        ret = graph_push(gr, f);
    if (ret >= 0)
        ret = graph_push(gr, NULL);
    return ret;
}

/* A yuv420p w x h frame whose planes have the linesizes ls[3] (each at
 * least the plane's width), each plane in its own buffer, filled with a
 * picture that depends on (x, y) only. */
static AVFrame *yuv420p_frame(int w, int h, const int ls[3])
{
    AVFrame *f = av_frame_alloc();
    int k, x, y;
    if (!f)
        return NULL;
    f->format = AV_PIX_FMT_YUV420P;
    f->width  = w;
    f->height = h;
    for (k = 0; k < 3; k++) {
        int pw = k ? (w + 1) / 2 : w, ph = k ? (h + 1) / 2 : h;
        if (!(f->buf[k] = av_buffer_alloc((size_t)ls[k] * ph))) {
            av_frame_free(&f);
            return NULL;
        }
        f->data[k]     = f->buf[k]->data;
        f->linesize[k] = ls[k];
        memset(f->data[k], 0xEE, (size_t)ls[k] * ph);   /* the padding: never picture */
        for (y = 0; y < ph; y++)
            for (x = 0; x < pw; x++)
                f->data[k][y * ls[k] + x] = (uint8_t)(k == 0 ? 16 + (x * 7 + y * 3) % 220 :
                                                      k == 1 ? 40 + (x * 11) % 170 : 60 + (y * 13) % 150);
    }
    return f;
}

/* 1 when the visible bytes of the two frames' planes are equal */
static int same_picture(const AVFrame *a, const AVFrame *b)
{
    const AVPixFmtDescriptor *d = av_pix_fmt_desc_get(a->format);
    int k, y;
    if (a->format != b->format || a->width != b->width || a->height != b->height)
        return 0;
    for (k = 0; k < 4 && a->data[k]; k++) {
        int sh = k == 1 || k == 2 ? d->log2_chroma_h : 0;
        int bytes = av_image_get_linesize(a->format, a->width, k);
        for (y = 0; y < AV_CEIL_RSHIFT(a->height, sh); y++)
            if (memcmp(a->data[k] + y * a->linesize[k], b->data[k] + y * b->linesize[k], bytes))
                return 0;
    }
    return 1;
}

/* primitive reads Cb and Cr with their own linesizes (FFmpeg does not
 * promise equal ones): the same picture in planes laid out three ways gives
 * the same output; before this was fixed, Cr was read with Cb's linesize (out
 * of bounds when Cr's is smaller, which the sanitizer build reports). */
static void test_primitive_chroma_linesizes(void)
{
    static const int layouts[3][3] = { { 48, 32, 32 }, { 48, 32, 24 }, { 40, 24, 64 } };
    const char *desc = "primitive=n=3:size=32:candidates=10:climbs=2:age=5:seed=1";
    Graph gr[3];
    int i, ok = 1, ret = 0;
    for (i = 0; i < 3; i++) {
        AVFrame *f = yuv420p_frame(40, 30, layouts[i]);
        ret = f ? run_one(&gr[i], desc, f, 25) : AVERROR(ENOMEM);
        av_frame_free(&f);
        ok &= ret >= 0 && gr[i].nb_out == 1;
    }
    check(ok && same_picture(gr[0].out[0], gr[1].out[0]) && same_picture(gr[0].out[0], gr[2].out[0]),
          "primitive: yuv420p with Cr linesizes smaller and larger than Cb's gives the same picture",
          "frames out %d %d %d (%s), or the pictures differ", gr[0].nb_out, gr[1].nb_out, gr[2].nb_out,
          av_err2str(ret));
    for (i = 0; i < 3; i++)
        graph_close(&gr[i]);
}

/* grow=1: every frame of the sequence lasts one tick of the output's 1/25
 * time base, and an input frame's captions come out once, not once per
 * frame of its sequence */
static void test_primitive_grow(void)
{
    AVFrame *f = av_frame_alloc();
    AVFrameSideData *sd;
    Graph gr;
    int ret, i, dur_ok = 1, cc = 0, tb_ok;
    if (!f) {
        check(0, "glue API: a test frame", "out of memory");
        return;
    }
    f->format = AV_PIX_FMT_RGB24;
    f->width  = 20;
    f->height = 20;
    if (av_frame_get_buffer(f, 0) < 0) {
        check(0, "glue API: a test frame's buffer", "out of memory");
        av_frame_free(&f);
        return;
    }
    for (i = 0; i < 20 * f->linesize[0]; i++)
        f->data[0][i] = (uint8_t)(i * 37 % 251);
    f->pts          = 0;
    f->pkt_duration = 3600;         /* 1/25 s in 1/90000 */
    if ((sd = av_frame_new_side_data(f, AV_FRAME_DATA_A53_CC, 6)))
        memcpy(sd->data, "\xfc\x94\x20\xfc\x20\x20", 6);
    ret = run_one(&gr, "primitive=n=4:size=16:candidates=5:climbs=1:grow=1", f, 90000);
    tb_ok = ret >= 0 && av_buffersink_get_time_base(gr.sink).num == 1 &&
            av_buffersink_get_time_base(gr.sink).den == 25;
    for (i = 0; i < gr.nb_out; i++) {
        dur_ok &= gr.out[i]->pkt_duration == 1;
        cc += !!av_frame_get_side_data(gr.out[i], AV_FRAME_DATA_A53_CC);
    }
    check(ret >= 0 && gr.nb_out > 1, "primitive grow=1: a sequence of frames", "%d frames (%s)",
          gr.nb_out, av_err2str(ret));
    check(tb_ok && dur_ok, "primitive grow=1: each frame lasts 1 in the 1/25 time base",
          "time base %s, durations %"PRId64" ...", tb_ok ? "1/25" : "not 1/25",
          gr.nb_out ? gr.out[0]->pkt_duration : -1);
    check(cc == 1 && gr.nb_out && av_frame_get_side_data(gr.out[0], AV_FRAME_DATA_A53_CC),
          "primitive grow=1: the captions on the first frame of the sequence only",
          "on %d of %d frames", cc, gr.nb_out);
    graph_close(&gr);
    av_frame_free(&f);
}

/* A gbrpf32le w x h frame of a smooth picture up to about 8 (linear). */
static AVFrame *float_frame(int w, int h)
{
    AVFrame *f = av_frame_alloc();
    int k, x, y;
    f->format = AV_PIX_FMT_GBRPF32;
    f->width  = w;
    f->height = h;
    if (av_frame_get_buffer(f, 0) < 0) {
        av_frame_free(&f);
        return NULL;
    }
    for (k = 0; k < 3; k++)
        for (y = 0; y < h; y++)
            for (x = 0; x < w; x++)
                ((float *)(f->data[k] + y * f->linesize[k]))[x] = 0.01f * (1 + x + k) * (1 + y);
    return f;
}

/* exrtonemap changes the colour: side data that described the input's (HDR
 * mastering display, content light level, ICC profile) is not passed on */
static void test_exrtonemap_side_data(void)
{
    static const enum AVFrameSideDataType types[] = {
        AV_FRAME_DATA_MASTERING_DISPLAY_METADATA, AV_FRAME_DATA_CONTENT_LIGHT_LEVEL,
        AV_FRAME_DATA_ICC_PROFILE,
    };
    AVFrame *f = float_frame(16, 8);
    Graph gr;
    int ret, i, kept = 0, attached = 0;
    if (!f) {
        check(0, "glue API: a test frame", "out of memory");
        return;
    }
    attached += !!av_mastering_display_metadata_create_side_data(f);
    attached += !!av_content_light_metadata_create_side_data(f);
    attached += !!av_frame_new_side_data(f, AV_FRAME_DATA_ICC_PROFILE, 128);
    for (i = 0; i < 3; i++) {
        const char *desc = i == 0 ? "exrtonemap" : i == 1 ? "exrtonemap=trc=pq" : "exrtonemap=enable=0";
        AVFrame *c = av_frame_clone(f);
        int k;
        kept = 0;
        ret = c ? run_one(&gr, desc, c, 25) : AVERROR(ENOMEM);
        av_frame_free(&c);
        for (k = 0; k < 3 && ret >= 0 && gr.nb_out == 1; k++)
            kept += !!av_frame_get_side_data(gr.out[0], types[k]);
        check(attached == 3 && ret >= 0 && gr.nb_out == 1 && !kept,
              i == 0 ? "exrtonemap: no mastering display, light level or ICC side data of the input on sRGB output" :
              i == 1 ? "exrtonemap: ... nor on PQ output" : "exrtonemap: ... nor on frames the timeline disables",
              "%d frames out (%s), %d of 3 side data kept", gr.nb_out, av_err2str(ret), kept);
        graph_close(&gr);
    }
    av_frame_free(&f);
}

/* a frame the timeline disables carries no lavfi.exrtonemap.* keys, even
 * when its input had them (from an earlier exrtonemap); an enabled frame
 * carries its own */
static void test_exrtonemap_disabled_metadata(void)
{
    AVFrame *f = float_frame(16, 8), *c;
    AVDictionaryEntry *e;
    Graph gr;
    int ret;
    if (!f) {
        check(0, "glue API: a test frame", "out of memory");
        return;
    }
    av_dict_set(&f->metadata, "lavfi.exrtonemap.peak", "99", 0);
    av_dict_set(&f->metadata, "lavfi.exrtonemap.scene_cut", "1", 0);
    av_dict_set(&f->metadata, "other.key", "kept", 0);
    c = av_frame_clone(f);
    ret = c ? run_one(&gr, "exrtonemap=enable=0", c, 25) : AVERROR(ENOMEM);
    av_frame_free(&c);
    check(ret >= 0 && gr.nb_out == 1 && !av_dict_get(gr.out[0]->metadata, "lavfi.exrtonemap.", NULL,
                                                     AV_DICT_IGNORE_SUFFIX) &&
          (e = av_dict_get(gr.out[0]->metadata, "other.key", NULL, 0)) && !strcmp(e->value, "kept"),
          "exrtonemap enable=0: the input's lavfi.exrtonemap.* keys removed, other keys kept",
          "%d frames out (%s)", gr.nb_out, av_err2str(ret));
    graph_close(&gr);
    ret = run_one(&gr, "exrtonemap=peak=4", f, 25);
    check(ret >= 0 && gr.nb_out == 1 && (e = av_dict_get(gr.out[0]->metadata, "lavfi.exrtonemap.peak", NULL, 0)) &&
          !strcmp(e->value, "4"), "exrtonemap: an enabled frame carries its own peak", "%s",
          ret < 0 ? av_err2str(ret) : "peak missing or not 4");
    graph_close(&gr);
    av_frame_free(&f);
}

int main(void)
{
    av_log_set_level(AV_LOG_ERROR);
    test_primitive_chroma_linesizes();
    test_primitive_grow();
    test_exrtonemap_side_data();
    test_exrtonemap_disabled_metadata();
    return unit_summary();
}

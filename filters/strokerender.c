/*
 * strokerender: stroke data (Quick, Draw!, time series) to images (core)
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
 * strokerender core: readers (ndjson through jansson, Quick, Draw! .bin,
 * CSV), layout and rendering (stroke_raster.h), the batch driver.
 */

/* getline() and fmemopen() are POSIX 2008; FFmpeg's build asks for less. */
#undef _POSIX_C_SOURCE
#undef _XOPEN_SOURCE
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "strokerender.h"
#include "stroke_raster.h"

#define MAX_LINE (64 << 20)     /* longest accepted ndjson / CSV line, bytes */
#define MAX_SERIES (1 << 22)    /* most values in one CSV series */

struct LavfxStrokeReader {
    FILE *f;
    char name[256];         /* file name for messages */
    char binword[64];       /* .bin: the category, from the file name */
    int format;
    LavfxStrokeReaderParams par;
    char *line;             /* getline buffer */
    size_t line_cap;
    int64_t lineno;         /* lines read so far */
    int64_t offset;         /* .bin: bytes read so far */
    int64_t records;        /* records seen so far (valid or not) */
    int bin_broken;         /* .bin: a truncated record: nothing follows */
    /* CSV rows: the current series and the next window's start */
    double *series;
    int series_len, series_cap, win_pos;
    char series_label[64];
    int64_t series_line;
};

void lavfx_stroke_drawing_free(LavfxStrokeDrawing *d)
{
    free(d->stroke_end);
    free(d->xy);
    d->stroke_end = NULL;
    d->xy = NULL;
    d->cap_strokes = d->cap_points = 0;
    d->nb_strokes = d->nb_points = 0;
}

static void sr_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || !errlen)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Room for ns strokes and np points in d. */
static int drawing_reserve(LavfxStrokeDrawing *d, int ns, int np)
{
    if (ns > d->cap_strokes) {
        int cap = ns > 2 * d->cap_strokes ? ns : 2 * d->cap_strokes;
        int *p = realloc(d->stroke_end, (size_t)cap * sizeof(*p));
        if (!p)
            return -ENOMEM;
        d->stroke_end = p;
        d->cap_strokes = cap;
    }
    if (np > d->cap_points) {
        int cap = np > 2 * d->cap_points ? np : 2 * d->cap_points;
        float *p = realloc(d->xy, (size_t)cap * 2 * sizeof(*p));
        if (!p)
            return -ENOMEM;
        d->xy = p;
        d->cap_points = cap;
    }
    return 0;
}

static void drawing_reset(LavfxStrokeDrawing *d, int64_t index)
{
    d->nb_strokes = d->nb_points = 0;
    d->chart = 0;
    d->word[0] = d->key_id[0] = 0;
    d->index = index;
}

int lavfx_stroke_detect_format(const char *path, const uint8_t *head, size_t len)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    size_t i;
    if (dot) {
        if (!strcmp(dot, ".ndjson") || !strcmp(dot, ".json") || !strcmp(dot, ".jsonl"))
            return LAVFX_STROKE_NDJSON;
        if (!strcmp(dot, ".bin"))
            return LAVFX_STROKE_BIN;
        if (!strcmp(dot, ".csv") || !strcmp(dot, ".txt"))
            return LAVFX_STROKE_CSV;
    }
    for (i = 0; i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'); i++)
        ;
    if (i < len && head[i] == '{')
        return LAVFX_STROKE_NDJSON;
    /* text of digits, signs, separators and letters: CSV; anything else: .bin */
    for (i = 0; i < len; i++)
        if (head[i] < 9 || (head[i] > 13 && head[i] < 32) || head[i] > 126)
            return LAVFX_STROKE_BIN;
    return len ? LAVFX_STROKE_CSV : LAVFX_STROKE_NDJSON;
}

static LavfxStrokeReader *reader_init(FILE *f, const char *name, const LavfxStrokeReaderParams *p,
                                      char *err, size_t errlen)
{
    LavfxStrokeReader *r = calloc(1, sizeof(*r));
    LavfxStrokeReaderParams def = { 0 };
    const char *base, *dot;
    if (!r) {
        fclose(f);
        sr_err(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    r->f = f;
    r->par = p ? *p : def;
    snprintf(r->name, sizeof(r->name), "%s", name);
    base = strrchr(name, '/');
    base = base ? base + 1 : name;
    dot = strrchr(base, '.');
    snprintf(r->binword, sizeof(r->binword), "%.*s", (int)(dot ? dot - base : (long)strlen(base)), base);
    r->format = r->par.format;
    if (r->format == LAVFX_STROKE_AUTO) {
        uint8_t head[256];
        size_t n = fread(head, 1, sizeof(head), f);
        rewind(f);
        r->format = lavfx_stroke_detect_format(name, head, n);
    }
    if (r->format < LAVFX_STROKE_NDJSON || r->format > LAVFX_STROKE_CSV) {
        sr_err(err, errlen, "%s: unknown format %d", name, r->format);
        lavfx_stroke_reader_close(&r);
        return NULL;
    }
    if (r->par.window < 0 || r->par.stride < 0) {
        sr_err(err, errlen, "%s: window and stride must be >= 0", name);
        lavfx_stroke_reader_close(&r);
        return NULL;
    }
    if (r->par.csv_layout != LAVFX_STROKE_CSV_ROWS) {
        sr_err(err, errlen, "%s: only the CSV rows layout is implemented", name);
        lavfx_stroke_reader_close(&r);
        return NULL;
    }
    if (r->par.window == 1) {
        sr_err(err, errlen, "%s: a window of 1 point draws no line: use 0 (whole series) or >= 2", name);
        lavfx_stroke_reader_close(&r);
        return NULL;
    }
    return r;
}

LavfxStrokeReader *lavfx_stroke_reader_open(const char *path, const LavfxStrokeReaderParams *p,
                                            char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sr_err(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    return reader_init(f, path, p, err, errlen);
}

LavfxStrokeReader *lavfx_stroke_reader_open_mem(const uint8_t *buf, size_t len, const char *name,
                                                const LavfxStrokeReaderParams *p,
                                                char *err, size_t errlen)
{
    static char empty[1];
    /* fmemopen() of 0 bytes is refused by older C libraries: a 1-byte
     * buffer read as 0 bytes long is not possible either, so use "r" on an
     * empty region through a 1-byte buffer with the position at its end */
    FILE *f = len ? fmemopen((void *)buf, len, "rb") : fmemopen(empty, 1, "rb");
    if (!f) {
        sr_err(err, errlen, "%s: cannot open: %s", name, strerror(errno));
        return NULL;
    }
    if (!len)
        fseek(f, 1, SEEK_SET);
    return reader_init(f, name, p, err, errlen);
}

int lavfx_stroke_reader_format(const LavfxStrokeReader *r)
{
    return r->format;
}

int lavfx_stroke_reader_rewind(LavfxStrokeReader *r)
{
    if (fseek(r->f, 0, SEEK_SET) < 0)
        return -errno;
    clearerr(r->f);
    r->lineno = r->offset = r->records = 0;
    r->bin_broken = 0;
    r->series_len = r->win_pos = 0;
    return 0;
}

void lavfx_stroke_reader_close(LavfxStrokeReader **pr)
{
    LavfxStrokeReader *r = *pr;
    if (!r)
        return;
    if (r->f)
        fclose(r->f);
    free(r->line);
    free(r->series);
    free(r);
    *pr = NULL;
}

/* Reads the next line that is not blank. 1, 0 at EOF, < 0 on error. */
static int read_line(LavfxStrokeReader *r, size_t *len, char *err, size_t errlen)
{
    for (;;) {
        ssize_t n = getline(&r->line, &r->line_cap, r->f);
        size_t i;
        if (n < 0) {
            if (ferror(r->f)) {
                sr_err(err, errlen, "%s:%"PRId64": read error", r->name, r->lineno + 1);
                return -EIO;
            }
            return 0;
        }
        r->lineno++;
        if (n > MAX_LINE) {
            r->records++;
            sr_err(err, errlen, "%s:%"PRId64": line longer than %d bytes", r->name, r->lineno, MAX_LINE);
            return LAVFX_STROKE_EBAD;
        }
        while (n > 0 && (r->line[n - 1] == '\n' || r->line[n - 1] == '\r'))
            r->line[--n] = 0;
        for (i = 0; i < (size_t)n && (r->line[i] == ' ' || r->line[i] == '\t'); i++)
            ;
        if (i == (size_t)n)
            continue;
        *len = n;
        return 1;
    }
}

/* ---------------------------------------------------------------- ndjson */

/* Copies a string or integer member as text. */
static void json_text(json_t *obj, const char *key, char *dst, size_t size)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v))
        snprintf(dst, size, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(dst, size, "%"JSON_INTEGER_FORMAT, json_integer_value(v));
}

static int ndjson_record(LavfxStrokeReader *r, json_t *root, LavfxStrokeDrawing *d,
                         char *err, size_t errlen)
{
    const char *where = r->name;
    int64_t ln = r->lineno;
    json_t *drawing, *stroke;
    size_t i, j;
    int ret;

    if (!json_is_object(root)) {
        sr_err(err, errlen, "%s:%"PRId64": the record is not a JSON object", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    json_text(root, "word", d->word, sizeof(d->word));
    json_text(root, "key_id", d->key_id, sizeof(d->key_id));
    drawing = json_object_get(root, "drawing");
    if (!drawing) {
        sr_err(err, errlen, "%s:%"PRId64": no \"drawing\" member", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    if (!json_is_array(drawing)) {
        sr_err(err, errlen, "%s:%"PRId64": \"drawing\" is not an array", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    if (!json_array_size(drawing)) {
        sr_err(err, errlen, "%s:%"PRId64": \"drawing\" has no strokes", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    json_array_foreach(drawing, i, stroke) {
        json_t *xs, *ys, *ts;
        size_t n;
        if (!json_is_array(stroke) || json_array_size(stroke) < 2 || json_array_size(stroke) > 3) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu is not an array of 2 or 3 arrays ([x], [y](, [t]))",
                   where, ln, i);
            return LAVFX_STROKE_EBAD;
        }
        xs = json_array_get(stroke, 0);
        ys = json_array_get(stroke, 1);
        ts = json_array_get(stroke, 2);
        if (!json_is_array(xs) || !json_is_array(ys) || (ts && !json_is_array(ts))) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu: x, y (and t) must be arrays", where, ln, i);
            return LAVFX_STROKE_EBAD;
        }
        n = json_array_size(xs);
        if (json_array_size(ys) != n || (ts && json_array_size(ts) != n)) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu: x has %zu points but y has %zu%s", where, ln, i,
                   n, json_array_size(ys), ts && json_array_size(ts) != n ? " (or t differs)" : "");
            return LAVFX_STROKE_EBAD;
        }
        if (!n) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu is empty", where, ln, i);
            return LAVFX_STROKE_EBAD;
        }
        if (n > (size_t)(INT32_MAX / 4) - (size_t)d->nb_points || i >= (size_t)(INT32_MAX / 4)) {
            sr_err(err, errlen, "%s:%"PRId64": too many points", where, ln);
            return LAVFX_STROKE_EBAD;
        }
        if ((ret = drawing_reserve(d, (int)i + 1, d->nb_points + (int)n)) < 0)
            return ret;
        for (j = 0; j < n; j++) {
            json_t *v[2] = { json_array_get(xs, j), json_array_get(ys, j) };
            int k;
            for (k = 0; k < 2; k++) {
                double x;
                if (!json_is_number(v[k])) {
                    sr_err(err, errlen, "%s:%"PRId64": stroke %zu point %zu: %c is not a number",
                           where, ln, i, j, "xy"[k]);
                    return LAVFX_STROKE_EBAD;
                }
                x = json_number_value(v[k]);
                if (!(fabs(x) <= LAVFX_STROKE_MAX_COORD)) {
                    sr_err(err, errlen, "%s:%"PRId64": stroke %zu point %zu: %c = %g is out of range "
                           "(|%c| <= %g)", where, ln, i, j, "xy"[k], x, "xy"[k], LAVFX_STROKE_MAX_COORD);
                    return LAVFX_STROKE_EBAD;
                }
                d->xy[2 * (d->nb_points + j) + k] = (float)x;
            }
        }
        d->nb_points += (int)n;
        d->stroke_end[i] = d->nb_points;
        d->nb_strokes = (int)i + 1;
    }
    return 1;
}

static int ndjson_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *root;
    size_t len;
    int ret = read_line(r, &len, err, errlen);
    if (ret <= 0)
        return ret;
    drawing_reset(d, r->records++);
    root = json_loadb(r->line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        sr_err(err, errlen, "%s:%"PRId64": malformed JSON at column %d: %s",
               r->name, r->lineno, jerr.column, jerr.text);
        return LAVFX_STROKE_EBAD;
    }
    ret = ndjson_record(r, root, d, err, errlen);
    json_decref(root);
    return ret;
}

/* ------------------------------------------------------------------- bin */

static int bin_read(LavfxStrokeReader *r, uint8_t *buf, size_t n, const char *what,
                    int64_t rec_start, char *err, size_t errlen)
{
    size_t got = fread(buf, 1, n, r->f);
    r->offset += got;
    if (got == n)
        return 0;
    if (ferror(r->f)) {
        sr_err(err, errlen, "%s: byte %"PRId64": read error", r->name, r->offset);
        return -EIO;
    }
    r->bin_broken = 1;
    sr_err(err, errlen, "%s: byte %"PRId64": truncated record (started at byte %"PRId64"): "
           "%s needs %zu more bytes", r->name, r->offset, rec_start, what, n - got);
    return LAVFX_STROKE_EBAD;
}

static int bin_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    uint8_t h[17], buf[2 * 65535];
    int64_t start = r->offset;
    uint64_t key = 0;
    int ns, s, i, ret, c;

    if (r->bin_broken)
        return 0;
    c = fgetc(r->f);
    if (c == EOF)
        return ferror(r->f) ? -EIO : 0;
    ungetc(c, r->f);
    drawing_reset(d, r->records++);
    snprintf(d->word, sizeof(d->word), "%s", r->binword);
    if ((ret = bin_read(r, h, 17, "the 17-byte header", start, err, errlen)) < 0)
        return ret;
    for (i = 7; i >= 0; i--)
        key = key << 8 | h[i];
    snprintf(d->key_id, sizeof(d->key_id), "%"PRIu64, key);
    ns = h[15] | h[16] << 8;
    for (s = 0; s < ns; s++) {
        uint8_t nb[2];
        int n;
        if ((ret = bin_read(r, nb, 2, "a stroke's point count", start, err, errlen)) < 0)
            return ret;
        n = nb[0] | nb[1] << 8;
        if ((ret = bin_read(r, buf, 2 * (size_t)n, "a stroke's points", start, err, errlen)) < 0)
            return ret;
        if (!n) {
            /* read the rest of the record, then report */
            sr_err(err, errlen, "%s: byte %"PRId64": record at byte %"PRId64": stroke %d is empty",
                   r->name, r->offset, start, s);
            ret = LAVFX_STROKE_EBAD;
            continue;
        }
        if (ret < 0)
            continue;
        if ((ret = drawing_reserve(d, d->nb_strokes + 1, d->nb_points + n)) < 0)
            return ret;
        for (i = 0; i < n; i++) {
            d->xy[2 * (d->nb_points + i)]     = buf[i];
            d->xy[2 * (d->nb_points + i) + 1] = buf[n + i];
        }
        d->nb_points += n;
        d->stroke_end[d->nb_strokes++] = d->nb_points;
    }
    if (ret < 0)
        return ret;
    if (!ns) {
        sr_err(err, errlen, "%s: byte %"PRId64": record at byte %"PRId64" has no strokes",
               r->name, r->offset, start);
        return LAVFX_STROKE_EBAD;
    }
    return 1;
}

/* ------------------------------------------------------------------- csv */

/* Parses a CSV line of numbers into r->series; a non-numeric first field is
 * the series' label. */
static int csv_parse_row(LavfxStrokeReader *r, size_t len, char *err, size_t errlen)
{
    char *p = r->line, *end = r->line + len;
    int field = 0;
    r->series_len = 0;
    r->series_label[0] = 0;
    while (p <= end) {
        char *q = p, *e;
        double v;
        while (q < end && *q != ',' && *q != ';' && *q != '\t')
            q++;
        *q = 0;
        while (*p == ' ')
            p++;
        v = strtod(p, &e);
        while (e < q && (*e == ' ' || *e == '"'))
            e++;
        if (e == p || e != q) {
            if (field == 0) {
                snprintf(r->series_label, sizeof(r->series_label), "%s", p);
            } else if (p == q) {
                sr_err(err, errlen, "%s:%"PRId64": field %d is empty", r->name, r->lineno, field + 1);
                return LAVFX_STROKE_EBAD;
            } else {
                sr_err(err, errlen, "%s:%"PRId64": field %d ('%.20s') is not a number",
                       r->name, r->lineno, field + 1, p);
                return LAVFX_STROKE_EBAD;
            }
        } else {
            if (!(fabs(v) <= 1e300)) {
                sr_err(err, errlen, "%s:%"PRId64": field %d is not finite", r->name, r->lineno, field + 1);
                return LAVFX_STROKE_EBAD;
            }
            if (r->series_len >= MAX_SERIES) {
                sr_err(err, errlen, "%s:%"PRId64": more than %d values", r->name, r->lineno, MAX_SERIES);
                return LAVFX_STROKE_EBAD;
            }
            if (r->series_len >= r->series_cap) {
                int cap = r->series_cap ? 2 * r->series_cap : 256;
                double *s = realloc(r->series, cap * sizeof(*s));
                if (!s)
                    return -ENOMEM;
                r->series = s;
                r->series_cap = cap;
            }
            r->series[r->series_len++] = v;
        }
        field++;
        p = q + 1;
    }
    return 1;
}

static int csv_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    int win = r->par.window, stride = r->par.stride ? r->par.stride : r->par.window, n, i, ret;
    double lo, hi;
    while (!r->series_len || (win ? r->win_pos + win > r->series_len : r->win_pos > 0)) {
        size_t len;
        ret = read_line(r, &len, err, errlen);
        if (ret == LAVFX_STROKE_EBAD)
            r->series_len = 0;
        if (ret <= 0)
            return ret;
        r->series_line = r->lineno;
        r->win_pos = 0;
        if ((ret = csv_parse_row(r, len, err, errlen)) < 0) {
            r->series_len = 0;
            if (ret == LAVFX_STROKE_EBAD && r->lineno == 1)
                continue;               /* a header line of names */
            r->records++;
            return ret;
        }
        if (!r->series_len && r->lineno == 1)
            continue;                   /* a header line of names */
        if (r->series_len < 2 || (win && r->series_len < win)) {
            r->records++;
            sr_err(err, errlen, "%s:%"PRId64": %d values: a chart needs at least %d",
                   r->name, r->lineno, r->series_len, win ? win : 2);
            r->series_len = 0;
            return LAVFX_STROKE_EBAD;
        }
    }
    n = win ? win : r->series_len;
    drawing_reset(d, r->records++);
    if ((ret = drawing_reserve(d, 1, n)) < 0)
        return ret;
    lo = hi = r->series[r->win_pos];
    for (i = 0; i < n; i++) {
        double v = r->series[r->win_pos + i];
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    for (i = 0; i < n; i++) {
        /* y grows downwards: higher values higher up; scaled to 0-255 */
        double v = r->series[r->win_pos + i];
        d->xy[2 * i]     = (float)(255.0 * i / (n - 1));
        d->xy[2 * i + 1] = (float)(hi > lo ? 255.0 * (hi - v) / (hi - lo) : 127.5);
    }
    d->nb_points = n;
    d->nb_strokes = 1;
    d->stroke_end[0] = n;
    d->chart = 1;
    snprintf(d->word, sizeof(d->word), "%s", r->series_label);
    snprintf(d->key_id, sizeof(d->key_id), "%"PRId64":%d", r->series_line, r->win_pos);
    r->win_pos += win ? stride : 1;
    return 1;
}

int lavfx_stroke_reader_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    int ret;
    int64_t before = r->records;
    if (err && errlen)
        err[0] = 0;
    switch (r->format) {
    case LAVFX_STROKE_NDJSON: ret = ndjson_next(r, d, err, errlen); break;
    case LAVFX_STROKE_BIN:    ret = bin_next(r, d, err, errlen);    break;
    default:                  ret = csv_next(r, d, err, errlen);    break;
    }
    if (ret == 0 && before == 0 && r->records == 0) {
        sr_err(err, errlen, "%s: the file is empty (no records)", r->name);
        return LAVFX_STROKE_EFILE;
    }
    return ret;
}

/* ---------------------------------------------------------------- render */

struct LavfxStrokeCanvas {
    int w, h;               /* largest frame */
    int last_w;             /* width of the last frame: tag[] is laid out by it */
    uint32_t stroke;
    uint32_t *tag;
    uint8_t *cov, *base;
    int8_t *dir;
    int32_t *pts;           /* Q8 points of one stroke */
    int pts_cap;
};

LavfxStrokeCanvas *lavfx_stroke_canvas_alloc(int w, int h)
{
    LavfxStrokeCanvas *c;
    size_t n;
    if (w < 1 || h < 1 || w > 16384 || h > 16384)
        return NULL;
    n = (size_t)w * h;
    c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->w = w;
    c->h = h;
    c->tag  = calloc(n, sizeof(*c->tag));
    c->cov  = malloc(n * 2);
    c->base = malloc(n * 4);
    c->dir  = malloc(n * 4);
    if (!c->tag || !c->cov || !c->base || !c->dir) {
        lavfx_stroke_canvas_free(&c);
        return NULL;
    }
    return c;
}

void lavfx_stroke_canvas_free(LavfxStrokeCanvas **pc)
{
    LavfxStrokeCanvas *c = *pc;
    if (!c)
        return;
    free(c->tag);
    free(c->cov);
    free(c->base);
    free(c->dir);
    free(c->pts);
    free(c);
    *pc = NULL;
}

/* Tableau 10, matplotlib's default colour cycle. */
static const uint8_t palette[10][3] = {
    { 0x1f, 0x77, 0xb4 }, { 0xff, 0x7f, 0x0e }, { 0x2c, 0xa0, 0x2c }, { 0xd6, 0x27, 0x28 },
    { 0x94, 0x67, 0xbd }, { 0x8c, 0x56, 0x4b }, { 0xe3, 0x77, 0xc2 }, { 0x7f, 0x7f, 0x7f },
    { 0xbc, 0xbd, 0x22 }, { 0x17, 0xbe, 0xcf },
};

static uint8_t luma(const uint8_t *c)
{
    return (uint8_t)((77 * c[0] + 150 * c[1] + 29 * c[2] + 128) >> 8);
}

static int32_t to_q8(double v)
{
    v = v * 256.0;
    if (!(v > -4194304.0))          /* also NaN */
        v = -4194304.0;
    if (v > 4194304.0)
        v = 4194304.0;
    return (int32_t)lrint(v);
}

int lavfx_stroke_render(LavfxStrokeCanvas *c, const LavfxStrokeDrawing *d,
                        const LavfxStrokeStyle *st, uint8_t *dst, ptrdiff_t stride)
{
    int ncomp = st->pix_fmt, x, y, s, i, k;
    double minx = 0, maxx = 0, miny = 0, maxy = 0, sx, sy, ox, oy;
    double lw = st->linewidth, pad = st->pad;
    SrCanvas sc;
    SrPen pen;

    if (st->w > c->w || st->h > c->h || st->w < 1 || st->h < 1 ||
        (ncomp != 1 && ncomp != 3 && ncomp != 4) || !(lw > 0))
        return -EINVAL;
    /* background */
    for (y = 0; y < st->h; y++) {
        uint8_t *row = dst + y * stride;
        if (ncomp == 1) {
            memset(row, luma(st->bg), st->w);
        } else {
            for (x = 0; x < st->w; x++)
                for (k = 0; k < ncomp; k++)
                    row[x * ncomp + k] = st->bg[k];
        }
    }
    if (!d->nb_points)
        return 0;

    /* layout: input (x, y) -> frame (ox + sx x, oy + sy y) */
    minx = maxx = d->xy[0];
    miny = maxy = d->xy[1];
    for (i = 1; i < d->nb_points; i++) {
        double px = d->xy[2 * i], py = d->xy[2 * i + 1];
        minx = px < minx ? px : minx;
        maxx = px > maxx ? px : maxx;
        miny = py < miny ? py : miny;
        maxy = py > maxy ? py : maxy;
    }
    if (st->fit == LAVFX_STROKE_FIT_NONE) {
        double side = (st->w < st->h ? st->w : st->h) - 2 * pad;
        sx = sy = side / 256.0;
        ox = (st->w - side) / 2;
        oy = (st->h - side) / 2;
    } else if (st->fit == LAVFX_STROKE_FIT_CENTER) {
        double side = st->w < st->h ? st->w : st->h;
        /* 256 input units plus lw and a pad each side (frame pixels) span side */
        sx = sy = (side - 2 * pad - lw) / 256.0;
        ox = st->w / 2.0 - sx * (minx + maxx) / 2;
        oy = st->h / 2.0 - sy * (miny + maxy) / 2;
    } else {
        double aw = st->w - 2 * pad - lw, ah = st->h - 2 * pad - lw;
        double bw = maxx - minx, bh = maxy - miny;
        if (aw < 1)
            aw = 1;
        if (ah < 1)
            ah = 1;
        sx = bw > 0 ? aw / bw : 1;
        sy = bh > 0 ? ah / bh : 1;
        if (!d->chart)      /* aspect kept: the tighter of the two */
            sx = sy = bw > 0 && bh > 0 ? (sx < sy ? sx : sy) : bw > 0 ? sx : sy;
        ox = st->w / 2.0 - sx * (minx + maxx) / 2;
        oy = st->h / 2.0 - sy * (miny + maxy) / 2;
    }

    if (d->nb_points > c->pts_cap) {
        int32_t *p = realloc(c->pts, (size_t)d->nb_points * 2 * sizeof(*p));
        if (!p)
            return -ENOMEM;
        c->pts = p;
        c->pts_cap = d->nb_points;
    }
    for (i = 0; i < d->nb_points; i++) {
        c->pts[2 * i]     = to_q8(ox + sx * d->xy[2 * i]);
        c->pts[2 * i + 1] = to_q8(oy + sy * d->xy[2 * i + 1]);
    }

    if (c->last_w != st->w || c->stroke > 0xfffffff0u - (uint32_t)d->nb_strokes) {
        memset(c->tag, 0, (size_t)c->w * c->h * sizeof(*c->tag));
        c->stroke = 0;
        c->last_w = st->w;
    }
    sc = (SrCanvas){ dst, stride, st->w, st->h, ncomp, c->tag, c->cov, c->base, c->dir, 0 };
    pen.r  = (int32_t)lrint(lw * 128 > (1 << 19) ? (1 << 19) : lw * 128);
    pen.aa = st->aa;
    for (s = 0; s < d->nb_strokes; s++) {
        int first = s ? d->stroke_end[s - 1] : 0, n = d->stroke_end[s] - first;
        const uint8_t *col = st->color;
        uint8_t tmp[4];
        if (st->colormode == LAVFX_STROKE_PALETTE) {
            memcpy(tmp, palette[s % 10], 3);
            tmp[3] = st->color[3];
            col = tmp;
        } else if (st->colormode == LAVFX_STROKE_ORDER) {
            int f = 255 - 13 * (s < 10 ? s : 10);
            for (k = 0; k < 3; k++)
                tmp[k] = (uint8_t)((st->color[k] * f + 127) / 255);
            tmp[3] = st->color[3];
            col = tmp;
        }
        if (ncomp == 1) {
            pen.color[0] = luma(col);
            pen.color[3] = col[3];
        } else {
            memcpy(pen.color, col, 4);
        }
        sc.stroke = ++c->stroke;
        sr_polyline(&sc, &pen, c->pts + 2 * first, n);
    }
    return 0;
}

typedef struct BatchArg {
    LavfxStrokeCanvas **canvases;
    const LavfxStrokeDrawing *const *d;
    int n;
    const LavfxStrokeStyle *style;
    uint8_t **dst;
    const ptrdiff_t *stride;
    int ret[64];
} BatchArg;

static int batch_job(void *arg, int jobnr, int nb_jobs)
{
    BatchArg *b = arg;
    int i, ret = 0;
    for (i = jobnr; i < b->n; i += nb_jobs) {
        int r = lavfx_stroke_render(b->canvases[jobnr], b->d[i], b->style, b->dst[i], b->stride[i]);
        if (r < 0 && !ret)
            ret = r;
    }
    b->ret[jobnr % 64] = ret;
    return 0;
}

int lavfx_stroke_render_batch(LavfxStrokeCanvas **canvases, int nb_canvases,
                              const LavfxStrokeDrawing *const *d, int n,
                              const LavfxStrokeStyle *style, uint8_t **dst,
                              const ptrdiff_t *stride,
                              LavfxStrokeExecuteFn execute, void *opaque)
{
    BatchArg b = { canvases, d, n, style, dst, stride, { 0 } };
    int nb_jobs = n < nb_canvases ? n : nb_canvases, j;
    if (nb_jobs > 64)
        nb_jobs = 64;
    if (nb_jobs < 1)
        return 0;
    if (execute)
        execute(opaque, batch_job, &b, nb_jobs);
    else
        for (j = 0; j < nb_jobs; j++)
            batch_job(&b, j, nb_jobs);
    for (j = 0; j < nb_jobs; j++)
        if (b.ret[j] < 0)
            return b.ret[j];
    return 0;
}

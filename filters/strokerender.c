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
 * strokerender core: readers (ndjson through cJSON, Quick, Draw! .bin,
 * CSV), layout and rendering (stroke_raster.h), the batch driver.
 */

/* getline() and fmemopen() are POSIX 2008; FFmpeg's build asks for less. */
#undef _POSIX_C_SOURCE
#undef _XOPEN_SOURCE
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "strokerender.h"
#include "stroke_raster.h"

#define MAX_LINE (64 << 20)     /* longest accepted ndjson / CSV line, bytes */
#define MAX_SERIES (1 << 22)    /* most values in one CSV series */
#define AHEAD_BYTES (16 << 20)  /* ndjson read ahead: lines read at once, bytes (at least one line) */
#define AHEAD_KEEP (64 << 10)   /* ndjson read ahead: line and point buffers a slot keeps, bytes */

/* ndjson read ahead (lavfx_stroke_reader_set_threads): one record's line,
 * read in file order, and the result of parsing it, done in parallel */
typedef struct NdjsonSlot {
    char *line;             /* getline buffer, swapped with the reader's */
    size_t cap, len;
    int64_t lineno;
    int ret;                /* read_line's result, then ndjson_parse's */
    LavfxStrokeDrawing d;
    char err[512];
} NdjsonSlot;

struct LavfxStrokeReader {
    FILE *f;
    char name[256];         /* file name for messages */
    char binword[LAVFX_STROKE_MAX_WORD];  /* .bin: the category, from the file name */
    long start_pos;         /* where reading starts (rewind goes back there), -1: a pipe */
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
    char series_label[LAVFX_STROKE_MAX_WORD];
    int64_t series_line;
    int rows_started;       /* a line has been read (the next is not the first) */
    int had_header;         /* the first line was taken as a header of names */
    /* CSV columns (csv_cols_next): the header, the window's rows of every
     * column (a ring of window rows), per column the last bad cell */
    char **fields;          /* the current line split into fields */
    int fields_cap;
    char csv_sep;           /* the file's separator (csv_sniff), 0 until a line has one */
    int csv_open;           /* csv_split: the first field (from 1) whose quote the line does not close, or 0 */
    int cols_ready;         /* the header has been read */
    int ended;              /* LAVFX_STROKE_EFILE was returned: the end until a rewind */
    int pending;            /* the fields of the first data line are in fields
                             * (their count), read with the header: not read again */
    int nfields;            /* fields per line (the header's) */
    int ncols;              /* series: the fields after the label column */
    int label_col;          /* 1: field 1 is a label column (dates, or pandas' unnamed
                             * index), not drawn */
    char (*colname)[LAVFX_STROKE_MAX_WORD];
    double *ring;           /* window x ncols values */
    int64_t *bad_row;       /* per column: a data row with a bad cell (without a window
                             * the first, with one the last), or -1 */
    char (*bad_msg)[160];   /* "LINE: problem" */
    int64_t data_rows;      /* data rows read in this pass */
    int64_t win_start;      /* window mode: first data row of the current window */
    int emit_col;           /* next column to emit from the current window, or -1 */
    int pass_col;           /* whole-column mode: the column this pass reads */
    long data_pos;          /* file offset of the first data line */
    int64_t data_line;      /* line number of the first data line */
    int eof_col;            /* at the end, columns reported too short so far */
    /* ndjson read ahead: slots [ahead_pos, ahead_end) are read and parsed,
     * waiting to be returned; nb_ahead 0: records are parsed one by one */
    NdjsonSlot *ahead;
    int nb_ahead, ahead_pos, ahead_end;
    LavfxStrokeExecuteFn execute;
    void *exec_opaque;
    int exec_jobs;
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

/* The format a file name's extension says, or LAVFX_STROKE_AUTO. */
static int format_by_name(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot) {
        if (!strcmp(dot, ".ndjson") || !strcmp(dot, ".json") || !strcmp(dot, ".jsonl"))
            return LAVFX_STROKE_NDJSON;
        if (!strcmp(dot, ".bin"))
            return LAVFX_STROKE_BIN;
        if (!strcmp(dot, ".csv") || !strcmp(dot, ".txt"))
            return LAVFX_STROKE_CSV;
    }
    return LAVFX_STROKE_AUTO;
}

int lavfx_stroke_detect_format(const char *path, const uint8_t *head, size_t len)
{
    int fmt = format_by_name(path);
    size_t i;
    if (fmt != LAVFX_STROKE_AUTO)
        return fmt;
    i = len >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf ? 3 : 0;  /* UTF-8 BOM */
    for (; i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'); i++)
        ;
    /* a JSON object: '{', then a member name or '}' (a .bin whose first
     * key_id byte is '{' goes on to the binary test) */
    if (i < len && head[i] == '{') {
        size_t j = i + 1;
        for (; j < len && (head[j] == ' ' || head[j] == '\t' || head[j] == '\r' || head[j] == '\n'); j++)
            ;
        if (j == len || head[j] == '"' || head[j] == '}')
            return LAVFX_STROKE_NDJSON;
    }
    /* text (printable ASCII, white space and UTF-8 sequences, one cut off by
     * the end of head included): CSV; anything else: .bin, whose headers
     * hold bytes 0 and 1 (the recognized flag, the stroke count's high byte) */
    for (i = 0; i < len; i++) {
        uint8_t c = head[i];
        size_t k, more = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 :
                         (c & 0xf8) == 0xf0 ? 3 : 4;
        if (c < 9 || (c > 13 && c < 32) || c == 127 || more > 3)
            return LAVFX_STROKE_BIN;
        for (k = 1; k <= more && i + 1 < len; k++)
            if ((head[++i] & 0xc0) != 0x80)
                return LAVFX_STROKE_BIN;
    }
    return len ? LAVFX_STROKE_CSV : LAVFX_STROKE_NDJSON;
}

/* Takes f (closed on failure). NULL with err filled and errno set on failure. */
static LavfxStrokeReader *reader_init(FILE *f, const char *name, const LavfxStrokeReaderParams *p,
                                      char *err, size_t errlen)
{
    static const char *const fmt_names[] = { "auto", "ndjson", "bin", "csv" };
    LavfxStrokeReader *r = calloc(1, sizeof(*r));
    LavfxStrokeReaderParams def = { 0 };
    const char *base, *dot;
    size_t wlen;
    int e = EINVAL;
    if (!r) {
        fclose(f);
        sr_err(err, errlen, "%s: out of memory", name);
        errno = ENOMEM;
        return NULL;
    }
    r->f = f;
    r->par = p ? *p : def;
    snprintf(r->name, sizeof(r->name), "%s", name);
    base = strrchr(name, '/');
    base = base ? base + 1 : name;
    dot = strrchr(base, '.');
    wlen = dot ? (size_t)(dot - base) : strlen(base);
    snprintf(r->binword, sizeof(r->binword), "%.*s", (int)(wlen < sizeof(r->binword) ? wlen : 0), base);
    r->start_pos = ftell(f);    /* -1 for a pipe */
    r->format = r->par.format;
    if (r->format == LAVFX_STROKE_AUTO && (r->format = format_by_name(name)) == LAVFX_STROKE_AUTO) {
        /* by content: read the start, then go back to it */
        uint8_t head[256];
        size_t n = fread(head, 1, sizeof(head), f);
        if (r->start_pos < 0 || fseek(f, r->start_pos, SEEK_SET) < 0) {
            sr_err(err, errlen, "%s: not seekable (a pipe?): format=auto must read the start twice; "
                   "set format=ndjson, bin or csv", name);
            e = ESPIPE;
            goto fail;
        }
        r->format = lavfx_stroke_detect_format(name, head, n);
    }
    if (r->format < LAVFX_STROKE_NDJSON || r->format > LAVFX_STROKE_CSV) {
        sr_err(err, errlen, "%s: unknown format %d", name, r->format);
        goto fail;
    }
    if (r->format == LAVFX_STROKE_BIN && wlen >= sizeof(r->binword)) {
        sr_err(err, errlen, "%s: the file name gives the drawings' word: %zu bytes, at most %zu",
               name, wlen, sizeof(r->binword) - 1);
        goto fail;
    }
    if (r->format != LAVFX_STROKE_CSV && (r->par.window || r->par.stride)) {
        sr_err(err, errlen, "%s: window and stride cut CSV series: this file is read as %s, not CSV",
               name, fmt_names[r->format]);
        goto fail;
    }
    if (r->par.window < 0 || r->par.stride < 0 || r->par.window > MAX_SERIES || r->par.stride > MAX_SERIES) {
        sr_err(err, errlen, "%s: window %d, stride %d: each must be 0 - %d", name, r->par.window,
               r->par.stride, MAX_SERIES);
        goto fail;
    }
    if (r->par.csv_layout != LAVFX_STROKE_CSV_ROWS && r->par.csv_layout != LAVFX_STROKE_CSV_COLUMNS) {
        sr_err(err, errlen, "%s: unknown CSV layout %d", name, r->par.csv_layout);
        goto fail;
    }
    if (r->par.window == 1) {
        sr_err(err, errlen, "%s: a window of 1 point draws no line: use 0 (whole series) or >= 2", name);
        goto fail;
    }
    if (r->par.stride && !r->par.window) {
        sr_err(err, errlen, "%s: stride %d without a window: a whole series makes one chart; set window",
               name, r->par.stride);
        goto fail;
    }
    return r;
fail:
    lavfx_stroke_reader_close(&r);
    errno = e;
    return NULL;
}

LavfxStrokeReader *lavfx_stroke_reader_open(const char *path, const LavfxStrokeReaderParams *p,
                                            char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f) {
        int e = errno;
        sr_err(err, errlen, "%s: cannot open: %s", path, strerror(e));
        errno = e;
        return NULL;
    }
    /* a directory opens for reading, then every read fails */
    if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
        fclose(f);
        sr_err(err, errlen, "%s: cannot open: %s", path, strerror(EISDIR));
        errno = EISDIR;
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
        int e = errno;
        sr_err(err, errlen, "%s: cannot open: %s", name, strerror(e));
        errno = e;
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
    if (r->start_pos < 0)
        return -ESPIPE;
    if (fseek(r->f, r->start_pos, SEEK_SET) < 0)
        return -errno;
    clearerr(r->f);
    r->lineno = r->offset = r->records = 0;
    r->bin_broken = 0;
    r->series_len = r->win_pos = 0;
    r->rows_started = 0;
    r->cols_ready = r->pending = 0;
    r->ended = 0;
    r->ahead_pos = r->ahead_end = 0;
    return 0;
}

static void free_ahead(LavfxStrokeReader *r)
{
    int i;
    for (i = 0; i < r->nb_ahead; i++) {
        free(r->ahead[i].line);
        lavfx_stroke_drawing_free(&r->ahead[i].d);
    }
    free(r->ahead);
    r->ahead = NULL;
    r->nb_ahead = r->ahead_pos = r->ahead_end = 0;
}

int lavfx_stroke_reader_set_threads(LavfxStrokeReader *r, int nb_ahead, int nb_jobs,
                                    LavfxStrokeExecuteFn execute, void *opaque)
{
    if (r->ahead_pos != r->ahead_end)
        return -EINVAL;
    free_ahead(r);
    if (r->format != LAVFX_STROKE_NDJSON || nb_ahead < 2 || nb_jobs < 2 || !execute)
        return 0;
    if (nb_ahead > 4096)
        nb_ahead = 4096;
    if (!(r->ahead = calloc(nb_ahead, sizeof(*r->ahead))))
        return -ENOMEM;
    r->nb_ahead = nb_ahead;
    r->exec_jobs = nb_jobs;
    r->execute = execute;
    r->exec_opaque = opaque;
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
    free(r->fields);
    free(r->colname);
    free(r->ring);
    free(r->bad_row);
    free(r->bad_msg);
    free_ahead(r);
    free(r);
    *pr = NULL;
}

/* Reads the next line that is not blank. 1, 0 at EOF, < 0 on error. */
/* Room for index i in r->series (doubling, from 256). 0 or -ENOMEM. */
static int series_reserve(LavfxStrokeReader *r, int i)
{
    if (i >= r->series_cap) {
        int cap = r->series_cap ? 2 * r->series_cap : 256;
        double *s = realloc(r->series, cap * sizeof(*s));
        if (!s)
            return -ENOMEM;
        r->series = s;
        r->series_cap = cap;
    }
    return 0;
}

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
        if (r->lineno == 1 && n >= 3 && !memcmp(r->line, "\xef\xbb\xbf", 3)) {
            memmove(r->line, r->line + 3, n - 2);       /* a UTF-8 byte order mark */
            n -= 3;
        }
        for (i = 0; i < (size_t)n && (r->line[i] == ' ' || r->line[i] == '\t'); i++)
            ;
        if (i == (size_t)n)
            continue;
        *len = n;
        return 1;
    }
}

/* ---------------------------------------------------------------- ndjson */

/* Copies member key of obj as text into dst (size bytes): a string, or an
 * integer number below 2^53 (a double holds it exactly). A missing
 * or null member leaves dst as it was. Returns 0, or LAVFX_STROKE_EBAD with
 * a message naming where (file:line) for another type, a number that is not
 * such an integer, or a string longer than size - 1 bytes: frame metadata
 * are copied whole or not at all. */
static int json_text(const cJSON *obj, const char *key, char *dst, size_t size,
                     const char *where, int64_t ln, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (cJSON_IsString(v)) {
        size_t n = strlen(v->valuestring);
        if (n >= size) {
            sr_err(err, errlen, "%s:%"PRId64": \"%s\" is %zu bytes long: at most %zu", where, ln,
                   key, n, size - 1);
            return LAVFX_STROKE_EBAD;
        }
        memcpy(dst, v->valuestring, n + 1);
        return 0;
    }
    if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
        fabs(v->valuedouble) < 9007199254740992.0) {
        snprintf(dst, size, "%.0f", v->valuedouble);
        return 0;
    }
    if (cJSON_IsNumber(v))
        sr_err(err, errlen, "%s:%"PRId64": \"%s\" is a number that is not an integer below 2^53 "
               "(a double cannot copy it exactly): write it as a string", where, ln, key);
    else
        sr_err(err, errlen, "%s:%"PRId64": \"%s\" is not a string", where, ln, key);
    return LAVFX_STROKE_EBAD;
}

/* The number of items of a cJSON array (0 for anything else), walking its
 * list once; cJSON_GetArraySize would do the same. */
static size_t json_size(const cJSON *a)
{
    size_t n = 0;
    for (a = cJSON_IsArray(a) ? a->child : NULL; a; a = a->next)
        n++;
    return n;
}

/* A member name that appears twice in the object, or NULL. Only the record's
 * top level is checked (the members the reader uses live there): a record
 * with two "drawing" members is ambiguous, and cJSON would take the first. */
static const char *json_duplicate(const cJSON *obj)
{
    const cJSON *a, *b;
    for (a = obj->child; a; a = a->next)
        for (b = a->next; b; b = b->next)
            if (a->string && b->string && !strcmp(a->string, b->string))
                return a->string;
    return NULL;
}

static int ndjson_record(const char *where, int64_t ln, const cJSON *root, LavfxStrokeDrawing *d,
                         char *err, size_t errlen)
{
    static const char *const text_keys[2] = { "word", "key_id" };
    char *text_dst[2] = { d->word, d->key_id };
    const size_t text_size[2] = { sizeof(d->word), sizeof(d->key_id) };
    const char *dup;
    const cJSON *drawing, *stroke;
    size_t i = 0, j;
    int ret, k;

    if (!cJSON_IsObject(root)) {
        sr_err(err, errlen, "%s:%"PRId64": the record is not a JSON object", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    if ((dup = json_duplicate(root))) {
        sr_err(err, errlen, "%s:%"PRId64": duplicate member \"%.64s\"", where, ln, dup);
        return LAVFX_STROKE_EBAD;
    }
    for (k = 0; k < 2; k++)
        if ((ret = json_text(root, text_keys[k], text_dst[k], text_size[k], where, ln, err, errlen)) < 0)
            return ret;
    drawing = cJSON_GetObjectItemCaseSensitive(root, "drawing");
    if (!drawing) {
        sr_err(err, errlen, "%s:%"PRId64": no \"drawing\" member", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    if (!cJSON_IsArray(drawing)) {
        sr_err(err, errlen, "%s:%"PRId64": \"drawing\" is not an array", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    if (!drawing->child) {
        sr_err(err, errlen, "%s:%"PRId64": \"drawing\" has no strokes", where, ln);
        return LAVFX_STROKE_EBAD;
    }
    for (stroke = drawing->child; stroke; stroke = stroke->next, i++) {
        const cJSON *xs, *ys, *ts, *x, *y;
        size_t n, ns = json_size(stroke);
        if (ns < 2 || ns > 3) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu is not an array of 2 or 3 arrays ([x], [y](, [t]))",
                   where, ln, i);
            return LAVFX_STROKE_EBAD;
        }
        xs = stroke->child;
        ys = xs->next;
        ts = ys->next;
        if (!cJSON_IsArray(xs) || !cJSON_IsArray(ys) || (ts && !cJSON_IsArray(ts))) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu: x, y (and t) must be arrays", where, ln, i);
            return LAVFX_STROKE_EBAD;
        }
        n = json_size(xs);
        if (json_size(ys) != n) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu: x has %zu points but y has %zu", where, ln, i,
                   n, json_size(ys));
            return LAVFX_STROKE_EBAD;
        }
        if (ts && json_size(ts) != n) {
            sr_err(err, errlen, "%s:%"PRId64": stroke %zu: x and y have %zu points but t has %zu",
                   where, ln, i, n, json_size(ts));
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
        for (j = 0, x = xs->child, y = ys->child; j < n; j++, x = x->next, y = y->next) {
            const cJSON *v[2] = { x, y };
            int k;
            for (k = 0; k < 2; k++) {
                double c;
                if (!cJSON_IsNumber(v[k])) {
                    sr_err(err, errlen, "%s:%"PRId64": stroke %zu point %zu: %c is not a number",
                           where, ln, i, j, "xy"[k]);
                    return LAVFX_STROKE_EBAD;
                }
                c = v[k]->valuedouble;
                if (!(fabs(c) <= LAVFX_STROKE_MAX_COORD)) {
                    sr_err(err, errlen, "%s:%"PRId64": stroke %zu point %zu: %c = %.15g is out of range "
                           "(|%c| <= %g)", where, ln, i, j, "xy"[k], c, "xy"[k], LAVFX_STROKE_MAX_COORD);
                    return LAVFX_STROKE_EBAD;
                }
                d->xy[2 * (d->nb_points + j) + k] = (float)c;
            }
        }
        d->nb_points += (int)n;
        d->stroke_end[i] = d->nb_points;
        d->nb_strokes = (int)i + 1;
    }
    return 1;
}

/* The first \u0000 escape of the JSON text line (len bytes), or NULL: a
 * backslash that is not itself escaped (the end of an odd run of them),
 * then u0000. cJSON decodes it to a NUL byte inside the string and gives
 * no length, so the string would be cut there without a word. */
static const char *json_nul_escape(const char *line, size_t len)
{
    const char *p = line, *e = line + len, *q;
    while ((p = memchr(p, '\\', e - p))) {
        for (q = p; q < e && *q == '\\'; q++)
            ;
        if ((q - p) & 1 && e - q >= 5 && q[0] == 'u' && !memcmp(q + 1, "0000", 4))
            return q - 1;
        p = q;
    }
    return NULL;
}

/* The nesting depth of arrays and objects at the first n bytes of a JSON
 * text (brackets inside strings not counted). */
static int json_depth(const char *p, size_t n)
{
    int depth = 0, in_string = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (in_string) {
            if (p[i] == '\\')
                i++;
            else if (p[i] == '"')
                in_string = 0;
        } else if (p[i] == '"') {
            in_string = 1;
        } else {
            depth += (p[i] == '[' || p[i] == '{') - (p[i] == ']' || p[i] == '}');
        }
    }
    return depth;
}

/* Parses line (len bytes, NUL-terminated; line number ln of file name) into
 * d, reset by the caller. Records are parsed in parallel: cJSON's README
 * calls it thread-safe when cJSON_GetErrorPtr and cJSON_InitHooks are not
 * used. (Each parse still stores its error position in a global that only
 * cJSON_GetErrorPtr reads: a write-only race a thread sanitizer would report
 * inside libcjson. Ours comes from return_parse_end.) */
static int ndjson_parse(const char *name, int64_t ln, const char *line, size_t len,
                        LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    const char *end = NULL;
    cJSON *root;
    int ret;
    if (memchr(line, 0, len)) {
        sr_err(err, errlen, "%s:%"PRId64": malformed JSON: a NUL byte at column %zu",
               name, ln, (size_t)((const char *)memchr(line, 0, len) - line) + 1);
        return LAVFX_STROKE_EBAD;
    }
    if ((end = json_nul_escape(line, len))) {
        sr_err(err, errlen, "%s:%"PRId64": a \\u0000 escape (NUL) at column %zu: strings cannot hold NUL",
               name, ln, (size_t)(end - line) + 1);
        return LAVFX_STROKE_EBAD;
    }
    /* the line's terminating NUL is part of the buffer: nothing may follow the value */
    root = cJSON_ParseWithLengthOpts(line, len + 1, &end, 1);
    if (!root) {
        /* cJSON says where parsing stopped, not why: show the text there */
        size_t col = end && end >= line && end <= line + len ? (size_t)(end - line) : len;
        int show = (int)(len - col < 16 ? len - col : 16);
        if (json_depth(line, col + 1) > CJSON_NESTING_LIMIT)
            sr_err(err, errlen, "%s:%"PRId64": JSON nested deeper than %d arrays and objects at column "
                   "%zu (cJSON's limit)", name, ln, CJSON_NESTING_LIMIT, col + 1);
        else if (show)
            sr_err(err, errlen, "%s:%"PRId64": malformed JSON at column %zu, near '%.*s'",
                   name, ln, col + 1, show, line + col);
        else
            sr_err(err, errlen, "%s:%"PRId64": malformed JSON: the line ends at column %zu inside a value",
                   name, ln, col + 1);
        return LAVFX_STROKE_EBAD;
    }
    ret = ndjson_record(name, ln, root, d, err, errlen);
    cJSON_Delete(root);
    return ret;
}

static int ndjson_parse_job(void *arg, int jobnr, int nb_jobs)
{
    LavfxStrokeReader *r = arg;
    int i;
    for (i = jobnr; i < r->ahead_end; i += nb_jobs) {
        NdjsonSlot *s = &r->ahead[i];
        if (s->ret == 1)
            s->ret = ndjson_parse(r->name, s->lineno, s->line, s->len, &s->d, s->err, sizeof(s->err));
    }
    return 0;
}

/* Read ahead: the next nb_ahead lines (fewer at the end of the file, at a
 * read error, or once they hold AHEAD_BYTES), in order, then their records
 * parsed over the jobs. */
static void ndjson_fill(LavfxStrokeReader *r)
{
    int n = 0, parse = 0;
    size_t bytes = 0;
    while (n < r->nb_ahead && bytes < AHEAD_BYTES) {
        NdjsonSlot *s = &r->ahead[n++];
        size_t len = 0;
        s->err[0] = 0;
        s->ret = read_line(r, &len, s->err, sizeof(s->err));
        if (s->ret == 1) {
            char *t = s->line;
            size_t cap = s->cap;
            parse = 1;
            s->line = r->line;
            s->cap = r->line_cap;
            r->line = t;
            r->line_cap = cap;
            s->len = len;
            bytes += len;
            s->lineno = r->lineno;
            drawing_reset(&s->d, r->records++);
        } else if (s->ret != LAVFX_STROKE_EBAD) {
            break;              /* the end, or a read error: nothing follows */
        }
    }
    r->ahead_pos = 0;
    r->ahead_end = n;
    if (parse)
        r->execute(r->exec_opaque, ndjson_parse_job, r, n < r->exec_jobs ? n : r->exec_jobs);
}

static int ndjson_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    size_t len;
    int ret;
    if (r->nb_ahead) {
        NdjsonSlot *s;
        if (r->ahead_pos == r->ahead_end)
            ndjson_fill(r);
        s = &r->ahead[r->ahead_pos++];
        if (s->ret == 1) {
            LavfxStrokeDrawing t = *d;
            *d = s->d;
            s->d = t;
        } else {
            sr_err(err, errlen, "%s", s->err);
        }
        /* a slot keeps only small buffers for the next batch: memory follows
         * the batch's lines, not the largest ones ever read */
        if (s->cap > AHEAD_KEEP) {
            free(s->line);
            s->line = NULL;
            s->cap = 0;
        }
        if ((size_t)s->d.cap_points * 2 * sizeof(float) > AHEAD_KEEP ||
            (size_t)s->d.cap_strokes * sizeof(int) > AHEAD_KEEP)
            lavfx_stroke_drawing_free(&s->d);
        return s->ret;
    }
    if ((ret = read_line(r, &len, err, errlen)) <= 0)
        return ret;
    drawing_reset(d, r->records++);
    return ndjson_parse(r->name, r->lineno, r->line, len, d, err, errlen);
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
           "%zu more byte%s needed for %s", r->name, r->offset, rec_start, n - got, n - got == 1 ? "" : "s",
           what);
    return LAVFX_STROKE_EBAD;
}

static int bin_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    uint8_t h[17], buf[2 * 65535];
    int64_t start = r->offset;
    uint64_t key = 0;
    int ns, s, i, ret, c, bad = 0;

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
        if (!n && !bad)         /* read the rest of the record, then report the first */
            sr_err(err, errlen, "%s: byte %"PRId64": record at byte %"PRId64": stroke %d is empty",
                   r->name, r->offset, start, s);
        bad |= !n;
        /* 65535 strokes of 65535 points would overflow the int counts: the
         * ndjson reader's limit */
        if (!bad && n > INT32_MAX / 4 - d->nb_points) {
            sr_err(err, errlen, "%s: byte %"PRId64": record at byte %"PRId64": more than %d points",
                   r->name, r->offset, start, INT32_MAX / 4);
            bad = 1;
        }
        if (bad)
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
    if (bad)
        return LAVFX_STROKE_EBAD;
    if (!ns) {
        sr_err(err, errlen, "%s: byte %"PRId64": record at byte %"PRId64" has no strokes",
               r->name, r->offset, start);
        return LAVFX_STROKE_EBAD;
    }
    return 1;
}

/* ------------------------------------------------------------------- csv */

/* The separator of a CSV file, from the first line that has any outside
 * quoted cells (a '"' at a cell's start, after blanks, as csv_cell reads
 * it, a cell starting after any of the three): tab, else ';', else ','
 * (so "1,5" in a file separated by ';', as spreadsheets write decimal
 * commas, is one field, which is not a number, rather than two). 0 when
 * line (len bytes) has none. */
static char csv_sniff(const char *line, size_t len)
{
    int start = 1, semicolon = 0, comma = 0;
    size_t i;
    for (i = 0; i < len; i++) {
        char c = line[i];
        if (start && c == ' ')
            continue;
        if (start && c == '"') {        /* to the closing quote ("" is a quote) */
            for (i++; i < len && !(line[i] == '"' && (i + 1 >= len || line[i + 1] != '"')); i++)
                i += line[i] == '"';
            start = 0;
            continue;
        }
        start = c == '\t' || c == ';' || c == ',';
        if (c == '\t')
            return '\t';
        semicolon |= c == ';';
        comma     |= c == ',';
    }
    return semicolon ? ';' : comma ? ',' : 0;
}

/* The next cell of a line split in place at sep, from *p
 * (at most end, the line's end, where a NUL may be written): the cell
 * without surrounding blanks. A cell that starts with a double quote is
 * quoted as in RFC 4180: separators up to the closing quote are part of it
 * and "" is one quote; text after the closing quote is kept (as
 * spreadsheets read "a"b). *p moves past the separator. *open is set when
 * the line ends inside the quotes: lines are records, so a quoted cell
 * cannot hold a line break. */
static char *csv_cell(char **p, char *end, char sep, int *open)
{
    char *c = *p, *w, *cell;
    int quoted = 0;
    while (c < end && *c == ' ')
        c++;
    if (c < end && *c == '"') {
        quoted = 1;
        c++;
    }
    cell = w = c;                       /* unquoted, w writes where c reads */
    while (c < end) {
        if (quoted && *c == '"') {
            if (c + 1 < end && c[1] == '"') {
                *w++ = '"';
                c += 2;
                continue;
            }
            quoted = 0;                 /* the closing quote */
            c++;
            continue;
        }
        if (!quoted && sep && *c == sep)
            break;
        *w++ = *c++;
    }
    while (w > cell && w[-1] == ' ')
        w--;
    *w = 0;
    *p = c + 1;
    *open = quoted;
    return cell;
}

/* Largest |value| of a CSV cell: a chart's range (high - low) stays finite. */
#define CSV_MAX_VALUE 1e300
#define CSV_STR(x) #x
#define CSV_OUT_OF_RANGE(max) "is out of range (|v| <= " CSV_STR(max) ")"

/* A CSV cell as a finite number: 0, or 1 (empty), 2 (not a number),
 * 3 (not finite), 4 (finite, beyond CSV_MAX_VALUE). Decimal only: strtod
 * would also take C's hexadecimal ("0x1F", a label in a CSV). */
static int csv_number(const char *p, double *v)
{
    const char *q = p;
    char *e;
    if (!*p)
        return 1;
    while (isspace((unsigned char)*q))      /* as strtod skips them */
        q++;
    q += *q == '+' || *q == '-';
    if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X'))
        return 2;
    *v = strtod(p, &e);
    if (e == p || *e)
        return 2;
    return fabs(*v) <= CSV_MAX_VALUE ? 0 : isfinite(*v) ? 4 : 3;
}

/* Parses a CSV line of numbers into r->series (cells as csv_cell and
 * csv_number take them, as in the columns layout); a non-numeric first field
 * is the series' label. *text is set when a later field is text (not a
 * number, not empty): the line may be a header, whose first field may be
 * empty (as pandas writes an index column's); on another line an empty first
 * field is bad data, as is one not finite ("1e999", "nan", "inf"). */
static int csv_parse_row(LavfxStrokeReader *r, size_t len, int *text, char *err, size_t errlen)
{
    char *p = r->line, *end = r->line + len;
    int i, empty_first = 0;
    size_t long_label = 0;
    *text = 0;
    r->series_len = 0;
    r->series_label[0] = 0;
    if (!r->csv_sep)
        r->csv_sep = csv_sniff(r->line, len);
    for (i = 0; p <= end; i++) {
        int open;
        const char *f = csv_cell(&p, end, r->csv_sep, &open);
        double v;
        int c = csv_number(f, &v);
        if (open) {
            sr_err(err, errlen, "%s:%"PRId64": field %d opens a quote that the line does not close "
                   "(a quoted field cannot hold a line break)", r->name, r->lineno, i + 1);
            return LAVFX_STROKE_EBAD;
        }
        if (c == 1 && !i) {
            empty_first = 1;
            continue;
        }
        if (c == 2 && !i) {
            size_t label_len = strlen(f);
            if (label_len >= sizeof(r->series_label))
                long_label = label_len;     /* bad unless a later field makes it a header */
            else
                memcpy(r->series_label, f, label_len + 1);
            continue;
        }
        if (c) {
            *text = c == 2;
            if (c == 1)
                sr_err(err, errlen, "%s:%"PRId64": field %d is empty", r->name, r->lineno, i + 1);
            else if (c == 2)
                sr_err(err, errlen, "%s:%"PRId64": field %d ('%.20s') is not a number",
                       r->name, r->lineno, i + 1, f);
            else if (c == 3)
                sr_err(err, errlen, "%s:%"PRId64": field %d is not finite", r->name, r->lineno, i + 1);
            else
                sr_err(err, errlen, "%s:%"PRId64": field %d ('%.20s') " CSV_OUT_OF_RANGE(CSV_MAX_VALUE),
                       r->name, r->lineno, i + 1, f);
            return LAVFX_STROKE_EBAD;
        }
        if (r->series_len >= MAX_SERIES) {
            sr_err(err, errlen, "%s:%"PRId64": more than %d values", r->name, r->lineno, MAX_SERIES);
            return LAVFX_STROKE_EBAD;
        }
        if (series_reserve(r, r->series_len) < 0)
            return -ENOMEM;
        r->series[r->series_len++] = v;
    }
    if (empty_first) {
        sr_err(err, errlen, "%s:%"PRId64": field 1 is empty", r->name, r->lineno);
        return LAVFX_STROKE_EBAD;
    }
    if (long_label) {
        sr_err(err, errlen, "%s:%"PRId64": the label (field 1) is %zu bytes long: at most %zu",
               r->name, r->lineno, long_label, sizeof(r->series_label) - 1);
        return LAVFX_STROKE_EBAD;
    }
    return 1;
}

/* The chart of n >= 2 values v[] into d: x evenly spaced, y scaled to
 * 0-255 with higher values higher up (one stroke). */
static int csv_chart(LavfxStrokeDrawing *d, const double *v, int n)
{
    double lo, hi;
    int i, ret;
    if ((ret = drawing_reserve(d, 1, n)) < 0)
        return ret;
    lo = hi = v[0];
    for (i = 0; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    for (i = 0; i < n; i++) {
        d->xy[2 * i]     = (float)(255.0 * i / (n - 1));
        d->xy[2 * i + 1] = (float)(hi > lo ? 255.0 * (hi - v[i]) / (hi - lo) : 127.5);
    }
    d->nb_points = n;
    d->nb_strokes = 1;
    d->stroke_end[0] = n;
    d->chart = 1;
    return 1;
}

static int csv_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    int win = r->par.window, stride = r->par.stride ? r->par.stride : r->par.window, n, ret;
    while (!r->series_len || (win ? r->win_pos + win > r->series_len : r->win_pos > 0)) {
        size_t len;
        int first = !r->rows_started, text;
        ret = read_line(r, &len, err, errlen);
        if (ret == LAVFX_STROKE_EBAD)
            r->series_len = 0;
        r->rows_started |= ret != 0;
        if (ret <= 0)
            return ret;
        r->series_line = r->lineno;
        r->win_pos = 0;
        /* the first line is a header of names when a field after the first
         * is text, or it has only one field (an empty field, a number out of
         * range or a long label are bad data, not names) */
        if ((ret = csv_parse_row(r, len, &text, err, errlen)) < 0) {
            r->series_len = 0;
            if (ret == LAVFX_STROKE_EBAD && first && text) {
                r->had_header = 1;
                continue;               /* a header line of names */
            }
            r->records++;
            return ret;
        }
        if (!r->series_len && first) {
            r->had_header = 1;
            continue;                   /* a header line of names */
        }
        if (r->series_len < 2 || (win && r->series_len < win)) {
            r->records++;
            sr_err(err, errlen, "%s:%"PRId64": %d value%s: a chart needs at least %d",
                   r->name, r->lineno, r->series_len, r->series_len == 1 ? "" : "s", win ? win : 2);
            r->series_len = 0;
            return LAVFX_STROKE_EBAD;
        }
    }
    n = win ? win : r->series_len;
    drawing_reset(d, r->records++);
    if ((ret = csv_chart(d, r->series + r->win_pos, n)) < 0)
        return ret;
    snprintf(d->word, sizeof(d->word), "%s", r->series_label);
    snprintf(d->key_id, sizeof(d->key_id), "%"PRId64":%d", r->series_line, r->win_pos);
    r->win_pos += win ? stride : 1;
    return 1;
}

/* read_line for csv=columns: a line too long to read would drop a row from
 * every column, so it ends the file (LAVFX_STROKE_EFILE) instead of being
 * skipped as a bad record. */
static int csv_cols_line(LavfxStrokeReader *r, size_t *len, char *err, size_t errlen)
{
    int ret = read_line(r, len, err, errlen);
    if (ret == LAVFX_STROKE_EBAD) {
        sr_err(err, errlen, "%s:%"PRId64": line longer than %d bytes: csv=columns cannot skip a row "
               "of every column", r->name, r->lineno, MAX_LINE);
        return LAVFX_STROKE_EFILE;
    }
    return ret;
}

/* csv=columns after a line whose quote the line does not close: the record
 * goes on past the line break, which would shift a row of every column, so
 * it ends the file (as a line too long to read does). */
static int csv_cols_open_quote(LavfxStrokeReader *r, char *err, size_t errlen)
{
    sr_err(err, errlen, "%s:%"PRId64": field %d opens a quote that the line does not close (a quoted "
           "field cannot hold a line break): csv=columns cannot skip a row of every column",
           r->name, r->lineno, r->csv_open);
    return LAVFX_STROKE_EFILE;
}

/* Splits r->line (len bytes) in place into r->fields (csv_cell), and sets
 * r->csv_open. The number of fields, or -ENOMEM. */
static int csv_split(LavfxStrokeReader *r, size_t len)
{
    char *p = r->line, *end = r->line + len;
    int n = 0, open;
    r->csv_open = 0;
    if (!r->csv_sep)
        r->csv_sep = csv_sniff(r->line, len);
    while (p <= end) {
        if (n >= r->fields_cap) {
            int cap = r->fields_cap ? 2 * r->fields_cap : 64;
            char **f = realloc(r->fields, cap * sizeof(*f));
            if (!f)
                return -ENOMEM;
            r->fields = f;
            r->fields_cap = cap;
        }
        r->fields[n++] = csv_cell(&p, end, r->csv_sep, &open);
        if (open)
            r->csv_open = n;
    }
    return n;
}

/* Reads the header of a columns-layout file (or, without one, takes the
 * first line's field count and names the columns by number) and sets up the
 * per-column state. The first data line, read here too, is left split in
 * r->fields for csv_cols_row (pending): a windowed read never goes back, so
 * it works on a pipe. 1, 0 (no line at all), or an error. */
static int csv_cols_header(LavfxStrokeReader *r, char *err, size_t errlen)
{
    int win = r->par.window, ret, n, i, header = 0, label = 0;
    size_t len;
    double v;
    long pos = ftell(r->f);     /* -1 for a pipe */
    int64_t line0 = r->lineno;

    r->pending = 0;
    if ((ret = csv_cols_line(r, &len, err, errlen)) <= 0)
        return ret;
    if ((n = csv_split(r, len)) < 0)
        return n;
    if (r->csv_open)
        return csv_cols_open_quote(r, err, errlen);
    for (i = 0; i < n; i++) {   /* a text cell is a name; an empty first one, pandas' unnamed index */
        int c = csv_number(r->fields[i], &v);
        header |= c == 2 || (!i && c == 1);
    }
    if (n > 65536) {
        sr_err(err, errlen, "%s:%"PRId64": %d columns: at most 65536", r->name, r->lineno, n);
        return LAVFX_STROKE_EFILE;
    }
    free(r->colname);
    r->colname = malloc((size_t)n * sizeof(*r->colname));
    if (!r->colname)
        return -ENOMEM;
    for (i = 0; i < n; i++) {
        size_t l = strlen(r->fields[i]);
        if (header && l >= sizeof(r->colname[i])) {
            sr_err(err, errlen, "%s:%"PRId64": the name of column %d ('%.20s...') is %zu bytes long: at most %zu",
                   r->name, r->lineno, i + 1, r->fields[i], l, sizeof(r->colname[i]) - 1);
            return LAVFX_STROKE_EFILE;
        }
        if (header)
            memcpy(r->colname[i], r->fields[i], l + 1);
        else
            snprintf(r->colname[i], sizeof(r->colname[i]), "%d", i + 1);
    }
    r->nfields = n;
    r->had_header = header;
    /* a header whose first name is empty: pandas' unnamed index column
     * (DataFrame.to_csv), row numbers, not data */
    label = header && n >= 2 && !r->fields[0][0];
    if (header) {
        r->data_pos = ftell(r->f);
        r->data_line = r->lineno;
        /* the first data line says whether field 1 is a label column */
        if ((ret = csv_cols_line(r, &len, err, errlen)) < 0)
            return ret;
        if (ret > 0) {
            if ((r->pending = csv_split(r, len)) < 0)
                return r->pending;
            if (r->csv_open)
                return csv_cols_open_quote(r, err, errlen);
            label |= csv_number(r->fields[0], &v) == 2;
        }
    } else {
        r->data_pos = pos;
        r->data_line = line0;
        r->pending = n;         /* the first line is data */
    }
    r->label_col = label;
    r->ncols = n - label;
    if (r->ncols < 1) {
        sr_err(err, errlen, "%s:%"PRId64": no column of numbers", r->name, r->data_line);
        return LAVFX_STROKE_EFILE;
    }
    if (!win && r->ncols > 1 && r->data_pos < 0) {
        sr_err(err, errlen, "%s: not seekable (a pipe?): csv=columns without a window reads the file once "
               "per column; set window to read it once", r->name);
        return -ESPIPE;
    }
    if (win && (int64_t)win * r->ncols > MAX_SERIES) {
        sr_err(err, errlen, "%s: window %d x %d columns is more than %d values", r->name, win,
               r->ncols, MAX_SERIES);
        return LAVFX_STROKE_EFILE;
    }
    free(r->ring);
    free(r->bad_row);
    free(r->bad_msg);
    r->ring    = win ? malloc((size_t)win * r->ncols * sizeof(*r->ring)) : NULL;
    r->bad_row = malloc((size_t)r->ncols * sizeof(*r->bad_row));
    r->bad_msg = malloc((size_t)r->ncols * sizeof(*r->bad_msg));
    if ((win && !r->ring) || !r->bad_row || !r->bad_msg)
        return -ENOMEM;
    for (i = 0; i < r->ncols; i++)
        r->bad_row[i] = -1;
    r->data_rows = r->win_start = 0;
    r->emit_col = -1;
    r->pass_col = 0;
    r->eof_col = -1;
    r->cols_ready = 1;
    return 1;
}

/* Reads the next data line of a columns-layout file: the cell of column
 * only into dst[0] (or of every column c into dst[c] when only < 0), and
 * each bad cell noted in bad_row / bad_msg; dst NULL: the line is skipped. 1, 0 at the end, or an error. */
static int csv_cols_row(LavfxStrokeReader *r, double *dst, int only, char *err, size_t errlen)
{
    static const char *const what[] = { "", "is empty", "is not a number", "is not finite",
                                        CSV_OUT_OF_RANGE(CSV_MAX_VALUE) };
    int64_t row;
    size_t len;
    int ret, n, c;

    if (r->pending) {           /* read with the header */
        n = r->pending;
        r->pending = 0;
    } else {
        if ((ret = csv_cols_line(r, &len, err, errlen)) <= 0)
            return ret;
        if ((n = csv_split(r, len)) < 0)
            return n;
    }
    if (r->csv_open)
        return csv_cols_open_quote(r, err, errlen);
    row = r->data_rows++;
    for (c = only < 0 ? 0 : only; dst && c < (only < 0 ? r->ncols : only + 1); c++) {
        int f = c + r->label_col, k = 3;
        double v = 0;
        /* without a window a column is one chart: its first bad cell is the
         * one named. With one, the last is kept, so that a later window
         * (stride < window) still sees a bad cell it holds. */
        if (!r->par.window && r->bad_row[c] >= 0)
            k = 0;
        else if (n != r->nfields)
            snprintf(r->bad_msg[c], sizeof(r->bad_msg[c]), "%"PRId64": column '%.40s': %d fields, "
                     "the first line has %d", r->lineno, r->colname[f], n, r->nfields);
        else if ((k = csv_number(r->fields[f], &v)))
            snprintf(r->bad_msg[c], sizeof(r->bad_msg[c]), "%"PRId64": column '%.40s' (field %d): '%.20s' %s",
                     r->lineno, r->colname[f], f + 1, r->fields[f], what[k]);
        if (k)
            r->bad_row[c] = row;
        dst[only < 0 ? c : 0] = v;
    }
    return 1;
}

/* The chart of column c (its name as the word), or its bad cell. */
static int csv_cols_emit(LavfxStrokeReader *r, LavfxStrokeDrawing *d, int c, int64_t first, int n,
                         char *err, size_t errlen)
{
    int ret;
    int64_t index = r->records++;
    if (r->bad_row[c] >= first) {
        sr_err(err, errlen, "%s:%s (in the chart of rows %"PRId64"-%"PRId64")", r->name, r->bad_msg[c],
               first, first + n - 1);
        return LAVFX_STROKE_EBAD;
    }
    drawing_reset(d, index);
    if ((ret = csv_chart(d, r->series, n)) < 0)
        return ret;
    snprintf(d->word, sizeof(d->word), "%s", r->colname[c + r->label_col]);
    snprintf(d->key_id, sizeof(d->key_id), "%d:%"PRId64, c + r->label_col + 1, first);
    return 1;
}

/*
 * CSV, one series per column. With a window: the rows of one window are
 * kept for every column (window x columns values), and each complete window
 * gives one chart per column, in column order. Without: one pass over the
 * file per column, holding only that column (at most MAX_SERIES rows).
 */
static int csv_cols_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    int win = r->par.window, stride = r->par.stride ? r->par.stride : r->par.window, ret, i, c;

    if (!r->cols_ready && (ret = csv_cols_header(r, err, errlen)) <= 0)
        return ret;
    if (!win) {
        while (r->pass_col < r->ncols) {
            c = r->pass_col;
            for (;;) {
                if (r->data_rows > MAX_SERIES) {
                    sr_err(err, errlen, "%s:%"PRId64": more than %d rows in one column: use window",
                           r->name, r->lineno, MAX_SERIES);
                    return LAVFX_STROKE_EFILE;
                }
                if (series_reserve(r, r->data_rows) < 0)
                    return -ENOMEM;
                if ((ret = csv_cols_row(r, r->series + r->data_rows, c, err, errlen)) <= 0)
                    break;
            }
            if (ret < 0)
                return ret;
            r->pass_col++;
            i = (int)r->data_rows;
            r->data_rows = 0;
            if (r->pass_col < r->ncols && fseek(r->f, r->data_pos, SEEK_SET) < 0) {
                int e = errno;
                sr_err(err, errlen, "%s: cannot go back for column %d (csv=columns without a window "
                       "reads the file once per column): %s", r->name, r->pass_col + r->label_col + 1,
                       strerror(e));
                return -e;
            }
            r->lineno = r->data_line;
            if (!i)
                return 0;           /* a header alone: no records */
            if (i < 2) {
                r->records++;
                sr_err(err, errlen, "%s: column '%s': %d value: a chart needs at least 2", r->name,
                       r->colname[c + r->label_col], i);
                return LAVFX_STROKE_EBAD;
            }
            return csv_cols_emit(r, d, c, 0, i, err, errlen);
        }
        return 0;
    }
    for (;;) {
        if (r->emit_col >= 0 && r->emit_col < r->ncols) {
            c = r->emit_col++;
            for (i = 0; i < win; i++)
                r->series[i] = r->ring[((r->win_start + i) % win) * r->ncols + c];
            return csv_cols_emit(r, d, c, r->win_start, win, err, errlen);
        }
        if (r->emit_col >= r->ncols) {
            r->win_start += stride;
            r->emit_col = -1;
        }
        if (r->series_cap < win) {
            double *s = realloc(r->series, win * sizeof(*s));
            if (!s)
                return -ENOMEM;
            r->series = s;
            r->series_cap = win;
        }
        while (r->data_rows < r->win_start + win) {
            int64_t row = r->data_rows;
            ret = csv_cols_row(r, row >= r->win_start ? r->ring + (row % win) * r->ncols : NULL,
                               row >= r->win_start ? -1 : 0, err, errlen);
            if (ret < 0)
                return ret;
            if (!ret) {
                /* the end: a file shorter than one window is reported once per column */
                if (r->win_start || !r->data_rows || ++r->eof_col >= r->ncols)
                    return 0;
                r->records++;
                sr_err(err, errlen, "%s: column '%s': %"PRId64" value%s: a chart needs at least %d",
                       r->name, r->colname[r->eof_col + r->label_col], r->data_rows,
                       r->data_rows == 1 ? "" : "s", win);
                return LAVFX_STROKE_EBAD;
            }
        }
        r->emit_col = 0;
    }
}

int lavfx_stroke_reader_next(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *err, size_t errlen)
{
    int ret;
    int64_t before = r->records;
    if (err && errlen)
        err[0] = 0;
    if (r->ended)
        return 0;
    switch (r->format) {
    case LAVFX_STROKE_NDJSON: ret = ndjson_next(r, d, err, errlen); break;
    case LAVFX_STROKE_BIN:    ret = bin_next(r, d, err, errlen);    break;
    default:
        ret = r->par.csv_layout == LAVFX_STROKE_CSV_COLUMNS ? csv_cols_next(r, d, err, errlen)
                                                            : csv_next(r, d, err, errlen);
        break;
    }
    if (ret == 0 && before == 0 && r->records == 0) {
        if (r->had_header)
            sr_err(err, errlen, "%s: no records: its first line was read as a header of names "
                   "(a field that is not a number) and no line of numbers follows", r->name);
        else
            sr_err(err, errlen, "%s: the file is empty (no records)", r->name);
        ret = LAVFX_STROKE_EFILE;
    }
    r->ended = ret == LAVFX_STROKE_EFILE;
    return ret;
}

/* ---------------------------------------------------------------- render */

struct LavfxStrokeCanvas {
    int w, h;               /* largest frame */
    SrInk *ink;             /* w * h, zero between strokes */
    int32_t *touched;       /* 2 h row spans, then w * h (stroke_raster.h) */
    int touched_h;          /* the frame height the spans were last laid out for */
    SrLut *lut;             /* coverage tables of the last pen */
    int32_t *pts;           /* Q8 points of one stroke */
    int pts_cap;
    int simd;               /* the build render_strokes runs (enum LavfxStrokeSimd) */
};

static int simd_level(int max);

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
    c->ink     = calloc(n + SR_INK_PAD, sizeof(*c->ink));   /* SR_SIMD reads past the end */
    /* row spans (2 per row), then the pixels with two inks (stroke_raster.h;
     * SR_SIMD writes up to 4 entries past the list) */
    c->touched = calloc(n + 2 * (size_t)h + SR_INK_PAD, sizeof(*c->touched));
    c->lut     = malloc(sizeof(*c->lut));
    if (!c->ink || !c->touched || !c->lut) {
        lavfx_stroke_canvas_free(&c);
        return NULL;
    }
    c->lut->r = -1;         /* no pen yet */
    c->simd = simd_level(LAVFX_STROKE_SIMD_AVX512);
    return c;
}

void lavfx_stroke_canvas_free(LavfxStrokeCanvas **pc)
{
    LavfxStrokeCanvas *c = *pc;
    if (!c)
        return;
    free(c->ink);
    free(c->touched);
    free(c->lut);
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

/* Frame pixels to Q8, clamped to the rasterizer's range (+-LAVFX_STROKE_MAX_PX:
 * lavfx_stroke_check_range tells when that bends a line). */
static int32_t to_q8(double v)
{
    v = v * 256.0;
    if (!(v > -256.0 * LAVFX_STROKE_MAX_PX))    /* also NaN */
        v = -256.0 * LAVFX_STROKE_MAX_PX;
    if (v > 256.0 * LAVFX_STROKE_MAX_PX)
        v = 256.0 * LAVFX_STROKE_MAX_PX;
    return (int32_t)lrint(v);
}

int32_t lavfx_stroke_pen_r(const LavfxStrokeStyle *st)
{
    double lw = st->linewidth;
    return (int32_t)lrint(lw * 128 > (1 << 19) ? (1 << 19) : lw * 128);
}

void lavfx_stroke_background(const LavfxStrokeStyle *st, uint8_t bg[4])
{
    memcpy(bg, st->bg, 4);
    if (st->pix_fmt == LAVFX_STROKE_GRAY)
        bg[0] = luma(st->bg);
}

int lavfx_stroke_style_check(const LavfxStrokeStyle *st, char *err, size_t errlen)
{
    static const char *const fits[] = { "none", "box", "center" };
    int side = st->w < st->h ? st->w : st->h;
    double used;
    if (st->w < 1 || st->h < 1 || st->w > 16384 || st->h > 16384) {
        sr_err(err, errlen, "size %dx%d: each side must be 1 - 16384", st->w, st->h);
        return -EINVAL;
    }
    if (!(st->linewidth > 0) || !(st->pad >= 0)) {
        sr_err(err, errlen, "lw=%g, pad=%g: lw must be > 0 and pad >= 0", st->linewidth, st->pad);
        return -EINVAL;
    }
    if (st->fit < LAVFX_STROKE_FIT_NONE || st->fit > LAVFX_STROKE_FIT_CENTER) {
        sr_err(err, errlen, "unknown fit %d", st->fit);
        return -EINVAL;
    }
    /* the room left for the drawing must be > 0 (else it is turned over or
     * shrunk to a point): fit none maps 256 units on min(w, h) - 2 pad, box
     * and center on min(w, h) - 2 pad - lw */
    used = 2 * st->pad + (st->fit == LAVFX_STROKE_FIT_NONE ? 0 : st->linewidth);
    if (!(used < side)) {
        if (st->fit == LAVFX_STROKE_FIT_NONE)
            sr_err(err, errlen, "pad=%g leaves no room for the drawing in a %dx%d frame: fit=none "
                   "needs 2 pad < %d", st->pad, st->w, st->h, side);
        else
            sr_err(err, errlen, "pad=%g and lw=%g leave no room for the drawing in a %dx%d frame: "
                   "fit=%s needs 2 pad + lw < %d", st->pad, st->linewidth, st->w, st->h, fits[st->fit], side);
        return -EINVAL;
    }
    return 0;
}

/* The layout's map of d (nb_points > 0) to the frame: input (x, y) ->
 * (ox + sx x, oy + sy y) frame pixels. */
static void layout_map(const LavfxStrokeDrawing *d, const LavfxStrokeStyle *st,
                       double *sx, double *sy, double *ox, double *oy)
{
    double minx, maxx, miny, maxy;
    double lw = st->linewidth, pad = st->pad;
    int i;
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
        *sx = *sy = side / 256.0;
        *ox = (st->w - side) / 2;
        *oy = (st->h - side) / 2;
    } else if (st->fit == LAVFX_STROKE_FIT_CENTER) {
        double side = st->w < st->h ? st->w : st->h;
        /* 256 input units plus lw and a pad each side (frame pixels) span side */
        *sx = *sy = (side - 2 * pad - lw) / 256.0;
        *ox = st->w / 2.0 - *sx * (minx + maxx) / 2;
        *oy = st->h / 2.0 - *sy * (miny + maxy) / 2;
    } else {
        double aw = st->w - 2 * pad - lw, ah = st->h - 2 * pad - lw;
        double bw = maxx - minx, bh = maxy - miny;
        if (aw < 1)
            aw = 1;
        if (ah < 1)
            ah = 1;
        *sx = bw > 0 ? aw / bw : 1;
        *sy = bh > 0 ? ah / bh : 1;
        if (!d->chart)      /* aspect kept: the tighter of the two */
            *sx = *sy = bw > 0 && bh > 0 ? (*sx < *sy ? *sx : *sy) : bw > 0 ? *sx : *sy;
        *ox = st->w / 2.0 - *sx * (minx + maxx) / 2;
        *oy = st->h / 2.0 - *sy * (miny + maxy) / 2;
    }
}

int lavfx_stroke_check_range(const LavfxStrokeDrawing *d, const LavfxStrokeStyle *st,
                             char *err, size_t errlen)
{
    double sx, sy, ox, oy;
    int i, s = 0;
    if (!d->nb_points)
        return 0;
    layout_map(d, st, &sx, &sy, &ox, &oy);
    for (i = 0; i < d->nb_points; i++) {
        double x = ox + sx * d->xy[2 * i], y = oy + sy * d->xy[2 * i + 1];
        while (s < d->nb_strokes - 1 && i >= d->stroke_end[s])
            s++;
        if (!(fabs(x) <= LAVFX_STROKE_MAX_PX && fabs(y) <= LAVFX_STROKE_MAX_PX)) {
            sr_err(err, errlen, "stroke %d point %d, (%.9g, %.9g), lands at pixel (%.3f, %.3f), "
                   "beyond the renderer's +-%d", s, i - (s ? d->stroke_end[s - 1] : 0),
                   d->xy[2 * i], d->xy[2 * i + 1], x, y, LAVFX_STROKE_MAX_PX);
            return -ERANGE;
        }
    }
    return 0;
}

int lavfx_stroke_layout(const LavfxStrokeDrawing *d, const LavfxStrokeStyle *st,
                        int32_t *pts, uint8_t *colour)
{
    double sx, sy, ox, oy;
    int i, s, k;

    if (st->w < 1 || st->h < 1 || !(st->linewidth > 0))
        return -EINVAL;
    for (s = 0; s < d->nb_strokes; s++) {
        const uint8_t *col = st->color;
        uint8_t tmp[4], *out = colour + 4 * s;
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
        if (st->pix_fmt == LAVFX_STROKE_GRAY) {
            memset(out, 0, 4);
            out[0] = luma(col);
            out[3] = col[3];
        } else {
            memcpy(out, col, 4);
        }
    }
    if (!d->nb_points)
        return 0;

    layout_map(d, st, &sx, &sy, &ox, &oy);
    for (i = 0; i < d->nb_points; i++) {
        pts[2 * i]     = to_q8(ox + sx * d->xy[2 * i]);
        pts[2 * i + 1] = to_q8(oy + sy * d->xy[2 * i + 1]);
    }
    return 0;
}

/*
 * The strokes, compiled three times from the same source, with all they call
 * inlined (flatten): for the baseline target, with AVX2 and with AVX-512
 * (F, VL, BW, DQ) enabled, the canvas choosing (lavfx_stroke_canvas_set_simd).
 * The copies run the same code (stroke_raster.h's SSE2 rows and compositing),
 * VEX or EVEX encoded: three operands save register copies, AVX-512's 32
 * registers the spills, and three-input logic (vpternlogd) merges the masks'
 * and / andnot / or. The same bytes: that code is integer arithmetic, square
 * roots and one division, and FMA is not enabled. GCC builds only; others
 * (Clang's, for fuzzing) have the baseline copy.
 */
#if defined(__x86_64__) && SR_SIMD && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#define STROKES_SIMD 1
#else
#define STROKES_SIMD 0
#endif

static inline void render_strokes(SrCanvas *sc, SrPen *pen, const LavfxStrokeDrawing *d,
                                  const int32_t *pts, const uint8_t *inks)
{
    int s;
    for (s = 0; s < d->nb_strokes; s++) {
        int first = s ? d->stroke_end[s - 1] : 0, n = d->stroke_end[s] - first;
        memcpy(pen->color, inks + 4 * s, 4);
        sr_polyline(sc, pen, pts + 2 * first, n);
    }
}

__attribute__((flatten))
static void render_strokes_c(SrCanvas *sc, SrPen *pen, const LavfxStrokeDrawing *d,
                             const int32_t *pts, const uint8_t *inks)
{
    render_strokes(sc, pen, d, pts, inks);
}

#if STROKES_SIMD
__attribute__((target("avx2"), flatten))
static void render_strokes_avx2(SrCanvas *sc, SrPen *pen, const LavfxStrokeDrawing *d,
                                const int32_t *pts, const uint8_t *inks)
{
    render_strokes(sc, pen, d, pts, inks);
}

__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq"), flatten))
static void render_strokes_avx512(SrCanvas *sc, SrPen *pen, const LavfxStrokeDrawing *d,
                                  const int32_t *pts, const uint8_t *inks)
{
    render_strokes(sc, pen, d, pts, inks);
}
#endif

/* The widest of the builds up to max (enum LavfxStrokeSimd) the CPU runs. */
static int simd_level(int max)
{
#if STROKES_SIMD
    if (max <= LAVFX_STROKE_SIMD_AVX512 && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq"))
        return LAVFX_STROKE_SIMD_AVX512;
    if (max <= LAVFX_STROKE_SIMD_AVX2 && __builtin_cpu_supports("avx2"))
        return LAVFX_STROKE_SIMD_AVX2;
#endif
    return LAVFX_STROKE_SIMD_NONE;
}

int lavfx_stroke_canvas_set_simd(LavfxStrokeCanvas *c, int max)
{
    if (max < LAVFX_STROKE_SIMD_AVX512 || max > LAVFX_STROKE_SIMD_NONE)
        return -EINVAL;
    c->simd = simd_level(max);
    return c->simd;
}

int lavfx_stroke_render(LavfxStrokeCanvas *c, const LavfxStrokeDrawing *d,
                        const LavfxStrokeStyle *st, uint8_t *dst, ptrdiff_t stride)
{
    int ncomp = st->pix_fmt, x, y, k, need = d->nb_points > d->nb_strokes ? d->nb_points : d->nb_strokes;
    uint8_t bg[4], *inks;
    SrCanvas sc;
    SrPen pen;

    if (st->w > c->w || st->h > c->h || st->w < 1 || st->h < 1 ||
        (ncomp != 1 && ncomp != 3 && ncomp != 4) || !(st->linewidth > 0))
        return -EINVAL;
    /* background */
    lavfx_stroke_background(st, bg);
    for (y = 0; y < st->h; y++) {
        uint8_t *row = dst + y * stride;
        if (ncomp == 1) {
            memset(row, bg[0], st->w);
        } else {
            for (x = 0; x < st->w; x++)
                for (k = 0; k < ncomp; k++)
                    row[x * ncomp + k] = bg[k];
        }
    }
    if (!d->nb_points)
        return 0;

    /* pts holds the points (2 int32 each), then the strokes' inks (4 bytes each) */
    if (need > c->pts_cap) {
        int32_t *p = realloc(c->pts, (size_t)need * 3 * sizeof(*p));
        if (!p)
            return -ENOMEM;
        c->pts = p;
        c->pts_cap = need;
    }
    inks = (uint8_t *)(c->pts + 2 * (size_t)need);
    lavfx_stroke_layout(d, st, c->pts, inks);

    /* the row spans are all zero after each stroke, but a frame of another
     * height lays them over entries of the last frame's list */
    if (st->h != c->touched_h) {
        memset(c->touched, 0, 2 * (size_t)st->h * sizeof(*c->touched));
        c->touched_h = st->h;
    }
    sc = (SrCanvas){ dst, stride, st->w, st->h, ncomp, c->ink, c->touched, 0, 0, 1 };
    pen.r  = lavfx_stroke_pen_r(st);
    pen.aa = !!st->aa;
    if (c->lut->r != pen.r || c->lut->aa != pen.aa)
        sr_lut_init(c->lut, pen.r, pen.aa);
    pen.lut = c->lut;
#if STROKES_SIMD
    if (c->simd == LAVFX_STROKE_SIMD_AVX512)
        render_strokes_avx512(&sc, &pen, d, c->pts, inks);
    else if (c->simd == LAVFX_STROKE_SIMD_AVX2)
        render_strokes_avx2(&sc, &pen, d, c->pts, inks);
    else
#endif
        render_strokes_c(&sc, &pen, d, c->pts, inks);
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

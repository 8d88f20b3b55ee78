/*
 * strokerender core unit tests: parsers, layout, rasterizer against Cairo
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
 * Tests of the strokerender core (strokerender.h, stroke_raster.h) without
 * FFmpeg: every parser on valid input and on each kind of bad input; the
 * renderer against Cairo (the oracle: same geometry, same width, round caps
 * and joins) on the Quick, Draw! sample in samples/quickdraw and on random
 * walks; Google's 28x28 recipe; thread-count independence.
 * Prints one line per check and "N passed, M failed" last.
 */

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>

#include "strokerender.h"
#include "stroke_raster.h"

#define SAMPLES "samples/quickdraw"
#define PI 3.14159265358979323846

#include "unit.h"

/* ------------------------------------------------------------------------ */
/* Parsers                                                                  */

/* Reads every record of buf; returns the results in codes[] (1 or < 0) and
 * the last error message. */
static int read_all(const char *buf, size_t len, const char *name, int format, int *codes, int max,
                    char *lasterr, LavfxStrokeDrawing *last)
{
    LavfxStrokeReaderParams p = { .format = format };
    char err[512];
    LavfxStrokeDrawing d = { 0 };
    LavfxStrokeReader *r = lavfx_stroke_reader_open_mem((const uint8_t *)buf, len, name, &p, err, sizeof(err));
    int n = 0, ret;
    lasterr[0] = 0;
    if (!r) {
        snprintf(lasterr, 512, "%s", err);
        return -1;
    }
    while (n < max && (ret = lavfx_stroke_reader_next(r, &d, err, sizeof(err))) != 0) {
        codes[n++] = ret;
        if (ret < 0)
            snprintf(lasterr, 512, "%s", err);
        else if (last) {
            lavfx_stroke_drawing_free(last);
            *last = d;
            memset(&d, 0, sizeof(d));
        }
        if (ret == LAVFX_STROKE_EFILE || (ret < 0 && ret != LAVFX_STROKE_EBAD))
            break;
    }
    lavfx_stroke_drawing_free(&d);
    lavfx_stroke_reader_close(&r);
    return n;
}

/* One bad ndjson line between two good ones: the bad one is reported with
 * the line number and the expected words, the good ones still read. */
static void bad_json(const char *name, const char *line, const char *expect)
{
    char buf[2048], err[512];
    const char *good = "{\"word\":\"ok\",\"key_id\":\"1\",\"drawing\":[[[0,10],[0,10]]]}";
    int codes[8], n;
    snprintf(buf, sizeof(buf), "%s\n%s\n%s\n", good, line, good);
    n = read_all(buf, strlen(buf), "t.ndjson", LAVFX_STROKE_NDJSON, codes, 8, err, NULL);
    check(n == 3 && codes[0] == 1 && codes[1] == LAVFX_STROKE_EBAD && codes[2] == 1 &&
          strstr(err, "t.ndjson:2:") && strstr(err, expect), name,
          "n=%d codes %d %d %d, message '%s' (expected 't.ndjson:2: ...%s')",
          n, n > 0 ? codes[0] : 0, n > 1 ? codes[1] : 0, n > 2 ? codes[2] : 0, err, expect);
}

static void test_ndjson(void)
{
    char err[512], path[512];
    int codes[64], n;
    LavfxStrokeDrawing d = { 0 };
    FILE *f;
    char *buf;
    long len;

    snprintf(path, sizeof(path), "%s/cat.ndjson", SAMPLES);
    f = fopen(path, "rb");
    check(f != NULL, "sample cat.ndjson present", "%s missing", path);
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    buf = malloc(len);
    if (fread(buf, 1, len, f) != (size_t)len)
        len = 0;
    fclose(f);
    n = read_all(buf, len, "cat.ndjson", LAVFX_STROKE_AUTO, codes, 64, err, &d);
    check(n == 10, "cat.ndjson: 10 drawings", "got %d (%s)", n, err);
    check(!strcmp(d.word, "cat") && strlen(d.key_id) == 16 && d.index == 9, "cat.ndjson: word, key_id, index",
          "word '%s' key '%s' index %lld", d.word, d.key_id, (long long)d.index);
    {
        /* the last line parsed independently (python-free): count "[" pairs */
        const char *last = buf + len - 2;
        int strokes = 0, pts = 0, depth = 0, arr = 0;
        while (last > buf && last[-1] != '\n')
            last--;
        for (const char *p = strstr(last, "\"drawing\""); p && *p && *p != '\n'; p++) {
            if (*p == '[') {
                depth++;
                if (depth == 3)
                    arr++;
                if (depth == 2)
                    strokes++;
            } else if (*p == ']') {
                depth--;
            } else if (depth == 3 && arr % 2 == 1 && (*p == ',' || p[-1] == '[')) {
                pts++;
            }
        }
        check(d.nb_strokes == strokes && d.nb_points == pts, "cat.ndjson: last drawing's strokes and points",
              "parsed %d strokes %d points, counted %d %d", d.nb_strokes, d.nb_points, strokes, pts);
    }
    free(buf);
    lavfx_stroke_drawing_free(&d);

    /* raw format: float x, y, t */
    {
        const char *raw = "{\"word\":\"raw\",\"key_id\":5,\"drawing\":[[[10.5,20.25,30],[1.5,2,3.75],[0,17,33]]]}\n";
        n = read_all(raw, strlen(raw), "r.ndjson", LAVFX_STROKE_NDJSON, codes, 8, err, &d);
        check(n == 1 && codes[0] == 1 && d.nb_points == 3 && d.xy[2] == 20.25f && d.xy[5] == 3.75f &&
              !strcmp(d.key_id, "5"), "raw ndjson (floats, t array, integer key_id)", "n %d err %s", n, err);
        lavfx_stroke_drawing_free(&d);
    }
    /* a one-point stroke is valid (a dot) */
    {
        const char *dot = "{\"drawing\":[[[5],[7]]]}\n";
        n = read_all(dot, strlen(dot), "dot.ndjson", LAVFX_STROKE_NDJSON, codes, 8, err, &d);
        check(n == 1 && codes[0] == 1 && d.nb_points == 1, "single-point stroke accepted", "%s", err);
        lavfx_stroke_drawing_free(&d);
    }
    /* blank lines are not records; CRLF is accepted */
    {
        const char *crlf = "\r\n{\"drawing\":[[[5,6],[7,8]]]}\r\n\n  \n{\"drawing\":[[[5,6],[7,8]]]}\r\n";
        n = read_all(crlf, strlen(crlf), "c.ndjson", LAVFX_STROKE_NDJSON, codes, 8, err, &d);
        check(n == 2 && d.index == 1, "blank lines and CRLF", "n %d index %lld", n, (long long)d.index);
        lavfx_stroke_drawing_free(&d);
    }

    bad_json("malformed JSON", "{\"drawing\":[[[1,2],[3,4]]", "malformed JSON");
    bad_json("not an object", "[1,2,3]", "not a JSON object");
    bad_json("missing drawing", "{\"word\":\"x\"}", "no \"drawing\"");
    bad_json("drawing not an array", "{\"drawing\":\"abc\"}", "not an array");
    bad_json("drawing without strokes", "{\"drawing\":[]}", "no strokes");
    bad_json("stroke not x/y arrays", "{\"drawing\":[[1,2]]}", "x, y (and t) must be arrays");
    bad_json("stroke with one array", "{\"drawing\":[[[1,2]]]}", "2 or 3 arrays");
    bad_json("x/y length mismatch", "{\"drawing\":[[[1,2,3],[3,4]]]}", "x has 3 points but y has 2");
    bad_json("non-numeric coordinate", "{\"drawing\":[[[1,\"a\"],[3,4]]]}", "x is not a number");
    bad_json("null coordinate", "{\"drawing\":[[[1,2],[3,null]]]}", "y is not a number");
    bad_json("NaN literal", "{\"drawing\":[[[1,NaN],[3,4]]]}", "malformed JSON");
    bad_json("malformed JSON: the place named", "{\"drawing\":[[[1,2],[3,x]]]}", "column 23, near 'x]]]}'");
    bad_json("trailing text after the record", "{\"drawing\":[[[1,2],[3,4]]]} x", "malformed JSON at column 29, near 'x'");
    bad_json("truncated record", "{\"drawing\":[[[1,2],[3,4", "malformed JSON: the line ends");
    bad_json("duplicate member", "{\"drawing\":[[[1],[2]]],\"drawing\":[[[3],[4]]]}", "duplicate member \"drawing\"");
    bad_json("huge coordinate", "{\"drawing\":[[[1,1e300],[3,4]]]}", "out of range");
    bad_json("empty stroke", "{\"drawing\":[[[1,2],[3,4]],[[],[]]]}", "stroke 1 is empty");

    n = read_all("", 0, "empty.ndjson", LAVFX_STROKE_NDJSON, codes, 8, err, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EFILE && strstr(err, "empty.ndjson: the file is empty"),
          "empty file", "n %d code %d '%s'", n, n ? codes[0] : 0, err);
    n = read_all("\n\n", 2, "blank.ndjson", LAVFX_STROKE_NDJSON, codes, 8, err, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EFILE, "file of blank lines is empty", "n %d '%s'", n, err);
    /* text that is not CSV numbers: its line is a header, and the message
     * says so rather than calling a non-empty file empty */
    n = read_all("hello world\n", 12, "junk.txt", LAVFX_STROKE_CSV, codes, 8, err, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EFILE && strstr(err, "junk.txt: no records: its first line "
          "was read as a header of names"), "CSV: a header line alone is said to be one",
          "n %d code %d '%s'", n, n ? codes[0] : 0, err);
    n = read_all("\n\n", 2, "blank.csv", LAVFX_STROKE_CSV, codes, 8, err, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EFILE && strstr(err, "blank.csv: the file is empty"),
          "CSV: a file of blank lines is empty", "n %d '%s'", n, err);
    {
        LavfxStrokeReader *r = lavfx_stroke_reader_open("/nonexistent/x.ndjson", NULL, err, sizeof(err));
        check(!r && strstr(err, "/nonexistent/x.ndjson: cannot open"), "missing file", "'%s'", err);
        errno = 0;
        r = lavfx_stroke_reader_open("/", NULL, err, sizeof(err));
        check(!r && errno == EISDIR && strstr(err, "/: cannot open: Is a directory"),
              "a directory is refused when opened, not at its first read", "'%s'", err);
    }
}

/* Appends one .bin record; n[s] points per stroke, coordinates from a pattern. */
static size_t bin_record(uint8_t *out, uint64_t key, int ns, const int *n)
{
    size_t o = 0;
    int s, i;
    for (i = 0; i < 8; i++)
        out[o++] = (uint8_t)(key >> (8 * i));
    out[o++] = 'U';
    out[o++] = 'S';
    out[o++] = 1;
    for (i = 0; i < 4; i++)
        out[o++] = (uint8_t)(1490000000u >> (8 * i));
    out[o++] = (uint8_t)ns;
    out[o++] = (uint8_t)(ns >> 8);
    for (s = 0; s < ns; s++) {
        out[o++] = (uint8_t)n[s];
        out[o++] = (uint8_t)(n[s] >> 8);
        for (i = 0; i < n[s]; i++)
            out[o++] = (uint8_t)(10 * s + i);
        for (i = 0; i < n[s]; i++)
            out[o++] = (uint8_t)(200 - i);
    }
    return o;
}

static void test_bin(void)
{
    uint8_t buf[4096];
    char err[512];
    int codes[8], n3[3] = { 3, 1, 5 }, n0[2] = { 2, 0 }, n0e[2] = { 0, 2 }, n;
    size_t a, b, c;
    LavfxStrokeDrawing d = { 0 };

    a = bin_record(buf, 5201136883597312ull, 3, n3);
    b = a + bin_record(buf + a, 42, 3, n3);
    n = read_all((char *)buf, b, "cat.bin", LAVFX_STROKE_AUTO, codes, 8, err, &d);
    check(n == 2 && codes[0] == 1 && codes[1] == 1 && d.nb_strokes == 3 && d.nb_points == 9 &&
          !strcmp(d.key_id, "42") && !strcmp(d.word, "cat") && d.xy[2 * 3] == 10 && d.xy[2 * 4 + 1] == 200,
          ".bin: two records, strokes, points, key_id, word from file name",
          "n %d strokes %d points %d key %s word %s (%s)", n, d.nb_strokes, d.nb_points, d.key_id, d.word, err);
    n = read_all((char *)buf, a, "x.bin", LAVFX_STROKE_BIN, codes, 8, err, &d);
    check(n == 1 && !strcmp(d.key_id, "5201136883597312"), ".bin: 64-bit key_id", "key %s", d.key_id);

    /* truncated in the second record's points */
    n = read_all((char *)buf, b - 3, "t.bin", LAVFX_STROKE_BIN, codes, 8, err, NULL);
    check(n == 2 && codes[1] == LAVFX_STROKE_EBAD && strstr(err, "t.bin: byte") &&
          strstr(err, "truncated record (started at byte") , ".bin: truncated record reported with offsets",
          "n %d '%s'", n, err);
    n = read_all((char *)buf, a + 5, "t.bin", LAVFX_STROKE_BIN, codes, 8, err, NULL);
    check(n == 2 && codes[1] == LAVFX_STROKE_EBAD && strstr(err, "17-byte header"),
          ".bin: truncated header", "n %d '%s'", n, err);
    c = bin_record(buf, 7, 2, n0);
    c += bin_record(buf + c, 8, 3, n3);
    n = read_all((char *)buf, c, "e.bin", LAVFX_STROKE_BIN, codes, 8, err, NULL);
    check(n == 2 && codes[0] == LAVFX_STROKE_EBAD && codes[1] == 1 && strstr(err, "stroke 1 is empty"),
          ".bin: empty stroke skipped, next record read", "n %d '%s'", n, err);
    c = bin_record(buf, 7, 2, n0e);     /* the empty stroke first, a good one after it */
    c += bin_record(buf + c, 8, 3, n3);
    n = read_all((char *)buf, c, "e.bin", LAVFX_STROKE_BIN, codes, 8, err, NULL);
    check(n == 2 && codes[0] == LAVFX_STROKE_EBAD && codes[1] == 1 && strstr(err, "stroke 0 is empty"),
          ".bin: an empty first stroke is reported too", "n %d codes %d %d '%s'", n, codes[0], codes[1], err);
    check(lavfx_stroke_detect_format("x", buf, c) == LAVFX_STROKE_BIN, ".bin detected by content",
          "format %d", lavfx_stroke_detect_format("x", buf, c));
    c = bin_record(buf, 0x123456789a7bull, 1, n3);     /* key_id's first byte is '{' */
    check(lavfx_stroke_detect_format("x", buf, c) == LAVFX_STROKE_BIN, ".bin whose key_id starts with '{' detected",
          "format %d", lavfx_stroke_detect_format("x", buf, c));
    check(lavfx_stroke_detect_format("x", (const uint8_t *)"{ \"word\":1}", 12) == LAVFX_STROKE_NDJSON &&
          lavfx_stroke_detect_format("x", (const uint8_t *)"{}\n", 3) == LAVFX_STROKE_NDJSON &&
          lavfx_stroke_detect_format("x", (const uint8_t *)"{", 1) == LAVFX_STROKE_NDJSON,
          "ndjson detected by '{' then a name or '}'", "");
    c = bin_record(buf, 7, 0, n0);
    n = read_all((char *)buf, c, "z.bin", LAVFX_STROKE_BIN, codes, 8, err, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EBAD && strstr(err, "has no strokes"), ".bin: record without strokes",
          "n %d '%s'", n, err);
    lavfx_stroke_drawing_free(&d);
}

static void test_csv(void)
{
    const char *rows = "name,v1,v2,v3\nA,1,2,3,4,5,6,7\nB,7,6,5,4,3,2,1\n";
    const char *bad  = "1,2,3\n1,x,3\n4,5,6\n";
    const char *quoted = "\"a\",\"1\",\"2\",\"3\"\n\"b\",\" 6\",\"5\",\"4 \"\n";
    char err[512];
    int codes[32], n;
    LavfxStrokeDrawing d = { 0 };
    LavfxStrokeReaderParams p = { .format = LAVFX_STROKE_CSV, .window = 3, .stride = 2 };
    LavfxStrokeReader *r;

    n = read_all(rows, strlen(rows), "s.csv", LAVFX_STROKE_AUTO, codes, 32, err, &d);
    check(n == 2 && d.nb_points == 7 && d.chart && !strcmp(d.word, "B") && d.xy[1] == 0.0f && d.xy[13] == 255.0f,
          "csv rows: one chart per row, label, y scaled (max on top)", "n %d points %d word %s", n, d.nb_points, d.word);
    /* windows of 3 with stride 2 over 7 values: starts 0, 2, 4 -> 3 per row */
    r = lavfx_stroke_reader_open_mem((const uint8_t *)rows, strlen(rows), "s.csv", &p, err, sizeof(err));
    n = 0;
    while (r && lavfx_stroke_reader_next(r, &d, err, sizeof(err)) == 1)
        n++;
    check(n == 6 && d.nb_points == 3, "csv window=3 stride=2: 3 charts per row", "got %d", n);
    lavfx_stroke_reader_close(&r);
    n = read_all(bad, strlen(bad), "b.csv", LAVFX_STROKE_CSV, codes, 32, err, NULL);
    check(n == 3 && codes[1] == LAVFX_STROKE_EBAD && strstr(err, "b.csv:2: field 2 ('x') is not a number"),
          "csv: non-numeric field", "n %d '%s'", n, err);
    n = read_all(quoted, strlen(quoted), "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 2 && codes[0] == 1 && codes[1] == 1 && !strcmp(d.word, "b") && d.nb_points == 3 &&
          d.xy[1] == 0.0f && d.xy[5] == 255.0f, "csv rows: quoted cells, as the columns layout reads them",
          "n %d word '%s' points %d (%s)", n, d.word, d.nb_points, err);
    /* RFC 4180 quoting: separators inside quotes, "" for a quote */
    {
        static const char q[] = "\"a, b\";1;2;3\n\"say \"\"hi;\"\"\";4;\"5\";6\n";
        n = read_all(q, strlen(q), "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    }
    check(n == 2 && codes[0] == 1 && codes[1] == 1 && !strcmp(d.word, "say \"hi;\"") && d.nb_points == 3,
          "csv rows: a quoted cell keeps its separators and \"\" quotes", "n %d word '%s' points %d (%s)",
          n, d.word, d.nb_points, err);
    /* one separator per file, from the first line that has one: tab, else
     * ';', else ',' (a decimal comma in a ';' file is not a separator) */
    n = read_all("date;a;b\nkurs;1,5;2,5;3,25\n", 27, "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 1 && codes[0] == LAVFX_STROKE_EBAD && strstr(err, "q.csv:2: field 2 ('1,5') is not a number"),
          "csv rows: a decimal comma in a ';' file is a bad field, not a separator", "n %d '%s'", n, err);
    n = read_all("x,y\t1\t2\t3\n", 10, "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 1 && codes[0] == 1 && !strcmp(d.word, "x,y") && d.nb_points == 3,
          "csv rows: a tab file keeps commas in its labels", "n %d word '%s' points %d (%s)",
          n, d.word, d.nb_points, err);
    n = read_all("0x1F,1,2,3\n", 11, "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 1 && codes[0] == 1 && !strcmp(d.word, "0x1F") && d.nb_points == 3,
          "csv rows: a hexadecimal-looking first field is a label", "n %d word '%s' points %d (%s)",
          n, d.word, d.nb_points, err);
    n = read_all("12\" pizza,1,2,3\n", 16, "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 1 && codes[0] == 1 && !strcmp(d.word, "12\" pizza") && d.nb_points == 3,
          "csv rows: a '\"' inside a label does not quote the separators after it", "n %d word '%s' points %d (%s)",
          n, d.word, d.nb_points, err);
    n = read_all("name\ns;1;2;3\n", 13, "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 1 && codes[0] == 1 && !strcmp(d.word, "s") && d.nb_points == 3,
          "csv rows: the separator from the first line that has one", "n %d word '%s' points %d (%s)",
          n, d.word, d.nb_points, err);
    n = read_all("s,1,1e301,3\ns,1,1e300,3\n", 24, "q.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 2 && codes[0] == LAVFX_STROKE_EBAD && codes[1] == 1 &&
          strstr(err, "q.csv:1: field 3 ('1e301') is out of range (|v| <= 1e300)"),
          "csv rows: a finite value beyond 1e300 is out of range, not \"not finite\"", "n %d '%s'", n, err);
    /* format=auto by content: UTF-8 text is CSV, a BOM before '{' ndjson */
    for (n = 0; n < 4; n++) {
        static const char *const heads[4] = { "Z\xc3\xbcrich,1,2,3\nBern,4,5,1\n", "\xef\xbb\xbf" "a,1,2\n",
                                              "\xef\xbb\xbf{\"drawing\":[]}\n", "a,1,\xc3" };
        static const int want[4] = { LAVFX_STROKE_CSV, LAVFX_STROKE_CSV, LAVFX_STROKE_NDJSON, LAVFX_STROKE_CSV };
        int f = lavfx_stroke_detect_format("data", (const uint8_t *)heads[n], strlen(heads[n]));
        char name[80];
        snprintf(name, sizeof(name), "format by content: UTF-8 text, BOM (case %d)", n);
        check(f == want[n], name, "format %d, expected %d", f, want[n]);
    }
    n = read_all("\xef\xbb\xbf" "ab,1,2\n", 10, "bom.csv", LAVFX_STROKE_CSV, codes, 32, err, &d);
    check(n == 1 && codes[0] == 1 && !strcmp(d.word, "ab"), "csv: a UTF-8 byte order mark is not part of the label",
          "n %d word '%s' (%s)", n, d.word, err);
    check(lavfx_stroke_detect_format("data", (const uint8_t *)"a,\xc3(,1\n", 8) == LAVFX_STROKE_BIN,
          "format by content: bytes that are not UTF-8 are .bin", "not .bin");
    lavfx_stroke_drawing_free(&d);
}

/* Reads every chart of a columns-layout CSV: words (space separated) and
 * codes; the last error message; the drawing of chart keep (or none). */
static int read_cols(const char *buf, int window, int stride, int *codes, int max, char *words,
                     char *lasterr, int keep, LavfxStrokeDrawing *kept)
{
    LavfxStrokeReaderParams p = { .format = LAVFX_STROKE_CSV, .csv_layout = LAVFX_STROKE_CSV_COLUMNS,
                                  .window = window, .stride = stride };
    LavfxStrokeDrawing d = { 0 };
    char err[512];
    LavfxStrokeReader *r = lavfx_stroke_reader_open_mem((const uint8_t *)buf, strlen(buf), "c.csv", &p,
                                                        err, sizeof(err));
    int n = 0, ret;
    words[0] = lasterr[0] = 0;
    if (!r) {
        snprintf(lasterr, 512, "%s", err);
        return -1;
    }
    while (n < max && (ret = lavfx_stroke_reader_next(r, &d, err, sizeof(err))) != 0) {
        codes[n] = ret;
        if (ret == 1) {
            strcat(words, d.word);
            if (n == keep && kept) {
                *kept = d;
                memset(&d, 0, sizeof(d));
            }
        } else {
            strcat(words, "!");
            snprintf(lasterr, 512, "%s", err);
        }
        strcat(words, " ");
        n++;
        if (ret < 0 && ret != LAVFX_STROKE_EBAD)
            break;
    }
    lavfx_stroke_drawing_free(&d);
    lavfx_stroke_reader_close(&r);
    return n;
}

static void test_csv_columns(void)
{
    /* a date column (labels, not drawn), three series; the same series as rows */
    const char *cols = "date,a,b,c\n2000-01-01,1,7,5\n2000-01-02,2,6,5\n2000-01-03,3,5,5\n"
                       "2000-01-04,4,4,5\n2000-01-05,5,3,5\n2000-01-06,6,2,5\n2000-01-07,7,1,5\n";
    const char *rows = "a,1,2,3,4,5,6,7\nb,7,6,5,4,3,2,1\nc,5,5,5,5,5,5,5\n";
    char words[1024], err[512];
    int codes[256], n, i, same = 1, rc[8];
    LavfxStrokeDrawing d = { 0 }, e = { 0 };

    n = read_cols(cols, 0, 0, codes, 256, words, err, 1, &d);
    check(n == 3 && !strcmp(words, "a b c "), "csv columns: one chart per column, named by the header",
          "n %d words '%s' (%s)", n, words, err);
    n = read_all(rows, strlen(rows), "r.csv", LAVFX_STROKE_CSV, rc, 8, err, NULL);
    check(n == 3 && rc[0] == 1 && rc[1] == 1 && rc[2] == 1, "csv rows: the rows layout reads 3 charts",
          "n %d codes %d %d %d (%s)", n, n > 0 ? rc[0] : 0, n > 1 ? rc[1] : 0, n > 2 ? rc[2] : 0, err);
    {
        /* the second row of the rows layout is column b */
        LavfxStrokeReaderParams p = { .format = LAVFX_STROKE_CSV };
        LavfxStrokeReader *r = lavfx_stroke_reader_open_mem((const uint8_t *)rows, strlen(rows), "r.csv", &p,
                                                            err, sizeof(err));
        lavfx_stroke_reader_next(r, &e, err, sizeof(err));
        lavfx_stroke_reader_next(r, &e, err, sizeof(err));
        lavfx_stroke_reader_close(&r);
    }
    for (i = 0; i < 14 && d.nb_points == 7 && e.nb_points == 7; i++)
        same &= d.xy[i] == e.xy[i];
    check(same && d.nb_points == 7 && e.nb_points == 7 && d.chart && !strcmp(d.key_id, "3:0"),
          "csv columns: column b's chart is row b's chart (key_id field:row)",
          "points %d/%d same %d key '%s'", d.nb_points, e.nb_points, same, d.key_id);
    lavfx_stroke_drawing_free(&d);
    lavfx_stroke_drawing_free(&e);

    /* windows of 3 rows, stride 2, over 7 rows: starts 0, 2, 4; columns within a window */
    n = read_cols(cols, 3, 2, codes, 256, words, err, 4, &d);
    check(n == 9 && !strcmp(words, "a b c a b c a b c ") && d.nb_points == 3 && !strcmp(d.key_id, "3:2") &&
          d.xy[1] == 0.0f && d.xy[5] == 255.0f,
          "csv columns window=3 stride=2: 3 windows x 3 columns, window-major",
          "n %d words '%s' points %d key '%s' (%s)", n, words, d.nb_points, d.key_id, err);
    lavfx_stroke_drawing_free(&d);
    n = read_cols(cols, 2, 4, codes, 256, words, err, -1, NULL);
    check(n == 6 && !strcmp(words, "a b c a b c "), "csv columns stride > window: rows between skipped",
          "n %d words '%s'", n, words);

    /* no header: columns named by number */
    n = read_cols("1,2\n3,4\n5,7\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "1 2 "), "csv columns without header: named 1, 2", "n %d '%s'", n, words);

    /* bad cells: only the charts holding them, named by line and column */
    {
        const char *bad = "t,a,b\nd1,1,1\nd2,2,2\nd3,3,3\nd4,4,x\nd5,5,5\nd6,6,6\n";
        n = read_cols(bad, 0, 0, codes, 256, words, err, -1, NULL);
        check(n == 2 && !strcmp(words, "a ! ") && codes[1] == LAVFX_STROKE_EBAD &&
              strstr(err, "c.csv:5: column 'b' (field 3): 'x' is not a number"),
              "csv columns: a bad cell fails its column's chart (file:line, column)", "n %d '%s' '%s'", n, words, err);
        n = read_cols(bad, 2, 2, codes, 256, words, err, -1, NULL);
        check(n == 6 && !strcmp(words, "a b a ! a b ") && strstr(err, "c.csv:5:") && strstr(err, "rows 2-3"),
              "csv columns windows: only the window holding the bad cell", "n %d '%s' '%s'", n, words, err);
        n = read_cols("a,b\n1,2\n3\n4,5\n", 0, 0, codes, 256, words, err, -1, NULL);
        check(n == 2 && !strcmp(words, "! ! ") && strstr(err, "c.csv:3: column 'b': 1 fields, the first line has 2"),
              "csv columns: a short line fails every column", "n %d '%s' '%s'", n, words, err);
        n = read_cols("a,b\n1,2\n3,x\n4\n5,6\n", 0, 0, codes, 256, words, err, -1, NULL);
        check(n == 2 && !strcmp(words, "! ! ") && strstr(err, "c.csv:3: column 'b' (field 2): 'x' is not a number"),
              "csv columns: a column's first bad cell is named, not a later short line", "n %d '%s' '%s'",
              n, words, err);
        n = read_cols("a,b\n1,2\n3,nan\n4,\n", 0, 0, codes, 256, words, err, -1, NULL);
        check(n == 2 && !strcmp(words, "a ! ") && strstr(err, "c.csv:3: column 'b' (field 2): 'nan' is not finite"),
              "csv columns: a NaN cell", "n %d '%s' '%s'", n, words, err);
        n = read_cols("a,b\n1,2\n3,4\n4,\n", 0, 0, codes, 256, words, err, -1, NULL);
        check(n == 2 && !strcmp(words, "a ! ") && strstr(err, "c.csv:4: column 'b' (field 2): '' is empty"),
              "csv columns: an empty cell", "n %d '%s' '%s'", n, words, err);
    }
    /* a first line is a header only when a cell is text: an empty, NaN or
     * huge cell there is data, a bad cell of its column */
    n = read_cols("1,,3\n4,5,6\n7,8,9\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 3 && !strcmp(words, "1 ! 3 ") && strstr(err, "c.csv:1: column '2' (field 2): '' is empty"),
          "csv columns: a first line with an empty cell is data, not a header", "n %d '%s' '%s'", n, words, err);
    n = read_cols(",0,1\n0,1.5,2.5\n1,3,4\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "0 1 "), "csv columns: pandas' unnamed index column is not drawn, integer names",
          "n %d '%s' '%s'", n, words, err);
    n = read_cols("\"\"\n1\n2\n3\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 1 && !strcmp(words, " "), "csv columns: one column with an empty name is drawn, not an index",
          "n %d '%s' '%s'", n, words, err);
    n = read_cols(",a\nx,1.5\ny,3\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 1 && !strcmp(words, "a "), "csv columns: an unnamed index of text labels is not drawn",
          "n %d '%s' '%s'", n, words, err);
    n = read_cols("a\"b,c\n1,2\n3,4\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "a\"b c "), "csv columns: a '\"' inside a name does not quote the separators after it",
          "n %d '%s' '%s'", n, words, err);
    n = read_cols("nan,2\n3,4\n5,6\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "! 2 ") && strstr(err, "c.csv:1: column '1' (field 1): 'nan' is not finite"),
          "csv columns: a first line with nan is data, not a header", "n %d '%s' '%s'", n, words, err);
    n = read_cols("a;b\n1;2,5\n3;4\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "a ! ") && strstr(err, "c.csv:2: column 'b' (field 2): '2,5' is not a number"),
          "csv columns: a decimal comma in a ';' file is a bad cell", "n %d '%s' '%s'", n, words, err);
    n = read_cols("a,b\n1,0x10\n2,3\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "a ! ") && strstr(err, "'0x10' is not a number"),
          "csv columns: C's hexadecimal is not a CSV number", "n %d '%s' '%s'", n, words, err);
    n = read_cols("a,b\n1,\r0x10\n2,3\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "a ! ") && strstr(err, "is not a number"),
          "csv columns: hexadecimal after other white space is not a number either", "n %d '%s' '%s'",
          n, words, err);
    n = read_cols("a,b\n1,1e301\n2,3\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "a ! ") && strstr(err, "'1e301' is out of range (|v| <= 1e300)"),
          "csv columns: a finite value beyond 1e300 is out of range", "n %d '%s' '%s'", n, words, err);
    n = read_cols("a,b\n1,2\n3,4\n", 5, 0, codes, 256, words, err, -1, NULL);
    check(n == 2 && !strcmp(words, "! ! ") && strstr(err, "column 'b': 2 values: a chart needs at least 5"),
          "csv columns: fewer rows than a window, once per column", "n %d '%s' '%s'", n, words, err);
    n = read_cols("a,b\n", 0, 0, codes, 256, words, err, -1, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EFILE, "csv columns: a header alone is an empty file",
          "n %d '%s'", n, err);

    /* a long file in windows: constant memory (window x columns values), all charts */
    {
        size_t cap = 100000 * 24, len = 0;
        char *big = malloc(cap);
        LavfxStrokeReaderParams p = { .format = LAVFX_STROKE_CSV, .csv_layout = LAVFX_STROKE_CSV_COLUMNS,
                                      .window = 100 };
        LavfxStrokeReader *r;
        int k = 0, pass;
        len += snprintf(big, cap, "x,y\n");
        for (i = 0; i < 100000; i++)
            len += snprintf(big + len, cap - len, "%d,%d\n", i % 97, (i * 7) % 101);
        for (pass = 0; pass < 2; pass++) {
            r = lavfx_stroke_reader_open_mem((const uint8_t *)big, len, "big.csv", &p, err, sizeof(err));
            while (r && lavfx_stroke_reader_next(r, &d, err, sizeof(err)) == 1)
                k++;
            if (r && !pass) {       /* rewind (loop) reads it all again */
                lavfx_stroke_reader_rewind(r);
                while (lavfx_stroke_reader_next(r, &d, err, sizeof(err)) == 1)
                    k++;
            }
            lavfx_stroke_reader_close(&r);
            p.window = 0;
        }
        check(k == 2000 + 2000 + 2, "csv columns: 100,000 rows, window 100: 2,000 charts; rewind; whole columns",
              "%d charts (%s)", k, err);
        check(d.nb_points == 100000 && !strcmp(d.word, "y"), "csv columns: a whole column of 100,000 points",
              "%d points word %s", d.nb_points, d.word);
        free(big);
        lavfx_stroke_drawing_free(&d);
    }
}

/* ------------------------------------------------------------------------ */
/* Rendering against Cairo                                                   */

typedef struct Err {
    double sum;
    long ink;
    int max;
} Err;

static void err_add(Err *e, const uint8_t *a, int astride, const uint8_t *b, int bstride, int bstep,
                    int w, int h)
{
    int x, y;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            int p = a[y * astride + x], q = b[y * bstride + x * bstep], d = abs(p - q);
            if (p || q) {
                e->ink++;
                e->sum += d;
            }
            if (d > e->max)
                e->max = d;
        }
}

/* Cairo: the drawing's strokes (0-256 units) on an A8 w x w surface scaled
 * by w / 256, line width lw frame pixels, round caps and joins. */
static cairo_surface_t *cairo_draw(const LavfxStrokeDrawing *d, int w, double lw)
{
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_A8, w, w);
    cairo_t *cr = cairo_create(sf);
    int s, i;
    cairo_scale(cr, w / 256.0, w / 256.0);
    cairo_set_line_width(cr, lw * 256.0 / w);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (s = 0; s < d->nb_strokes; s++) {
        int first = s ? d->stroke_end[s - 1] : 0;
        cairo_move_to(cr, d->xy[2 * first], d->xy[2 * first + 1]);
        for (i = first; i < d->stroke_end[s]; i++)
            cairo_line_to(cr, d->xy[2 * i], d->xy[2 * i + 1]);
        cairo_stroke(cr);
    }
    cairo_destroy(cr);
    cairo_surface_flush(sf);
    return sf;
}

static void render_vs_cairo(const LavfxStrokeDrawing *d, int w, double lw, Err *e)
{
    LavfxStrokeStyle st = { .w = w, .h = w, .pix_fmt = LAVFX_STROKE_GRAY, .linewidth = lw, .aa = 1,
                            .color = { 255, 255, 255, 255 }, .bg = { 0, 0, 0, 255 },
                            .fit = LAVFX_STROKE_FIT_NONE };
    LavfxStrokeCanvas *c = lavfx_stroke_canvas_alloc(w, w);
    uint8_t *img = malloc((size_t)w * w);
    cairo_surface_t *sf = cairo_draw(d, w, lw);
    lavfx_stroke_render(c, d, &st, img, w);
    err_add(e, img, w, cairo_image_surface_get_data(sf), cairo_image_surface_get_stride(sf), 1, w, w);
    cairo_surface_destroy(sf);
    free(img);
    lavfx_stroke_canvas_free(&c);
}

/* Every drawing of every samples/quickdraw file: f(drawing, arg). */
static int for_each_sample(void (*fn)(const LavfxStrokeDrawing *, void *), void *arg)
{
    DIR *dir = opendir(SAMPLES);
    struct dirent *de;
    int nb = 0;
    if (!dir)
        return 0;
    while ((de = readdir(dir))) {
        char path[1024], err[512];
        LavfxStrokeReader *r;
        LavfxStrokeDrawing d = { 0 };
        if (!strstr(de->d_name, ".ndjson"))
            continue;
        snprintf(path, sizeof(path), "%s/%s", SAMPLES, de->d_name);
        r = lavfx_stroke_reader_open(path, NULL, err, sizeof(err));
        while (r && lavfx_stroke_reader_next(r, &d, err, sizeof(err)) == 1) {
            fn(&d, arg);
            nb++;
        }
        lavfx_stroke_reader_close(&r);
        lavfx_stroke_drawing_free(&d);
    }
    closedir(dir);
    return nb;
}

typedef struct SampleArg {
    int w;
    double lw;
    Err e;
} SampleArg;

static void sample_vs_cairo(const LavfxStrokeDrawing *d, void *arg)
{
    SampleArg *a = arg;
    render_vs_cairo(d, a->w, a->lw, &a->e);
}

/* A random walk of n points filling most of the 256 square. */
static void random_walk(LavfxStrokeDrawing *d, int n, uint32_t seed)
{
    double x = 0, y = 0, lo[2] = { 0, 0 }, hi[2] = { 0, 0 };
    int i;
    d->nb_strokes = 1;
    d->nb_points = n;
    d->stroke_end = realloc(d->stroke_end, sizeof(int));
    d->xy = realloc(d->xy, 2 * n * sizeof(float));
    d->stroke_end[0] = n;
    for (i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        x += (seed >> 8) / 16777216.0 - 0.5;
        seed = seed * 1664525u + 1013904223u;
        y += (seed >> 8) / 16777216.0 - 0.5;
        d->xy[2 * i] = (float)x;
        d->xy[2 * i + 1] = (float)y;
        lo[0] = x < lo[0] ? x : lo[0];
        hi[0] = x > hi[0] ? x : hi[0];
        lo[1] = y < lo[1] ? y : lo[1];
        hi[1] = y > hi[1] ? y : hi[1];
    }
    for (i = 0; i < n; i++) {
        double s = fmin(236 / (hi[0] - lo[0] + 1e-9), 236 / (hi[1] - lo[1] + 1e-9));
        d->xy[2 * i]     = (float)(10 + (d->xy[2 * i] - lo[0]) * s);
        d->xy[2 * i + 1] = (float)(10 + (d->xy[2 * i + 1] - lo[1]) * s);
    }
}

static void test_vs_cairo(void)
{
    static const struct { int w; double lw; } cases[] = { { 256, 2 }, { 256, 3 }, { 64, 2 }, { 224, 2 } };
    LavfxStrokeDrawing d = { 0 };
    char name[128];
    unsigned k;
    int i;

    for (k = 0; k < 3; k++) {
        SampleArg a = { cases[k].w, cases[k].lw, { 0, 0, 0 } };
        int nb = for_each_sample(sample_vs_cairo, &a);
        double mae = a.e.ink ? a.e.sum / a.e.ink : 99;
        snprintf(name, sizeof(name), "Quick, Draw! sample vs Cairo, %dx%d, width %g: ink MAE <= 2",
                 cases[k].w, cases[k].w, cases[k].lw);
        check(nb >= 100 && mae <= 2.0, name, "%d drawings, MAE %.3f", nb, mae);
        printf("   (%d drawings, %ld ink pixels, MAE %.3f gray levels, max %d)\n", nb, a.e.ink, mae, a.e.max);
    }
    for (k = 2; k < 4; k++) {
        Err e = { 0 };
        double mae;
        for (i = 0; i < 50; i++) {
            random_walk(&d, 100, 1234 + i);
            render_vs_cairo(&d, cases[k].w, cases[k].lw, &e);
        }
        mae = e.sum / e.ink;
        snprintf(name, sizeof(name), "random walks (100 points) vs Cairo, %dx%d, width %g: ink MAE <= 2",
                 cases[k].w, cases[k].w, cases[k].lw);
        check(mae <= 2.0, name, "MAE %.3f", mae);
        printf("   (50 walks, %ld ink pixels, MAE %.3f gray levels, max %d)\n", e.ink, mae, e.max);
    }
    lavfx_stroke_drawing_free(&d);
}

/* Joins: two long segments meeting at every angle (5 degree steps) and at
 * sub-pixel offsets; no pixel more than 32 gray levels from Cairo. */
static void test_joins(void)
{
    static const double widths[] = { 2, 3, 6, 16 };
    LavfxStrokeDrawing d = { 0 };
    unsigned k;
    d.nb_strokes = 1;
    d.nb_points = 3;
    d.stroke_end = malloc(sizeof(int));
    d.stroke_end[0] = 3;
    d.xy = malloc(6 * sizeof(float));
    for (k = 0; k < sizeof(widths) / sizeof(widths[0]); k++) {
        Err e = { 0 };
        char name[128];
        int deg, sub;
        for (deg = 0; deg < 360; deg += 5)
            for (sub = 0; sub < 4; sub++) {
                double th = deg * PI / 180, cx = 128 + sub * 1.0, cy = 129.2 + sub * 0.68;
                d.xy[0] = (float)(cx - 80);
                d.xy[1] = (float)(cy + 5.2);
                d.xy[2] = (float)cx;
                d.xy[3] = (float)cy;
                d.xy[4] = (float)(cx + 80 * cos(th));
                d.xy[5] = (float)(cy + 80 * sin(th));
                render_vs_cairo(&d, 64, widths[k], &e);
            }
        snprintf(name, sizeof(name), "joins at 72 angles vs Cairo, width %g: no pixel off by > 32", widths[k]);
        check(e.max <= 32, name, "max %d", e.max);
        printf("   (ink MAE %.3f, max %d)\n", e.sum / e.ink, e.max);
    }
    lavfx_stroke_drawing_free(&d);
}

/* Google's recipe (quickdraw-dataset README, vector_to_raster): Cairo ARGB32
 * 28x28, ANTIALIAS_BEST, round caps and joins, width 16, padding 16, scale
 * 28/304, translate 24, each drawing offset by (256 - bbox max) / 2. */
static void google_28(const LavfxStrokeDrawing *d, uint8_t *out)
{
    cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 28, 28);
    cairo_t *cr = cairo_create(sf);
    double mx = 0, my = 0, ox, oy, total = 2 * 16 + 16;
    int s, i, y;
    const uint8_t *data;
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_BEST);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_width(cr, 16);
    cairo_scale(cr, 28 / (256 + total), 28 / (256 + total));
    cairo_translate(cr, total / 2, total / 2);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_paint(cr);
    for (i = 0; i < d->nb_points; i++) {
        mx = fmax(mx, d->xy[2 * i]);
        my = fmax(my, d->xy[2 * i + 1]);
    }
    ox = (256 - mx) / 2;
    oy = (256 - my) / 2;
    cairo_set_source_rgb(cr, 1, 1, 1);
    for (s = 0; s < d->nb_strokes; s++) {
        int first = s ? d->stroke_end[s - 1] : 0;
        cairo_move_to(cr, d->xy[2 * first] + ox, d->xy[2 * first + 1] + oy);
        for (i = first; i < d->stroke_end[s]; i++)
            cairo_line_to(cr, d->xy[2 * i] + ox, d->xy[2 * i + 1] + oy);
        cairo_stroke(cr);
    }
    cairo_surface_flush(sf);
    data = cairo_image_surface_get_data(sf);
    for (y = 0; y < 28; y++)
        for (i = 0; i < 28; i++)
            out[y * 28 + i] = data[y * cairo_image_surface_get_stride(sf) + 4 * i];  /* blue byte */
    cairo_destroy(cr);
    cairo_surface_destroy(sf);
}

/* Ground truth: 8x8 samples per pixel, each inside a stroke when within
 * lw / 2 of one of its segments (x, y transformed by scale, offset);
 * strokes composited white over black, as Cairo does. */
static void supersample(const LavfxStrokeDrawing *d, int w, double lw, double sc, double ox, double oy,
                        uint8_t *out)
{
    double r2 = lw * lw / 4, acc;
    int x, y, s, i, sx, sy;
    for (y = 0; y < w; y++)
        for (x = 0; x < w; x++) {
            acc = 0;
            for (s = 0; s < d->nb_strokes; s++) {
                int first = s ? d->stroke_end[s - 1] : 0, in = 0;
                for (sy = 0; sy < 8; sy++)
                    for (sx = 0; sx < 8; sx++) {
                        double px = x + (sx + 0.5) / 8, py = y + (sy + 0.5) / 8;
                        for (i = first; i < d->stroke_end[s]; i++) {
                            int j = i + 1 < d->stroke_end[s] ? i + 1 : i;
                            double ax = ox + sc * d->xy[2 * i], ay = oy + sc * d->xy[2 * i + 1];
                            double bx = ox + sc * d->xy[2 * j], by = oy + sc * d->xy[2 * j + 1];
                            double vx = bx - ax, vy = by - ay, l2 = vx * vx + vy * vy, t = 0, ex, ey;
                            if (l2 > 0)
                                t = fmin(1, fmax(0, ((px - ax) * vx + (py - ay) * vy) / l2));
                            ex = ax + t * vx - px;
                            ey = ay + t * vy - py;
                            if (ex * ex + ey * ey <= r2) {
                                in++;
                                break;
                            }
                        }
                    }
                acc += (1 - acc) * in / 64.0;
            }
            out[y * w + x] = (uint8_t)lrint(acc * 255);
        }
}

static Err g_truth_ours, g_truth_cairo;

static void sample_vs_google(const LavfxStrokeDrawing *d, void *arg)
{
    Err *e = arg;
    uint8_t truth[28 * 28];
    double mx = 0, my = 0;
    double lw = 16.0 * 28 / 304;
    LavfxStrokeStyle st = { .w = 28, .h = 28, .pix_fmt = LAVFX_STROKE_GRAY, .linewidth = lw, .aa = 1,
                            .color = { 255, 255, 255, 255 }, .bg = { 0, 0, 0, 255 },
                            .fit = LAVFX_STROKE_FIT_CENTER, .pad = lw };
    LavfxStrokeCanvas *c = lavfx_stroke_canvas_alloc(28, 28);
    uint8_t ours[28 * 28], ref[28 * 28];
    double mnx = 1e9, mny = 1e9;
    int i;
    for (i = 0; i < d->nb_points; i++) {
        mnx = fmin(mnx, d->xy[2 * i]);
        mny = fmin(mny, d->xy[2 * i + 1]);
    }
    if (mnx != 0 || mny != 0) {     /* Google's offset assumes top-left aligned data */
        lavfx_stroke_canvas_free(&c);
        return;
    }
    lavfx_stroke_render(c, d, &st, ours, 28);
    google_28(d, ref);
    err_add(e, ours, 28, ref, 28, 1, 28, 28);
    for (i = 0; i < d->nb_points; i++) {
        mx = fmax(mx, d->xy[2 * i]);
        my = fmax(my, d->xy[2 * i + 1]);
    }
    supersample(d, 28, lw, 28.0 / 304, 28.0 / 304 * (24 + (256 - mx) / 2),
                28.0 / 304 * (24 + (256 - my) / 2), truth);
    err_add(&g_truth_ours, ours, 28, truth, 28, 1, 28, 28);
    err_add(&g_truth_cairo, ref, 28, truth, 28, 1, 28, 28);
    lavfx_stroke_canvas_free(&c);
}

static void test_quickdraw28(void)
{
    Err e = { 0 };
    int nb = for_each_sample(sample_vs_google, &e);
    double mae = e.ink ? e.sum / e.ink : 99;
    check(nb >= 100 && mae <= 2.5, "quickdraw28 recipe vs Google's Cairo 28x28 bitmaps: ink MAE <= 2.5",
          "%d drawings, MAE %.3f, max %d", nb, mae, e.max);
    printf("   (%d drawings, %ld ink pixels, MAE %.3f gray levels, max %d)\n", nb, e.ink, mae, e.max);
    printf("   (against 64-sample ground truth: ours MAE %.3f max %d, Cairo MAE %.3f max %d)\n",
           g_truth_ours.sum / g_truth_ours.ink, g_truth_ours.max, g_truth_cairo.sum / g_truth_cairo.ink,
           g_truth_cairo.max);
}

/* ------------------------------------------------------------------------ */
/* Formats, colour modes, determinism                                        */

typedef struct ThreadArg {
    LavfxStrokeJobFn job;
    void *arg;
    int jobnr, nb_jobs;
} ThreadArg;

static void *thread_main(void *p)
{
    ThreadArg *t = p;
    t->job(t->arg, t->jobnr, t->nb_jobs);
    return NULL;
}

static void pthread_execute(void *opaque, LavfxStrokeJobFn job, void *arg, int nb_jobs)
{
    pthread_t th[64];
    ThreadArg ta[64];
    int i;
    for (i = 0; i < nb_jobs; i++) {
        ta[i] = (ThreadArg){ job, arg, i, nb_jobs };
        pthread_create(&th[i], NULL, thread_main, &ta[i]);
    }
    for (i = 0; i < nb_jobs; i++)
        pthread_join(th[i], NULL);
}

/* Runs the jobs one after another, last job first (any order must do). */
static void reverse_execute(void *opaque, LavfxStrokeJobFn job, void *arg, int nb_jobs)
{
    int i;
    for (i = nb_jobs - 1; i >= 0; i--)
        job(arg, i, nb_jobs);
}

/* What one lavfx_stroke_reader_next call gave, as text. */
static void next_result(LavfxStrokeReader *r, LavfxStrokeDrawing *d, char *out, size_t size)
{
    char err[512];
    int ret = lavfx_stroke_reader_next(r, d, err, sizeof(err)), i, n;
    if (ret != 1) {
        snprintf(out, size, "%d %s", ret, err);
        return;
    }
    n = snprintf(out, size, "1 %lld %s %s %d %d:", (long long)d->index, d->word, d->key_id,
                 d->nb_strokes, d->nb_points);
    for (i = 0; i < d->nb_strokes && n < (int)size - 16; i++)
        n += snprintf(out + n, size - n, " %d", d->stroke_end[i]);
    for (i = 0; i < 2 * d->nb_points && n < (int)size - 16; i++)
        n += snprintf(out + n, size - n, " %a", d->xy[i]);
}

/* ndjson records parsed ahead in parallel: every call of reader_next gives
 * the same as the reader without, with bad lines, blank lines, a rewind in
 * the middle and calls after the end, whatever the read-ahead, job count
 * and job order. */
static void test_read_ahead(void)
{
    static const char *const bad[] = {
        "{", "[1,2]", "{\"drawing\":[]}", "{\"drawing\":[[[1,2],[3]]]}", "", "   ",
        "{\"drawing\":[[[1],[2]]]} x", "{\"dr\0awing\":1}", "{\"drawing\":[[[1e9],[0]]]}",
        "{\"drawing\":[[[],[]]]}",
    };
    static const int ahead[] = { 2, 3, 7, 64 }, jobs[] = { 2, 3, 4 };
    char path[512], a[8192], b[8192], line[4096];
    char *buf = malloc(1 << 20);
    size_t len = 0;
    FILE *f;
    int i, k, j, total = 0, same = 1, bad_seen = 0;

    snprintf(path, sizeof(path), "%s/cat.ndjson", SAMPLES);
    if (!buf || !(f = fopen(path, "rb"))) {
        check(0, "read ahead: sample", "%s missing", path);
        free(buf);
        return;
    }
    for (i = 0; fgets(line, sizeof(line) - 1, f) || (line[0] = 0, 0); i++) {
        size_t l = strlen(line);
        memcpy(buf + len, line, l);
        len += l;
        l = i < 10 ? (i == 7 ? 14 : strlen(bad[i])) + 1 : 0;    /* bad[7] holds a NUL */
        if (l) {
            memcpy(buf + len, bad[i], l - 1);
            buf[len + l - 1] = '\n';
            len += l;
        }
    }
    fclose(f);
    for (k = 0; k < 4; k++) {
        for (j = 0; j < 3; j++) {
            for (i = 0; i < 2; i++) {
                char err[512];
                LavfxStrokeReaderParams p = { .format = LAVFX_STROKE_NDJSON };
                LavfxStrokeReader *r0 = lavfx_stroke_reader_open_mem((uint8_t *)buf, len, "t.ndjson", &p, err, 512);
                LavfxStrokeReader *r1 = lavfx_stroke_reader_open_mem((uint8_t *)buf, len, "t.ndjson", &p, err, 512);
                LavfxStrokeDrawing d0 = { 0 }, d1 = { 0 };
                int n;
                if (!r0 || !r1 || lavfx_stroke_reader_set_threads(r1, ahead[k], jobs[j],
                                                                   i ? pthread_execute : reverse_execute, NULL) < 0) {
                    same = 0;
                    break;
                }
                /* 12 records, a rewind, then to the end and two calls past it */
                for (n = 0; n < 200; n++) {
                    if (n == 12 && (lavfx_stroke_reader_rewind(r0) < 0 || lavfx_stroke_reader_rewind(r1) < 0))
                        same = 0;
                    next_result(r0, &d0, a, sizeof(a));
                    next_result(r1, &d1, b, sizeof(b));
                    total++;
                    bad_seen += a[0] == '-';
                    if (strcmp(a, b)) {
                        if (same)
                            printf("   ahead %d, %d jobs: call %d: '%.200s' instead of '%.200s'\n",
                                   ahead[k], jobs[j], n, b, a);
                        same = 0;
                    }
                    if (a[0] == '0' && !strcmp(a, b) && n > 12) {
                        next_result(r0, &d0, a, sizeof(a));
                        next_result(r1, &d1, b, sizeof(b));
                        same &= !strcmp(a, b) && a[0] == '0';
                        break;
                    }
                }
                lavfx_stroke_drawing_free(&d0);
                lavfx_stroke_drawing_free(&d1);
                lavfx_stroke_reader_close(&r0);
                lavfx_stroke_reader_close(&r1);
            }
        }
    }
    check(same && bad_seen >= 24 * 8, "ndjson read ahead: the same drawings, errors and messages in order",
          "%d calls, %d errors seen", total, bad_seen);
    {
        char err[512];
        LavfxStrokeReaderParams p = { .format = LAVFX_STROKE_NDJSON };
        LavfxStrokeReader *r = lavfx_stroke_reader_open_mem((uint8_t *)"\n\n", 2, "e.ndjson", &p, err, 512);
        LavfxStrokeDrawing d = { 0 };
        int ret = r && !lavfx_stroke_reader_set_threads(r, 8, 2, reverse_execute, NULL) ?
                  lavfx_stroke_reader_next(r, &d, err, sizeof(err)) : 0;
        check(ret == LAVFX_STROKE_EFILE && strstr(err, "e.ndjson: the file is empty"),
              "ndjson read ahead: a blank file is empty", "got %d '%s'", ret, err);
        lavfx_stroke_reader_close(&r);
    }
    free(buf);
}

static void test_batch_and_formats(void)
{
    enum { N = 20, W = 96 };
    LavfxStrokeDrawing d[N];
    const LavfxStrokeDrawing *dp[N];
    LavfxStrokeCanvas *cv[5];
    uint8_t *out1[N], *out5[N];
    ptrdiff_t stride[N];
    char err[512], path[512];
    LavfxStrokeReader *r;
    int i, n = 0, same = 1, fmt;
    LavfxStrokeStyle st = { .w = W, .h = W - 10, .linewidth = 2.5, .aa = 1, .color = { 255, 200, 40, 255 },
                            .bg = { 10, 20, 30, 255 }, .colormode = LAVFX_STROKE_PALETTE, .pad = 3,
                            .fit = LAVFX_STROKE_FIT_BOX };
    memset(d, 0, sizeof(d));
    snprintf(path, sizeof(path), "%s/flower.ndjson", SAMPLES);
    r = lavfx_stroke_reader_open(path, NULL, err, sizeof(err));
    while (r && n < N && lavfx_stroke_reader_next(r, &d[n], err, sizeof(err)) == 1)
        n++;
    snprintf(path, sizeof(path), "%s/house.ndjson", SAMPLES);
    lavfx_stroke_reader_close(&r);
    r = lavfx_stroke_reader_open(path, NULL, err, sizeof(err));
    while (r && n < N && lavfx_stroke_reader_next(r, &d[n], err, sizeof(err)) == 1)
        n++;
    lavfx_stroke_reader_close(&r);
    check(n == N, "20 sample drawings read", "%d (run from the repository: it reads samples/)", n);
    if (n < N) {
        for (i = 0; i < n; i++)
            lavfx_stroke_drawing_free(&d[i]);
        return;
    }
    for (i = 0; i < 5; i++)
        cv[i] = lavfx_stroke_canvas_alloc(W, W);
    for (fmt = 1; fmt <= 4; fmt += (fmt == 1 ? 2 : 1)) {
        st.pix_fmt = fmt;
        for (i = 0; i < n; i++) {
            dp[i] = &d[i];
            stride[i] = W * fmt + 7;
            out1[i] = calloc(stride[i], W);
            out5[i] = calloc(stride[i], W);
        }
        lavfx_stroke_render_batch(cv, 1, dp, n, &st, out1, stride, NULL, NULL);
        lavfx_stroke_render_batch(cv, 5, dp, n, &st, out5, stride, pthread_execute, NULL);
        for (i = 0; i < n; i++)
            same &= !memcmp(out1[i], out5[i], stride[i] * st.h);
        if (fmt == 4) {
            /* opaque background, opaque ink: alpha stays 255; some ink of palette colour 0 */
            int a255 = 1, blue = 0, x, y;
            for (y = 0; y < st.h; y++)
                for (x = 0; x < W; x++) {
                    const uint8_t *p = out1[0] + y * stride[0] + 4 * x;
                    a255 &= p[3] == 255;
                    blue += p[0] == 0x1f && p[1] == 0x77 && p[2] == 0xb4;
                }
            check(a255 && blue > 10, "rgba: opaque, first stroke in palette colour 0", "a255 %d blue %d", a255, blue);
        }
        if (fmt == 1) {
            /* corners are background (pad 3, line inside) */
            check(out1[0][0] == ((77 * 10 + 150 * 20 + 29 * 30 + 128) >> 8), "gray background is the luma of bg",
                  "%d", out1[0][0]);
        }
        for (i = 0; i < n; i++) {
            free(out1[i]);
            free(out5[i]);
        }
    }
    check(same, "batch: 1 vs 5 threads give the same bytes (gray, rgb24, rgba)", "differ");
    for (i = 0; i < 5; i++)
        lavfx_stroke_canvas_free(&cv[i]);
    for (i = 0; i < N; i++)
        lavfx_stroke_drawing_free(&d[i]);
}

/* Colour modes and a dot. */
static void test_modes(void)
{
    LavfxStrokeDrawing d = { 0 };
    LavfxStrokeCanvas *c = lavfx_stroke_canvas_alloc(64, 64);
    const char *js = "{\"drawing\":[[[10,10],[10,10]],[[100,100],[20,20]],[[200],[200]]]}\n";
    LavfxStrokeReader *r = lavfx_stroke_reader_open_mem((const uint8_t *)js, strlen(js), "m", NULL, NULL, 0);
    LavfxStrokeStyle st = { .w = 64, .h = 64, .pix_fmt = LAVFX_STROKE_GRAY, .linewidth = 4, .aa = 1,
                            .color = { 255, 255, 255, 255 }, .bg = { 0, 0, 0, 255 },
                            .colormode = LAVFX_STROKE_ORDER, .fit = LAVFX_STROKE_FIT_NONE };
    uint8_t img[64 * 64];
    lavfx_stroke_reader_next(r, &d, NULL, 0);
    lavfx_stroke_render(c, &d, &st, img, 64);
    /* strokes at 256-unit (10,10) (100,20) (200,200) -> pixels (2.5,2.5) (25,5) (50,50) */
    check(img[2 * 64 + 2] == 255 && img[5 * 64 + 25] == 242 && img[50 * 64 + 50] == 229,
          "colormode order: strokes at 255, 242, 229 (Kaggle); dots drawn",
          "%d %d %d", img[2 * 64 + 2], img[5 * 64 + 25], img[50 * 64 + 50]);
    st.aa = 0;
    st.colormode = LAVFX_STROKE_SOLID;
    lavfx_stroke_render(c, &d, &st, img, 64);
    {
        int x, binary = 1, ink = 0;
        for (x = 0; x < 64 * 64; x++) {
            binary &= img[x] == 0 || img[x] == 255;
            ink += img[x] == 255;
        }
        /* three dots of diameter 4: about 3 * pi * 4 = 38 pixels */
        check(binary && ink >= 30 && ink <= 50, "aa=0: only 0 and 255, dots of the right size", "binary %d ink %d",
              binary, ink);
    }
    lavfx_stroke_reader_close(&r);
    lavfx_stroke_drawing_free(&d);
    lavfx_stroke_canvas_free(&c);
}

/* Extreme widths and coordinates: no overflow (the sanitizer build runs
 * this too), a huge width fills the frame, a tiny one leaves almost no ink. */
static void test_extremes(void)
{
    const char *js = "{\"drawing\":[[[0,255,10],[0,255,200]],[[1000000,-1000000],[-1000000,1000000]]]}\n";
    LavfxStrokeReader *r = lavfx_stroke_reader_open_mem((const uint8_t *)js, strlen(js), "x", NULL, NULL, 0);
    LavfxStrokeDrawing d = { 0 };
    LavfxStrokeCanvas *c = lavfx_stroke_canvas_alloc(32, 32);
    LavfxStrokeStyle st = { .w = 32, .h = 32, .pix_fmt = LAVFX_STROKE_GRAY, .linewidth = 4096, .aa = 1,
                            .color = { 255, 255, 255, 255 }, .bg = { 0, 0, 0, 255 },
                            .fit = LAVFX_STROKE_FIT_NONE };
    uint8_t img[32 * 32];
    int i, full = 1, ink = 0;
    lavfx_stroke_reader_next(r, &d, NULL, 0);
    lavfx_stroke_render(c, &d, &st, img, 32);
    for (i = 0; i < 32 * 32; i++)
        full &= img[i] == 255;
    st.linewidth = 0.01;
    lavfx_stroke_render(c, &d, &st, img, 32);
    for (i = 0; i < 32 * 32; i++)
        ink += img[i];
    check(full && ink < 255 * 8, "line width 4096 fills the frame, 0.01 leaves almost nothing (coordinates +-1e6)",
          "full %d ink %d", full, ink);
    {
        char err[256] = "";
        int bad = lavfx_stroke_check_range(&d, &st, err, sizeof(err)), good;
        st.fit = LAVFX_STROKE_FIT_BOX;
        good = lavfx_stroke_check_range(&d, &st, NULL, 0);
        check(bad == -ERANGE && strstr(err, "stroke 1 point 0, (1000000, -1000000), lands at pixel (125000.000, -125000.000)") &&
              good == 0, "points beyond the renderer's +-16384 pixels are named (fit=none); fit=box keeps them in",
              "fit=none %d '%s', fit=box %d", bad, err, good);
    }
    lavfx_stroke_reader_close(&r);
    lavfx_stroke_drawing_free(&d);
    lavfx_stroke_canvas_free(&c);
}

/* Opens a pipe holding buf (written whole, then closed: buf must fit in the
 * pipe's buffer) as path /dev/fd/N, the way ffmpeg reads file=/dev/stdin.
 * The reader (or NULL, errno kept) and the pipe's read end in *fd. */
static LavfxStrokeReader *open_pipe(const char *buf, const LavfxStrokeReaderParams *p, int *fd,
                                    char *err, size_t errlen)
{
    int fds[2], e;
    char path[64];
    LavfxStrokeReader *r;
    *fd = -1;
    if (pipe(fds) < 0)
        return NULL;
    if (write(fds[1], buf, strlen(buf)) != (ssize_t)strlen(buf))
        err[0] = 0;
    close(fds[1]);
    snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
    r = lavfx_stroke_reader_open(path, p, err, errlen);
    e = errno;
    *fd = fds[0];
    errno = e;
    return r;
}

/* Every record of r: the words (space separated, "!" for a bad record) and
 * the last error. The number of records. */
static int read_words(LavfxStrokeReader *r, char *words, char *lasterr)
{
    LavfxStrokeDrawing d = { 0 };
    char err[512];
    int n = 0, ret;
    words[0] = lasterr[0] = 0;
    while (r && n < 64 && (ret = lavfx_stroke_reader_next(r, &d, err, sizeof(err))) != 0) {
        strcat(words, ret == 1 ? d.word : "!");
        strcat(words, " ");
        if (ret < 0)
            snprintf(lasterr, 512, "%s", err);
        n++;
        if (ret < 0 && ret != LAVFX_STROKE_EBAD)
            break;
    }
    lavfx_stroke_drawing_free(&d);
    return n;
}

/* The defects of a review: pipes, errno, long words, messages, styles. */
static void test_review_fixes(void)
{
    const char *nd = "{\"word\":\"cat\",\"drawing\":[[[0,10],[0,10]]]}\n"
                     "{\"word\":\"dog\",\"drawing\":[[[0,10],[5,10]]]}\n";
    const char *cols = "date,a,b,c\n2000-01-01,1,7,5\n2000-01-02,2,6,5\n2000-01-03,3,5,5\n"
                       "2000-01-04,4,4,5\n2000-01-05,5,3,5\n2000-01-06,6,2,5\n2000-01-07,7,1,5\n";
    char err[512], words[1024], buf[1024], w127[128], w128[129];
    int codes[8], n, fd, e;
    LavfxStrokeReaderParams p = { 0 };
    LavfxStrokeReader *r;
    LavfxStrokeDrawing d = { 0 };

    /* format=auto on a pipe: refused with a clear message, not misread */
    r = open_pipe(nd, &p, &fd, err, sizeof(err));
    e = errno;
    check(!r && e == ESPIPE && strstr(err, "not seekable (a pipe?): format=auto") &&
          strstr(err, "set format=ndjson, bin or csv"), "format=auto on a pipe: refused, format asked for",
          "reader %p errno %d '%s'", (void *)r, e, err);
    lavfx_stroke_reader_close(&r);
    close(fd);
    /* a given format reads a pipe; a rewind (loop) is refused */
    p.format = LAVFX_STROKE_NDJSON;
    r = open_pipe(nd, &p, &fd, err, sizeof(err));
    n = read_words(r, words, err);
    check(n == 2 && !strcmp(words, "cat dog "), "format=ndjson on a pipe: every record", "n %d '%s' '%s'",
          n, words, err);
    n = r ? lavfx_stroke_reader_rewind(r) : 0;
    check(n == -ESPIPE, "rewind of a pipe: -ESPIPE", "%d", n);
    lavfx_stroke_reader_close(&r);
    close(fd);

    /* CSV columns with a window: one pass, so a pipe will do */
    p = (LavfxStrokeReaderParams){ .format = LAVFX_STROKE_CSV, .csv_layout = LAVFX_STROKE_CSV_COLUMNS,
                                   .window = 3, .stride = 2 };
    r = open_pipe(cols, &p, &fd, err, sizeof(err));
    n = read_words(r, words, err);
    check(n == 9 && !strcmp(words, "a b c a b c a b c "), "csv columns window=3 on a pipe: every chart",
          "n %d '%s' '%s'", n, words, err);
    lavfx_stroke_reader_close(&r);
    close(fd);
    r = open_pipe("1,2\n3,4\n5,7\n", &p, &fd, err, sizeof(err));
    n = read_words(r, words, err);
    check(n == 2 && !strcmp(words, "1 2 "), "csv columns window, no header, on a pipe: the first line is data",
          "n %d '%s' '%s'", n, words, err);
    lavfx_stroke_reader_close(&r);
    close(fd);
    p.window = p.stride = 0;
    r = open_pipe(cols, &p, &fd, err, sizeof(err));
    n = read_words(r, words, err);
    check(n == 1 && strstr(err, "not seekable (a pipe?): csv=columns without a window") &&
          strstr(err, "set window"), "csv columns without window on a pipe: refused, window suggested",
          "n %d '%s' '%s'", n, words, err);
    lavfx_stroke_reader_close(&r);
    close(fd);
    r = open_pipe("x\n1\n2\n3\n", &p, &fd, err, sizeof(err));
    n = read_words(r, words, err);
    check(n == 1 && !strcmp(words, "x "), "csv columns without window, one column, on a pipe: read",
          "n %d '%s' '%s'", n, words, err);
    lavfx_stroke_reader_close(&r);
    close(fd);

    /* a missing file: errno says so */
    errno = 0;
    r = lavfx_stroke_reader_open("/nonexistent/x.ndjson", NULL, err, sizeof(err));
    e = errno;
    check(!r && e == ENOENT, "missing file: errno ENOENT", "errno %d '%s'", e, err);

    /* words and key_ids: kept whole up to their room, else a bad record */
    memset(w127, 'w', 127);
    w127[127] = 0;
    memset(w128, 'w', 128);
    w128[128] = 0;
    snprintf(buf, sizeof(buf), "{\"word\":\"%s\",\"key_id\":\"%.63s\",\"drawing\":[[[1],[2]]]}\n", w127, w127);
    n = read_all(buf, strlen(buf), "w.ndjson", LAVFX_STROKE_NDJSON, codes, 8, err, &d);
    check(n == 1 && codes[0] == 1 && !strcmp(d.word, w127) && strlen(d.key_id) == 63,
          "a 127-byte word and a 63-byte key_id kept whole", "n %d word %zu key %zu '%s'", n,
          strlen(d.word), strlen(d.key_id), err);
    lavfx_stroke_drawing_free(&d);
    snprintf(buf, sizeof(buf), "{\"word\":\"%s\",\"drawing\":[[[1],[2]]]}", w128);
    bad_json("a 128-byte word: a bad record", buf, "\"word\" is 128 bytes long: at most 127");
    bad_json("a 64-byte key_id: a bad record",
             "{\"key_id\":\"0123456789012345678901234567890123456789012345678901234567890123\",\"drawing\":[[[1],[2]]]}",
             "\"key_id\" is 64 bytes long: at most 63");
    bad_json("a key_id number beyond 2^53: a bad record", "{\"key_id\":9007199254740993,\"drawing\":[[[1],[2]]]}",
             "\"key_id\" is a number that is not an integer below 2^53");
    bad_json("a key_id 1.5: a bad record", "{\"key_id\":1.5,\"drawing\":[[[1],[2]]]}",
             "\"key_id\" is a number that is not an integer");
    bad_json("a word that is an array: a bad record", "{\"word\":[\"x\"],\"drawing\":[[[1],[2]]]}",
             "\"word\" is not a string");
    /* a \u0000 escape: cJSON would cut the string there */
    bad_json("a word with a \\u0000 escape: a bad record", "{\"word\":\"ca\\u0000t\",\"drawing\":[[[1],[2]]]}",
             "a \\u0000 escape (NUL) at column 12");
    bad_json("an escaped backslash before u0000 and then a \\u0000: the second found",
             "{\"word\":\"a\\\\u0000\",\"key_id\":\"\\\\\\u0000\",\"drawing\":[[[1],[2]]]}", "at column 32");
    snprintf(buf, sizeof(buf), "{\"word\":\"a\\\\u0000\\u0041\",\"drawing\":[[[1],[2]]]}\n");
    n = read_all(buf, strlen(buf), "b.ndjson",
                 LAVFX_STROKE_NDJSON, codes, 8, err, &d);
    check(n == 1 && codes[0] == 1 && !strcmp(d.word, "a\\u0000A"),
          "an escaped backslash then u0000 is text, not NUL", "n %d word '%s' '%s'", n, d.word, err);
    lavfx_stroke_drawing_free(&d);
    n = read_all("{\"word\":null,\"key_id\":9007199254740991,\"drawing\":[[[1],[2]]]}\n", 62, "k.ndjson",
                 LAVFX_STROKE_NDJSON, codes, 8, err, &d);
    check(n == 1 && codes[0] == 1 && !d.word[0] && !strcmp(d.key_id, "9007199254740991"),
          "a null word is as absent; a key_id of 2^53 - 1 copied exactly", "n %d word '%s' key '%s' '%s'", n, d.word,
          d.key_id, err);
    lavfx_stroke_drawing_free(&d);
    snprintf(buf, sizeof(buf), "%s,1,2\nok,3,4\n", w128);
    n = read_all(buf, strlen(buf), "l.csv", LAVFX_STROKE_CSV, codes, 8, err, NULL);
    check(n == 2 && codes[0] == LAVFX_STROKE_EBAD && codes[1] == 1 &&
          strstr(err, "l.csv:1: the label (field 1) is 128 bytes long: at most 127"),
          "csv rows: a 128-byte label is a bad record", "n %d '%s'", n, err);
    snprintf(buf, sizeof(buf), "%s,x,y\nr,1,2\n", w128);     /* text after it: a header */
    n = read_all(buf, strlen(buf), "lh.csv", LAVFX_STROKE_CSV, codes, 8, err, NULL);
    check(n == 1 && codes[0] == 1, "csv rows: a first line with a 128-byte first field and text after "
          "it is a header, not a bad record", "n %d code %d '%s'", n, n ? codes[0] : 0, err);
    snprintf(buf, sizeof(buf), "a,%s\n1,2\n3,4\n", w128);
    n = read_cols(buf, 0, 0, codes, 8, words, err, -1, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EFILE && strstr(err, "c.csv:1: the name of column 2") &&
          strstr(err, "is 128 bytes long: at most 127"), "csv columns: a 128-byte column name refused",
          "n %d '%s'", n, err);
    snprintf(buf, sizeof(buf), "%s.bin", w128);
    r = lavfx_stroke_reader_open_mem((const uint8_t *)"x", 1, buf, NULL, err, sizeof(err));
    check(!r && strstr(err, "the file name gives the drawings' word: 128 bytes, at most 127"),
          ".bin: a file name too long for the word refused", "'%s'", err);
    lavfx_stroke_reader_close(&r);

    /* messages */
    bad_json("raw stroke, t of another length: says t",
             "{\"drawing\":[[[1,2,3],[4,5,6],[0,1]]]}", "stroke 0: x and y have 3 points but t has 2");
    n = read_all("1,2,3,\n", 7, "t.csv", LAVFX_STROKE_CSV, codes, 8, err, NULL);
    check(n == 1 && codes[0] == LAVFX_STROKE_EBAD && strstr(err, "t.csv:1: field 4 is empty"),
          "csv '1,2,3,': the empty field named, not an empty file", "n %d code %d '%s'", n, codes[0], err);
    n = read_all("5\n", 2, "o.csv", LAVFX_STROKE_CSV, codes, 8, err, NULL);
    check(n == 1 && strstr(err, "o.csv:1: 1 value: a chart needs at least 2"), "csv: '1 value' (singular)",
          "n %d '%s'", n, err);
    n = read_all("\nname,v1,v2\n1,2,3\n", 17, "h.csv", LAVFX_STROKE_CSV, codes, 8, err, NULL);
    check(n == 1 && codes[0] == 1, "csv: a header after a blank line is still the header", "n %d '%s'", n, err);
    {
        uint8_t bin[64];
        int np[1] = { 3 };
        size_t len = bin_record(bin, 1, 1, np);
        n = read_all((char *)bin, len - 1, "g.bin", LAVFX_STROKE_BIN, codes, 8, err, NULL);
        check(n == 1 && strstr(err, "1 more byte needed for a stroke's points"),
              ".bin: '1 more byte needed for a stroke's points'", "n %d '%s'", n, err);
    }
    p = (LavfxStrokeReaderParams){ .format = LAVFX_STROKE_NDJSON, .window = 1 };
    r = lavfx_stroke_reader_open_mem((const uint8_t *)nd, strlen(nd), "n.ndjson", &p, err, sizeof(err));
    check(!r && strstr(err, "n.ndjson: window and stride cut CSV series: this file is read as ndjson"),
          "window on an ndjson file: says window is for CSV", "'%s'", err);
    lavfx_stroke_reader_close(&r);
    p = (LavfxStrokeReaderParams){ .format = LAVFX_STROKE_CSV, .stride = 3 };
    r = lavfx_stroke_reader_open_mem((const uint8_t *)"1,2\n", 4, "n.csv", &p, err, sizeof(err));
    check(!r && strstr(err, "n.csv: stride 3 without a window"), "stride without a window refused", "'%s'", err);
    lavfx_stroke_reader_close(&r);
    /* a first field that is a number not finite, or empty, is bad data, not a
     * label; an empty first field on a header line is allowed */
    {
        static const char *const first[] = { "1e999", "nan", "inf", "" };
        static const char *const why[] = { "field 1 is not finite", "field 1 is not finite",
                                           "field 1 is not finite", "field 1 is empty" };
        int i;
        for (i = 0; i < 4; i++) {
            snprintf(buf, sizeof(buf), "a,1,2,3\n%s,4,5,6\n", first[i]);
            n = read_all(buf, strlen(buf), "f.csv", LAVFX_STROKE_CSV, codes, 8, err, NULL);
            check(n == 2 && codes[0] == 1 && codes[1] == LAVFX_STROKE_EBAD && strstr(err, why[i]),
                  "csv rows: a first field not finite or empty is a bad record", "'%s': n %d '%s'",
                  first[i], n, err);
        }
        n = read_all(",x,y\nab,1,2\n", 12, "h.csv", LAVFX_STROKE_CSV, codes, 8, err, &d);
        check(n == 1 && codes[0] == 1 && !strcmp(d.word, "ab"), "csv rows: a header may start with an empty field",
              "n %d '%s'", n, err);
        lavfx_stroke_drawing_free(&d);
    }
    p = (LavfxStrokeReaderParams){ .format = LAVFX_STROKE_CSV, .window = (1 << 22) + 1 };
    r = lavfx_stroke_reader_open_mem((const uint8_t *)"1,2\n", 4, "n.csv", &p, err, sizeof(err));
    check(!r && strstr(err, "window 4194305, stride 0: each must be 0 - 4194304"),
          "window beyond 2^22 refused", "'%s'", err);
    lavfx_stroke_reader_close(&r);

    /* styles that leave no room for the drawing */
    {
        LavfxStrokeStyle st = { .w = 64, .h = 32, .pix_fmt = LAVFX_STROKE_GRAY, .linewidth = 2, .aa = 1,
                                .fit = LAVFX_STROKE_FIT_NONE, .pad = 15.9 };
        int ok1 = lavfx_stroke_style_check(&st, err, sizeof(err)) == 0;
        st.pad = 16;
        n = lavfx_stroke_style_check(&st, err, sizeof(err));
        check(ok1 && n == -EINVAL && strstr(err, "pad=16 leaves no room for the drawing in a 64x32 frame"),
              "fit=none: pad = min(w, h) / 2 refused", "%d %d '%s'", ok1, n, err);
        st.fit = LAVFX_STROKE_FIT_BOX;
        st.pad = 15;
        n = lavfx_stroke_style_check(&st, err, sizeof(err));
        check(n == -EINVAL && strstr(err, "pad=15 and lw=2 leave no room") && strstr(err, "fit=box needs 2 pad + lw < 32"),
              "fit=box: 2 pad + lw = min(w, h) refused", "%d '%s'", n, err);
        st.fit = LAVFX_STROKE_FIT_CENTER;
        st.pad = 0;
        st.linewidth = 40;
        n = lavfx_stroke_style_check(&st, err, sizeof(err));
        check(n == -EINVAL && strstr(err, "fit=center"), "fit=center: lw > min(w, h) refused", "%d '%s'", n, err);
        st.linewidth = 1.47;
        st.pad = 1.47;
        st.w = st.h = 28;
        check(lavfx_stroke_style_check(&st, err, sizeof(err)) == 0, "quickdraw28's style accepted", "'%s'", err);
    }
}

int main(void)
{
    test_ndjson();
    test_bin();
    test_csv();
    test_csv_columns();
    test_vs_cairo();
    test_joins();
    test_quickdraw28();
    test_batch_and_formats();
    test_read_ahead();
    test_modes();
    test_extremes();
    test_review_fixes();
    return unit_summary();
}

/*
 * the unit tests' reporting: one line per check, and the closing summary
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
 * Included once by each tests/test_*.c: check() prints "ok NAME" or
 * "FAIL NAME: details" (details, a printf format, only on failure), and
 * unit_summary() prints "N passed, M failed" and returns the exit status.
 */

#ifndef LAVFX_TESTS_UNIT_H
#define LAVFX_TESTS_UNIT_H

#include <stdarg.h>
#include <stdio.h>

static int nb_pass, nb_fail;

static void check(int ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        nb_pass++;
        printf("ok %s\n", name);
    } else {
        va_list ap;
        nb_fail++;
        printf("FAIL %s: ", name);
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
        printf("\n");
    }
}

static int unit_summary(void)
{
    printf("%d passed, %d failed\n", nb_pass, nb_fail);
    return nb_fail != 0;
}

#endif /* LAVFX_TESTS_UNIT_H */

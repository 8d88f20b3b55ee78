/*
 * flicker: mean absolute difference between consecutive frames
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
 * Test-suite tool for temporal coherence. Reads raw rgb24 frames of w x h
 * from stdin (ffmpeg ... -f rawvideo -pix_fmt rgb24 -) and prints
 *   frames N flicker F
 * where F is the mean absolute difference between consecutive frames, in
 * 0-255 units per channel, averaged over all pairs. Flicker of a filter's
 * output divided by that of its input says how much change it adds.
 *
 * Usage: flicker W H
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    long w, h, size, frames = 0;
    unsigned char *a, *b;
    double total = 0;

    if (argc != 3 || (w = atol(argv[1])) <= 0 || (h = atol(argv[2])) <= 0) {
        fprintf(stderr, "usage: flicker W H < frames.rgb24\n");
        return 2;
    }
    size = w * h * 3;
    a = malloc(size);
    b = malloc(size);
    if (!a || !b)
        return 1;
    while (fread(frames ? b : a, 1, size, stdin) == (size_t)size) {
        if (frames) {
            unsigned long long sum = 0;
            long i;
            for (i = 0; i < size; i++)
                sum += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
            total += (double)sum / size;
            memcpy(a, b, size);
        }
        frames++;
    }
    printf("frames %ld flicker %.4f\n", frames, frames > 1 ? total / (frames - 1) : 0.0);
    free(a);
    free(b);
    return 0;
}

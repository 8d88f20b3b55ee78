#!/bin/sh
# Prints what a program linking the patched FFmpeg's static libraries needs:
# the libraries of the FFmpeg tree DIR (built by `make ffmpeg`), then the
# libraries they depend on, as that tree's configure found them.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

d=${1:?usage: tests/ff_libs.sh FFMPEG_TREE}
for l in avfilter avformat avcodec swscale swresample postproc avutil; do
    [ -f "$d/lib$l/lib$l.a" ] && printf '%s ' "$d/lib$l/lib$l.a"
done
sed -n 's/^EXTRALIBS[-a-z_]*=//p' "$d/ffbuild/config.mak" | tr '\n' ' '
echo

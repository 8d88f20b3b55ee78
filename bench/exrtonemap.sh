#!/usr/bin/env bash
# Benchmark: exrtonemap against FFmpeg's own tonemap filter in the same run.
# One real EXR (ILM's Ocean.exr) scaled to 1080p once, then repeated in memory
# by the loop filter, so decoding is not measured; the cost of a filter is the
# run's user+sys CPU time minus that of the same chain with `null` in its
# place, divided by the frame count. Reproduce: bash bench/exrtonemap.sh
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -euo pipefail
cd "$(dirname "$0")/.."
FF=${FFMPEG:-build/bin/ffmpeg}
IN=samples/media/Ocean.exr
N=${FRAMES:-120}
TIMEFORMAT='%U %S'

cpu() {   # cpu THREADS FILTER -> seconds
    { time $FF -nostdin -v error -threads 1 -filter_threads "$1" -i $IN -vf \
        "scale=1920:1080,format=gbrpf32le,loop=loop=$N:size=1,$2" -f null - ; } 2>&1 | awk '{ print $1 + $2 }'
}

printf "%-52s %8s %12s\n" "filter (1080p, ms per frame)" threads ms
for th in 1 2; do
    base=$(cpu $th null)
    for f in "tonemap=hable:desat=0" "tonemap=hable:desat=0,format=gbrp" \
             "exrtonemap=tonemap=hable:peak=10,format=gbrp" "exrtonemap,format=gbrp" \
             "exrtonemap=ae=1:mode=luminance:depth=10"; do
        t=$(cpu $th "$f")
        printf "%-52s %8d %12.2f\n" "$f" $th "$(awk "BEGIN { print ($t - $base) * 1000 / ($N + 1) }")"
    done
done
echo "(exrtonemap defaults: bt2390, measured peak, maxrgb, sRGB, ordered dither;"
echo " FFmpeg's tonemap outputs float: ',format=gbrp' adds swscale's conversion to 8 bits)"

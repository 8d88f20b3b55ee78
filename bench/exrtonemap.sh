#!/usr/bin/env bash
# Benchmark: exrtonemap against FFmpeg's own tonemap filter in the same run.
# One 1080p frame of real pixels (ILM's Ocean.exr, mirrored into a mosaic and
# cropped, not scaled: see bench/exr_frames.sh), repeated in memory by the
# loop filter, so decoding is not measured; the cost of a filter is the
# run's user+sys CPU time minus that of the same chain with `null` in its
# place, divided by the frame count. Reproduce: bash bench/exrtonemap.sh
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -euo pipefail
cd "$(dirname "$0")/.."
. bench/exr_frames.sh
FF=${FFMPEG:-build/bin/ffmpeg}
IN=samples/media/Ocean.exr
N=${FRAMES:-120}
TIMEFORMAT='%U %S'
GRAPH=$(exr_frames_graph 1255 876 1920 1080)

cpu() {   # cpu THREADS FILTER -> seconds
    { time $FF -nostdin -v error -threads 1 -filter_threads "$1" -filter_complex_threads "$1" \
        -i $IN -filter_complex "$GRAPH;[frames]loop=loop=$N:size=1,$2" -f null - ; } 2>&1 |
        awk '{ print $1 + $2 }'
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

# the core alone on the same frame (bench/exrtonemap_core.c)
BUILD=${BUILD:-build}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cc -std=c11 -O3 -Ifilters bench/exrtonemap_core.c "$BUILD/liblavfx.a" -lplacebo -lm -o "$TMP/core"
$FF -nostdin -v error -i $IN -filter_complex "$GRAPH" -map '[frames]' -frames:v 1 -f rawvideo "$TMP/frame.raw"
echo
echo "the core alone (bench/exrtonemap_core.c), exrtonemap's defaults:"
"$TMP/core" 1920 1080 "$TMP/frame.raw" 30

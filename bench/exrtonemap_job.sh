#!/usr/bin/env bash
# Benchmark: whole exrtonemap jobs on a 1080p EXR sequence. Twenty 1920x1080
# frames are cut from real pixels (ILM's Ocean.exr, mirrored into a mosaic,
# not resampled, so highlights above 1.0 survive: bench/exr_frames.sh), a
# window panned 24 px right and 8 px down per frame, and
# written once by FFmpeg's EXR encoder in each compression named in CODECS
# (EXR_COMPRESSION:EXR_FORMAT). Then each job reads the sequence from disk:
# decoding alone (-f null), decoding and exrtonemap (-f null), and to 8-bit
# TIFF, PNG (zlib's default level, and stored: -compression_level 0) and
# H.264 (libx264, its default preset and ultrafast; BT.709 Y'CbCr as the
# docs' recipe converts it). Wall clock, best of
# RUNS runs, all cores (FFmpeg's default threads). Reproduce:
#   bash bench/exrtonemap_job.sh      (FRAMES=20 RUNS=3 CODECS="zip16:half none:float")
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -euo pipefail
cd "$(dirname "$0")/.."
. bench/exr_frames.sh
FF=${FFMPEG:-build/bin/ffmpeg}
IN=samples/media/Ocean.exr
N=${FRAMES:-20}
RUNS=${RUNS:-3}
CODECS=${CODECS:-zip16:half zip1:half none:float}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# best SECONDS of RUNS runs of an ffmpeg command line
best() {
    local b= t i
    for i in $(seq "$RUNS"); do
        rm -rf "$TMP/out" && mkdir "$TMP/out"
        t=$( { /usr/bin/time -f %e "$FF" -nostdin -v error -y "$@" > /dev/null; } 2>&1 | tail -n 1)
        b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
    done
    echo "$b"
}

echo "$N frames 1920x1080 from $IN, $(nproc) cores; wall clock, best of $RUNS"
printf "%-12s %-34s %9s %10s\n" sequence job seconds ms/frame
for codec in $CODECS; do
    comp=${codec%%:*} fmt=${codec##*:}
    seq="$TMP/$comp-$fmt"
    mkdir -p "$seq"
    "$FF" -nostdin -v error -loop 1 -i "$IN" -filter_complex "$(exr_frames_graph 1255 876 1920 1080 24 8)" \
        -map '[frames]' -frames:v "$N" -c:v exr -compression "$comp" -format "$fmt" "$seq/%02d.exr"
    size=$(du -sm "$seq" | cut -f1)
    src=(-i "$seq/%02d.exr")
    YUV=,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p     # the docs' recipe
    for job in "decode:-f null -" \
               "decode + exrtonemap:-vf exrtonemap -f null -" \
               "exrtonemap to TIFF:-vf exrtonemap $TMP/out/%02d.tif" \
               "exrtonemap to PNG:-vf exrtonemap $TMP/out/%02d.png" \
               "exrtonemap to PNG, stored:-vf exrtonemap -compression_level 0 -pred none $TMP/out/%02d.png" \
               "exrtonemap to H.264:-vf exrtonemap$YUV -colorspace bt709 $TMP/out/o.mp4" \
               "exrtonemap to H.264, ultrafast:-vf exrtonemap$YUV -colorspace bt709 -preset ultrafast $TMP/out/o.mp4"; do
        # shellcheck disable=SC2086
        t=$(best "${src[@]}" ${job#*:})
        printf "%-12s %-34s %9.2f %10.1f\n" "$comp/$fmt" "${job%%:*}" "$t" \
            "$(awk "BEGIN { print $t * 1000 / $N }")"
    done
    echo "  ($comp/$fmt sequence: $size MB)"
done

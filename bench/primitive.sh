#!/usr/bin/env bash
# Benchmark: primitive on skimage's chelsea.png at a 256x170 work image, the
# setting of fogleman/primitive's published figures (../shared/reference.md).
# Prints CPU-seconds (user + sys of the whole ffmpeg process, decode included)
# and score for n = 50/100/200, triangles and combo, next to fogleman's.
#
# fogleman/primitive (Go) cannot be built on these machines (no Go toolchain
# or module proxy), so its figures are the ones measured on a machine like
# this one and published in reference.md, not re-measured in this run.
#
# Reproduce: make bench   (or: bash bench/primitive.sh [extra primitive options])
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -euo pipefail
cd "$(dirname "$0")/.."
FF=${FFMPEG:-build/bin/ffmpeg}
IN=samples/media/chelsea.png
EXTRA=${1:+:$1}
mkdir -p bench/results
TIMEFORMAT='%U %S'

declare -A FOG_SCORE=( [triangle,50]=0.0551 [triangle,100]=0.0446 [triangle,200]=0.0363
                       [combo,50]=0.0557    [combo,100]=0.0449    [combo,200]=0.0361 )
declare -A FOG_CPU=(   [triangle,50]=7.5    [triangle,100]=14.0   [triangle,200]=25.1
                       [combo,50]=12.6      [combo,100]=22.5      [combo,200]=43.8 )

printf "%-9s %4s %9s %9s %10s %10s %8s\n" mode n score fogleman cpu_s fogleman_s speedup
for mode in triangle combo; do
    for n in 50 100 200; do
        t=$( { time $FF -nostdin -v error -filter_threads 2 -i $IN \
                 -vf "primitive=n=$n:m=$mode$EXTRA,metadata=print:file=bench/results/meta.txt" \
                 -f null - ; } 2>&1 )
        cpu=$(echo "$t" | awk '{ print $1 + $2 }')
        score=$(sed -n 's/^lavfi.primitive.score=//p' bench/results/meta.txt)
        speed=$(awk "BEGIN { printf \"%.1fx\", ${FOG_CPU[$mode,$n]} / $cpu }")
        printf "%-9s %4d %9s %9s %10.2f %10s %8s\n" $mode $n "$score" "${FOG_SCORE[$mode,$n]}" \
            "$cpu" "${FOG_CPU[$mode,$n]}" "$speed"
    done
done
echo "(cpu_s: user+sys of ffmpeg with -filter_threads 2; fogleman: 2 workers, reference.md)"

# Video: frames per second (wall clock, 2 filter threads) for 1 s of real
# clips at n=50 with the default search, independent frames vs temporal=1.
echo
printf "%-14s %9s %8s %10s %8s\n" clip mode fps cpu_s/frame score
for clip in movie.mp4 cockatoo.mp4; do
    for mode in independent temporal; do
        opt=""; [ $mode = temporal ] && opt=":temporal=1"
        TIMEFORMAT='%R %U %S'
        t=$( { time $FF -nostdin -v error -filter_threads 2 -i samples/media/$clip -t 1 \
                 -vf "primitive=n=50$opt,metadata=print:file=bench/results/meta.txt" -f null - ; } 2>&1 )
        frames=$(grep -c '^lavfi.primitive.score' bench/results/meta.txt)
        score=$(awk -F= '/primitive.score/ { s += $2; n++ } END { printf "%.5f", s / n }' bench/results/meta.txt)
        echo "$t" | awk -v c=$clip -v m=$mode -v f=$frames -v s=$score \
            '{ printf "%-14s %9s %8.2f %10.3f %8s\n", c, m, f / $1, ($2 + $3) / f, s }'
    done
done

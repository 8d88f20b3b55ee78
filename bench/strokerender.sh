#!/usr/bin/env bash
# Benchmark: strokerender against Cairo in the same run, on the workload of
# ../shared/reference.md's renderer table: one 100-point polyline per image
# (a random walk scaled to the frame), gray8, line width 2, round caps and
# joins, antialiased, at 224x224 and 64x64. Prints images per CPU-second:
#   core     lavfx_stroke_render alone (drawings already parsed), 1 thread
#   cairo    Cairo 1.16, A8 surface reused, default antialiasing, 1 thread
#   agg      matplotlib's RendererAgg.draw_path (bench/strokerender_agg.py),
#            if Debian's python3-matplotlib is installed
#   null     ffmpeg -f lavfi -i strokerender=...:threads=1 -f null -
#            (parsing the ndjson with cJSON, frames, the null muxer)
#   rawvideo the same with -f rawvideo to a file
#   nullN    the null run with threads=N (NTHREADS, default nproc): images
#            per wall-clock second, parsing and rendering over N threads
# ffmpeg figures but nullN are CPU-seconds (user + sys) of the whole process.
# core/cairo is the median ratio of 9 rounds that draw a ninth of the images
# each, by the core then by Cairo (the machine's speed drifts within a run).
#
# The core is compiled from the working tree's filters/strokerender.c (with
# the Makefile's -O3), so it measures the sources, not an older library.
# BUILD (default build) is where bin/ffmpeg is taken from.
#
# AB=REV (a git revision) adds a same-run comparison of the core alone: the
# bench is also built from REV's filters/, and the two binaries run in turn,
# AB_RUNS (default 7) times each per size; prints the median of each and
# their ratio (the machine is noisy: compare only within one run).
#
# FF_AB=PATH (another ffmpeg binary, e.g. one kept from an older build) adds
# a same-run comparison of the `-f null` and nullN figures: both binaries in
# turn, AB_RUNS times each per size, medians and their ratio.
#
# Reproduce: make bench   (or: bash bench/strokerender.sh [NB_IMAGES])
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
BUILD=${BUILD:-build}
R=bench/results
mkdir -p $R
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# bench_build ROOT OUT LIBS: the bench against ROOT/filters/strokerender.c,
# linked with LIBS (that revision's JSON parser)
bench_build() {
    cc -std=c11 -O3 -I"$1"/filters -c "$1"/filters/strokerender.c -o "$2".o
    cc -std=c11 -O2 -Ifilters -Ibench $(pkg-config --cflags cairo) bench/strokerender_bench.c "$2".o \
        $3 $(pkg-config --libs cairo) -lm -o "$2"
}
bench_build . "$TMP"/bench "$(sed -n 's/^STROKE_LIBS := //p' Makefile)"

# ab_report FILE WHAT BASE_NAME NEW_NAME: FILE holds "base N" / "new N" lines
# (img/s of alternating runs); prints both medians and their ratio
ab_report() {
    for v in base new; do
        grep "^$v " "$1" | awk '{ print $2 }' | sort -n |
            awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' > "$TMP"/$v.med
    done
    printf "A/B %s: %s %s img/s, %s %s img/s: %.2fx (median of %d alternating runs)\n" \
        "$2" "$3" "$(cat "$TMP"/base.med)" "$4" "$(cat "$TMP"/new.med)" \
        "$(awk "BEGIN { print $(cat "$TMP"/new.med) / $(cat "$TMP"/base.med) }")" "${AB_RUNS:-7}"
}
TIMEFORMAT='%U %S %R'
NT=${NTHREADS:-$(nproc)}

if [ -n "${AB:-}" ]; then
    mkdir -p "$TMP"/base
    git archive "$AB" filters | tar -x -C "$TMP"/base
    bench_build "$TMP"/base "$TMP"/bench_base "$(git show "$AB":Makefile | sed -n 's/^STROKE_LIBS := //p')"
    for size in 224 64; do
        n=$((size == 64 ? N * 2 : N))
        for i in $(seq "${AB_RUNS:-7}"); do
            echo "base $("$TMP"/bench_base $size $n --core | awk '{ print $3 }')"
            echo "new $("$TMP"/bench $size $n --core | awk '{ print $3 }')"
        done > "$TMP"/ab.txt
        ab_report "$TMP"/ab.txt "${size}x$size core" "$AB" "working tree"
    done
fi

# matplotlib's Agg (direct RendererAgg) if Debian's python3 has matplotlib
PY=/usr/bin/python3
$PY -c 'import matplotlib' 2> /dev/null || echo "(agg: skipped, matplotlib not installed: apt-get install python3-matplotlib)"

printf "%-8s %10s %10s %10s %10s %10s %10s %12s\n" size core cairo agg null rawvideo null$NT core/cairo
for size in 224 64; do
    line=$("$TMP"/bench $size $N $R/walks.ndjson)
    core=$(echo "$line" | awk '{ print $3 }')
    cairo=$(echo "$line" | awk '{ print $6 }')
    ratio=$(echo "$line" | awk '{ print $9 }')          # median of the rounds
    agg=-
    $PY -c 'import matplotlib' 2> /dev/null && agg=$($PY bench/strokerender_agg.py $size $((N / 4)) $R/walks.ndjson)
    # the 64 walks repeated to N records
    awk -v n=$N '{ l[NR] = $0 } END { for (i = 0; i < n; i++) print l[i % NR + 1] }' $R/walks.ndjson > $R/walks_n.ndjson
    src="strokerender=file=$R/walks_n.ndjson:s=${size}x${size}:lw=2:fit=none:threads=1,format=gray"
    srcn="strokerender=file=$R/walks_n.ndjson:s=${size}x${size}:lw=2:fit=none:threads=$NT,format=gray"
    t=$( { time $BUILD/bin/ffmpeg -nostdin -v error -f lavfi -i "$src" -f null - ; } 2>&1 )
    null=$(echo "$t" | awk -v n=$N '{ printf "%.0f", n / ($1 + $2) }')
    t=$( { time $BUILD/bin/ffmpeg -nostdin -v error -f lavfi -i "$srcn" -f null - ; } 2>&1 )
    nulln=$(echo "$t" | awk -v n=$N '{ printf "%.0f", n / $3 }')
    if [ -n "${FF_AB:-}" ]; then
        for i in $(seq "${AB_RUNS:-7}"); do
            for v in base new; do
                ff=$BUILD/bin/ffmpeg; [ $v = base ] && ff=$FF_AB
                t=$( { time $ff -nostdin -v error -f lavfi -i "$src" -f null - ; } 2>&1 )
                echo "$v $(echo "$t" | awk -v n=$N '{ printf "%.0f", n / ($1 + $2) }')" >> "$TMP"/ffab.txt
                t=$( { time $ff -nostdin -v error -f lavfi -i "$srcn" -f null - ; } 2>&1 )
                echo "$v $(echo "$t" | awk -v n=$N '{ printf "%.0f", n / $3 }')" >> "$TMP"/ffabn.txt
            done
        done
        ab_report "$TMP"/ffab.txt "${size}x$size ffmpeg -f null, 1 thread, CPU" "$FF_AB" "$BUILD/bin/ffmpeg"
        ab_report "$TMP"/ffabn.txt "${size}x$size ffmpeg -f null, $NT threads, wall" "$FF_AB" "$BUILD/bin/ffmpeg"
        rm -f "$TMP"/ffab.txt "$TMP"/ffabn.txt
    fi
    t=$( { time $BUILD/bin/ffmpeg -nostdin -v error -y -f lavfi -i "$src" -f rawvideo $R/walks.gray ; } 2>&1 )
    raw=$(echo "$t" | awk -v n=$N '{ printf "%.0f", n / ($1 + $2) }')
    size_ok=$(stat -c %s $R/walks.gray)
    [ "$size_ok" = $((N * size * size)) ] || { echo "rawvideo output has $size_ok bytes, expected $((N * size * size))"; exit 1; }
    printf "%-8s %10s %10s %10s %10s %10s %10s %11.2fx\n" ${size}x$size "$core" "$cairo" "$agg" "$null" "$raw" "$nulln" \
        "$ratio"
    rm -f $R/walks.gray
done
echo "(images per CPU-second, one thread; $N images each (agg: N/4); core/cairo: the median of 9 rounds"
echo " that alternate the two on the same images; reference.md: Cairo 2,772 / 6,130,"
echo " matplotlib direct RendererAgg 3,970 / 10,823)"

#!/bin/sh
# Benchmark of strokerender on CUDA (needs an NVIDIA GPU; says "skipped" without):
#   kernel   bench/strokerender_cuda.c: batches of 100-point random walks
#            (line width 2, antialiased, gray) rendered by the kernel, timed
#            by CUDA events, images per second at 64x64 and 224x224; every
#            image checked against the C core
#   ffmpeg   frames per second of the source filter with CUDA frames (not
#            downloaded: -f null) and on the CPU (-filter_threads all cores),
#            the 64 walks bench/strokerender.sh writes (bench/results/walks.ndjson)
#            read N/64 times (loop)
# Reproduce: bash bench/strokerender_cuda.sh   (./bench-cuda in the device bundle)
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -u
cd "$(dirname "$0")/.."
. bench/cuda_lib.sh
FFMPEG=${FFMPEG:-build/bin/ffmpeg}
PTX=${SR_PTX:-build/ffmpeg/libavfilter/strokerender.ptx}
BENCH=${SR_BENCH:-build/strokerender_cuda_bench}
WALKS=${WALKS:-bench/results/walks.ndjson}
N=${FRAMES:-100000}

if [ ! -x "$BENCH" ] || [ bench/strokerender_cuda.c -nt "$BENCH" ] 2>/dev/null; then
    cc -std=c11 -O2 -Ifilters -Icuda -I/usr/local/cuda/include bench/strokerender_cuda.c build/liblavfx.a \
        -lcjson -lm -L/usr/local/cuda/lib64/stubs -lcuda -o "$BENCH" || exit 1
fi
if [ ! -f "$WALKS" ]; then    # the walks of bench/strokerender.sh (its program needs Cairo)
    mkdir -p "$(dirname "$WALKS")"
    cc -std=c11 -O2 -Ifilters $(pkg-config --cflags cairo) bench/strokerender_bench.c build/liblavfx.a \
        -lcjson $(pkg-config --libs cairo) -lm -o build/strokerender_bench && \
        build/strokerender_bench 64 1 "$WALKS" > /dev/null || exit 1
fi
echo "== kernel"
kernel_bench "$BENCH" "$PTX"

echo "== ffmpeg, frames per second (wall clock, $N frames)"
for size in 64 224; do
    src="strokerender=file=$WALKS:s=${size}x$size:lw=2:fit=none:loop=$((N / 64 - 1))"
    cpu=$(fps -filter_complex "$src,format=gray")
    gpu=$(fps $HW -filter_complex "$src:sw_format=gray:batch=4096")
    printf "%dx%-6d cpu %8s fps   cuda frames %8s fps\n" $size $size "$cpu" "$gpu"
done

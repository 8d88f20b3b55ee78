#!/bin/sh
# Benchmark of exrtonemap on CUDA (needs an NVIDIA GPU; says "skipped" without):
#   kernel   bench/exrtonemap_cuda.c: each kernel timed by CUDA events on
#            synthetic 1080p and 4K frames, as ms per frame and as a fraction
#            of the device's memory bandwidth; its output checked against the
#            C core on the same frame
#   ffmpeg   frames per second of hwupload_cuda,exrtonemap,hwdownload and of
#            the CPU filter (all cores) on 1080p and 4K frames of ILM's
#            Ocean.exr, mirrored into a mosaic and cropped (not scaled:
#            bench/exr_frames.sh), repeated in memory (loop), so the EXR
#            decoder is not measured; the CUDA chain includes the PCIe copies.
# Reproduce: bash bench/exrtonemap_cuda.sh   (or ./bench-cuda in the device bundle)
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -u
cd "$(dirname "$0")/.."
. bench/cuda_lib.sh
. bench/exr_frames.sh
FFMPEG=${FFMPEG:-build/bin/ffmpeg}
MEDIA=${MEDIA:-samples/media}
PTX=${PTX:-build/ffmpeg/libavfilter/exrtonemap.ptx}
BENCH=${BENCH:-build/exrtonemap_cuda_bench}
N=${FRAMES:-200}

if [ ! -x "$BENCH" ] || [ bench/exrtonemap_cuda.c -nt "$BENCH" ] 2>/dev/null; then
    cc -std=c11 -O2 -Ifilters -Icuda -I/usr/local/cuda/include bench/exrtonemap_cuda.c build/liblavfx.a \
        -lplacebo -lm -L/usr/local/cuda/lib64/stubs -lcuda -o "$BENCH" || exit 1
fi
echo "== kernels"
kernel_bench "$BENCH" "$PTX"

echo "== ffmpeg, frames per second (wall clock, $N frames)"
for size in 1920:1080 3840:2160; do
    src="-i $MEDIA/Ocean.exr"
    pre="$(exr_frames_graph 1255 876 ${size%:*} ${size#*:});[frames]loop=loop=$((N - 1)):size=1"
    cpu=$(fps $src -filter_complex "$pre,exrtonemap,format=gbrp")
    gpu=$(fps $HW $src -filter_complex "$pre,hwupload_cuda,exrtonemap,hwdownload,format=gbrp")
    printf "%-10s cpu %8s fps   cuda (with upload and download) %8s fps\n" "$size" "$cpu" "$gpu"
done

# Shared by bench/*_cuda.sh (sourced): kernel_bench runs a kernel benchmark
# program and ends the script (skipped, status 0) without a CUDA device or
# driver, or fails it when the GPU disagrees with the C core or the program
# fails; fps measures ffmpeg's frames per second over $N frames.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

HW="-init_hw_device cuda=cu -filter_hw_device cu"

kernel_bench() {   # kernel_bench PROGRAM ARGS...
    "$@"
    rc=$?
    if [ $rc = 127 ] || [ $rc = 2 ]; then
        echo "skipped: no CUDA device or driver (libcuda.so.1); run on a machine with an NVIDIA GPU"
        exit 0
    fi
    [ $rc = 1 ] && { echo "FAIL: the GPU and the C core disagree"; exit 1; }
    [ $rc = 0 ] || { echo "FAIL: the kernel benchmark failed (status $rc)"; exit 1; }
}

fps() {   # fps ARGS... -> ffmpeg's frames per second (wall clock) for $N frames
    s=$(date +%s.%N)
    $FFMPEG -nostdin -v error "$@" -f null - || return
    awk -v s="$s" -v e="$(date +%s.%N)" -v n="$N" 'BEGIN { printf "%.1f", n / (e - s) }'
}

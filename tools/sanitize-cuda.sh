#!/bin/sh
# compute-sanitizer (memcheck, racecheck, synccheck) over small runs of each
# filter's CUDA path: odd sizes, alpha, 10-bit, NV12, temporal mode, batches
# that leave a block part empty. `make device-bundle` copies this script into
# its folder as `sanitize-cuda`; run it there on a machine with an NVIDIA GPU.
# Prints one line per run and "N passed, M failed"; says skipped (exit 0)
# without compute-sanitizer, and fails when no CUDA device can be opened
# (this is for a GPU machine: a broken driver must not pass as a skip).
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

cd "$(dirname "$0")"
export LD_LIBRARY_PATH="$PWD/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
FF="$PWD/bin/ffmpeg -nostdin -hide_banner -v error"
HW="-init_hw_device cuda=cu -filter_hw_device cu"
MEDIA="$PWD/samples/media"
QD="$PWD/samples/quickdraw"
T="${TMPDIR:-/tmp}/lavfx-sanitize"
mkdir -p "$T"

CS=
for c in "$(command -v compute-sanitizer)" /usr/local/cuda/bin/compute-sanitizer \
         /usr/local/cuda/compute-sanitizer/compute-sanitizer /usr/local/cuda-*/bin/compute-sanitizer \
         /opt/nvidia/*/compute-sanitizer/compute-sanitizer; do
    if [ -n "$c" ] && [ -f "$c" ] && [ -x "$c" ]; then
        CS=$c
        break
    fi
done
if [ -z "$CS" ]; then
    echo "sanitize-cuda: skipped: no compute-sanitizer (not in PATH nor under /usr/local/cuda*)"
    exit 0
fi
if ! $FF $HW -f lavfi -i nullsrc=s=16x16:d=0.04 -vf hwupload -f null - > "$T/device.log" 2>&1; then
    echo "sanitize-cuda: FAIL: no CUDA device could be opened: $(head -n 2 "$T/device.log" | tr '\n' ' ')"
    exit 1
fi

pass=0 fail=0
# check NAME TOOL FFMPEG-ARGS...: the run must exit 0 and the tool report no error
check() {
    name=$1 tool=$2
    shift 2
    if "$CS" --tool "$tool" --error-exitcode 86 --print-limit 20 $FF $HW "$@" > "$T/log" 2>&1; then
        pass=$((pass + 1))
        echo "ok      $tool  $name"
    else
        fail=$((fail + 1))
        echo "FAILED  $tool  $name"
        tail -n 30 "$T/log"
    fi
}

# primitive: RGBA and NV12 (the row-per-warp commit and carried kernels,
# widths that leave warps partly empty), temporal mode (smooth on by
# default there: its shared-memory sum and the output blend), scene cuts
for tool in memcheck racecheck synccheck; do
    check "primitive rgba 101x77 n=6" $tool -i "$MEDIA/chelsea.png" \
        -vf "crop=101:77,format=rgba,hwupload,primitive=n=6,hwdownload,format=rgba" -f null -
    check "primitive nv12 temporal 101x58 n=5" $tool -t 0.2 -i "$MEDIA/movie.mp4" -an \
        -vf "crop=101:58,format=nv12,hwupload,primitive=n=5:temporal=1,hwdownload,format=nv12" -f null -
done
check "primitive yuv420p 1280x720 n=4" memcheck -t 0.12 -i "$MEDIA/cockatoo.mp4" -an \
    -vf "format=yuv420p,hwupload,primitive=n=4:temporal=1,hwdownload,format=yuv420p" -f null -

# exrtonemap: MIP level, PQ BT.2020 10-bit on an odd crop, alpha, P010
for tool in memcheck racecheck; do
    check "exrtonemap level=1" $tool -i "$MEDIA/Ocean.exr" \
        -vf "hwupload_cuda,exrtonemap=level=1,hwdownload,format=gbrp" -f null -
    check "exrtonemap 333x77 pq bt2020 10-bit" $tool -i "$MEDIA/GoldenGate.exr" \
        -vf "crop=333:77,hwupload_cuda,exrtonemap=trc=pq:pout=bt2020:depth=10,hwdownload,format=gbrp10le" -f null -
    check "exrtonemap 101x55 with alpha" $tool -i "$MEDIA/CandleGlass.exr" \
        -vf "crop=101:55,hwupload_cuda,exrtonemap=format=rgba,hwdownload,format=gbrap" -f null -
    check "exrtonemap p010" $tool -i "$MEDIA/Desk.exr" \
        -vf "hwupload_cuda,exrtonemap=format=p010,hwdownload,format=p010" -f null -
done

# strokerender: several threads per image (64 and 224 rows), a batch that
# leaves the last block part empty, 33x17 (lanes with no rows), tiles
cat "$QD"/*.ndjson > "$T/all.ndjson"
for tool in memcheck racecheck synccheck; do
    check "strokerender 33x17 gray batch=7" $tool \
        -filter_complex "strokerender=file=$T/all.ndjson:s=33x17:batch=7:sw_format=gray,hwdownload,format=gray" -f null -
    check "strokerender 224x224 gray batch=5" $tool \
        -filter_complex "strokerender=file=$T/all.ndjson:s=224x224:batch=5:sw_format=gray,hwdownload,format=gray" -f null -
    check "strokerender 40x40 tile=3x2 rgba palette" $tool \
        -filter_complex "strokerender=file=$T/all.ndjson:s=40x40:tile=3x2:colormode=palette:sw_format=rgba,hwdownload,format=rgba" -f null -
done

echo "sanitize-cuda: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# strokerender into CUDA frames (cuda/strokerender.cu, sw_format=gray/rgba): the same bytes and
# frame metadata as the CPU renderer on the Quick, Draw! sample, for gray and
# RGBA, antialiased or not, palette colours, several sizes and batch sizes;
# the same errors=fail/skip behaviour. Without an NVIDIA GPU it says skipped.
# Runs from the repository (tests/run.sh, make check-cuda) or from
# `make device-bundle`'s folder.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. "$(dirname "$0")/lib.sh"
FF="$FFMPEG -nostdin -hide_banner -v error"
QD=${QD:-samples/quickdraw}

cuda_build_or_skip
# Needs no GPU: CUDA frames asked for without a CUDA device.
expect_fail "sw_format=gray without a CUDA device: a clear error" "sw_format asks for CUDA frames: give" \
    $FF -filter_complex "strokerender=file=$QD/cat.ndjson:sw_format=gray" -f null -

cuda_device_or_skip

# cpu_gpu NAME SOURCE_OPTIONS SW_FORMAT: framemd5 and metadata of the CPU
# frames and of the CUDA frames downloaded must be the same.
# A run that fails leaves its .md5 empty: same_cpu_gpu then says "no output".
cpu_gpu() {
    rm -f "$T/cpu.txt" "$T/gpu.txt" "$T/cpu.framemd5" "$T/gpu.framemd5"
    $FF -filter_complex "strokerender=$2,format=$3,metadata=print:file=$T/cpu.txt" \
        -f framemd5 -y "$T/cpu.framemd5" 2>"$T/cpu.log" &&
        grep -v '^#' "$T/cpu.framemd5" > "$T/cpu.md5" || : > "$T/cpu.md5"
    $FF $HW -filter_complex "strokerender=$2:sw_format=$3,hwdownload,format=$3,metadata=print:file=$T/gpu.txt" \
        -f framemd5 -y "$T/gpu.framemd5" 2>"$T/gpu.log" &&
        grep -v '^#' "$T/gpu.framemd5" > "$T/gpu.md5" || : > "$T/gpu.md5"
    same_cpu_gpu "$1"
}

cat "$QD"/*.ndjson > "$T/all.ndjson"
cpu_gpu "quickdraw 64x64 gray" "file=$T/all.ndjson:s=64x64" gray
cpu_gpu "quickdraw 224x224 gray, batch 7" "file=$T/all.ndjson:s=224x224:batch=7" gray
cpu_gpu "quickdraw28 preset" "file=$T/all.ndjson:preset=quickdraw28" gray
cpu_gpu "quickdraw 96x80 rgba palette, line width 3" "file=$T/all.ndjson:s=96x80:colormode=palette:lw=3" rgba
cpu_gpu "quickdraw 64x64 aliased, stroke order" "file=$T/all.ndjson:s=64x64:aa=0:colormode=order" gray
cpu_gpu "quickdraw 33x17 (odd size), 1 per batch" "file=$T/all.ndjson:s=33x17:batch=1" gray
cpu_gpu "quickdraw tile=5x3 (8 frames, the last partly empty), batch 20" "file=$T/all.ndjson:s=40x40:tile=5x3:batch=20" gray
cpu_gpu "quickdraw tile=16x16 (one frame of 120), rgba" "file=$T/all.ndjson:s=32x32:tile=16x16" rgba

# bad records: the same frames before the error, the same counts with skip
good=$(head -n 1 "$QD/cat.ndjson")
printf '%s\n{"word":"x","drawing":[[[1,2,3],[4,5]]]}\n%s\n' "$good" "$good" > "$T/bad.ndjson"
expect_fail "errors=fail on CUDA frames: non-zero, the record named" "bad.ndjson:2: stroke 0: x has 3 points but y has 2" \
    $FF $HW -filter_complex "strokerender=file=$T/bad.ndjson:sw_format=gray,hwdownload,format=gray" -f null -
cpu_gpu "errors=skip on CUDA frames" "file=$T/bad.ndjson:errors=skip:s=64x64" gray
expect_fail "sw_format=gray refused for colour ink (the CPU renders colour as rgb24)" "sw_format=gray needs gray ink" \
    $FF $HW -filter_complex "strokerender=file=$T/all.ndjson:color=red:sw_format=gray,hwdownload,format=gray" -f null -
expect_fail "sw_format=gray refused for a translucent background" "use sw_format=rgba for colour or alpha" \
    $FF $HW -filter_complex "strokerender=file=$T/all.ndjson:bg=black@0.5:sw_format=gray,hwdownload,format=gray" -f null -
expect_fail "sw_format=rgb24 refused for CUDA frames" "CUDA frames hold gray or rgba" \
    $FF $HW -filter_complex "strokerender=file=$T/all.ndjson:sw_format=3,hwdownload,format=rgb24" -f null -

summary

#!/bin/sh
# CUDA frames: upload and download of every software format lavfx keeps on
# the GPU (patches/0004), bit-exact. Needs an NVIDIA GPU; without one it checks
# that ffmpeg says so clearly, and prints that the GPU tests were skipped.
# Runs from the repository (tests/run.sh) or from `make device-bundle`'s folder.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. "$(dirname "$0")/lib.sh"
FF="$FFMPEG -nostdin -hide_banner -v error"

if ! $FF $HW -f lavfi -i nullsrc=s=16x16 -frames:v 1 -f null - > "$T/cuda.log" 2>&1; then
    if cuda_device_required; then
        bad "CUDA device" "none could be opened where one must be: $(head -n 2 "$T/cuda.log" | tr '\n' ' ')"
        summary
        exit $?
    fi
    # No GPU here: the failure must be a clear message, not a crash.
    if grep -qE "Cannot load libcuda|no CUDA-capable device|CUDA_ERROR|Device creation failed" "$T/cuda.log"; then
        ok "no CUDA device: ffmpeg fails with a clear message ($(head -n 1 "$T/cuda.log"))"
    else
        bad "no CUDA device: unclear failure" "$(tail -n 2 "$T/cuda.log" | tr '\n' ' ')"
    fi
    echo "skipped: no CUDA device (run 'make device-bundle' and its run-cuda-tests on a machine with an NVIDIA GPU)"
    skipped=1
    summary
    exit $?
fi

[ -n "${LAVFX_CUDA_EMU:-}" ] && echo "note: the CUDA device is lavfx's CPU emulator (tests/cuda_emu/), not a GPU"

md5() { $FF "$@" -f framemd5 - 2>/dev/null | grep -v '^#' | awk '{ print $NF }' | tr '\n' ' '; }
for fmt in rgba bgra gray gbrp gbrap gbrp10le gbrap10le gbrp12le gbrap12le gbrp16le gbrap16le \
           gbrpf32le gbrapf32le; do
    a=$(md5 -f lavfi -i "testsrc2=s=320x240:d=0.12,format=$fmt")
    b=$(md5 $HW -f lavfi -i "testsrc2=s=320x240:d=0.12,format=$fmt,hwupload_cuda,hwdownload,format=$fmt")
    same "CUDA round trip $fmt" "$a" "$b"
done
# the emulator's own check of copies: FFmpeg 5.1's hwupload copies a larger
# frame (-reinit_filter 0) into the first size's buffers, past their end
if [ -n "${LAVFX_CUDA_EMU:-}" ]; then
    $FF -i "$MEDIA/chelsea.png" -vf scale=64:48,format=rgba -update 1 -y "$T/p_000.png" &&
        cp "$T/p_000.png" "$T/p_001.png" &&
        $FF -i "$MEDIA/coffee.png" -vf scale=80:60,format=rgba -update 1 -y "$T/p_002.png"
    expect_fail "the emulator stops a copy past a device allocation" "not inside one device allocation" \
        $FF $HW -reinit_filter 0 -i "$T/p_%03d.png" -vf "format=rgba,hwupload,hwdownload,format=rgba" -f null -
fi
a=$(md5 -i "$MEDIA/Ocean.exr")
b=$(md5 $HW -i "$MEDIA/Ocean.exr" -vf "hwupload_cuda,hwdownload,format=gbrpf32le")
same "CUDA round trip of a real EXR (gbrpf32le)" "$a" "$b"
summary

#!/bin/sh
# primitive on CUDA frames (cuda/primitive.cu): the same shapes, the same
# output bytes, the same frame metadata and SVG/JSON as the CPU search, on
# real photos and video, for every shape kind, searched alpha, a fixed
# background, the four packed RGB formats, yuv420p and NV12 (NVDEC's frames
# too), odd sizes, grow, temporal mode
# (motion, replacement, scene cuts, n changed at run time), smooth and the
# timeline; clear
# errors for what CUDA frames do not take. Without an NVIDIA GPU it says
# skipped. Runs from the repository (tests/run.sh, make check-cuda) or from
# `make device-bundle`'s folder.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. "$(dirname "$0")/lib.sh"
FF="$FFMPEG -nostdin -hide_banner -v error"
FAST="candidates=60:climbs=4:age=40"

cuda_build_or_skip
cuda_device_or_skip

# cpu_gpu NAME INPUT_OPTIONS PRE PRIMITIVE_OPTIONS FORMAT: framemd5 and metadata of
# the CPU frames and of the CUDA frames downloaded must be the same.
# A run that fails leaves its .md5 empty: same_cpu_gpu then says "no output".
cpu_gpu() {
    rm -f "$T/cpu.txt" "$T/gpu.txt" "$T/cpu.framemd5" "$T/gpu.framemd5"
    $FF $2 -vf "$3format=$5,primitive=$4,metadata=print:file=$T/cpu.txt" \
        -f framemd5 -y "$T/cpu.framemd5" 2>"$T/cpu.log" &&
        grep -v '^#' "$T/cpu.framemd5" > "$T/cpu.md5" || : > "$T/cpu.md5"
    $FF $HW $2 -vf "$3format=$5,hwupload,primitive=$4,hwdownload,format=$5,metadata=print:file=$T/gpu.txt" \
        -f framemd5 -y "$T/gpu.framemd5" 2>"$T/gpu.log" &&
        grep -v '^#' "$T/gpu.framemd5" > "$T/gpu.md5" || : > "$T/gpu.md5"
    same_cpu_gpu "$1" "score $(sed -n 's/^lavfi.primitive.score=//p' "$T/gpu.txt" 2>/dev/null | head -n 1)"
}

cpu_gpu "chelsea n=50 triangles (the defaults)" "-i $MEDIA/chelsea.png" "" "n=50" rgba
for m in combo triangle rect ellipse circle rotatedrect bezier rotatedellipse polygon; do
    cpu_gpu "coffee n=12 $m" "-i $MEDIA/coffee.png" "" "n=12:m=$m:$FAST" rgba
done
cpu_gpu "alpha=0 (searched), seed 7" "-i $MEDIA/coffee.png" "" "n=12:a=0:seed=7:$FAST" rgba
cpu_gpu "bg=white, bgra" "-i $MEDIA/astronaut.png" "" "n=12:bg=white:$FAST" bgra
cpu_gpu "rgb0, work size 64" "-i $MEDIA/chelsea.png" "" "n=20:size=64:$FAST" rgb0
cpu_gpu "bgr0, odd size 101x77" "-i $MEDIA/chelsea.png" "crop=101:77:13:9," "n=20:$FAST" bgr0
cpu_gpu "tiny 9x7, more shapes than help" "-i $MEDIA/chelsea.png" "scale=9:7," "n=40:$FAST" rgba
cpu_gpu "cockatoo 8 frames, n=20, 1280x720" "-t 0.32 -i $MEDIA/cockatoo.mp4 -an" "" "n=20:$FAST" rgba
cpu_gpu "grow=1: a frame per shape" "-i $MEDIA/coffee.png" "" "n=12:grow=1:$FAST" rgba
cpu_gpu "grow=1 on 3 video frames" "-t 0.12 -i $MEDIA/cockatoo.mp4 -an" "scale=320:-2," "n=6:grow=1:$FAST" bgra
cpu_gpu "timeline enable=between(n,2,4)" "-t 0.32 -i $MEDIA/cockatoo.mp4 -an" "scale=320:-2," \
    "n=10:$FAST:enable='between(n,2,4)'" rgba

# Y'CbCr frames: converted on the GPU, drawn plane by plane
cpu_gpu "yuv420p, cockatoo 8 frames" "-t 0.32 -i $MEDIA/cockatoo.mp4 -an" "" "n=20:$FAST" yuv420p
cpu_gpu "nv12, cockatoo 8 frames, 3 threads" "-filter_threads 3 -t 0.32 -i $MEDIA/cockatoo.mp4 -an" "" "n=20:$FAST" nv12
cpu_gpu "nv12, odd width 101x76, full range" "-i $MEDIA/chelsea.png" "crop=101:76:13:9,scale=out_range=pc," "n=20:$FAST" nv12
cpu_gpu "yuv420p, odd width 75x50" "-i $MEDIA/chelsea.png" "scale=75:50," "n=20:$FAST" yuv420p
cpu_gpu "yuv420p, grow=1" "-i $MEDIA/coffee.png" "" "n=8:grow=1:$FAST" yuv420p
cpu_gpu "nv12, temporal=1:motion=4" "-t 0.4 -i $MEDIA/cockatoo.mp4 -an" "scale=640:-2," "n=20:$FAST:temporal=1:motion=4" nv12
# NVDEC to primitive with no copy: the CPU gets the same decoded NV12 frames
# (movie.mp4: H.264 4:2:0, which NVDEC decodes; cockatoo.mp4 is 4:4:4)
if [ -n "${LAVFX_CUDA_EMU:-}" ]; then
    skip "NVDEC frames straight into primitive" "the CUDA emulator has no video decoder"
else
    # (a run that fails, even after writing its frames, leaves its .md5 empty)
    $FF -hwaccel cuda -hwaccel_output_format cuda -t 0.32 -i "$MEDIA/movie.mp4" -an \
        -vf "hwdownload,format=nv12,primitive=n=20:$FAST" -f framemd5 -y "$T/cpu.framemd5" 2>"$T/cpu.log" &&
        grep -v '^#' "$T/cpu.framemd5" > "$T/cpu.md5" || : > "$T/cpu.md5"
    $FF -hwaccel cuda -hwaccel_output_format cuda -t 0.32 -i "$MEDIA/movie.mp4" -an \
        -vf "primitive=n=20:$FAST,hwdownload,format=nv12" -f framemd5 -y "$T/gpu.framemd5" 2>"$T/gpu.log" &&
        grep -v '^#' "$T/gpu.framemd5" > "$T/gpu.md5" || : > "$T/gpu.md5"
    if [ -s "$T/gpu.md5" ] && cmp -s "$T/cpu.md5" "$T/gpu.md5"; then
        ok "NVDEC frames straight into primitive: the CPU's bytes ($(wc -l < "$T/gpu.md5") frames)"
    else
        bad "NVDEC frames straight into primitive" "differ or missing: $(tail -n 2 "$T/gpu.log" | tr '\n' ' ')"
    fi
fi

# temporal mode: seeds, warm climbs, replacement, camera motion, scene cuts
cpu_gpu "temporal=1, cockatoo 12 frames" "-t 0.48 -i $MEDIA/cockatoo.mp4 -an" "scale=640:-2," \
    "n=30:$FAST:temporal=1" rgba
cpu_gpu "temporal=1:motion=8:replace=20 on cockatoo's pan" "-i $MEDIA/cockatoo.mp4 -ss 6 -t 0.4 -an" "scale=640:-2," \
    "n=30:$FAST:temporal=1:motion=8:replace=20" rgba
cpu_gpu "temporal=1 with n raised at 0.2 s (sendcmd)" "-t 0.4 -i $MEDIA/cockatoo.mp4 -an" \
    "scale=320:-2,sendcmd=c='0.2 primitive n 40'," "n=20:$FAST:temporal=1" rgba
# smooth: the work picture and the output frames blended with the last ones
cpu_gpu "temporal=1:smooth=0.7, cockatoo 8 frames, rgba" "-t 0.32 -i $MEDIA/cockatoo.mp4 -an" "scale=320:-2," \
    "n=20:$FAST:temporal=1:smooth=0.7" rgba
cpu_gpu "smooth=0.9:smooth_diff=300, nv12, odd width 101x76" "-t 0.32 -i $MEDIA/cockatoo.mp4 -an" "crop=101:76:600:300," \
    "n=20:$FAST:smooth=0.9:smooth_diff=300" nv12
cpu_gpu "smooth with the timeline enable=between(n,2,4), yuv420p" "-t 0.32 -i $MEDIA/cockatoo.mp4 -an" "scale=320:-2," \
    "n=10:$FAST:temporal=1:smooth=0.5:enable='not(between(n,2,4))'" yuv420p
rm -f "$T/cut.mkv"
run_ok "temporal scene cut: the input (movie then cockatoo)" $FF -t 1 -i "$MEDIA/movie.mp4" -t 1 -i "$MEDIA/cockatoo.mp4" -filter_complex \
    "[0:v]fps=10,format=rgb24[a];[1:v]fps=10,scale=560:320,setsar=1,format=rgb24[b];[a][b]concat=n=2:v=1:a=0" \
    -an -c:v png -y "$T/cut.mkv"
cpu_gpu "temporal scene cut (movie then cockatoo)" "-i $T/cut.mkv" "" "n=30:$FAST:temporal=1" rgba
cpu_gpu "temporal scene cut with smooth=0.8, bgr0" "-i $T/cut.mkv" "" "n=30:$FAST:temporal=1:smooth=0.8" bgr0
equal "the CUDA search finds the cut at frame 10 and nowhere else" \
    "$(sed -n 's/^lavfi.primitive.scene_cut=//p' "$T/gpu.txt" 2>/dev/null | tr -d '\n')" "00000000001000000000"

# SVG and JSON export from the GPU's shapes
rm -f "$T/cpu.svg" "$T/gpu.svg" "$T/cpu.json" "$T/gpu.json"
if run_ok "SVG and JSON export (CPU)" \
        $FF -i "$MEDIA/coffee.png" -vf "format=rgba,primitive=n=15:m=combo:$FAST:svg=$T/cpu.svg:json=$T/cpu.json" -f null - &&
    run_ok "SVG and JSON export (CUDA)" \
        $FF $HW -i "$MEDIA/coffee.png" -vf "format=rgba,hwupload,primitive=n=15:m=combo:$FAST:svg=$T/gpu.svg:json=$T/gpu.json" -f null -; then
    if [ -s "$T/cpu.svg" ] && [ -s "$T/cpu.json" ] && cmp -s "$T/cpu.svg" "$T/gpu.svg" && cmp -s "$T/cpu.json" "$T/gpu.json"; then
        ok "SVG and JSON export: CPU and CUDA files identical"
    else
        bad "SVG and JSON export" "files differ or missing"
    fi
fi

# what CUDA frames do not do: clear errors
expect_fail "odd-height 4:2:0 CUDA frames refused (FFmpeg 5.1 drops their last chroma row)" "odd height \\(77\\) are not supported" \
    $FF $HW -i "$MEDIA/chelsea.png" -vf "crop=100:77,format=nv12,hwupload,primitive=n=5" -f null -
expect_fail "yuv444p CUDA frames refused with the formats it takes" "primitive takes rgba, bgra, rgb0, bgr0, yuv420p or nv12" \
    $FF $HW -i "$MEDIA/chelsea.png" -vf "format=yuv444p,hwupload,primitive=n=5" -f null -

summary

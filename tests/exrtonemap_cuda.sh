#!/bin/sh
# exrtonemap on CUDA frames (cuda/exrtonemap.cu): the same output bits and
# frame metadata as the CPU path, on the real EXRs, sequences with a cut and
# a pan, and bad pixels; and clear errors. Without an NVIDIA GPU only the
# checks that need none run, and the rest is reported as skipped.
# Runs from the repository (tests/run.sh, make check-cuda) or from
# `make device-bundle`'s folder.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. "$(dirname "$0")/lib.sh"
FF="$FFMPEG -nostdin -hide_banner -v error"

cuda_build_or_skip

# Needs no GPU: software frames in, CUDA frames asked for out.
expect_fail "software input, CUDA output: a clear error" "CUDA output needs CUDA input frames" \
    $FF -i "$MEDIA/Desk.exr" -vf "exrtonemap,hwdownload,format=gbrp" -f null -
expect_fail "format=nv12 on software frames: a clear error" "format=nv12 is for CUDA frames" \
    $FF -i "$MEDIA/Desk.exr" -vf "exrtonemap=format=nv12" -f null -
expect_fail "format=rgba on software frames: a clear error" "format=rgba is for CUDA frames" \
    $FF -i "$MEDIA/Desk.exr" -vf "exrtonemap=format=rgba" -f null -

cuda_device_or_skip

# cpu_gpu NAME INPUT_ARGS OPTIONS OUT_FMT [GPU_OPTIONS]: framemd5 and metadata
# of the CPU path and of hwupload_cuda,exrtonemap,hwdownload must be the same
# (GPU_OPTIONS are added on the GPU side only: format=rgba keeps alpha, which
# the CPU path keeps when OUT_FMT has it).
cpu_gpu() {
    name=$1; input=$2; opts=$3; out=$4; gopts=$3${5:+${3:+:}$5}
    # a run that fails (even after writing its frames) leaves its .md5 empty
    rm -f "$T/cpu.txt" "$T/gpu.txt"
    $FF $input -vf "exrtonemap=$opts,format=$out,metadata=print:file=$T/cpu.txt" \
        -f framemd5 -y "$T/cpu.framemd5" 2>"$T/cpu.log" &&
        grep -v '^#' "$T/cpu.framemd5" > "$T/cpu.md5" || : > "$T/cpu.md5"
    $FF $HW $input -vf "hwupload_cuda,exrtonemap=$gopts,hwdownload,format=$out,metadata=print:file=$T/gpu.txt" \
        -f framemd5 -y "$T/gpu.framemd5" 2>"$T/gpu.log" &&
        grep -v '^#' "$T/gpu.framemd5" > "$T/gpu.md5" || : > "$T/gpu.md5"
    if [ ! -s "$T/cpu.md5" ] || [ ! -s "$T/gpu.md5" ]; then
        bad "$name" "no output: $(tail -n 2 "$T/cpu.log" "$T/gpu.log" | tr '\n' ' ')"
    elif ! cmp -s "$T/cpu.md5" "$T/gpu.md5"; then
        bad "$name" "CPU and CUDA output differ ($(diff "$T/cpu.md5" "$T/gpu.md5" | grep -c '^<') frames)"
    elif ! cmp -s "$T/cpu.txt" "$T/gpu.txt"; then
        bad "$name" "frame metadata differs: $(diff "$T/cpu.txt" "$T/gpu.txt" | head -n 2 | tr '\n' ' ')"
    else
        ok "$name: CPU and CUDA give the same bits and metadata"
    fi
}

for f in GoldenGate Ocean Desk StillLife CandleGlass WideColorGamut hdri_sunset hdri_night; do
    case "$(probe "$MEDIA/$f.exr" pix_fmt)" in gbrapf32le) a=a ;; *) a= ;; esac
    ga=${a:+format=rgba}
    cpu_gpu "$f default" "-i $MEDIA/$f.exr" "" "gbr${a}p" "$ga"
    cpu_gpu "$f channel, ae" "-i $MEDIA/$f.exr" "mode=channel:ae=1" "gbr${a}p" "$ga"
    cpu_gpu "$f luminance, clip, hable" "-i $MEDIA/$f.exr" "mode=luminance:gamut=clip:t=hable" "gbr${a}p" "$ga"
    cpu_gpu "$f PQ BT.2020 10-bit" "-i $MEDIA/$f.exr" "trc=pq:pout=bt2020" "gbr${a}p10le" "$ga"
    cpu_gpu "$f level=2, 16-bit linear" "-i $MEDIA/$f.exr" "level=2:trc=linear" "gbr${a}p16le" "$ga"
    # alpha dropped: premultiplied colour over black on both paths
    [ -n "$a" ] && cpu_gpu "$f without output alpha" "-i $MEDIA/$f.exr" "" "gbrp"
done
cpu_gpu "ACEScg in, P3 out, AgX, 12-bit HLG" "-i $MEDIA/WideColorGamut.exr" \
    "pin=acescg:pout=p3-d65:t=agx:trc=hlg:depth=12" "gbrp12le"

# sequences: a pan across an HDRI, cuts between ILM images (scene cuts), as
# raw gbrpf32le (this ffmpeg has no nut demuxer)
$FF -loop 1 -i "$MEDIA/hdri_sunset.exr" -vf "crop=320:200:x='min(n*16,700)':y=150,format=gbrpf32le" \
    -frames:v 40 -f rawvideo -y "$T/pan.raw" > "$T/last.log" 2>&1
cpu_gpu "pan across an HDRI, smoothed auto exposure" "-f rawvideo -pix_fmt gbrpf32le -s 320x200 -i $T/pan.raw" \
    "ae=1:smooth=8" "gbrp"
$FF -loop 1 -t 0.4 -i "$MEDIA/GoldenGate.exr" -loop 1 -t 0.4 -i "$MEDIA/Ocean.exr" -filter_complex \
    "[0]crop=320:218,setsar=1,format=gbrpf32le[a];[1]crop=320:218,setsar=1,format=gbrpf32le[b];[a][b]concat=n=2" \
    -f rawvideo -y "$T/cut.raw" > "$T/last.log" 2>&1
cpu_gpu "cut between ILM images" "-f rawvideo -pix_fmt gbrpf32le -s 320x218 -i $T/cut.raw" "ae=1:smooth=8" "gbrp"
cpu_gpu "cut between ILM images, latency=1" "-f rawvideo -pix_fmt gbrpf32le -s 320x218 -i $T/cut.raw" \
    "ae=1:smooth=8:latency=1" "gbrp"
# the same without hwdownload: nothing then waits for the GPU between frames
# but the filter's own reads, so a histogram read before its kernel has run
# gives other statistics (on the emulator, queued work runs only when the
# host waits for it; a GPU may or may not have finished it)
# (the files of the check before are removed first: both runs must write theirs)
rm -f "$T/cpu.txt" "$T/gpu.txt"
$FF -f rawvideo -pix_fmt gbrpf32le -s 320x218 -i "$T/cut.raw" \
    -vf "exrtonemap=ae=1:smooth=8:latency=1,metadata=print:file=$T/cpu.txt" -f null - 2>"$T/cpu.log" &&
$FF $HW -f rawvideo -pix_fmt gbrpf32le -s 320x218 -i "$T/cut.raw" \
    -vf "hwupload_cuda,exrtonemap=ae=1:smooth=8:latency=1,metadata=print:file=$T/gpu.txt" -f null - 2>"$T/gpu.log"
rc=$?
if [ "$rc" != 0 ] || [ ! -s "$T/cpu.txt" ] || [ ! -s "$T/gpu.txt" ] || ! cmp -s "$T/cpu.txt" "$T/gpu.txt"; then
    bad "latency=1, CUDA frames never downloaded" "metadata differs from the CPU's: $(diff "$T/cpu.txt" \
        "$T/gpu.txt" | head -n 2 | tr '\n' ' ') $(tail -n 1 "$T/gpu.log")"
else
    ok "latency=1, CUDA frames never downloaded: the CPU's metadata (each histogram read after its kernel)"
fi

# bad pixels: NaN, infinities, negatives, huge values
# (NaN, +Inf, -Inf, -4, 0, 0.18, 1, 1e30 as little-endian floats, in each of
# the 3 planes of a 4x2 gbrpf32le frame; printf, as the GPU machine may have
# no Python)
px='\000\000\300\177\000\000\200\177\000\000\200\377\000\000\200\300'
px="$px"'\000\000\000\000\354\121\070\076\000\000\200\077\312\362\111\161'
printf "$px$px$px" > "$T/bad.raw"
cpu_gpu "NaN, Inf, negative pixels" "-f rawvideo -pix_fmt gbrpf32le -s 4x2 -i $T/bad.raw" "peak=10" "gbrp"

# the timeline: disabled frames are clipped without the curve, on the GPU too
cpu_gpu "timeline (enable=)" "-loop 1 -t 0.2 -i $MEDIA/Desk.exr" "ev=2:enable='between(n,1,2)'" "gbrp"
# frames taller than a grid's 65535 blocks of rows: the kernels loop over rows
python3 -c "
import array, sys
n = 600000
v = array.array('f', [(i % 997) / 150.0 for i in range(n)])
sys.stdout.buffer.write(v.tobytes() * 3)" > "$T/tall.raw"
cpu_gpu "a 1x600000 frame (more rows than the grid holds)" "-f rawvideo -pix_fmt gbrpf32le -s 1x600000 -i $T/tall.raw" "" "gbrp"
head -c $((2 * 1048576 * 12)) /dev/zero > "$T/tall2.raw"
check "format=nv12 on a 2x1048576 frame" $FF $HW -f rawvideo -pix_fmt gbrpf32le -s 2x1048576 -i "$T/tall2.raw" \
    -vf "hwupload_cuda,exrtonemap=format=nv12,hwdownload,format=nv12" -f null -
# with latency=1 a disabled frame (measured for the bypass, in another mode)
# does not pass its statistics on: the next frame's are the last enabled one's
cpu_gpu "timeline with latency=1 across a cut, luminance" "-f rawvideo -pix_fmt gbrpf32le -s 320x218 -i $T/cut.raw" \
    "ae=1:latency=1:mode=luminance:enable='not(between(n,8,10))'" "gbrp"

# NV12 / P010 output for hardware encoders: close to the CPU path converted
# by swscale (chroma filtering and rounding differ, so PSNR, not bits)
for c in "nv12 nv12 srgb bt709 bt709" "p010 p010le pq bt2020 bt2020"; do
    set -- $c
    psnr=$($FFMPEG -nostdin -hide_banner $HW -i "$MEDIA/GoldenGate.exr" -i "$MEDIA/GoldenGate.exr" -filter_complex \
        "[0]hwupload_cuda,exrtonemap=format=$1:trc=$3:pout=$4:dither=0,hwdownload,format=$2[g];[1]exrtonemap=trc=$3:pout=$4:dither=0,scale=out_color_matrix=$5:out_range=tv,format=$2[c];[g][c]psnr" \
        -f null - 2>&1 | sed -n 's/.*average:\([0-9.inf]*\).*/\1/p')
    [ "$psnr" = inf ] && psnr=1000       # identical planes
    le "format=$1 within 40 dB PSNR of exrtonemap + swscale" 40 "$psnr"
done

# errors
expect_fail "CUDA frames of another format: a clear error" "exrtonemap takes gbrpf32le or gbrapf32le" \
    $FF $HW -i "$MEDIA/Desk.exr" -vf "format=gbrp,hwupload_cuda,exrtonemap,hwdownload,format=gbrp" -f null -
expect_fail "CUDA input, software output: a clear error" "CUDA input gives CUDA output" \
    $FF $HW -i "$MEDIA/Desk.exr" -vf "hwupload_cuda,exrtonemap,format=gbrp" -f null -

summary

#!/bin/sh
# The exrtonemap filter through the built ffmpeg, on real OpenEXR images
# (ILM's test images, Blender's HDRIs) and sequences made from them.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. tests/lib.sh
FF="$FFMPEG -nostdin -hide_banner -v error"

# --- every real EXR to an 8-bit PNG -----------------------------------------
for f in GoldenGate Ocean Desk StillLife CandleGlass WideColorGamut hdri_sunset hdri_night; do
    in="$MEDIA/$f.exr"
    run_ok "$f.exr -> 8-bit PNG" $FF -i "$in" -vf exrtonemap -y "$T/$f.png" || continue
    want="$(probe "$in" width,height)"
    case "$(probe "$in" pix_fmt)" in gbrapf32le) fmt=rgba ;; *) fmt=rgb24 ;; esac
    equal "$f.exr -> 8-bit PNG, size and alpha kept" "$(probe "$T/$f.png" width,height,pix_fmt)" "$want,$fmt"
done

# --- the mapped picture is a real picture: mid-tones, not black or white -----
mean=$($FF -i "$MEDIA/GoldenGate.exr" -vf "exrtonemap,format=gray" -f rawvideo - | od -An -v -tu1 | \
       awk '{ for (i = 1; i <= NF; i++) { s += $i; n++ } } END { printf "%.1f", s / n }')
le "GoldenGate mean gray level above 40" 40 "$mean"
le "GoldenGate mean gray level below 200" "$mean" 200

# --- every curve, mode, transfer and primaries runs --------------------------
for c in clip linear reinhard hable mobius bt2390 bt2446a spline aces agx; do
    check "tonemap=$c" $FF -i "$MEDIA/Desk.exr" -vf "exrtonemap=tonemap=$c" -f null -
done
for m in channel maxrgb luminance; do
    check "mode=$m" $FF -i "$MEDIA/Desk.exr" -vf "exrtonemap=mode=$m:gamut=clip" -f null -
done
for p in bt709 bt2020 p3-d65 acescg aces-ap0 xyz; do
    check "primaries_in=$p" $FF -i "$MEDIA/WideColorGamut.exr" -vf "exrtonemap=pin=$p:pout=p3-d65" -f null -
done

# --- output formats and colour tags ------------------------------------------
check "16-bit output" $FF -i "$MEDIA/Ocean.exr" -vf "exrtonemap=depth=16" -y "$T/o16.png"
equal "16-bit PNG" "$(probe "$T/o16.png" pix_fmt)" "rgb48be"
check "HDR10: PQ, BT.2020, 10-bit H.264 (the docs' recipe)" $FF -i "$MEDIA/hdri_sunset.exr" \
    -vf "exrtonemap=trc=pq:pout=bt2020,scale=out_color_matrix=bt2020:out_range=tv,format=yuv420p10le" \
    -colorspace bt2020nc -c:v libx264 -frames:v 1 -y "$T/pq.mkv"
equal "HDR10 stream tags" "$(probe "$T/pq.mkv" color_transfer,color_primaries,color_space)" "bt2020nc,smpte2084,bt2020"
# the docs' Y'CbCr conversion uses the BT.709 matrix (FFmpeg 5.1's default is BT.601):
# pure red is Y'CbCr 63, 102, 240 (BT.601 would give 81, 90, 240)
python3 -c "
import struct, sys
sys.stdout.buffer.write(struct.pack('<16f', *[0.0] * 16) * 2 + struct.pack('<16f', *[1.0] * 16))" > "$T/red.raw"
equal "SDR recipe: BT.709 Y'CbCr of pure red" "$($FF -f rawvideo -pix_fmt gbrpf32le -s 4x4 -i "$T/red.raw" \
    -vf "exrtonemap=peak=1:t=clip:dither=0,scale=out_color_matrix=bt709:out_range=tv,format=yuv444p" \
    -f rawvideo - | od -An -v -tu1 | awk '{ print $1 }' | tr '\n' ' ')" "63 102 240 "
equal "PQ output is 10-bit by default" "$($FFMPEG -nostdin -hide_banner -i "$MEDIA/hdri_sunset.exr" -vf "exrtonemap=trc=pq,showinfo" -f null - 2>&1 | grep -o 'fmt:[a-z0-9]*' | head -n 1)" "fmt:gbrp10le"
# a 16x16 frame of reference white (1.0): every one of the 256 dither
# positions reaches the top code where white is the curve's top (clip, a
# peak of 1), at 12 bits; the gbrp16le output of clip is the value itself
python3 -c "
import struct, sys
sys.stdout.buffer.write(struct.pack('<768f', *[1.0] * 768))" > "$T/white16.raw"
for c in "t=clip" "t=hable:peak=1" "t=bt2446a:peak=1"; do
    equal "reference white at every dither position, 12 bits, $c: the top code" \
        "$($FF -f rawvideo -pix_fmt gbrpf32le -s 16x16 -i "$T/white16.raw" -vf "exrtonemap=$c:depth=12" \
           -f rawvideo -pix_fmt gbrp12le - | od -An -v -tu2 | tr -s ' ' '\n' | grep -v '^$' | sort -u | tr '\n' ' ')" "4095 "
done
python3 -c "
import struct, sys
sys.stdout.buffer.write(struct.pack('<24f', *[0.98, 0.99, 0.995, 0.999, 1.0, 1.001, 1.01, 1.1] * 3))" > "$T/ramp8.raw"
equal "clip, linear, 16 bits: 0.98 ... 1.1 are the values themselves, clipped at 1" \
    "$($FF -f rawvideo -pix_fmt gbrpf32le -s 8x1 -i "$T/ramp8.raw" -vf "exrtonemap=t=clip:trc=linear:dither=0" \
       -f rawvideo -pix_fmt gbrp16le - | od -An -v -tu2 -N16 | tr -s ' ' | sed 's/^ //')" "64224 64880 65207 65470 65535 65535 65535 65535"
check "HLG output" $FF -i "$MEDIA/hdri_sunset.exr" -vf "exrtonemap=trc=hlg:pout=bt2020" -f null -
check "level=2 (MIP)" $FF -i "$MEDIA/GoldenGate.exr" -vf exrtonemap=level=2 -y "$T/mip.png"
equal "level=2 size" "$(probe "$T/mip.png" width,height)" "316,215"
equal "level=8 on 1000x130: 4x1 with the SAR that keeps the picture's shape (25:13)" \
    "$($FF -v info -i "$MEDIA/GoldenGate.exr" -vf crop=1000:130,exrtonemap=level=8,showinfo -f null - 2>&1 | grep -o 'sar:[0-9/]* s:[0-9x]*' | head -n 1)" \
    "sar:25/13 s:4x1"

# --- bad pixels: NaN, infinities, negatives give defined codes ---------------
python3 -c "
import struct, sys
v = [float('nan'), float('inf'), float('-inf'), -4.0, 0.0, 0.18, 1.0, 1e30]
# planes G, B, R of a 4x2 gbrpf32le frame: the same values in every plane
sys.stdout.buffer.write(b''.join(struct.pack('<8f', *v) for _ in range(3)))
" > "$T/bad.raw"
codes=$($FF -f rawvideo -pix_fmt gbrpf32le -s 4x2 -i "$T/bad.raw" \
        -vf "exrtonemap=peak=10:dither=0" -f rawvideo - | od -An -v -tu1 | tr -s ' \n' ' ')
case "$codes" in
    " 0 255 0 0 0 "*) ok "NaN -> 0, +Inf -> white, -Inf and negatives -> 0 ($codes)" ;;
    *) bad "bad pixels" "codes: $codes" ;;
esac

# --- sequences: a pan across an HDRI (smooth), cuts between ILM images -------
if run_ok "pan across an HDRI" $FF -loop 1 -i "$MEDIA/hdri_sunset.exr" -vf \
        "crop=320:200:x='min(n*16,700)':y=150,exrtonemap=ae=1:smooth=8,metadata=print:file=$T/pan.txt" \
        -frames:v 40 -f null -; then
    sed -n 's/^lavfi.exrtonemap.exposure=//p' "$T/pan.txt" > "$T/pan_ev.txt"
    jump=$(awk 'NR > 1 { d = $1 - p; if (d < 0) d = -d; if (d > m) m = d } { p = $1 } END { print m + 0 }' "$T/pan_ev.txt")
    range=$(sort -n "$T/pan_ev.txt" | sed -n '1p;$p' | tr '\n' ' ' | awk '{ print $2 - $1 }')
    le "pan: 40 frames measured" 40 "$(wc -l < "$T/pan_ev.txt")"
    le "pan: the exposure follows the scene (more than 1 EV over the pan)" 1 "$range"
    equal "pan: no scene cut" "$(grep -c 'scene_cut=1' "$T/pan.txt")" "0"
    le "pan: exposure moves at most 0.25 EV per frame" "$jump" 0.25
fi
# (the ILM images are cropped to a common size, not scaled: FFmpeg 5.1's
# swscale clips float samples to [0, 1], which would remove every highlight)
run_ok "cuts between ILM images" $FF -loop 1 -t 0.4 -i "$MEDIA/GoldenGate.exr" -loop 1 -t 0.4 -i "$MEDIA/Ocean.exr" \
    -loop 1 -t 0.4 -i "$MEDIA/StillLife.exr" -filter_complex \
    "[0]crop=640:436,setsar=1[a];[1]crop=640:436,setsar=1[b];[2]crop=640:436,setsar=1,format=gbrpf32le[c];[a][b][c]concat=n=3,exrtonemap=ae=1:smooth=8,metadata=print:file=$T/cut.txt" \
    -f null -
cuts=$(sed -n 's/^lavfi.exrtonemap.scene_cut=//p' "$T/cut.txt" | tr -d '\n')
equal "cuts between ILM images: one scene cut each, on the cut's second frame" "$cuts" "000000000001000000000100000000"

# latency=1: each frame's curve from the frame before's statistics (the first
# frame's own): the measured peaks are those of latency=0, one frame later
run_ok "a cut sequence for latency" $FF -loop 1 -t 0.2 -i "$MEDIA/GoldenGate.exr" -loop 1 -t 0.2 -i "$MEDIA/Ocean.exr" -filter_complex \
    "[0]crop=320:218,setsar=1,format=gbrpf32le[a];[1]crop=320:218,setsar=1,format=gbrpf32le[b];[a][b]concat=n=2" \
    -f rawvideo -y "$T/cut2.raw"
for l in 0 1; do
    run_ok "latency=$l" $FF -f rawvideo -pix_fmt gbrpf32le -s 320x218 -i "$T/cut2.raw" \
        -vf "exrtonemap=smooth=0:latency=$l,metadata=print:file=$T/lat$l.txt" -f null -
done
p0=$(sed -n 's/^lavfi.exrtonemap.peak=//p' "$T/lat0.txt" | tr '\n' ' ')
p1=$(sed -n 's/^lavfi.exrtonemap.peak=//p' "$T/lat1.txt" | tr '\n' ' ')
same "latency=1: the peaks of latency=0, one frame later" "$p1" \
    "$(echo "$p0" | awk '{ printf "%s ", $1; for (i = 1; i < NF; i++) printf "%s ", $i }')"
# a frame the timeline disables does not pass its statistics (the bypass's,
# measured in another mode) to the next frame: with latency=1 in luminance
# mode, the frames after a disabled one keep the peak of the others
# (8x8 frames: 60 grey pixels at 0.1, 4 at (0.2, 0.2, 8): their luminance
# and largest channel are far apart)
python3 -c "
import array, sys
r, g, b = [0.1] * 64, [0.1] * 64, [0.1] * 64
r[:4], g[:4], b[:4] = [0.2] * 4, [0.2] * 4, [8.0] * 4
sys.stdout.buffer.write(array.array('f', g + b + r).tobytes() * 6)" > "$T/blue.raw"
run_ok "latency=1, a disabled frame" $FF -f rawvideo -pix_fmt gbrpf32le -s 8x8 -i "$T/blue.raw" \
    -vf "exrtonemap=smooth=0:latency=1:mode=luminance:percentile=99:enable='not(eq(n,1))',metadata=print:file=$T/latd.txt" -f null - &&
    equal "latency=1, a disabled frame: the next frames' peaks are the first's" \
    "$(sed -n 's/^lavfi.exrtonemap.peak=//p' "$T/latd.txt" | sort -u | wc -l) $(grep -c '^lavfi.exrtonemap.peak=' "$T/latd.txt")" "1 5"
# a mode command changes what the statistics measure: the next frame's curve
# is from its own, not the frame before's (measured in the old mode)
for l in 0 1; do
    run_ok "latency=$l, a mode command" $FF -f rawvideo -pix_fmt gbrpf32le -s 8x8 -i "$T/blue.raw" \
        -vf "sendcmd=c='0.06 exrtonemap mode luminance',exrtonemap=smooth=0:latency=$l:percentile=99,metadata=print:file=$T/latm$l.txt" -f null -
done
equal "latency=1, a mode command: the peaks of latency=0" "$(sed -n 's/^lavfi.exrtonemap.peak=//p' "$T/latm1.txt" | tr '\n' ' ')" \
    "$(sed -n 's/^lavfi.exrtonemap.peak=//p' "$T/latm0.txt" | tr '\n' ' ')"

# --- alpha: colour is premultiplied, and colour where alpha is 0 is light ----
# (CandleGlass.exr: the flame and its glow, 85% of the pixels). Without output
# alpha the image over black is mapped: the same bytes as its colour planes
# alone; with output alpha, the colour of those pixels is kept, not zeroed.
$FF -i "$MEDIA/CandleGlass.exr" -f rawvideo -pix_fmt gbrapf32le -y "$T/candle.raw"
head -c $((1000 * 810 * 12)) "$T/candle.raw" > "$T/candle_rgb.raw"
a=$($FF -i "$MEDIA/CandleGlass.exr" -vf "exrtonemap,format=gbrp" -f md5 - 2>&1)
b=$($FF -f rawvideo -pix_fmt gbrpf32le -s 1000x810 -i "$T/candle_rgb.raw" -vf "exrtonemap,format=gbrp" -f md5 - 2>&1)
case "$a" in MD5=*) equal "no output alpha: premultiplied colour mapped as it is (CandleGlass)" "$a" "$b" ;;
             *) bad "CandleGlass without output alpha" "$a" ;; esac
$FF -i "$MEDIA/CandleGlass.exr" -vf "exrtonemap,format=gbrap" -f rawvideo -y "$T/candle_a.raw"
n=$(python3 -c "
import sys
d = open(sys.argv[1], 'rb').read(); p = 1000 * 810; g, a = d[:p], d[3 * p:]
print(sum(1 for i in range(0, p, 7) if a[i] == 0 and g[i] > 0))" "$T/candle_a.raw")
le "output alpha: colour where alpha is 0 is kept (sampled pixels with colour)" 1000 "$n"

# --- determinism, threads, timeline, commands --------------------------------
# md5s NAME FFMPEG_ARGS...: the frames' md5s, one per line (nothing, and a
# failure counted, when ffmpeg fails)
md5s() {
    name=$1; shift
    run_ok "$name" $FF "$@" -f framemd5 -y "$T/md5.txt" && grep -v '^#' "$T/md5.txt" | awk '{ print $NF }'
}
a=$(md5s "threads 1" -filter_threads 1 -i "$MEDIA/StillLife.exr" -vf "exrtonemap=ae=1")
b=$(md5s "threads 1 again" -filter_threads 1 -i "$MEDIA/StillLife.exr" -vf "exrtonemap=ae=1")
c=$(md5s "threads 3" -filter_threads 3 -i "$MEDIA/StillLife.exr" -vf "exrtonemap=ae=1")
same "same output twice" "$a" "$b"
same "1 vs 3 threads" "$a" "$c"
# a lossless 16-bit archive: FFV1 in Matroska reads back bit for bit
if run_ok "16-bit output to FFV1" $FF -i "$MEDIA/Ocean.exr" -vf exrtonemap=depth=16 -c:v ffv1 -y "$T/o16.mkv"; then
    a=$(md5s "16-bit, direct" -i "$MEDIA/Ocean.exr" -vf exrtonemap=depth=16)
    b=$(md5s "16-bit, from FFV1" -i "$T/o16.mkv")
    same "FFV1 keeps the 16-bit output bit for bit" "$a" "$b"
fi
# the core's AVX2 and baseline builds of the pixel passes give the same bits
# (without AVX2 both runs would take the baseline build)
for o in "mode=channel:gamut=desaturate" "mode=luminance:trc=pq:level=1" "t=hable:depth=16:trc=linear"; do
    if ! grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
        skip "-cpuflags -avx2 gives the same bits ($o)" "this CPU has no AVX2: the baseline build either way"
        continue
    fi
    a=$(md5s "$o" -i "$MEDIA/CandleGlass.exr" -vf "exrtonemap=$o")
    b=$(md5s "$o, -cpuflags -avx2" -cpuflags -avx2 -i "$MEDIA/CandleGlass.exr" -vf "exrtonemap=$o")
    same "-cpuflags -avx2 gives the same bits ($o)" "$a" "$b"
done
run_ok "runtime command" $FF -loop 1 -t 0.12 -i "$MEDIA/Desk.exr" \
    -vf "sendcmd=c='0.05 exrtonemap exposure 2',exrtonemap,metadata=print:file=$T/cmd.txt" -f null -
equal "runtime command: exposure" "$(sed -n 's/^lavfi.exrtonemap.exposure=//p' "$T/cmd.txt" | tr '\n' ' ')" "0.0000 0.0000 2.0000 "
# an ignored param is said once, not again at each command that leaves it
# (repeat+: FFmpeg would fold a repeated line into "Last message repeated")
run_ok "param ignored: the run" $FF -v repeat+warning -loop 1 -t 0.12 -i "$MEDIA/Desk.exr" \
    -vf "sendcmd=c='0.05 exrtonemap exposure 2;0.09 exrtonemap exposure 1',exrtonemap=t=clip:param=0.5" -f null - &&
    equal "param ignored: one warning, not one per command" "$(grep -c 'param=0.5 is ignored' "$T/last.log")" "1"
# frame 0 disabled, frame 1 enabled: frame 0 is the clip curve at 1.0 with no
# exposure (docs: Commands and timeline), frame 1 the curve with ev=3
tl=$(md5s "timeline" -loop 1 -t 0.08 -i "$MEDIA/Desk.exr" -vf "exrtonemap=ev=3:enable='eq(n,1)'" | tr '\n' ' ')
clip=$(md5s "clip at 1.0" -loop 1 -t 0.04 -i "$MEDIA/Desk.exr" -vf "exrtonemap=t=clip:peak=1")
set -- $tl
same "enable=: a disabled frame is clipped at 1.0, without curve or exposure" "$1" "$clip"
[ -n "$2" ] && [ "$2" != "$1" ] && ok "enable=: the enabled frame has the curve" || bad "timeline" "$tl"
# mode=luminance: a disabled frame keeps the hue as maxrgb does (the clip
# curve on Y alone left channels past white to gamut=desaturate: red went
# pink); and it carries no lavfi.exrtonemap.* metadata
a=$(md5s "timeline, luminance" -loop 1 -t 0.04 -i "$MEDIA/CandleGlass.exr" -vf "exrtonemap=mode=luminance:enable=0")
b=$(md5s "clip, maxrgb" -loop 1 -t 0.04 -i "$MEDIA/CandleGlass.exr" -vf "exrtonemap=t=clip:peak=1:mode=maxrgb")
same "enable=: a disabled frame in luminance mode is clipped as maxrgb (hue kept)" "$a" "$b"
rm -f "$T/tlm.txt"
run_ok "enable=: metadata" $FF -loop 1 -t 0.12 -i "$MEDIA/Desk.exr" \
    -vf "exrtonemap=ae=1:enable='eq(n,1)',metadata=print:file=$T/tlm.txt" -f null - &&
    equal "enable=: only the enabled frame has lavfi.exrtonemap.* metadata" \
    "$(grep -c '^lavfi.exrtonemap.peak=' "$T/tlm.txt") $(grep -c '^frame:' "$T/tlm.txt")" "1 1"

# --- luminance-only EXRs: FFmpeg's decoder gives grayf32le ---------------------
# a ramp from 0.5 to 32 as a Y-only EXR (FFmpeg's own encoder) maps like the
# same values in all three channels (before, FFmpeg converted grayf32le in
# front of the filter, squeezing it into [0.53, 1]: a peak of 1.125, not 32)
python3 -c "
import struct, sys
v = [0.5 * 64 ** (x / 63.0) for y in range(8) for x in range(64)]
open(sys.argv[1], 'wb').write(struct.pack('<512f', *v))
open(sys.argv[2], 'wb').write(struct.pack('<512f', *v) * 3)" "$T/gray.raw" "$T/gray3.raw"
run_ok "Y-only EXR written" $FF -f rawvideo -pix_fmt grayf32le -s 64x8 -i "$T/gray.raw" -c:v exr -y "$T/gray.exr"
equal "Y-only EXR decodes to grayf32le" "$(probe "$T/gray.exr" pix_fmt)" "grayf32le"
a=$(md5s "Y-only EXR" -i "$T/gray.exr" -vf "exrtonemap=depth=16")
b=$(md5s "the same values in R, G and B" -f rawvideo -pix_fmt gbrpf32le -s 64x8 -i "$T/gray3.raw" -vf "exrtonemap=depth=16")
same "Y-only EXR maps as the grey it is" "$a" "$b"
run_ok "Y-only EXR: measured peak" $FF -i "$T/gray.exr" -vf "exrtonemap,metadata=print:file=$T/graypeak.txt" -f null -
p=$(sed -n 's/^lavfi.exrtonemap.peak=//p' "$T/graypeak.txt")
le "Y-only EXR: the measured peak is about the ramp's top, 32 (the histogram's bin: up to 1/8 EV above)" 32 "${p:-0}"
le "... not the 1.125 of FFmpeg's conversion" "${p:-99}" 36

# --- the same input and output primaries are an exact identity ---------------
# a pure red of 10^4 (as 1e5-nit highlights are) keeps G and B at 0 in PQ:
# libplacebo's product of a matrix and its inverse leaked 60 and 30 of 1023
# into them, and its curves' overshoot past white, desaturated, 24
python3 -c "
import struct, sys
sys.stdout.buffer.write(struct.pack('<512f', *[0.0] * 512) + struct.pack('<256f', *[1e4] * 256))" > "$T/red1e4.raw"
for c in bt2390 hable spline bt2446a; do
    for m in channel maxrgb; do
        equal "pure red of 10^4, trc=pq, t=$c, mode=$m: G and B stay 0" "$($FF -f rawvideo -pix_fmt gbrpf32le \
            -s 16x16 -i "$T/red1e4.raw" -vf "exrtonemap=t=$c:mode=$m:trc=pq:peak=10000:dither=0" -f rawvideo - | \
            od -An -v -tu2 | awk '{ for (i = 1; i <= NF; i++) { n++; if (n <= 512 && $i > m) m = $i } } END { print m + 0, n + 0 }')" "0 768"
    done
done

# --- input tagged with a non-linear transfer: mapped as linear, with a warning
run_ok "sRGB-tagged input: the run" $FFMPEG -nostdin -hide_banner -v warning -apply_trc iec61966_2_1 \
    -i "$MEDIA/Desk.exr" -loop 1 -t 0.12 -vf exrtonemap -f null - &&
    equal "sRGB-tagged input: one warning that it is treated as linear" \
        "$(grep -c 'Input tagged with transfer iec61966-2-1: exrtonemap treats its samples as linear light' "$T/last.log")" "1"

# --- bad options -------------------------------------------------------------
expect_fail "output primaries acescg refused" "Error setting option pout to value acescg" \
    $FF -i "$MEDIA/Desk.exr" -vf exrtonemap=pout=acescg -f null -
expect_fail "unknown curve refused" "Unable to parse option value \"foo\"" $FF -i "$MEDIA/Desk.exr" -vf exrtonemap=tonemap=foo -f null -
expect_fail "param out of the curve's range refused" "param=5 is out of range for tonemap=reinhard: 0.001 to 0.99" \
    $FF -i "$MEDIA/Desk.exr" -vf exrtonemap=t=reinhard:param=5 -f null -
expect_fail "depth=9 refused" "Invalid depth 9: use 8, 10, 12, 16 or 0" $FF -i "$MEDIA/Desk.exr" -vf exrtonemap=depth=9 -f null -
for trc in pq hlg srgb; do
    run_ok "depth=8 with trc=$trc runs" \
        $FFMPEG -nostdin -hide_banner -v warning -i "$MEDIA/Desk.exr" -vf "exrtonemap=trc=$trc:depth=8" -f null - || continue
    n=$(grep -c "depth=8 with transfer=$trc: 8-bit .* bands visibly" "$T/last.log")
    equal "depth=8 with trc=$trc: $([ $trc = srgb ] && echo no warning || echo a warning)" "$n" "$([ $trc = srgb ] && echo 0 || echo 1)"
done
expect_fail "exposure out of range refused" "exposure.*out of range \[-32 - 32\]" $FF -i "$MEDIA/Desk.exr" -vf exrtonemap=exposure=99 -f null -

summary

#!/bin/sh
# The primitive filter through the built ffmpeg, on real photos and video.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. tests/lib.sh
FF="$FFMPEG -nostdin -hide_banner -v error"
FAST="candidates=60:climbs=4:age=40"

# score FILTER INPUT: the lavfi.primitive.score of the first frame
score() {
    $FF -i "$2" -vf "$1,metadata=print:file=$T/meta.txt" -frames:v 1 -f null - &&
        sed -n 's/^lavfi.primitive.score=//p' "$T/meta.txt" | head -n 1
}

# --- real photos: size and format are kept ----------------------------------
check "chelsea png" $FF -i "$MEDIA/chelsea.png" -vf primitive=n=20:$FAST -y "$T/chelsea.png"
equal "chelsea size and format" "$(probe "$T/chelsea.png" width,height,pix_fmt)" "451,300,rgb24"
check "astronaut png" $FF -i "$MEDIA/astronaut.png" -vf primitive=n=20:mode=combo:$FAST -y "$T/astro.png"
equal "astronaut size" "$(probe "$T/astro.png" width,height)" "512,512"
check "rocket jpeg (yuvj444p input)" $FF -i "$MEDIA/rocket.jpg" -vf primitive=n=10:$FAST -y "$T/rocket.png"
equal "rocket size" "$(probe "$T/rocket.png" width,height)" "$(probe "$MEDIA/rocket.jpg" width,height)"

# --- every mode runs and reports its shapes ---------------------------------
for m in combo triangle rect ellipse circle rotatedrect bezier rotatedellipse polygon; do
    rm -f "$T/m.txt"
    run_ok "mode $m: 8 shapes" $FF -i "$MEDIA/coffee.png" -vf "primitive=n=8:m=$m:$FAST,metadata=print:file=$T/m.txt" \
        -f null - &&
        equal "mode $m: 8 shapes" "$(sed -n 's/^lavfi.primitive.shapes=//p' "$T/m.txt")" "8"
done
rm -f "$T/a0.json"
check "alpha=0 (searched alpha)" $FF -i "$MEDIA/coffee.png" -vf primitive=n=8:a=0:$FAST:json=$T/a0.json -f null -
# searched: the shapes' alphas differ (a fixed alpha gives one value)
alphas=$(grep -o '"alpha":[0-9]*' "$T/a0.json" 2>/dev/null | sort -u | wc -l)
[ "$alphas" -gt 1 ] && ok "alpha=0: the shapes' alphas vary ($alphas values)" ||
    bad "alpha=0: the shapes' alphas vary" "$alphas distinct alpha value(s) in the json export"

# --- real video -------------------------------------------------------------
check "cockatoo 1 s to H.264" $FF -t 1 -i "$MEDIA/cockatoo.mp4" -vf primitive=n=10:$FAST -an -y "$T/cockatoo.mp4"
equal "cockatoo output" "$(probe "$T/cockatoo.mp4" width,height)" "1280,720"
equal "cockatoo frames" "$("$FFPROBE" -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$T/cockatoo.mp4")" "20"
check "movie.mp4 (with audio) to mkv" $FF -t 0.5 -i "$MEDIA/movie.mp4" -vf primitive=n=10:$FAST -y "$T/movie.mkv"

# --- Y'CbCr frames: searched in R'G'B', drawn in Y'CbCr, no conversion around ---
# cockatoo.mp4 is yuv444p: the filter takes it as it is, and x264 keeps it
equal "cockatoo stays yuv444p (no scaler around the filter)" "$(probe "$T/cockatoo.mp4" pix_fmt)" "yuv444p"
# in_fmt INPUT VF: the pixel format primitive works in (its -v verbose line)
in_fmt() {
    $FF -v verbose -i "$1" -vf "${2}primitive=n=2:$FAST" -frames:v 1 -f null - 2>&1 |
        sed -n 's/.*Parsed_primitive.* \([a-z0-9]*\), work image.*/\1/p'
}
equal "yuv444p (cockatoo), yuvj444p (rocket.jpg), yuvj420p, yuv420p, nv12 taken without a scaler" \
    "$(in_fmt "$MEDIA/cockatoo.mp4" "") $(in_fmt "$MEDIA/rocket.jpg" "") $(in_fmt "$MEDIA/chelsea.png" format=yuvj420p,) $(in_fmt "$MEDIA/movie.mp4" "") $(in_fmt "$MEDIA/chelsea.png" format=nv12,)" \
    "yuv444p yuvj444p yuvj420p yuv420p nv12"
# psnr_avg PRE: the mean PSNR (average of Y, Cb, Cr) of 10 cockatoo frames
# with 60 shapes, the filter fed through PRE, against the input
psnr_avg() {
    $FF -v info -t 0.4 -i "$MEDIA/cockatoo.mp4" -an -filter_complex \
        "[0:v]split[a][b];[a]${1}primitive=n=60:$FAST,format=yuv420p[p];[p][b]psnr" -f null - 2>&1 |
        sed -n 's/.*PSNR.* average:\([0-9.]*\).*/\1/p'
}
yuv=$(psnr_avg "") nv12=$(psnr_avg "format=nv12,") rgb=$(psnr_avg "format=rgb24,")
# (no reference PSNR: both checks fail, none is computed from an empty value)
if isnum "$rgb"; then
    le "yuv420p path within 0.3 dB of converting to RGB24 first (the colours are right)" \
        "$(awk "BEGIN { print $rgb - 0.3 }")" "$yuv"
    le "nv12 path within 0.3 dB of converting to RGB24 first" "$(awk "BEGIN { print $rgb - 0.3 }")" "$nv12"
else
    bad "yuv420p path within 0.3 dB of converting to RGB24 first (the colours are right)" "no RGB24 PSNR: '$rgb'"
    bad "nv12 path within 0.3 dB of converting to RGB24 first" "no RGB24 PSNR: '$rgb'"
fi
# psnr444 PRE: as psnr_avg, all in yuv444p (cockatoo's own format)
psnr444() {
    $FF -v info -t 0.4 -i "$MEDIA/cockatoo.mp4" -an -filter_complex \
        "[0:v]split[a][b];[a]${1}primitive=n=60:$FAST,format=yuv444p[p];[p][b]psnr" -f null - 2>&1 |
        sed -n 's/.*PSNR.* average:\([0-9.]*\).*/\1/p'
}
y444=$(psnr444 "") rgb444=$(psnr444 "format=rgb24,")
if isnum "$rgb444"; then
    le "yuv444p path within 0.3 dB of converting to RGB24 first" "$(awk "BEGIN { print $rgb444 - 0.3 }")" "$y444"
else
    bad "yuv444p path within 0.3 dB of converting to RGB24 first" "no RGB24 PSNR: '$rgb444'"
fi
# full range: yuvj444p (rocket.jpg) and yuvj420p as close as rgb24 (a wrong range would cost more)
score_of() {
    $FF -i "$1" -vf "$2primitive=n=20:$FAST,metadata=print:file=$T/sc.txt" -f null - &&
        sed -n 's/^lavfi.primitive.score=//p' "$T/sc.txt"
}
# (an empty or non-numeric score fails: le rejects it, and isnum guards the product)
rj=$(score_of "$MEDIA/rocket.jpg" "") rr=$(score_of "$MEDIA/rocket.jpg" format=rgb24,)
if isnum "$rr"; then
    le "rocket.jpg as yuvj444p scores within 2% of rgb24" "$rj" "$(awk "BEGIN { print $rr * 1.02 }")"
else
    bad "rocket.jpg as yuvj444p scores within 2% of rgb24" "no rgb24 score: '$rr'"
fi
cj=$(score_of "$MEDIA/chelsea.png" format=yuvj420p,) cr=$(score_of "$MEDIA/chelsea.png" format=rgb24,)
if isnum "$cr"; then
    le "chelsea as yuvj420p scores within 2% of rgb24" "$cj" "$(awk "BEGIN { print $cr * 1.02 }")"
else
    bad "chelsea as yuvj420p scores within 2% of rgb24" "no rgb24 score: '$cr'"
fi
rm -f "$T/y.txt" "$T/r.txt"
if run_ok "chelsea as yuv420p scores within 5% of rgb24" $FF -i "$MEDIA/chelsea.png" \
        -vf "format=yuv420p,primitive=n=20:$FAST,metadata=print:file=$T/y.txt" -color_range pc -f null - &&
    run_ok "chelsea as yuv420p scores within 5% of rgb24" $FF -i "$MEDIA/chelsea.png" \
        -vf "format=rgb24,primitive=n=20:$FAST,metadata=print:file=$T/r.txt" -f null -; then
    ys=$(sed -n 's/^lavfi.primitive.score=//p' "$T/y.txt") rs=$(sed -n 's/^lavfi.primitive.score=//p' "$T/r.txt")
    if isnum "$rs"; then
        le "chelsea as yuv420p scores within 5% of rgb24" "$ys" "$(awk "BEGIN { print $rs * 1.05 }")"
    else
        bad "chelsea as yuv420p scores within 5% of rgb24" "no rgb24 score: '$rs'"
    fi
fi
check "odd-sized yuv420p (101x77) and nv12 (9x7)" sh -c "$FF -i $MEDIA/chelsea.png -vf crop=101:77,format=yuv420p,primitive=n=10:$FAST -f null - &&
    $FF -i $MEDIA/chelsea.png -vf scale=9:7,format=nv12,primitive=n=10:$FAST -f null -"
check "odd-sized yuv444p (101x77) with grow" $FF -i "$MEDIA/chelsea.png" -vf crop=101:77,format=yuv444p,primitive=n=5:$FAST:grow=1 -f null -

# --- SVG and JSON export ----------------------------------------------------
check "svg and json export" $FF -t 0.15 -i "$MEDIA/realshort.mp4" \
    -vf "primitive=n=12:m=combo:$FAST:svg=$T/f%02d.svg:json=$T/f%d.json" -f null -
check "json parses and holds 12 shapes per frame" python3 -c "
import json, sys
for i in range(3):
    d = json.load(open('$T/f%d.json' % i))
    assert d['frame'] == i and d['width'] == 320 and d['height'] == 240, d
    assert len(d['shapes']) == 12, len(d['shapes'])
    for s in d['shapes']:
        assert s['type'] in ('triangle', 'rect', 'ellipse', 'circle', 'rotatedrect') and 1 <= s['alpha'] <= 255
"
check "svg parses and holds 12 shapes per frame" python3 -c "
import xml.etree.ElementTree as ET
for i in range(3):
    root = ET.parse('$T/f%02d.svg' % i).getroot()
    assert root.get('width') == '320' and root.get('height') == '240'
    assert len(list(root)) == 13, len(list(root))   # background + 12 shapes
"

# --- determinism: repeated runs, thread counts -----------------------------
run_md5() {
    $FF -filter_threads "$1" -t 0.2 -i "$MEDIA/movie.mp4" -vf "primitive=n=15:m=combo:$FAST:seed=7" \
        -an -f framemd5 - 2>/dev/null | grep -v '^#'
}
a=$(run_md5 1); b=$(run_md5 1); c=$(run_md5 2); d=$(run_md5 5)
same "same seed, same framemd5" "$a" "$b"
same "1 vs 2 filter threads" "$a" "$c"
same "1 vs 5 filter threads" "$a" "$d"
e=$($FF -t 0.2 -i "$MEDIA/movie.mp4" -vf "primitive=n=15:m=combo:$FAST:seed=8" -an -f framemd5 - 2>/dev/null | grep -v '^#')
[ -n "$a" ] && [ -n "$e" ] && [ "$a" != "$e" ] && ok "another seed, other output" ||
    bad "another seed, other output" "$([ -n "$a" ] && [ -n "$e" ] && echo "the same frames" || echo "no output")"

# --- alpha of RGBA input is preserved ---------------------------------------
src="color=c=0x336699@0.5:s=64x48:d=0.12,format=rgba"
in_a=$($FF -f lavfi -i "$src,alphaextract" -f framemd5 - 2>/dev/null | grep -v '^#')
out_a=$($FF -f lavfi -i "$src,primitive=n=5:$FAST,alphaextract" -f framemd5 - 2>/dev/null | grep -v '^#')
same "rgba alpha preserved" "$in_a" "$out_a"
# smooth blends the colour bytes only (alpha from the moving test pattern: frames differ)
src="[0]format=rgba,split[c][m];[m]format=gray[g];[c][g]alphamerge"
in_a=$($FF -f lavfi -i testsrc2=s=64x48:d=0.2 -filter_complex "$src,alphaextract" -f framemd5 - 2>/dev/null | grep -v '^#')
out_a=$($FF -f lavfi -i testsrc2=s=64x48:d=0.2 -filter_complex "$src,primitive=n=5:$FAST:temporal=1:smooth=1,alphaextract" \
    -f framemd5 - 2>/dev/null | grep -v '^#')
[ "$(echo "$in_a" | awk -F, '{ print $NF }' | sort -u | wc -l)" -gt 1 ] && same "rgba alpha preserved with smooth" "$in_a" "$out_a" ||
    bad "rgba alpha preserved with smooth" "the input's alpha does not change from frame to frame"

# --- timeline and runtime commands ------------------------------------------
rm -f "$T/tl.txt"
run_ok "enable= processes only frame 1" \
    $FF -t 0.15 -i "$MEDIA/realshort.mp4" -vf "primitive=n=6:$FAST:enable='eq(n,1)',metadata=print:file=$T/tl.txt" -f null - &&
    equal "enable= processes only frame 1" "$(grep -c 'lavfi.primitive.shapes' "$T/tl.txt")" "1"
rm -f "$T/cmd.txt"
if run_ok "runtime command n" \
    $FF -t 0.15 -i "$MEDIA/realshort.mp4" -vf "sendcmd=c='0.05 primitive n 3',primitive=n=6:$FAST,metadata=print:file=$T/cmd.txt" -f null -; then
    shapes=$(sed -n 's/^lavfi.primitive.shapes=//p' "$T/cmd.txt" | tr '\n' ' ')
    case "$shapes" in "6 "*" 3 ") ok "runtime command n ($shapes)" ;; *) bad "runtime command n" "shapes per frame: $shapes" ;; esac
fi

rm -f "$T"/m[0-9]*.json
run_ok "runtime command m (alias of mode)" \
    $FF -t 0.15 -i "$MEDIA/realshort.mp4" -vf "sendcmd=c='0.05 primitive m rect',primitive=n=4:$FAST:json=$T/m%d.json" -f null - &&
    equal "runtime command m (alias of mode)" "$(grep -o '"type":"[a-z]*"' "$T/m3.json" | sort -u)" '"type":"rect"'

# enable=: the export numbers count the processed frames only
rm -f "$T"/en*.json
run_ok "enable=: json numbered from 0 on the first processed frame" \
    $FF -i "$MEDIA/realshort.mp4" -vf "trim=end_frame=5,scale=80:-2,primitive=n=3:$FAST:json=$T/en%d.json:enable='gte(n,2)'" -f null - &&
    equal "enable=: json numbered from 0 on the first processed frame" \
    "$(ls "$T"/en*.json 2>/dev/null | wc -l) $(grep -o '"frame":[0-9]*' "$T/en0.json")" "3 \"frame\":0"
# the start-up check of the export paths neither leaves files behind nor
# empties files already there when no frame is processed
rm -f "$T"/none*.json "$T"/none*.svg
printf 'kept' > "$T/none0.json"
run_ok "json= and svg= with no frame processed" \
    $FF -i "$MEDIA/realshort.mp4" -vf "trim=end_frame=2,scale=80:-2,primitive=n=2:$FAST:json=$T/none%d.json:svg=$T/none%d.svg:enable='gte(n,5)'" -f null - &&
    equal "json= and svg= with no frame processed: no file made, none emptied" \
    "$(ls "$T"/none* | wc -l) $(cat "$T/none0.json")" "1 kept"
# smooth: a runtime command, restarts after the timeline skips frames, off in grow mode
rm -f "$T/sm.txt"
if run_ok "runtime command smooth 0" \
    $FF -t 0.3 -i "$MEDIA/realshort.mp4" -vf "scale=80:-2,sendcmd=c='0.15 primitive smooth 0',primitive=n=6:$FAST:temporal=1,metadata=print:file=$T/sm.txt" -f null -; then
    # per frame: 1 when the shown picture is a blend (score != shapes_score), 0 when
    # it is the shapes' own, - when there is no shapes_score (smooth off)
    equal "runtime command smooth 0 at 0.15 s (frame 5 at 30 fps): blends from the second frame, then off" \
        "$(awk -F= '/^frame:/ { if (n++) printf "%s", f; f = "-" } /primitive.score=/ { s = $2 }
                   /primitive.shapes_score=/ { f = s != $2 } END { printf "%s", f }' "$T/sm.txt")" "01111-----"
fi
rm -f "$T/sm.txt"
run_ok "smooth with enable= skipping frames 2-3" \
    $FF -t 0.3 -i "$MEDIA/realshort.mp4" -vf "scale=80:-2,primitive=n=6:$FAST:temporal=1:enable='not(between(n,2,3))',metadata=print:file=$T/sm.txt" -f null - &&
    equal "smooth starts afresh after frames the timeline skipped" \
        "$(awk -F= '/primitive.score=/ { s = $2 } /primitive.shapes_score=/ { printf "%d", s != $2 }' "$T/sm.txt")" "01011111"
# grow on 3 video frames with temporal mode: no blend (the frames, and no shapes_score key)
rm -f "$T/gr.txt"
a=$($FF -t 0.1 -i "$MEDIA/realshort.mp4" -an -vf "scale=80:-2,primitive=n=4:$FAST:temporal=1:grow=1,metadata=print:file=$T/gr.txt" \
    -f framemd5 - 2>/dev/null | grep -v '^#')
b=$($FF -t 0.1 -i "$MEDIA/realshort.mp4" -an -vf "scale=80:-2,primitive=n=4:$FAST:temporal=1:smooth=0:grow=1" \
    -f framemd5 - 2>/dev/null | grep -v '^#')
[ "$(echo "$a" | wc -l)" -ge 8 ] && ! grep -q shapes_score "$T/gr.txt" && same "grow: smooth does not apply (the sequences are the shapes')" "$a" "$b" ||
    bad "grow: smooth does not apply" "$(echo "$a" | wc -l) frames, $(grep -c shapes_score "$T/gr.txt" 2>/dev/null) shapes_score keys"
expect_fail "smooth=2 refused" "smooth.*out of range \[-1 - 1\]" $FF -f lavfi -i testsrc2=d=0.04 -vf primitive=smooth=2 -f null -
expect_fail "smooth_diff=0 refused" "smooth_diff.*out of range \[1 - 765\]" $FF -f lavfi -i testsrc2=d=0.04 -vf primitive=smooth_diff=0 -f null -
expect_fail "seed above 2^53 refused (two such seeds would be one)" "seed.*out of range" \
    $FF -f lavfi -i testsrc2=s=32x32:d=0.04 -vf primitive=n=2:seed=9007199254740994 -f null -
# the mode names are listed by -h; mode numbers still work
equal "-h filter=primitive lists the modes" \
    "$($FFMPEG -hide_banner -h filter=primitive 2>&1 | grep -cE '^ +(combo|triangle|rect|ellipse|circle|rotatedrect|bezier|rotatedellipse|polygon) ')" "9"
rm -f "$T/mn.json"
run_ok "mode=3 is ellipse" $FF -i "$MEDIA/coffee.png" -vf "scale=64:-2,primitive=n=3:$FAST:mode=3:json=$T/mn.json" -f null - &&
    equal "mode=3 is ellipse" "$(grep -o '"type":"[a-z]*"' "$T/mn.json" | sort -u)" '"type":"ellipse"'

# --- grow: one frame per shape, each with its own shape count ---------------
GROW="scale=128:-2,primitive@p=n=20:candidates=20:climbs=2:age=20"
full=$($FF -i "$MEDIA/chelsea.png" -vf "$GROW" -f framemd5 - 2>/dev/null | grep -v '^#' | awk '{ print $NF }')
rm -f "$T/grow.txt"
if run_ok "grow: shapes 1..20, one per frame" $FF -i "$MEDIA/chelsea.png" -vf "$GROW:grow=1,metadata=print:file=$T/grow.txt" -f null -; then
    equal "grow: shapes 1..20, one per frame" "$(sed -n 's/^lavfi.primitive.shapes=//p' "$T/grow.txt" | tr '\n' ' ')" \
        "$(seq 1 20 | tr '\n' ' ')"
    equal "grow: the score only on the last frame (the whole picture)" "$(grep -c 'lavfi.primitive.score' "$T/grow.txt") $(tail -n 4 "$T/grow.txt" | grep -c 'lavfi.primitive.score')" "1 1"
fi
# n raised by a command while the sequence is output: the sequence ends, whole,
# and the new n applies from the next input frame
printf '0.08 primitive@p n 30;\n' > "$T/grow_cmd.txt"
rm -f "$T/grow.md5"
if [ -z "$full" ]; then
    bad "grow: n raised mid-sequence keeps all 20 frames and the final picture" "no framemd5 of the picture without grow"
elif run_ok "grow: n raised mid-sequence keeps all 20 frames and the final picture" \
        $FF -y -i "$MEDIA/chelsea.png" -f lavfi -i color=black:s=16x16:r=25:d=2 -filter_complex \
        "[0]$GROW:grow=1[o];[1]sendcmd=f=$T/grow_cmd.txt[o2]" -map "[o]" -f framemd5 "$T/grow.md5" -map "[o2]" -f null -; then
    equal "grow: n raised mid-sequence keeps all 20 frames and the final picture" \
        "$(grep -vc '^#' "$T/grow.md5") $(tail -n 1 "$T/grow.md5" | awk '{ print $NF }')" "20 $full"
fi

# the end of a grow sequence is at its own time base's pts: fps=50 after
# 5 input frames of 5 shapes (25 frames at 25 fps) gives 50 frames, whatever
# the input's time base
for tb in 1/1000 1/25; do
    equal "grow: EOF at the output's pts (input time base $tb), fps=50 gives 50 frames" \
        "$($FF -f lavfi -i "testsrc=s=64x64:d=0.2:r=25,settb=$tb" -vf "primitive=n=5:grow=1:$FAST,fps=50" \
           -f framecrc - 2>/dev/null | grep -c '^0,')" "50"
done
# a refused mode command leaves the option (and the shapes) as they were
rm -f "$T"/bm*.json
run_ok "a refused mode command: reported, the mode kept" \
    $FF -t 0.15 -i "$MEDIA/realshort.mp4" -vf "scale=80:-2,sendcmd=c='0.05 primitive mode bogus',primitive=n=3:m=rect:$FAST:json=$T/bm%d.json" -f null - &&
    equal "a refused mode command: reported, the mode kept" \
    "$(grep -c "Invalid mode 'bogus'" "$T/last.log") $(cat "$T"/bm*.json | grep -o '"type":"[a-z]*"' | sort -u)" '1 "type":"rect"'

# --- temporal: n raised at run time keeps the carried shapes ----------------
rm -f "$T/tn.txt"
run_ok "temporal: the first frame after n 4 -> 8 starts from the carried shapes" \
    $FF -t 0.2 -i "$MEDIA/realshort.mp4" -vf "scale=160:-2,sendcmd=c='0.07 primitive n 8',primitive=n=4:$FAST:temporal=1,metadata=print:file=$T/tn.txt" \
    -f null - &&
    equal "temporal: the first frame after n 4 -> 8 starts from the carried shapes" \
    "$(sed -n '/shapes=8/,$p' "$T/tn.txt" | sed -n '/^frame/q;/scene_cut=/p;/carried_score=/s/=.*//p' | tr '\n' ' ')" \
    "lavfi.primitive.scene_cut=0 lavfi.primitive.carried_score "
# carried_score is the scene-cut test's: there with cut > 0, not with cut=0
cs_ok=1
for c in 0.5 0; do
    rm -f "$T/cs$c.txt"
    run_ok "carried_score on frames 1, 2 with cut=0.5, none with cut=0 (cut=$c)" \
        $FF -i "$MEDIA/realshort.mp4" -vf "trim=end_frame=3,scale=80:-2,primitive=n=4:$FAST:temporal=1:cut=$c,metadata=print:file=$T/cs$c.txt" -f null - ||
        cs_ok=0
done
[ $cs_ok = 1 ] && equal "carried_score on frames 1, 2 with cut=0.5, none with cut=0" \
    "$(grep -c carried_score "$T/cs0.5.txt") $(grep -c carried_score "$T/cs0.txt")" "2 0"
# the temporal keys are each filter's own: a second, non-temporal primitive
# (or a temporal one with cut=0) drops those of a temporal one before it
rm -f "$T/cs2.txt" "$T/cs3.txt"
run_ok "chained primitives: temporal keys are the last filter's" \
    $FF -i "$MEDIA/realshort.mp4" -vf "trim=end_frame=3,scale=80:-2,primitive=n=3:$FAST:temporal=1:motion=2,primitive=n=3:$FAST,metadata=print:file=$T/cs2.txt" -f null - &&
    run_ok "chained primitives: temporal keys are the last filter's" \
    $FF -i "$MEDIA/realshort.mp4" -vf "trim=end_frame=3,scale=80:-2,primitive=n=3:$FAST:temporal=1,primitive=n=3:$FAST:temporal=1:cut=0,metadata=print:file=$T/cs3.txt" -f null - &&
    equal "chained primitives: a non-temporal one drops scene_cut, carried_score, shift; cut=0 drops carried_score" \
    "$(grep -cE 'scene_cut|carried_score|shift' "$T/cs2.txt") $(grep -c carried_score "$T/cs3.txt") $(grep -c scene_cut "$T/cs3.txt")" "0 0 3"

check_out "bg with alpha: accepted, a warning that it is ignored" "its alpha is ignored" \
    $FF -v warning -f lavfi -i testsrc2=s=32x32:d=0.04 -vf primitive=n=2:$FAST:bg=0x336699@0.5 -f null -

# --- frame size changing mid-stream: an error, not a crash ------------------
expect_fail "frame size change refused" "Frame size changed from 64x64 to" \
    $FF -f lavfi -i "testsrc2=s=64x64:d=0.2" -vf "scale=w='64+64*n':h=64:eval=frame,format=rgb24,primitive=n=2:$FAST" -f null -
# scale right before primitive changes the link's size itself (eval=frame or
# its w/h commands), without reconfiguring primitive: still refused (was a heap
# overflow), growing and shrinking, on YUV (the RGB buffer) and RGB input
expect_fail "frame size change refused: scale eval=frame just before, growing" "Frame size changed from 64x36 to 128x36" \
    $FF -f lavfi -i "testsrc2=s=64x36:d=0.2,format=yuv420p" -vf "scale=w='64+64*n':h=36:eval=frame,primitive=n=2:$FAST" -f null -
expect_fail "frame size change refused: scale w/h commands just before, shrinking" "Frame size changed from 64x36 to 32x18" \
    $FF -f lavfi -i "testsrc2=s=64x36:d=0.4,format=rgb24" \
    -vf "sendcmd=c='0.1 scale w 32;0.1 scale h 18',scale=64:36,primitive=n=2:$FAST" -f null -

# ffmpeg rebuilds the graph on a size change, and the new filter numbers its
# files from 0 again (documented); -reinit_filter 0 with a scale in front keeps
# one filter and one numbering, -reinit_filter 0 alone a clean error
rm -rf "$T/seq" "$T/re" && mkdir -p "$T/seq" "$T/re"
run_ok "-reinit_filter 0: an image sequence changing size" $FF -f lavfi -i testsrc2=s=32x32:r=25:d=0.08 "$T/seq/%d.png" &&
    run_ok "-reinit_filter 0: an image sequence changing size" \
        $FF -f lavfi -i testsrc2=s=48x32:r=25:d=0.08 -start_number 3 "$T/seq/%d.png"
check "-reinit_filter 0 and scale: one numbering over a size change" $FF -reinit_filter 0 -i "$T/seq/%d.png" \
    -vf "scale=32:32,primitive=n=2:$FAST:json=$T/re/%d.json" -f null -
equal "... 4 json files" "$(ls "$T/re" | wc -l)" "4"
expect_fail "-reinit_filter 0: size change refused" "Frame size changed from 32x32 to 48x32" \
    $FF -reinit_filter 0 -i "$T/seq/%d.png" -vf "primitive=n=2:$FAST:json=$T/re/%d.json" -f null -

# --- huge and tiny frames ---------------------------------------------------
check "8K frame" $FF -f lavfi -i "testsrc2=s=7680x4320:d=0.04" -vf "format=rgb24,primitive=n=5:$FAST" -f null -
check "2x2 frame" $FF -f lavfi -i "testsrc2=s=2x2:d=0.04" -vf "format=rgb24,primitive=n=3:$FAST" -f null -

# --- bad options: an error that names option, value and range --------------
expect_fail "n=0 refused" "n.*out of range \[1 - 10000\]" $FF -f lavfi -i testsrc2=d=0.04 -vf primitive=n=0 -f null -
expect_fail "n=20000 refused" "n.*out of range \[1 - 10000\]" $FF -f lavfi -i testsrc2=d=0.04 -vf primitive=n=20000 -f null -
expect_fail "unknown mode refused" "Invalid mode 'hexagon': valid modes are combo, triangle" $FF -f lavfi -i testsrc2=d=0.04 -vf primitive=mode=hexagon -f null -
expect_fail "size=4 refused" "size.*out of range \[8 - 2048\]" $FF -f lavfi -i testsrc2=d=0.04 -vf primitive=size=4 -f null -
printf 'abc' > "$T/1x1.rgb"
expect_fail "1x1 frame refused" "Frame size 1x1 is too small: at least 2x2" $FF -f rawvideo -pix_fmt rgb24 -s 1x1 -i "$T/1x1.rgb" -vf primitive -f null -
expect_fail "unwritable svg path refused" "Cannot write svg file '/nonexistent/dir/0.svg'" $FF -f lavfi -i testsrc2=d=0.04 -vf "primitive=svg=/nonexistent/dir/%d.svg" -f null -
expect_fail "missing json directory: ENOENT returned" "into filter network: No such file or directory" \
    $FF -f lavfi -i testsrc2=d=0.04 -vf "primitive=json=/nonexistent/dir/a.json" -f null -
equal "... with the file and the reason" \
    "$(grep -c "Cannot write json file '/nonexistent/dir/a.json': No such file or directory" "$T/last.log")" "1"
if [ -w /dev/full ]; then
    expect_fail "json on a full disk: ENOSPC returned" "Error writing the json file '/dev/full' of frame 0: No space left on device" \
        $FF -f lavfi -i testsrc2=s=32x32:d=0.04 -vf "primitive=n=2:json=/dev/full" -f null -
    expect_fail "... and the error ffmpeg gets is ENOSPC" "Error while filtering: No space left on device" \
        $FF -f lavfi -i testsrc2=s=32x32:d=0.04 -vf "primitive=n=2:svg=/dev/full" -f null -
fi
expect_fail "bad json pattern refused" "Invalid json path '$T/%s.json'" $FF -f lavfi -i testsrc2=d=0.04 -vf "primitive=json=$T/%s.json" -f null -
long=$(printf '%05000d' 0)
expect_fail "json path too long with the frame number: said so" "longer than 4095 bytes with the frame number in it" \
    $FF -f lavfi -i testsrc2=d=0.04 -vf "primitive=n=2:json=$T/${long}%d.json" -f null -
expect_fail "bad bg refused" "Invalid bg 'notacolour'" $FF -f lavfi -i testsrc2=d=0.04 -vf "primitive=bg=notacolour" -f null -

# --- quality: chelsea at 256x170, triangles, vs fogleman/primitive ----------
# fogleman's scores (../shared/reference.md): 0.0551 / 0.0446 / 0.0363
for nf in "50 0.0551" "100 0.0446" "200 0.0363"; do
    set -- $nf
    s=$(score "primitive=n=$1:m=triangle" "$MEDIA/chelsea.png")
    le "chelsea n=$1 score <= fogleman" "${s:-9}" "$2"
done

summary

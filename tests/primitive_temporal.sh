#!/bin/sh
# primitive for video: temporal mode against independent frames on real clips
# (flicker, score, search work), scene cuts, determinism, and grow mode.
# Prints the figures it measures; the goals (issue: temporal coherence) are
# flicker at most half of independent mode's, a mean score at least as good,
# and at least 3x fewer evaluated candidates per frame. Also measured: the
# carried shapes without the output smoothing (smooth=0), and smoothing
# alone on independent frames.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. tests/lib.sh
FF="$FFMPEG -nostdin -hide_banner -v error -filter_threads 2"
FLICKER=build/tests/flicker
BUDGET=${BUDGET:-candidates=100:climbs=8:age=60}

. tests/primitive_figures.sh

# clip, seconds, size, start (cockatoo's first 5 s are a fast pan: see docs)
for clip in "realshort.mp4 1.2 320 240 0" "movie.mp4 1.5 560 320 0" "cockatoo.mp4 0.6 1280 720 6"; do
    set -- $clip
    name=$1 secs=$2 w=$3 h=$4 ss=$5
    input=$($FF -i "$MEDIA/$name" -vf "trim=start=$ss:duration=$secs,setpts=PTS-STARTPTS" -f rawvideo -pix_fmt rgb24 - | $FLICKER "$w" "$h" | awk '$2 >= 2 { print $4 }')
    set -- $(figures "$name" "$secs" "primitive=n=40:$BUDGET" "$w" "$h" "$ss")
    ind_f=$1 ind_s=$2 ind_e=$3 ind_l=$4
    # temporal mode as it is by default: shapes carried, output smoothed
    set -- $(figures "$name" "$secs" "primitive=n=40:$BUDGET:temporal=1" "$w" "$h" "$ss")
    tmp_f=$1 tmp_s=$2 tmp_e=$3 tmp_l=$4
    cp "$T/fig.txt" "$T/smoothed.txt"
    # the carried shapes alone (smooth=0), and smoothing alone (independent frames)
    set -- $(figures "$name" "$secs" "primitive=n=40:$BUDGET:temporal=1:smooth=0" "$w" "$h" "$ss")
    raw_f=$1 raw_s=$2 raw_l=$4
    cp "$T/fig.txt" "$T/shapes.txt"
    set -- $(figures "$name" "$secs" "primitive=n=40:$BUDGET:smooth=0.9" "$w" "$h" "$ss")
    ism_f=$1 ism_s=$2
    echo "figures $name ${ss}-$(awk "BEGIN { print $ss + $secs }")s n=40: input flicker $input;" \
         "independent flicker $ind_f score $ind_s evals/frame $ind_e (after the first $ind_l);" \
         "temporal flicker $tmp_f score $tmp_s evals/frame $tmp_e (after the first $tmp_l);" \
         "temporal smooth=0 flicker $raw_f score $raw_s; independent smooth=0.9 flicker $ism_f score $ism_s"
    # the issue's goals, on every clip
    le "$name: temporal flicker <= half of independent" "$tmp_f" "$(awk "BEGIN { print $ind_f / 2 }")"
    le "$name: temporal mean score <= independent" "$tmp_s" "$ind_s"
    le "$name: temporal work after the first frame <= 1/3 of independent" "$tmp_l" "$(awk "BEGIN { print $ind_l / 3 }")"
    # smooth blends the output only: the search, and so the shapes' own
    # score (lavfi.primitive.shapes_score), are smooth=0's, frame by frame
    equal "$name: smooth leaves the search alone (shapes_score = smooth=0's score, every frame)" \
        "$(sed -n 's/^lavfi.primitive.shapes_score=//p' "$T/smoothed.txt" | tr '\n' ' ')" \
        "$(sed -n 's/^lavfi.primitive.score=//p' "$T/shapes.txt" | tr '\n' ' ')"
    if [ "$name" = cockatoo.mp4 ]; then
        # A handheld clip: the input itself changes by ~10 levels per frame,
        # most of independent mode's 12. The carried shapes alone follow it:
        # at most 10% over the input's own flicker, less than independent,
        # and a score within 1% of independent mode's (over seeds 0-3 it is
        # 0.2-0.4% behind in 3 of 4 seeds: see docs/primitive.md).
        le "$name: smooth=0: flicker <= 1.1 x input" "$raw_f" "$(awk "BEGIN { print $input * 1.1 }")"
        le "$name: smooth=0: flicker <= independent" "$raw_f" "$ind_f"
        le "$name: smooth=0: mean score within 1% of independent" "$raw_s" "$(awk "BEGIN { print $ind_s * 1.01 }")"
    else
        le "$name: smooth=0: flicker <= half of independent" "$raw_f" "$(awk "BEGIN { print $ind_f / 2 }")"
        le "$name: smooth=0: mean score <= independent" "$raw_s" "$ind_s"
    fi
    if [ "$name" = cockatoo.mp4 ]; then
        # motion=8: the carried shapes follow the camera's shift
        set -- $(figures "$name" "$secs" "primitive=n=40:$BUDGET:temporal=1:motion=8:smooth=0" "$w" "$h" "$ss")
        echo "figures $name temporal motion=8 smooth=0: flicker $1 score $2 evals/frame $3 (after the first $4)"
        # strictly: motion ignored would give the same score
        lt "$name: motion=8 scores better than temporal without it (smooth=0)" "$2" "$raw_s"
        le "$name: motion=8 scores within 1% of independent frames (smooth=0)" "$2" "$(awk "BEGIN { print $ind_s * 1.01 }")"
        le "$name: motion=8 work after the first frame <= 1/3 of independent" "$4" "$(awk "BEGIN { print $ind_l / 3 }")"
    fi
done

# --- determinism ------------------------------------------------------------
run() {
    $FF -filter_threads "$1" -t 0.5 -i "$MEDIA/realshort.mp4" \
        -vf "primitive=n=20:$BUDGET:temporal=1:seed=3" -f framemd5 - 2>/dev/null | grep -v '^#'
}
a=$(run 1); b=$(run 1); c=$(run 3)
same "temporal: same seed, same output" "$a" "$b"
same "temporal: 1 vs 3 threads" "$a" "$c"

# --- scene cut: movie.mp4 then cockatoo.mp4, 10 frames each ---------------
run_ok "a clip with a cut" $FF -t 1 -i "$MEDIA/movie.mp4" -t 1 -i "$MEDIA/cockatoo.mp4" -filter_complex \
    "[0:v]fps=10,format=rgb24[a];[1:v]fps=10,scale=560:320,setsar=1,format=rgb24[b];[a][b]concat=n=2:v=1:a=0,primitive=n=30:$BUDGET:temporal=1,metadata=print:file=$T/cut.txt" \
    -f null -
equal "scene cut found at the cut (frame 10) and nowhere else" \
    "$(sed -n 's/^lavfi.primitive.scene_cut=//p' "$T/cut.txt" | tr -d '\n')" "00000000001000000000"
# smooth starts afresh at the first frame and at the cut: there the shown
# picture is the shapes' own (score = shapes_score), elsewhere a blend
equal "smooth restarts at the cut: score = shapes_score at frames 0 and 10 only" \
    "$(awk -F= '/primitive.score=/ { s = $2 } /primitive.shapes_score=/ { printf "%d", s == $2 }' "$T/cut.txt")" \
    "10000000001000000000"

# --- grow: one frame per shape, for FFmpeg's GIF encoder --------------------
check "grow=1 to GIF" $FF -i "$MEDIA/chelsea.png" -filter_complex \
    "primitive=n=30:$BUDGET:grow=1,split[a][b];[a]palettegen[p];[b][p]paletteuse" -y "$T/grow.gif"
equal "grow=1 gives n frames at 25 fps" "$("$FFPROBE" -v error -count_frames -show_entries stream=nb_read_frames,r_frame_rate -of csv=p=0 "$T/grow.gif")" "25/1,30"
last_grow=$($FF -i "$MEDIA/chelsea.png" -vf "primitive=n=12:$BUDGET:grow=1" -f framemd5 - 2>/dev/null | grep -v '^#' | tail -n 1 | awk '{ print $NF }')
still=$($FF -i "$MEDIA/chelsea.png" -vf "primitive=n=12:$BUDGET" -f framemd5 - 2>/dev/null | grep -v '^#' | awk '{ print $NF }')
same "grow's last frame is the full picture" "$last_grow" "$still"

equal "grow on a flat picture gives its one background frame" \
    "$($FF -f lavfi -i "color=c=red:s=64x48:d=0.04,format=rgb24" -vf "primitive=n=10:$BUDGET:grow=1" -f framemd5 - 2>/dev/null | grep -vc '^#')" "1"
check "grow on video: n frames per input frame, in order" sh -c \
    "$FF -t 0.05 -i $MEDIA/realshort.mp4 -an -vf primitive=n=20:$BUDGET:grow=1 -f framemd5 - 2>/dev/null | grep -v '^#' | awk -F, '{ if (\$2 + 0 != NR - 1) exit 1; n++ } END { exit n != 40 }'"

summary

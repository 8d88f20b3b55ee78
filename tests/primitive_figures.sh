# primitive's video figures on a real clip, for tests/primitive_temporal.sh
# and bench/primitive_flicker.sh: flicker (tests/flicker.c), mean score and
# search work. Sourced; needs FF (ffmpeg with its options), FLICKER (the
# built tests/flicker), MEDIA and a scratch folder T.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# figures CLIP SECONDS FILTER W H START -> "flicker mean_score
# evaluations_per_frame evaluations_per_frame_after_the_first". The window is
# cut by the trim filter, so primitive sees only its frames and every figure
# is over the same frames (-ss as an input option lands cockatoo.mp4's
# decoder between keyframes; as an output option the filter would run on
# every frame before the window too). The first frame is searched from
# scratch in both modes: the work goal compares the frames after it, which
# is what a clip longer than these short windows pays per frame.
# A run that fails, or gives fewer than 2 frames, prints "none" for every
# figure: the checks on them then fail (le takes numbers only).
figures() {
    rm -f "$T/fig.txt" "$T/fig.rgb"
    if ! $FF -i "$MEDIA/$1" -vf "trim=start=$6:duration=$2,setpts=PTS-STARTPTS,$3,metadata=print:file=$T/fig.txt" \
            -f rawvideo -pix_fmt rgb24 -y "$T/fig.rgb" > "$T/last.log" 2>&1; then
        echo "figures: $1 $3 failed: $(tail -n 2 "$T/last.log" | tr '\n' ' ')" >&2
        echo "none none none none"
        return
    fi
    f=$($FLICKER "$4" "$5" < "$T/fig.rgb" | awk '$2 >= 2 { print $4 }')
    awk -F= -v f="${f:-none}" '/primitive.score/ { s += $2; n++ }
        /evaluations/ { e += $2; if (m++) l += $2 }
        END { if (n < 2 || m < 2) print "none none none none";
              else printf "%s %.6f %.0f %.0f\n", f, s / n, e / n, l / (m - 1) }' "$T/fig.txt"
}

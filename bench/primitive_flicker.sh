#!/bin/sh
# primitive for video over a whole clip (default: all of cockatoo.mp4, 280
# frames, about 2.5 minutes here): flicker, mean score and search work of
# independent frames, temporal mode (shapes carried, output smoothed), the
# carried shapes alone (smooth=0) and smoothing alone (independent frames,
# smooth=0.9), as tests/primitive_temporal.sh measures them on short
# windows, with its reduced search. Usage:
#   sh bench/primitive_flicker.sh [CLIP START SECONDS WIDTH HEIGHT]
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu
cd "$(dirname "$0")/.."
CLIP=${1:-cockatoo.mp4} START=${2:-0} SECS=${3:-14} W=${4:-1280} H=${5:-720}
MEDIA=samples/media
FF="build/bin/ffmpeg -nostdin -hide_banner -v error -filter_threads 2"
FLICKER=build/tests/flicker
BUDGET=candidates=100:climbs=8:age=60
T=bench/results/flicker
mkdir -p "$T" build/tests
[ -x "$FLICKER" ] || cc -std=c11 -O2 tests/flicker.c -o "$FLICKER"
. tests/primitive_figures.sh

input=$($FF -i "$MEDIA/$CLIP" -vf "trim=start=$START:duration=$SECS,setpts=PTS-STARTPTS" -f rawvideo -pix_fmt rgb24 - |
        $FLICKER "$W" "$H" | awk '$2 >= 2 { print $4 }')
echo "$CLIP from $START s for $SECS s, n=40, $BUDGET: input flicker $input"
printf "%-28s %8s %9s %12s %12s\n" mode flicker score evals/frame "after first"
for mode in "independent:" "temporal:temporal=1" "temporal smooth=0:temporal=1:smooth=0" "independent smooth=0.9:smooth=0.9"; do
    opt=${mode#*:}
    set -- $(figures "$CLIP" "$SECS" "primitive=n=40:$BUDGET${opt:+:$opt}" "$W" "$H" "$START")
    printf "%-28s %8s %9s %12s %12s\n" "${mode%%:*}" "$1" "$2" "$3" "$4"
done

#!/bin/sh
# `make demo`: runs primitive on real sample photos and the first seconds of a
# real video, writing the results to out/.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu
cd "$(dirname "$0")/.."
FF="${FFMPEG:-build/bin/ffmpeg} -nostdin -hide_banner -v error -stats -y"
M=samples/media
mkdir -p out

for n in 50 100 200; do
    echo "demo: chelsea.png, $n triangles"
    $FF -i $M/chelsea.png -vf primitive=n=$n -update 1 out/chelsea_n$n.png
done
echo "demo: astronaut.png, 150 shapes of every basic kind (combo), with SVG"
$FF -i $M/astronaut.png -vf primitive=n=150:m=combo:svg=out/astronaut_combo.svg -update 1 out/astronaut_combo.png
echo "demo: cockatoo.mp4, first 3 seconds, 50 triangles per frame, temporal mode"
$FF -t 3 -i $M/cockatoo.mp4 -vf primitive=n=50:temporal=1 -c:v libx264 -crf 20 -pix_fmt yuv420p out/cockatoo_n50.mp4
echo "demo: chelsea.png built up shape by shape (grow=1) as a GIF"
$FF -i $M/chelsea.png -filter_complex \
    "primitive=n=100:grow=1,split[a][b];[a]palettegen[p];[b][p]paletteuse" out/chelsea_grow.gif
echo "demo: movie.mp4, first 2 seconds, temporal mode, as a GIF (FFmpeg's palettegen/paletteuse)"
$FF -t 2 -i $M/movie.mp4 -filter_complex \
    "primitive=n=40:m=ellipse:temporal=1,split[a][b];[a]palettegen[p];[b][p]paletteuse" out/movie_ellipses.gif

echo "demo: exrtonemap: ILM's GoldenGate.exr to sRGB PNG, and an HDR10 (PQ, BT.2020) 10-bit H.264 still"
$FF -i $M/GoldenGate.exr -vf exrtonemap=ae=1 -update 1 out/goldengate_srgb.png
$FF -i $M/hdri_sunset.exr -vf "exrtonemap=trc=pq:pout=bt2020,scale=out_color_matrix=bt2020:out_range=tv,format=yuv420p10le" \
    -colorspace bt2020nc -c:v libx264 -frames:v 1 out/sunset_hdr10.mkv
echo "demo: strokerender: the Quick, Draw! cats as 128x128 PNGs"
mkdir -p out/strokes
$FF -f lavfi -i "strokerender=file=samples/quickdraw/cat.ndjson:s=128x128:lw=2" out/strokes/cat_%03d.png

echo
echo "demo: results in $(pwd)/out/:"
ls -l out/

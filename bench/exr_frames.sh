# Large EXR benchmark frames from real pixels, without resampling.
# Sourced by the exrtonemap benchmarks.
#
# FFmpeg 5.1's swscale clips float samples to [0, 1] when it scales
# gbrpf32le (Ocean.exr's measured peak falls from 724 to 1.09), which would benchmark
# tone mapping on an image with no highlights. So frames larger than a sample
# are cut from a mosaic of mirrored copies of it instead (hflip, vflip,
# hstack, vstack and crop only move samples).
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# mirror_stack N FILTER IN OUT -> a filtergraph fragment: N copies of the
# pad IN side by side with FILTER (hflip or vflip) applied to every other
# one, stacked (hstack for hflip, vstack for vflip) into the pad OUT
mirror_stack() {
    local n=$1 flip=$2 in=$3 out=$4 i s="" ins=""
    local stack=hstack
    [ "$flip" = vflip ] && stack=vstack
    if [ "$n" -eq 1 ]; then
        echo "[$in]null[$out];"
        return
    fi
    s="[$in]split=$n"
    for i in $(seq 0 $((n - 1))); do s="$s[${in}_$i]"; done
    s="$s;"
    for i in $(seq 0 $((n - 1))); do
        if [ $((i % 2)) -eq 1 ]; then
            s="$s[${in}_$i]$flip[${in}_f$i];"
            ins="$ins[${in}_f$i]"
        else
            ins="$ins[${in}_$i]"
        fi
    done
    echo "$s$ins$stack=inputs=$n[$out];"
}

# exr_frames_graph IN_W IN_H W H [DX DY] -> a -filter_complex graph from
# input 0 (IN_W x IN_H) to the pad [frames]: W x H frames cut from the
# mirrored mosaic, the window moving DX, DY pixels per frame (default 0, 0:
# the top-left corner every frame), stopping at the mosaic's edge
exr_frames_graph() {
    local iw=$1 ih=$2 w=$3 h=$4 dx=${5:-0} dy=${6:-0}
    local nx=$(((w + iw - 1) / iw)) ny=$(((h + ih - 1) / ih))
    [ "$dx" -gt 0 ] && nx=$((nx + 1))
    [ "$dy" -gt 0 ] && ny=$((ny + 1))
    echo "[0:v]null[src];$(mirror_stack $nx hflip src row)$(mirror_stack $ny vflip row mosaic)[mosaic]crop=$w:$h:x='min($dx*n,iw-ow)':y='min($dy*n,ih-oh)'[frames]"
}

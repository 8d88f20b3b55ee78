#!/bin/sh
# configure refuses what it cannot build, with a message saying why.
# (Only failing runs: a successful one would rewrite the user's config.mk.)
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. tests/lib.sh
fake="$T/fake-ffmpeg"
mkdir -p "$fake/libavfilter"
: > "$fake/libavfilter/allfilters.c"
: > "$fake/configure"
echo "6.0" > "$fake/RELEASE"
expect_fail "configure refuses FFmpeg 6.0" "FFmpeg '6.0' .* is not supported; lavfx supports FFmpeg 5.1.x" \
    ./configure --ffmpeg-source="$fake"
expect_fail "configure refuses a tree that is not FFmpeg" "does not look like an FFmpeg source tree" \
    ./configure --ffmpeg-source="$T"
expect_fail "configure refuses a missing directory" "is not a directory" \
    ./configure --ffmpeg-source=/nonexistent
expect_fail "configure refuses unknown options" "unknown option '--enable-foo'" ./configure --enable-foo
check "configure --help lists its options" sh -c "./configure --help | grep -q -- --ffmpeg-source= && ./configure --help | grep -q -- --disable-cuda && ./configure --help | grep -q -- --prefix="
summary

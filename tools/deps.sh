#!/bin/sh
# Installs the Debian 12 packages lavfx needs to build FFmpeg, fetch its samples and
# run its tests. Run as root it installs what is missing with apt-get; run as another
# user it prints the exact command and exits 1 if anything is missing.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu

# Build: compiler, assembler, pkg-config, apt-get source (dpkg-dev), patch.
# Codecs: x264 (H.264 encoder), dav1d (AV1 decoder), zlib (PNG, EXR, TIFF).
# CUDA: ffnvcodec headers (the dynamic loader FFmpeg's CUDA code uses).
# Colour: libplacebo (tone curves for exrtonemap).
# strokerender: cJSON (its JSON parser). Tests: python3 (JSON/SVG checks),
# Cairo (strokerender's test oracle and benchmark baseline), clang (libFuzzer).
PKGS="build-essential nasm pkg-config dpkg-dev patch ca-certificates
      libx264-dev libdav1d-dev zlib1g-dev libffmpeg-nvenc-dev libplacebo-dev
      python3 libcjson-dev libcairo2-dev clang libclang-rt-14-dev"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "lavfx: missing Debian packages:$missing" >&2
    echo "lavfx: install them with:  sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "lavfx: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || true
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing

#!/bin/sh
# Fetches Debian's FFmpeg source package into DIR with `apt-get source ffmpeg`,
# adding a deb-src entry for the Debian mirror already configured when none exists.
# Usage: tools/get-ffmpeg-source.sh DIR
# Prints the path of the unpacked tree on its last line.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu
dest=${1:?usage: get-ffmpeg-source.sh DIR}
mkdir -p "$dest"

has_src() {
    grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null
}

if ! has_src; then
    if [ "$(id -u)" != 0 ]; then
        echo "lavfx: apt has no deb-src entry; as root run tools/get-ffmpeg-source.sh," >&2
        echo "lavfx: or pass an FFmpeg tree with ./configure --ffmpeg-source=DIR" >&2
        exit 1
    fi
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        # deb822 format (Debian 12 default): the same entries, for sources.
        sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
            > /etc/apt/sources.list.d/lavfx-deb-src.sources
    elif [ -f /etc/apt/sources.list ]; then
        grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
            > /etc/apt/sources.list.d/lavfx-deb-src.list
    else
        echo "lavfx: no apt sources found to derive a deb-src entry from" >&2
        exit 1
    fi
    echo "lavfx: added a deb-src entry for the configured Debian mirror" >&2
    apt-get update -q >&2
fi

cd "$dest"
existing=$(ls -d ffmpeg-*/ 2>/dev/null | head -n 1 || true)
if [ -z "$existing" ]; then
    apt-get source -q ffmpeg >&2
    existing=$(ls -d ffmpeg-*/ | head -n 1)
fi
echo "$(pwd)/${existing%/}"

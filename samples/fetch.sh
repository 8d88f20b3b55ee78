#!/bin/sh
# Fetches the sample media from Debian packages, by package name, and checks
# each file's SHA-256. Files land in samples/media/ (not committed).
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu
cd "$(dirname "$0")"
dest=media
mkdir -p "$dest"

# package  path-in-package  sha256  name
LIST='
python3-skimage ./usr/lib/python3/dist-packages/skimage/data/chelsea.png 596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb chelsea.png
python3-skimage ./usr/lib/python3/dist-packages/skimage/data/coffee.png cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7 coffee.png
python3-skimage ./usr/lib/python3/dist-packages/skimage/data/rocket.jpg c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c rocket.jpg
python3-imageio ./usr/lib/python3/dist-packages/imageio/resources/images/astronaut.png b6d8f15b9103f9f9368608886d396d9ce92b10989aee1539a1e37dd1a415b9dd astronaut.png
python3-imageio ./usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4 5fde35f5a288ca86e216d2dc28188ab64b4560d3021f273faefdf0de80f38aa5 cockatoo.mp4
python3-imageio ./usr/lib/python3/dist-packages/imageio/resources/images/realshort.mp4 a8b35c2c2130453b9ea1172ad4af68ac027bc2483ef0545769684722127bfe18 realshort.mp4
python3-hug-doc ./usr/share/doc/python3-hug/examples/streaming_movie_server/movie.mp4 1d720916a831c45454925dea707d477bdd2368bc48f3715bb5464c2707ba9859 movie.mp4
'

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

missing_pkgs=""
echo "$LIST" | while read -r pkg path sha name; do
    [ -n "$pkg" ] || continue
    sha_ok "$dest/$name" "$sha" || echo "$pkg"
done | sort -u > "$dest/.need"

if [ -s "$dest/.need" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    ( cd "$tmp" && xargs apt-get download -q < "$OLDPWD/$dest/.need" ) || {
        echo "samples: 'apt-get download' failed; run 'apt-get update' (as root) and retry" >&2
        exit 1
    }
    for deb in "$tmp"/*.deb; do
        dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" \
            --wildcards './usr/lib/python3/dist-packages/*' './usr/share/doc/python3-hug/examples/*' 2>/dev/null || true
    done
    echo "$LIST" | while read -r pkg path sha name; do
        [ -n "$pkg" ] || continue
        sha_ok "$dest/$name" "$sha" && continue
        cp "$tmp/$path" "$dest/$name"
        sha_ok "$dest/$name" "$sha" || { echo "samples: SHA-256 mismatch for $name from $pkg" >&2; exit 1; }
        echo "samples: $name (from Debian package $pkg)"
    done
fi
rm -f "$dest/.need"

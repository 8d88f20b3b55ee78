#!/bin/sh
# Fetches the sample media from Debian packages, by package name, and checks
# each file's SHA-256. Files land in samples/media/ (not committed):
# photos and clips (python3-skimage, python3-imageio: public domain/CC0/BSD;
# python3-hug-doc: MIT), ILM's OpenEXR test images (psychtoolbox-3-common:
# BSD-3) and Blender's studio-light HDRIs (blender-data: CC0, as hdri_*.exr).
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
blender-data ./usr/share/blender/datafiles/studiolights/world/night.exr a46488f5cb744f325abc9f5af3c3eeb5d9393df69b5178fbe727538522120045 hdri_night.exr
blender-data ./usr/share/blender/datafiles/studiolights/world/city.exr 70940108df90c0721799d29f758ca79e67e509d9a2636487e639db7779561524 hdri_city.exr
blender-data ./usr/share/blender/datafiles/studiolights/world/interior.exr 4f6810b182ade346eac6964bf02405adf430c321b8853a644316af4e05d0fdb5 hdri_interior.exr
blender-data ./usr/share/blender/datafiles/studiolights/world/forest.exr 63ad3243d0f9c29bd1f51b9a3bbf5c0ad25ea39299698dba6cfc29d1660d6008 hdri_forest.exr
blender-data ./usr/share/blender/datafiles/studiolights/world/studio.exr e501dd8a1172bd0e03903ede7f452300f8368448fe74720600338304d79281d9 hdri_studio.exr
blender-data ./usr/share/blender/datafiles/studiolights/world/sunset.exr a164f20b86bc43ba4afd66c988a20a9dd5f1a0a5d8e960aed57a33f78119c168 hdri_sunset.exr
blender-data ./usr/share/blender/datafiles/studiolights/world/sunrise.exr b97206217e29763d62d9a65ad2d7058460acfb4824659e7a59f5bde374f21937 hdri_sunrise.exr
blender-data ./usr/share/blender/datafiles/studiolights/world/courtyard.exr 1518fa37da6a8a389810a7a70262c410553018a51f0be9e248155b9bb363ff3d hdri_courtyard.exr
psychtoolbox-3-common ./usr/share/psychtoolbox-3/PsychDemos/OpenEXRImages/GoldenGate.exr 8790ad440e8708a05044d646082e876327ceba759052dffa7adf8eb7c170bca0 GoldenGate.exr
psychtoolbox-3-common ./usr/share/psychtoolbox-3/PsychDemos/OpenEXRImages/WideColorGamut.exr 7140e9262ff518215e610fc5d4584ae470e50f8b0e7f21eb403f5b1684a33101 WideColorGamut.exr
psychtoolbox-3-common ./usr/share/psychtoolbox-3/PsychDemos/OpenEXRImages/CandleGlass.exr d84ec54c56a9f3a04cc35ef35097086f3531a511c750b2f78ad5501fb5cca4bf CandleGlass.exr
psychtoolbox-3-common ./usr/share/psychtoolbox-3/PsychDemos/OpenEXRImages/Desk.exr 2734d15e1ce157f73feaae5033b148bdabc98acb3084e9d892c6b01f23c24854 Desk.exr
psychtoolbox-3-common ./usr/share/psychtoolbox-3/PsychDemos/OpenEXRImages/Ocean.exr d599c1a768ac86f1c543793b20be42a831a1727a901eb25558b5bdc68470573c Ocean.exr
psychtoolbox-3-common ./usr/share/psychtoolbox-3/PsychDemos/OpenEXRImages/StillLife.exr 86a04a36ec10983780d47ae33b2fba0dde269dd687bf53decf5ec0a726e50756 StillLife.exr
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
            --wildcards './usr/lib/python3/dist-packages/*' './usr/share/doc/python3-hug/examples/*' \
            '*OpenEXRImages/*.exr' '*studiolights/world/*.exr' 2>/dev/null || true
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

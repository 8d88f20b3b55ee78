#!/bin/sh
# `make device-bundle`: a folder (at most 64 MiB) with the built ffmpeg and
# ffprobe, the shared libraries they need beyond glibc and the NVIDIA driver,
# a few sample files and the CUDA tests, so that the CUDA tests run on a
# machine with an NVIDIA GPU and no network: copy the folder there and run
# ./run-cuda-tests in it (./bench-cuda: the benchmarks; ./sanitize-cuda:
# compute-sanitizer's memcheck, racecheck and synccheck over small runs).
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
B=${1:-$BUILD/device-bundle}
rm -rf "$B"
mkdir -p "$B/bin" "$B/lib" "$B/tests" "$B/samples/media"
cp "$BUILD/bin/ffmpeg" "$BUILD/bin/ffprobe" "$B/bin/"
# Libraries beyond glibc (libc, libm, libpthread, libdl, librt, ld-linux) and
# the driver (libcuda, libnvidia-*), which the GPU machine has.
for exe in "$BUILD/bin/ffmpeg" "$BUILD/bin/ffprobe"; do
    ldd "$exe" | awk '/=> \// { print $3 }'
done | sort -u | grep -vE '/(libc|libm|libpthread|libdl|librt|libcuda|libnvidia-[^/]*)\.so' | \
    while read -r lib; do cp -L "$lib" "$B/lib/"; done
cp tests/lib.sh tests/cuda_roundtrip.sh tests/exrtonemap_cuda.sh tests/strokerender_cuda.sh tests/primitive_cuda.sh "$B/tests/"
mkdir -p "$B/samples/quickdraw"
cp samples/quickdraw/*.ndjson "$B/samples/quickdraw/"
# the kernel benchmark (built against CUDA's libcuda stub; the GPU machine's
# driver provides the library) with the PTX FFmpeg's build embeds
mkdir -p "$B/bench"
cc -std=c11 -O2 -Ifilters -Icuda -I/usr/local/cuda/include bench/exrtonemap_cuda.c "$BUILD/liblavfx.a" \
    -lplacebo -lm -L/usr/local/cuda/lib64/stubs -lcuda -o "$B/bin/exrtonemap_cuda_bench"
cc -std=c11 -O2 -Ifilters -Icuda -I/usr/local/cuda/include bench/strokerender_cuda.c "$BUILD/liblavfx.a" \
    -lcjson -lm -L/usr/local/cuda/lib64/stubs -lcuda -o "$B/bin/strokerender_cuda_bench"
cc -std=c11 -O2 -Ifilters $(pkg-config --cflags cairo) bench/strokerender_bench.c "$BUILD/liblavfx.a" \
    -lcjson $(pkg-config --libs cairo) -lm -o "$BUILD/strokerender_bench"
"$BUILD/strokerender_bench" 64 9 "$B/bench/walks.ndjson" > /dev/null   # 9: its fewest
cp "$BUILD/ffmpeg/libavfilter/exrtonemap.ptx" "$BUILD/ffmpeg/libavfilter/strokerender.ptx" "$B/bench/"
cp bench/cuda_lib.sh bench/exr_frames.sh bench/exrtonemap_cuda.sh bench/strokerender_cuda.sh bench/primitive_cuda.sh "$B/bench/"
for f in GoldenGate Ocean Desk StillLife CandleGlass WideColorGamut hdri_sunset hdri_night; do
    cp "samples/media/$f.exr" "$B/samples/media/"
done
for f in chelsea.png coffee.png astronaut.png cockatoo.mp4 movie.mp4; do   # primitive's CUDA test and bench
    cp "samples/media/$f" "$B/samples/media/"
done
# the PTX ISA of the kernels: the GPU's driver must know it (ISA 9.0, from
# nvcc 13, needs a driver of the R580 series or newer)
ptx_isa=$(sed -n 's/^\.version //p' "$BUILD/ffmpeg/libavfilter/exrtonemap.ptx" | head -n 1)
cat > "$B/run-cuda-tests" <<SH
#!/bin/sh
# The CUDA tests, with the bundled ffmpeg and libraries. Prints "N passed, M failed".
echo "the kernels are PTX ISA $ptx_isa: the driver must support it (9.0: R580 or newer)"
SH
cat >> "$B/run-cuda-tests" <<'SH'
cd "$(dirname "$0")"
command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
export LD_LIBRARY_PATH="$PWD/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export FFMPEG="$PWD/bin/ffmpeg" FFPROBE="$PWD/bin/ffprobe" MEDIA="$PWD/samples/media" T="${TMPDIR:-/tmp}/lavfx-cuda"
export QD="$PWD/samples/quickdraw"
# this is for a GPU machine: no CUDA device there is a failure, not a skip
export LAVFX_CUDA_REQUIRE=1
mkdir -p "$T"
"$FFMPEG" -hide_banner -version | head -n 1
passed=0 failed=0 skipped=0
for t in cuda_roundtrip exrtonemap_cuda strokerender_cuda primitive_cuda; do
    echo "== $t"
    sh "tests/$t.sh" > "$T/$t.log" 2>&1
    rc=$?
    cat "$T/$t.log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$T/$t.log" | tail -n 1)
    p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
    f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    s=$(echo "$line" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
    [ -n "$line" ] || { echo "FAIL $t: did not finish"; f=1; }
    [ "$rc" = 0 ] || [ "${f:-0}" != 0 ] || { echo "FAIL $t: exit status $rc"; f=1; }
    passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0})) skipped=$((skipped + ${s:-0}))
done
echo "run-cuda-tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
SH
cat > "$B/bench-cuda" <<'SH'
#!/bin/sh
# The CUDA benchmarks, with the bundled ffmpeg and libraries.
cd "$(dirname "$0")"
export LD_LIBRARY_PATH="$PWD/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export FFMPEG="$PWD/bin/ffmpeg" MEDIA="$PWD/samples/media" PTX="$PWD/bench/exrtonemap.ptx" \
       BENCH="$PWD/bin/exrtonemap_cuda_bench"
sh bench/exrtonemap_cuda.sh
SR_PTX="$PWD/bench/strokerender.ptx" SR_BENCH="$PWD/bin/strokerender_cuda_bench" \
    WALKS="$PWD/bench/walks.ndjson" sh bench/strokerender_cuda.sh
sh bench/primitive_cuda.sh
SH
cp tools/sanitize-cuda.sh "$B/sanitize-cuda"
chmod +x "$B/run-cuda-tests" "$B/bench-cuda" "$B/sanitize-cuda"
size=$(du -sm "$B" | cut -f1)
echo "device-bundle: $B ($size MiB)"
[ "$size" -le 64 ] || { echo "device-bundle: larger than 64 MiB" >&2; exit 1; }

#!/bin/sh
# Runs every lavfx test: `make check` calls this after building.
# Prints one line per check and, last, "N passed, M failed" for the whole run.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -u
cd "$(dirname "$0")/.."
CC=${CC:-cc}
B=build/tests
mkdir -p "$B"
total_pass=0
total_fail=0
total_skip=0

# suite NAME COMMAND...: runs a suite whose last line is "N passed, M failed"
suite() {
    name=$1; shift
    echo "== $name"
    "$@" 2>&1 | tee "$B/$name.log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$B/$name.log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $name: the suite did not finish (no summary line)"
        total_fail=$((total_fail + 1))
        return
    fi
    total_pass=$((total_pass + $(echo "$line" | cut -d' ' -f1)))
    total_fail=$((total_fail + $(echo "$line" | cut -d' ' -f3)))
    skip=$(echo "$line" | sed -n 's/.*, \([0-9]*\) skipped.*/\1/p')
    total_skip=$((total_skip + ${skip:-0}))
}

build() {
    echo "$*" > "$B/build.log"
    "$@" >> "$B/build.log" 2>&1 || { cat "$B/build.log"; echo "FAIL build: $*"; total_fail=$((total_fail + 1)); return 1; }
}

CFLAGS_T="-std=c11 -g -Wall -Wextra -Wno-unused-parameter -Ifilters"
SAN="-O1 -fsanitize=address,undefined -fno-sanitize-recover=all"

# core_suite NAME CORE_SOURCE LIBS: a core's unit tests (tests/test_NAME.c),
# optimised against build/liblavfx.a, then under AddressSanitizer and UBSan.
core_suite() {
    if build $CC $CFLAGS_T -O2 tests/test_$1.c build/liblavfx.a $3 -lm -lpthread -o $B/test_$1; then
        suite $1 $B/test_$1
    fi
    if build $CC $CFLAGS_T $SAN tests/test_$1.c $2 $3 -lm -lpthread -o $B/test_$1_asan; then
        suite $1-asan-ubsan $B/test_$1_asan
    fi
}
core_suite primitive_core filters/primitive.c ""
core_suite exrtonemap_core filters/exrtonemap.c -lplacebo
core_suite strokerender_core filters/strokerender.c "-lcjson $(pkg-config --cflags --libs cairo)"

# stroke_raster.h built its three ways (a pixel list as on CUDA, row spans,
# SSE2 rows) into one program that compares their bytes, and with the
# strokerender core (LIB: the library, or its source) against the list;
# optimised, then under AddressSanitizer and UBSan (the SSE2 rows read past a
# row's end)
raster_suite() {
    name=$1; lib=$2; shift 2
    build $CC $CFLAGS_T "$@" -Itests -DRENDER_FN=render_list -DSR_SPANS=0 -DSR_SIMD=0 \
        -c tests/stroke_raster_paths.c -o $B/$name-list.o &&
    build $CC $CFLAGS_T "$@" -Itests -DRENDER_FN=render_spans -DSR_SPANS=1 -DSR_SIMD=0 \
        -c tests/stroke_raster_paths.c -o $B/$name-spans.o &&
    build $CC $CFLAGS_T "$@" -Itests -DRENDER_FN=render_spans_simd \
        -c tests/stroke_raster_paths.c -o $B/$name-simd.o &&
    build $CC $CFLAGS_T "$@" -Itests tests/test_stroke_raster.c $B/$name-list.o $B/$name-spans.o \
        $B/$name-simd.o $lib -lcjson -lm -lpthread -o $B/$name &&
    suite $name $B/$name
}
raster_suite stroke_raster build/liblavfx.a -O2
raster_suite stroke_raster-asan-ubsan filters/strokerender.c $SAN

# The shared per-shape/per-pixel headers must stay valid CUDA device code.
# With CUDA configured (config.mk: CUDA := yes), what needs nvcc or the PTX
# must be there: its absence is a failure, not a skip.
CUDA_ON=$(sed -n 's/^CUDA := //p' config.mk 2>/dev/null)
NVCC=$(sed -n 's/^NVCC := //p' config.mk 2>/dev/null)
[ -n "$NVCC" ] || NVCC=$(command -v nvcc || ls /usr/local/cuda/bin/nvcc 2>/dev/null || true)
for cu in nvcc_headers nvcc_stroke_headers; do
    echo "== $cu"
    if [ "$CUDA_ON" = yes ] && [ ! -x "$NVCC" ]; then
        echo "FAIL CUDA is configured but nvcc ($NVCC) cannot be run"
        total_fail=$((total_fail + 1))
    elif [ -z "$NVCC" ] || [ ! -x "$NVCC" ]; then
        echo "skipped: no nvcc found (install the CUDA toolkit to check tests/$cu.cu)"
        total_skip=$((total_skip + 1))
    elif build "$NVCC" -std=c++11 -arch=compute_75 -ptx -Ifilters tests/$cu.cu -o $B/$cu.ptx; then
        echo "ok tests/$cu.cu compiles as CUDA device code ($NVCC)"
        total_pass=$((total_pass + 1))
    fi
done

# The kernels FFmpeg's build compiled (cuda/*.cu -> PTX): no fused
# multiply-add, so the GPU rounds like the CPU (ffmpeg.mk passes -fmad=false).
for cu in cuda/*.cu; do
    ptx=build/ffmpeg/libavfilter/$(basename "$cu" .cu).ptx
    echo "== $ptx"
    if [ ! -f "$ptx" ] && [ "$CUDA_ON" = yes ]; then
        echo "FAIL $ptx missing, though CUDA is configured"
        total_fail=$((total_fail + 1))
    elif [ ! -f "$ptx" ]; then
        echo "skipped: $ptx not built (./configure --disable-cuda or no nvcc)"
        total_skip=$((total_skip + 1))
    elif grep -q 'fma\.' "$ptx"; then
        echo "FAIL $ptx contains fma instructions: CPU/GPU parity lost"
        total_fail=$((total_fail + 1))
    else
        echo "ok $ptx has no fma instructions"
        total_pass=$((total_pass + 1))
    fi
done

# The CUDA kernel benchmark (bench/exrtonemap_cuda.c, driver API) must build.
echo "== bench/exrtonemap_cuda.c"
if [ ! -f /usr/local/cuda/include/cuda.h ]; then
    echo "skipped: no CUDA toolkit headers in /usr/local/cuda"
    total_skip=$((total_skip + 1))
elif build $CC $CFLAGS_T -O2 -Icuda -I/usr/local/cuda/include bench/exrtonemap_cuda.c build/liblavfx.a \
        -lplacebo -lm -L/usr/local/cuda/lib64/stubs -lcuda -o $B/exrtonemap_cuda_bench; then
    echo "ok bench/exrtonemap_cuda.c builds"
    total_pass=$((total_pass + 1))
fi
if [ -f /usr/local/cuda/include/cuda.h ] && build $CC $CFLAGS_T -O2 -Icuda -I/usr/local/cuda/include \
        bench/strokerender_cuda.c build/liblavfx.a -lcjson -lm -L/usr/local/cuda/lib64/stubs -lcuda \
        -o $B/strokerender_cuda_bench; then
    echo "ok bench/strokerender_cuda.c builds"
    total_pass=$((total_pass + 1))
fi

suite configure sh tests/configure.sh

# The glue through libavfilter's API, with frames built by hand (linesizes,
# side data, metadata, durations the command line cannot set): tests/glue_api.c
# against the patched FFmpeg's static libraries (and under ASan/UBSan in
# tests/sanitize.sh)
if build $CC $CFLAGS_T -O1 -Ibuild/ffmpeg tests/glue_api.c $(sh tests/ff_libs.sh build/ffmpeg) \
        -o $B/glue_api; then
    suite glue-api $B/glue_api
fi

# The filters through the built ffmpeg, on the real samples.
suite primitive-ffmpeg sh tests/primitive_ffmpeg.sh
if build $CC $CFLAGS_T -O2 tests/flicker.c -o $B/flicker; then
    suite primitive-temporal sh tests/primitive_temporal.sh
fi
suite exrtonemap-ffmpeg sh tests/exrtonemap_ffmpeg.sh
suite strokerender-ffmpeg sh tests/strokerender_ffmpeg.sh
suite cuda-roundtrip sh tests/cuda_roundtrip.sh
suite exrtonemap-cuda sh tests/exrtonemap_cuda.sh
suite strokerender-cuda sh tests/strokerender_cuda.sh
suite primitive-cuda sh tests/primitive_cuda.sh

# The same CUDA suites on lavfx's CPU emulator of the CUDA driver
# (tests/cuda_emu/: a libcuda.so.1 that runs cuda/*.cu compiled as host C++),
# so the kernels' logic and the filters' CUDA glue run on every machine; a
# GPU is still needed for their speed and for races between real threads.
echo "== cuda-emulator build"
EMU=$B/cuda_emu
CXX=${CXX:-g++}
if [ "$CUDA_ON" != yes ]; then
    echo "skipped: CUDA not configured (./configure --disable-cuda or no nvcc): no CUDA frames to emulate"
    total_skip=$((total_skip + 4))
elif ! pkg-config --exists ffnvcodec; then
    echo "skipped: no ffnvcodec headers (Debian: libffmpeg-nvenc-dev)"
    total_skip=$((total_skip + 4))
else
    mkdir -p $EMU
    emu_ok=1
    for f in cuda_emu kernels_exrtonemap kernels_primitive kernels_strokerender; do
        build $CXX -std=c++17 -O2 -g -U_FORTIFY_SOURCE -fPIC -Wall -Wno-unused-function \
            $(pkg-config --cflags ffnvcodec) -Itests/cuda_emu -Icuda -Ifilters \
            -c tests/cuda_emu/$f.cpp -o $EMU/$f.o || emu_ok=0
    done
    [ $emu_ok = 1 ] && build $CXX -shared -o $EMU/libcuda.so.1 $EMU/*.o -lpthread || emu_ok=0
    if [ $emu_ok = 1 ] && build $CXX -std=c++17 -O2 -g -U_FORTIFY_SOURCE -Wall -Wno-unused-function \
            $(pkg-config --cflags ffnvcodec) -Itests/cuda_emu tests/cuda_emu/selftest.cpp $EMU/cuda_emu.o \
            -lpthread -o $EMU/selftest; then
        suite cuda-emulator-selftest $EMU/selftest
    fi
    if [ $emu_ok = 1 ]; then
        echo "ok the CUDA emulator builds ($EMU/libcuda.so.1)"
        for t in cuda_roundtrip exrtonemap_cuda strokerender_cuda primitive_cuda; do
            suite $t-emulated env LD_LIBRARY_PATH=$PWD/$EMU LAVFX_CUDA_EMU=1 sh tests/$t.sh
        done
        # the kernel benchmarks' own check of the kernels against the C core
        # (exit 1 when they differ), one iteration each; their times are the
        # emulator's, not a GPU's
        for b in "exrtonemap_cuda_bench build/ffmpeg/libavfilter/exrtonemap.ptx 1" \
                 "strokerender_cuda_bench build/ffmpeg/libavfilter/strokerender.ptx 256 1"; do
            set -- $b
            [ -x $B/$1 ] && [ -f $2 ] || continue
            echo "== $1-emulated"
            if LD_LIBRARY_PATH=$PWD/$EMU $B/$b > $B/$1-emulated.log 2>&1; then
                echo "ok $1 on the emulator: kernels and C core agree"
                total_pass=$((total_pass + 1))
            else
                echo "FAIL $1 on the emulator: $(tail -n 3 $B/$1-emulated.log | tr '\n' ' ')"
                total_fail=$((total_fail + 1))
            fi
            cat $B/$1-emulated.log
        done
    fi
fi

# `make device-bundle` (what a GPU machine runs) must build; its scripts are
# the CUDA suites above
echo "== device-bundle"
if [ ! -f build/ffmpeg/libavfilter/exrtonemap.ptx ] && [ "$CUDA_ON" = yes ]; then
    echo "FAIL no PTX built, though CUDA is configured"
    total_fail=$((total_fail + 1))
elif [ ! -f build/ffmpeg/libavfilter/exrtonemap.ptx ]; then
    echo "skipped: no PTX built (./configure --disable-cuda or no nvcc)"
    total_skip=$((total_skip + 1))
elif build sh tools/device-bundle.sh $B/device-bundle; then
    echo "ok the device bundle builds ($(tail -n 1 $B/build.log))"
    total_pass=$((total_pass + 1))
    rm -rf $B/device-bundle
fi

echo "== all suites"
if [ "$total_skip" != 0 ]; then
    echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
    echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" = 0 ]

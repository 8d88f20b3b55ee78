# Helpers for lavfx's shell tests: sourced by tests/*.sh.
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

FFMPEG=${FFMPEG:-build/bin/ffmpeg}
FFPROBE=${FFPROBE:-build/bin/ffprobe}
MEDIA=${MEDIA:-samples/media}
# each suite its own empty folder: no output of an earlier run can stand in
# for one that a failed command did not write
T=${T:-build/tests/tmp}/$(basename "$0" .sh)
rm -rf "$T"
mkdir -p "$T"
pass=0
fail=0

ok()   { pass=$((pass + 1)); echo "ok $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
skip() { skipped=$((${skipped:-0} + 1)); echo "skipped $1: $2"; }

# check NAME COMMAND...: the command must succeed
check() {
    name=$1; shift
    if "$@" > "$T/last.log" 2>&1; then ok "$name"; else bad "$name" "$(tail -n 3 "$T/last.log" | tr '\n' ' ')"; fi
}

# check_out NAME PATTERN COMMAND...: the command must succeed and print
# PATTERN (grep, basic regex) on stdout or stderr
check_out() {
    name=$1; pattern=$2; shift 2
    if ! "$@" > "$T/last.log" 2>&1; then
        bad "$name" "the command failed: $(tail -n 2 "$T/last.log" | tr '\n' ' ')"
    elif grep -q -- "$pattern" "$T/last.log"; then
        ok "$name"
    else
        bad "$name" "no '$pattern' in its output: $(tail -n 2 "$T/last.log" | tr '\n' ' ')"
    fi
}

# expect_fail NAME PATTERN COMMAND...: the command must fail and print PATTERN (grep -E)
expect_fail() {
    name=$1; pattern=$2; shift 2
    if "$@" > "$T/last.log" 2>&1; then
        bad "$name" "succeeded, expected an error matching '$pattern'"
    elif grep -qE -- "$pattern" "$T/last.log"; then
        ok "$name"
    else
        bad "$name" "error did not match '$pattern': $(tail -n 2 "$T/last.log" | tr '\n' ' ')"
    fi
}

# equal NAME A B
equal() {
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "'$2' != '$3'"; fi
}

# same NAME A B: A = B, and A is not empty (two runs that both failed to
# print anything are not "the same output")
same() {
    if [ -z "$2" ]; then bad "$1" "no output"; else equal "$@"; fi
}

# isnum X: X is a finite decimal number
isnum() {
    printf '%s\n' "$1" | grep -qE '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$'
}

# le NAME A B: A <= B as numbers (an empty or non-numeric side fails)
le() {
    if ! isnum "$2" || ! isnum "$3"; then bad "$1" "not numbers: '$2' <= '$3'"
    elif awk "BEGIN { exit !($2 <= $3) }"; then ok "$1 ($2 <= $3)"; else bad "$1" "$2 > $3"; fi
}

# lt NAME A B: A < B as numbers (an empty or non-numeric side fails)
lt() {
    if ! isnum "$2" || ! isnum "$3"; then bad "$1" "not numbers: '$2' < '$3'"
    elif awk "BEGIN { exit !($2 < $3) }"; then ok "$1 ($2 < $3)"; else bad "$1" "$2 >= $3"; fi
}

# run_ok NAME COMMAND...: runs the command; on failure counts a failure
# (with its last lines) and returns 1, so the checks on its output are skipped
run_ok() {
    name=$1; shift
    if "$@" > "$T/last.log" 2>&1; then return 0; fi
    bad "$name" "the command failed: $(tail -n 2 "$T/last.log" | tr '\n' ' ')"
    return 1
}

# probe FILE ENTRIES: ffprobe's value(s) of the first video stream
probe() {
    "$FFPROBE" -v error -select_streams v:0 -show_entries "stream=$2" -of csv=p=0 "$1"
}

# CUDA suites: HW names the device for ffmpeg. cuda_build_or_skip ends the
# suite (skipped) when this ffmpeg has no CUDA; cuda_device_or_skip when there
# is no CUDA device, saying how to run it elsewhere. Where a device must be
# there (LAVFX_CUDA_EMU: the emulator; LAVFX_CUDA_REQUIRE: the device
# bundle's run-cuda-tests on a GPU machine), its absence is a failure, not a
# skip: a broken emulator or driver must not pass as "no GPU here".
HW="-init_hw_device cuda=cu -filter_hw_device cu"
cuda_build_or_skip() {
    if [ ! -x "$FFMPEG" ]; then
        bad "ffmpeg" "$FFMPEG is missing (make first)"
        summary
        exit $?
    fi
    if ! $FFMPEG -hide_banner -filters 2>/dev/null | grep -q hwdownload; then
        echo "skipped: this ffmpeg is built without CUDA (./configure --disable-cuda)"
        skipped=1
        summary
        exit $?
    fi
}
cuda_device_required() {
    [ -n "${LAVFX_CUDA_EMU:-}${LAVFX_CUDA_REQUIRE:-}" ]
}
cuda_device_or_skip() {
    if ! $FFMPEG -nostdin -hide_banner -v error $HW -f lavfi -i nullsrc=s=16x16 -frames:v 1 -f null - \
            > "$T/cuda.log" 2>&1; then
        if cuda_device_required; then
            bad "CUDA device" "none could be opened where one must be: $(head -n 2 "$T/cuda.log" | tr '\n' ' ')"
            summary
            exit $?
        fi
        echo "skipped: no CUDA device ($(head -n 1 "$T/cuda.log")); run 'make device-bundle' and its" \
             "run-cuda-tests on a machine with an NVIDIA GPU"
        skipped=1
        summary
        exit $?
    fi
    if [ -n "${LAVFX_CUDA_EMU:-}" ]; then
        echo "note: the CUDA device is lavfx's CPU emulator (tests/cuda_emu/), not a GPU: the kernels'" \
             "logic and the CUDA glue run, their speed and parallel races do not show"
    fi
}

# same_cpu_gpu NAME [DETAIL]: after a suite wrote $T/cpu.md5, $T/gpu.md5 (framemd5
# without comments), $T/cpu.txt, $T/gpu.txt (metadata=print) and $T/cpu.log,
# $T/gpu.log: the CPU and CUDA frames and metadata must be the same.
same_cpu_gpu() {
    if [ ! -s "$T/cpu.md5" ] || [ ! -s "$T/gpu.md5" ]; then
        bad "$1" "no output: $(tail -n 2 "$T/cpu.log" "$T/gpu.log" | tr '\n' ' ')"
    elif ! cmp -s "$T/cpu.md5" "$T/gpu.md5"; then
        bad "$1" "CPU and CUDA frames differ ($(diff "$T/cpu.md5" "$T/gpu.md5" | grep -c '^<') of $(wc -l < "$T/cpu.md5"))"
    elif ! cmp -s "$T/cpu.txt" "$T/gpu.txt"; then
        bad "$1" "frame metadata differs: $(diff "$T/cpu.txt" "$T/gpu.txt" | head -n 4 | tr '\n' ' ')"
    else
        ok "$1: CPU and CUDA give the same bytes and metadata ($(wc -l < "$T/cpu.md5") frames${2:+, $2})"
    fi
}

summary() {
    if [ "${skipped:-0}" != 0 ]; then
        echo "$pass passed, $fail failed, $skipped skipped"
    else
        echo "$pass passed, $fail failed"
    fi
    [ "$fail" = 0 ]
}

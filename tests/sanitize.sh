#!/bin/sh
# The filters' ffmpeg suites again, through an FFmpeg built with
# AddressSanitizer and UBSan (make check-sanitize builds it in build-san/):
# the glue (vf_*.c, vsrc_*.c) and the cores as FFmpeg runs them, on the real
# samples and on every bad input and absurd option the suites try. The core
# libraries' unit tests already run under both sanitizers in `make check`.
#
# A sanitizer report fails the run even where a suite expected ffmpeg to
# fail (an abort also exits non-zero), so reports are collected outside the
# suites' logs: ffmpeg and ffprobe run through a wrapper that keeps the
# stderr of every run that printed a report (GCC's UBSan ignores log_path
# when ASan is linked too), and ASan also writes its reports to files.
# UBSan goes on after a report, so all of them are listed; reports located
# in FFmpeg's own code are listed but do not fail the run (lavfx does not
# patch them), those in lavfx's files do. ASan stops at the first error; any
# ASan report, leaks included, fails. First, a canary program with one UB
# and one heap overflow, in a file named like a lavfx source, goes through
# the same wrapper and scan, which must catch both. SUITES=... runs only
# the suites named (default: all four).
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

set -u
cd "$(dirname "$0")/.."
SAN=${SAN_BUILD:-build-san}
B=$SAN/tests
R=$B/reports
mkdir -p "$B"
[ -x "$SAN/bin/ffmpeg" ] || { echo "FAIL no $SAN/bin/ffmpeg: run make check-sanitize"; echo "0 passed, 1 failed"; exit 1; }

# allocator_may_return_null: absurd sizes get NULL, as from libc, so the
# tests of their clean errors run here too
export ASAN_OPTIONS="log_path=$PWD/$R/asan:detect_leaks=1:abort_on_error=1:symbolize=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=0"

# wrap NAME PROGRAM: $B/NAME runs PROGRAM, keeping its stderr in $R when a
# sanitizer printed there
wrap() {
    {
        echo '#!/bin/sh'
        echo "err=\$(mktemp '$PWD/$R/stderr.XXXXXX')"
        echo "'$PWD/$2' \"\$@\" 2> \"\$err\""
        echo 'rc=$?'
        echo 'cat "$err" >&2'
        echo "grep -qE 'runtime error|Sanitizer' \"\$err\" || rm -f \"\$err\""
        echo 'exit $rc'
    } > "$B/$1"
    chmod +x "$B/$1"
}

# scan DIR: lists the reports in DIR; adds the failing ones to $found
lavfx_files=$(ls filters cuda | tr '\n' '|' | sed 's/|$//; s/\./\\./g')
scan() {
    for f in "$1"/asan.* "$1"/stderr.*; do
        [ -e "$f" ] || continue
        if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)' "$f"; then
            echo "FAIL AddressSanitizer: $f"
            sed -n '/ERROR: /,$p' "$f" | head -n 40
            found=$((found + 1))
        fi
        ours=$(grep -E "runtime error" "$f" | grep -E "(^|/)($lavfx_files):" || true)
        if [ -n "$ours" ]; then
            echo "FAIL UBSan in lavfx code: $f"
            echo "$ours" | sort -u | head -n 20
            found=$((found + 1))
        elif grep -q 'runtime error' "$f"; then
            echo "note: UBSan in FFmpeg's own code (not lavfx's): $(grep -E 'runtime error' "$f" | sort -u | head -n 3 | tr '\n' ' ')"
        fi
    done
}

pass=0
fail=0

# the canary: the wrapper and the scan must see both kinds of report
mkdir -p "$B/canary"
printf '%s\n' '#include <stdlib.h>' 'int main(int argc, char **argv)' '{' \
    '    int s = 1 << (argc + 30), *p = malloc(4);' '    if (argc > 1)' '        p[argc] = s;' \
    '    free(p);' '    return s & 1;' '}' > "$B/canary/primitive.c"
if ${CC:-cc} -g -fsanitize=address,undefined "$B/canary/primitive.c" -o "$B/canary/canary"; then
    wrap canary-wrap "$B/canary/canary"
    for arg in ub overflow; do
        rm -rf "$R" && mkdir -p "$R"
        if [ $arg = ub ]; then
            "$B/canary-wrap" > /dev/null 2>&1
            want="FAIL UBSan in lavfx code"
        else
            "$B/canary-wrap" x > /dev/null 2>&1
            want="FAIL AddressSanitizer"
        fi
        found=0
        scan "$R" > "$B/canary/scan.log"
        if grep -q "^$want" "$B/canary/scan.log"; then
            echo "ok canary ($arg): the scan says '$want'"
            pass=$((pass + 1))
        else
            echo "FAIL canary ($arg): the scan did not say '$want'"
            cat "$B/canary/scan.log"
            fail=$((fail + 1))
        fi
    done
else
    echo "FAIL the canary does not build"
    fail=$((fail + 1))
fi
rm -rf "$R" && mkdir -p "$R"

wrap ffmpeg "$SAN/bin/ffmpeg"
wrap ffprobe "$SAN/bin/ffprobe"
export FFMPEG=$B/ffmpeg FFPROBE=$B/ffprobe T=$B/tmp
mkdir -p "$T" build/tests
# the flicker tool of primitive_temporal.sh is a plain program, not under test
${CC:-cc} -std=c11 -O2 -Wall tests/flicker.c -o build/tests/flicker || exit 1

# tally NAME: adds the counts of $B/NAME.log's summary line (a suite that
# printed none, such as a program a sanitizer report aborted, is a failure)
tally() {
    grep -E '^(FAIL|skipped)' "$B/$1.log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$B/$1.log" | tail -n 1)
    echo "${line:-FAIL $1 did not finish: $(tail -n 3 "$B/$1.log" | tr '\n' ' ')}"
    if [ -n "$line" ]; then
        pass=$((pass + $(echo "$line" | cut -d' ' -f1)))
        fail=$((fail + $(echo "$line" | cut -d' ' -f3)))
    else
        fail=$((fail + 1))
    fi
}

# tests/glue_api.c against the sanitized libraries
echo "== glue_api (sanitized libraries)"
if ${CC:-cc} -std=c11 -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -I$SAN/ffmpeg \
        tests/glue_api.c $(sh tests/ff_libs.sh $SAN/ffmpeg) -o "$B/glue_api" > "$B/glue_api.log" 2>&1; then
    "$B/glue_api" > "$B/glue_api.log" 2>&1
    tally glue_api
else
    echo "FAIL glue_api does not build against $SAN/ffmpeg: $(tail -n 3 "$B/glue_api.log" | tr '\n' ' ')"
    fail=$((fail + 1))
fi

for s in ${SUITES:-primitive_ffmpeg exrtonemap_ffmpeg strokerender_ffmpeg primitive_temporal}; do
    echo "== $s (sanitized ffmpeg)"
    sh tests/$s.sh > "$B/$s.log" 2>&1
    tally $s
done

echo "== sanitizer reports"
found=0
scan "$R"
fail=$((fail + found))
if [ "$found" = 0 ]; then
    echo "ok no sanitizer report from lavfx code"
    pass=$((pass + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

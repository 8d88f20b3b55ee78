#!/bin/sh
# The strokerender source through the built ffmpeg, on the Quick, Draw! sample
# in samples/quickdraw (and on the shared sample when it is present).
#
# Copyright (c) 2026 the lavfx authors
# SPDX-License-Identifier: LGPL-2.1-or-later

. tests/lib.sh
FF="$FFMPEG -nostdin -hide_banner -v error -y"
QD=samples/quickdraw
CAT=$QD/cat.ndjson

# frames SRC-OPTIONS: number of frames strokerender emits
frames() {
    $FF -f lavfi -i "strokerender=$1" -f framecrc - 2>/dev/null | grep -vc '^#'
}

# meta SRC-OPTIONS KEY: that metadata of every frame, one per line
meta() {
    $FF -f lavfi -i "strokerender=$1,metadata=print:file=$T/sr_meta.txt" -f null - > /dev/null 2>&1 &&
        sed -n "s/^lavfi.strokerender.$2=//p" "$T/sr_meta.txt"
}

# stops NAME PATTERN SRC-OPTIONS MAX: reading stops at a bad record with a
# message matching PATTERN and at most MAX frames (none after the bad record).
# This runs strokerender as a lavfi input; the exit status is tested below
# (patches/0005).
stops() {
    name=$1; pattern=$2
    rm -f "$T/stops.crc"
    $FF -f lavfi -i "strokerender=$3" -f framecrc "$T/stops.crc" > "$T/last.log" 2>&1
    # (no file: refused before any frame)
    n=$(grep -vc '^#' "$T/stops.crc" 2>/dev/null)
    n=${n:-0}
    if ! grep -qE -- "$pattern" "$T/last.log"; then
        bad "$name" "no message matching '$pattern': $(tail -n 2 "$T/last.log" | tr '\n' ' ')"
    elif [ "$n" -gt "$4" ]; then
        bad "$name" "$n frames came out, at most $4 expected"
    else
        ok "$name"
    fi
}

# md5s ARGS...: the framemd5 lines (without header) of an ffmpeg run
md5s() {
    $FF "$@" -f framemd5 - 2>/dev/null | grep -v '^#'
}

# --- one frame per record, sizes, formats -----------------------------------
equal "cat.ndjson: 10 frames" "$(frames "file=$CAT")" "10"
all=$(cat $QD/*.ndjson | grep -c .)
cat $QD/*.ndjson > "$T/all.ndjson"
equal "all samples: one frame per record ($all)" "$(frames "file=$T/all.ndjson")" "$all"
rm -f "$T"/sr_*.png
check "PNG sequence" $FF -f lavfi -i "strokerender=file=$CAT:s=96x64" -y "$T/sr_%03d.png"
equal "PNG files written" "$(ls "$T"/sr_*.png 2>/dev/null | wc -l)" "10"
equal "PNG size and default format" "$(probe "$T/sr_001.png" width,height,pix_fmt)" "96,64,gray"
for fmt in gray rgb24 rgba; do
    rm -f "$T/sr.$fmt"
    check "rawvideo $fmt" $FF -f lavfi -i "strokerender=file=$CAT:s=32x24,format=$fmt" -f rawvideo -y "$T/sr.$fmt"
    bpp=$(case $fmt in gray) echo 1 ;; rgb24) echo 3 ;; rgba) echo 4 ;; esac)
    equal "rawvideo $fmt: 10 frames of 32x24x$bpp bytes" "$(stat -c %s "$T/sr.$fmt")" "$((10 * 32 * 24 * bpp))"
done
equal "quickdraw28 preset: 28x28" "$($FF -f lavfi -i "strokerender=file=$CAT:preset=quickdraw28" -frames:v 1 -f image2 -y "$T/q28.png" && probe "$T/q28.png" width,height)" "28,28"
# (framecrc's pts count in the stream's time base, 3 at any rate: the times in seconds)
rm -f "$T/rate.txt"
run_ok "rate=10: timestamps at 10 fps" sh -c "$FFPROBE -v error -f lavfi -i 'strokerender=file=$CAT:r=10' \
    -show_entries frame=pts_time -of csv=p=0 > '$T/rate.txt'" &&
    equal "rate=10: timestamps at 10 fps (the 4th frame at 0.3 s)" "$(sed -n 4p "$T/rate.txt")" "0.300000"

# --- metadata ----------------------------------------------------------------
equal "metadata word" "$(meta "file=$CAT" word | sort -u)" "cat"
equal "metadata index 0..9" "$(meta "file=$CAT" index | tr '\n' ' ')" "0 1 2 3 4 5 6 7 8 9 "
first_key=$(head -n 1 $CAT | sed 's/.*"key_id":"\([0-9]*\)".*/\1/')
same "metadata key_id of the first record" "$(meta "file=$CAT" key_id | head -n 1)" "$first_key"
strokes=$(head -n 1 $CAT | python3 -c 'import json,sys; print(len(json.loads(sys.stdin.read())["drawing"]))')
points=$(head -n 1 $CAT | python3 -c 'import json,sys; print(sum(len(s[0]) for s in json.loads(sys.stdin.read())["drawing"]))')
same "metadata strokes" "$(meta "file=$CAT" strokes | head -n 1)" "$strokes"
same "metadata points" "$(meta "file=$CAT" points | head -n 1)" "$points"

# --- word, start/count sharding, loop ----------------------------------------
check_out "a word no drawing has: a warning that says so" "no drawing has word=zebra" \
    $FF -v warning -f lavfi -i "strokerender=file=$CAT:word=zebra" -f null -
equal "word=dog keeps the 10 dogs" "$(meta "file=$T/all.ndjson:word=dog" word | sort | uniq -c | tr -s ' ')" " 10 dog"
whole=$(md5s -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32" | cut -d, -f6)
# bad records among the good: each is reported and counted by one shard only
# (the one whose range it falls in), so the shards' counts add up to the
# whole file's
awk 'NR % 7 == 3 { print "{\"word\":\"cat\",\"drawing\":[]}" } { print }' "$T/all.ndjson" > "$T/mixbad.ndjson"
skipped() {
    $FF -v verbose -f lavfi -i "strokerender=file=$T/mixbad.ndjson:s=8x8:errors=skip$1" -f null - 2>&1 |
        sed -n 's/.*malformed records skipped: \([0-9]*\).*/\1/p'
}
sk_all=$(skipped "")
sk_sum=$(( $(skipped ":start=0:count=50") + $(skipped ":start=50:count=50") + $(skipped ":start=100") ))
equal "errors=skip, 3 shards: each bad record counted once ($sk_all in the file)" "$sk_sum" "$sk_all"
s1=$(md5s -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32:start=0:count=50" | cut -d, -f6)
s2=$(md5s -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32:start=50:count=50" | cut -d, -f6)
s3=$(md5s -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32:start=100" | cut -d, -f6)
same "shards start/count concatenate to the whole" "$whole" "$(printf '%s\n%s\n%s' "$s1" "$s2" "$s3")"
printf '{"drawing":[[[0,50],[0,50]]]}\n{"drawing":[[[100,5000],[100,1000]]]}\n{"drawing":[[[9,99],[9,99]]]}\n' > "$T/far.ndjson"
expect_fail "a point beyond the renderer's range is refused, named" \
    "far.ndjson: drawing index 1: stroke 0 point 1, \(5000, 1000\), lands at pixel \(20000.000, 4000.000\), beyond the renderer's \+-16384" \
    $FF -f lavfi -i "strokerender=file=$T/far.ndjson:s=1024x1024:fit=none" -f null -
equal "... skipped with errors=skip" \
    "$($FF -f lavfi -i "strokerender=file=$T/far.ndjson:s=1024x1024:fit=none:errors=skip" -f framecrc - 2>/dev/null | grep -vc '^#')" "2"
same "start=100 with the largest count (start + count past INT64_MAX) renders the rest" \
    "$(md5s -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32:start=100:count=9223372036854775807" | cut -d, -f6)" "$s3"
equal "loop=2: three passes" "$(frames "file=$CAT:loop=2")" "30"
equal "loop=-1 with -frames:v 25" "$($FF -f lavfi -i "strokerender=file=$CAT:loop=-1" -frames:v 25 -f framecrc - 2>/dev/null | grep -vc '^#')" "25"

# --- determinism across threads ------------------------------------------------
# (-filter_threads is for simple graphs: -filter_complex takes
# -filter_complex_threads, a lavfi input the filter's threads option)
for th in 1 3; do
    check_out "-filter_complex_threads $th: $th thread(s) used" "strokerender.* $th thread(s)" \
        $FF -v verbose -filter_complex_threads $th -filter_complex "strokerender=file=$CAT" -f null -
done
# large frames: a batch holds no more than 256 MiB of frames (3000x3000 RGB:
# 9, not 12 for 3 threads), and the frames are those of one thread
check_out "3 threads, 3000x3000 rgb24: 9 frames per batch (256 MiB)" "3 thread(s) (3 rendering), 9 frame(s) per batch" \
    $FF -v verbose -filter_complex_threads 3 -filter_complex "strokerender=file=$CAT:s=3000x3000:color=red" -frames:v 1 -f null -
same "3000x3000 rgb24: the frames of 3 threads are those of 1" \
    "$($FF -filter_complex_threads 3 -filter_complex "strokerender=file=$CAT:s=3000x3000:color=red" -frames:v 2 -f framemd5 - 2>/dev/null | grep -v '^#')" \
    "$($FF -filter_complex_threads 1 -filter_complex "strokerender=file=$CAT:s=3000x3000:color=red" -frames:v 2 -f framemd5 - 2>/dev/null | grep -v '^#')"
check_out "lavfi input, threads=3: 3 threads used" "strokerender.* 3 thread(s)" \
    $FF -v verbose -f lavfi -i "strokerender=file=$CAT:threads=3" -f null -
a=$(md5s -filter_complex_threads 1 -filter_complex "strokerender=file=$T/all.ndjson:s=64x64:colormode=palette,format=rgb24")
b=$(md5s -filter_complex_threads 3 -filter_complex "strokerender=file=$T/all.ndjson:s=64x64:colormode=palette,format=rgb24")
c=$(md5s -filter_complex_threads 8 -filter_complex "strokerender=file=$T/all.ndjson:s=64x64:colormode=palette,format=rgb24")
d=$(md5s -f lavfi -i "strokerender=file=$T/all.ndjson:s=64x64:colormode=palette:threads=1,format=rgb24")
same "1 vs 3 filter threads: same frames" "$a" "$b"
same "1 vs 8 filter threads: same frames" "$a" "$c"
same "-filter_complex vs lavfi input: same frames" "$a" "$d"
# the renderer's builds (AVX-512, AVX2, baseline), chosen by FFmpeg's CPU flags
rend() {    # rend CPUFLAGS: the renderer build the verbose log names
    $FF -v verbose ${1:+-cpuflags $1} -f lavfi -i "strokerender=file=$CAT" -frames:v 1 -f null - 2>&1 |
        sed -n 's/.*strokerender.*, \([A-Za-z0-9-]*\) renderer$/\1/p'
}
native=$(rend "")
for cf in -avx512 -avx2; do
    # a flag turned off that this CPU lacks would compare a build with itself
    if [ -n "$native" ] && [ "$(rend $cf)" = "$native" ]; then
        skip "-cpuflags $cf: same frames" "the $native renderer either way on this CPU"
        continue
    fi
    f=$(md5s -cpuflags $cf -filter_complex_threads 1 -filter_complex \
        "strokerender=file=$T/all.ndjson:s=64x64:colormode=palette,format=rgb24")
    same "-cpuflags $cf: same frames ($native against $(rend $cf))" "$a" "$f"
done
equal "-cpuflags -avx2: the baseline renderer" "$(rend -avx2)" "baseline"
if grep -q avx2 /proc/cpuinfo 2> /dev/null; then
    equal "-cpuflags -avx512 on an AVX2 CPU: the AVX2 renderer" "$(rend -avx512)" "AVX2"
else
    skip "-cpuflags -avx512 on an AVX2 CPU" "no AVX2 here"
fi
e=$(md5s -filter_complex_threads 1 -filter_complex "strokerender=file=$T/all.ndjson:s=64x64:colormode=order,format=rgb24")
[ -n "$a" ] && [ -n "$e" ] && [ "$a" != "$e" ] && ok "another colormode, other frames" ||
    bad "another colormode, other frames" "$([ -n "$a" ] && [ -n "$e" ] && echo "the same frames" || echo "no output")"

# --- bad input: errors name file, line and problem; skip counts ---------------
good=$(head -n 1 $CAT)
printf '%s\n{"word":"x","drawing":[[[1,2,3],[4,5]]]}\n%s\nnot json\n%s\n{"word":"y"}\n' "$good" "$good" "$good" > "$T/bad.ndjson"
stops "x/y mismatch stops (errors=fail)" "bad.ndjson:2: stroke 0: x has 3 points but y has 2" "file=$T/bad.ndjson" 1
# the exit status: errors=fail in a filter graph fails ffmpeg (patches/0005)
rm -f "$T/fail.crc"
$FF -filter_complex "strokerender=file=$T/bad.ndjson" -f framecrc "$T/fail.crc" > "$T/fail.log" 2>&1
st=$?
[ $st -ne 0 ] && ok "errors=fail: ffmpeg exits non-zero ($st)" || bad "errors=fail: ffmpeg exits non-zero" "status 0"
check "errors=fail: the message names file, line and problem" \
    grep -q "bad.ndjson:2: stroke 0: x has 3 points but y has 2" "$T/fail.log"
check "errors=fail: ffmpeg says the filter graph failed" grep -q "Error while filtering: Invalid data" "$T/fail.log"
equal "errors=fail: the frame before the bad record is kept, none after" "$(grep -vc '^#' "$T/fail.crc")" 1
for th in 1 4; do
    rm -f "$T/fail$th.crc"
    $FF -filter_complex_threads $th -filter_complex "strokerender=file=$T/bad.ndjson" -f framecrc "$T/fail$th.crc" > /dev/null 2>&1
    same "errors=fail, $th filter thread(s) (a batch of $th): the same frame kept" \
        "$(grep -v '^#' "$T/fail$th.crc")" "$(grep -v '^#' "$T/fail.crc")"
done
printf '%s\n%s\n' "$good" "$good" > "$T/good.ndjson"
check "good file: ffmpeg exits 0" $FF -filter_complex "strokerender=file=$T/good.ndjson" -f null -
check "errors=skip: ffmpeg exits 0" $FF -filter_complex "strokerender=file=$T/bad.ndjson:errors=skip" -f null -
expect_fail "errors=fail as lavfi input: non-zero, input error printed" \
    "strokerender=file=.*bad.ndjson: Invalid data found" \
    $FF -f lavfi -i "strokerender=file=$T/bad.ndjson" -f null -
expect_fail "errors=fail as lavfi input with -xerror: non-zero, input error printed" \
    "strokerender=file=.*bad.ndjson: Invalid data found" \
    $FF -xerror -f lavfi -i "strokerender=file=$T/bad.ndjson" -f null -
check "errors=skip as lavfi input: ffmpeg exits 0" $FF -f lavfi -i "strokerender=file=$T/bad.ndjson:errors=skip" -f null -
rm -f "$T/skip.crc" "$T/skip.log"
if run_ok "errors=skip: the 3 good records rendered" $FF -filter_complex "strokerender=file=$T/bad.ndjson:errors=skip" -f null - &&
    run_ok "errors=skip: the 3 good records rendered" \
        $FF -v warning -f lavfi -i "strokerender=file=$T/bad.ndjson:errors=skip" -f framecrc "$T/skip.crc"; then
    cp "$T/last.log" "$T/skip.log"
    equal "errors=skip: the 3 good records rendered" "$(grep -vc '^#' "$T/skip.crc")" "3"
    check "errors=skip: each skipped record named" sh -c "grep -q 'bad.ndjson:4: malformed JSON' '$T/skip.log' && grep -q 'bad.ndjson:6: no \"drawing\" member' '$T/skip.log'"
    check "errors=skip: count at EOF" grep -q "drawings rendered: 3, malformed records skipped: 3" "$T/skip.log"
fi
# cJSON stops at 1000 levels of nesting: said so, not "malformed" (a record
# of 1001 levels, with brackets in a string that do not count)
awk 'BEGIN { s = "{\"word\":\"[[[[\",\"drawing\":"; for (i = 0; i < 1000; i++) s = s "[";
             for (i = 0; i < 1000; i++) s = s "]"; print s "}" }' > "$T/deep.ndjson"
expect_fail "ndjson nested past cJSON's limit: named as such" \
    "deep.ndjson:1: JSON nested deeper than 1000 arrays and objects at column 1025 \(cJSON's limit\)" \
    $FF -filter_complex "strokerender=file=$T/deep.ndjson" -f null -
# ndjson records are parsed ahead, over the filter threads: the same results
for th in 1 4; do
    rm -f "$T/skip$th.crc" "$T/skip$th.log"
    run_ok "errors=skip, $th filter thread(s)" $FF -v warning -filter_complex_threads $th \
        -filter_complex "strokerender=file=$T/bad.ndjson:errors=skip" -f framecrc "$T/skip$th.crc" &&
        cp "$T/last.log" "$T/skip$th.log"
done
same "errors=skip, 1 vs 4 filter threads: the same frames" \
    "$(grep -v '^#' "$T/skip4.crc" 2>/dev/null)" "$(grep -v '^#' "$T/skip1.crc" 2>/dev/null)"
same "errors=skip, 1 vs 4 filter threads: the same messages in the same order" \
    "$(sed 's/@ 0x[0-9a-f]*//' "$T/skip4.log")" "$(sed 's/@ 0x[0-9a-f]*//' "$T/skip1.log")"
check "a shard ending before a bad record: ffmpeg exits 0 with 4 threads (read ahead, not returned)" \
    $FF -filter_complex_threads 4 -filter_complex "strokerender=file=$T/bad.ndjson:count=1" -f null -
: > "$T/empty.ndjson"
stops "empty file refused" "empty.ndjson: the file is empty" "file=$T/empty.ndjson" 0
expect_fail "missing file refused" "/nonexistent/cat.ndjson: cannot open: No such file" \
    $FF -f lavfi -i "strokerender=file=/nonexistent/cat.ndjson" -f null -
expect_fail "no file refused" "No input: set file" $FF -f lavfi -i "strokerender" -f null -
printf '{"drawing":[[[1,1e300],[2,3]]]}\n' > "$T/huge.ndjson"
stops "huge coordinate refused" "huge.ndjson:1: stroke 0 point 1: x = 1e\+300 is out of range" "file=$T/huge.ndjson" 0
printf '{"drawing":[[[1000001,2],[3,4]]]}\n' > "$T/oor.ndjson"
stops "a coordinate just out of range: its value in the message" \
    "oor.ndjson:1: stroke 0 point 0: x = 1000001 is out of range" "file=$T/oor.ndjson" 0
stops "empty file refused with errors=skip too (no record to skip)" "empty.ndjson: the file is empty" \
    "file=$T/empty.ndjson:errors=skip" 0
expect_fail "linewidth=0 refused" "linewidth 0: at least 0.01 pixels" $FF -f lavfi -i "strokerender=file=$CAT:lw=0" -f null -
expect_fail "linewidth=-0.5 refused" "linewidth -0.5: at least 0.01 pixels" $FF -f lavfi -i "strokerender=file=$CAT:lw=-0.5" -f null -
expect_fail "pad=-0.5 refused" "pad -0.5: not negative" $FF -f lavfi -i "strokerender=file=$CAT:pad=-0.5" -f null -

# --- .bin and CSV through ffmpeg ---------------------------------------------
python3 - "$T/cat.bin" "$CAT" <<'EOF'
import json, struct, sys
with open(sys.argv[1], "wb") as out:
    for line in open(sys.argv[2]):
        r = json.loads(line)
        out.write(struct.pack("<Q2sbIH", int(r["key_id"]), r["countrycode"].encode(), 1, 0, len(r["drawing"])))
        for xs, ys in r["drawing"]:
            out.write(struct.pack("<H", len(xs)) + bytes(xs) + bytes(ys))
EOF
n_bin=$(md5s -f lavfi -i "strokerender=file=$T/cat.bin:s=48x48" | cut -d, -f6)
n_json=$(md5s -f lavfi -i "strokerender=file=$CAT:s=48x48" | cut -d, -f6)
same ".bin (auto-detected) renders like the same ndjson" "$n_bin" "$n_json"
equal ".bin word from the file name" "$(meta "file=$T/cat.bin" word | sort -u)" "cat"
head -c 100 "$T/cat.bin" > "$T/trunc.bin"
stops "truncated .bin refused with byte offset" "trunc.bin: byte 100: truncated record" "file=$T/trunc.bin" 1
awk 'BEGIN { srand(7); for (r = 0; r < 4; r++) { v = 100; s = "s" r; for (i = 0; i < 250; i++) { v += rand() - 0.5; s = s "," v } print s } }' > "$T/walks.csv"
equal "CSV rows: one chart per row" "$(frames "file=$T/walks.csv:s=224x96")" "4"
equal "CSV window=100 stride=50: 4 charts per 250-point row" "$(frames "file=$T/walks.csv:window=100:stride=50")" "16"
equal "CSV label as word" "$(meta "file=$T/walks.csv" word | tr '\n' ' ')" "s0 s1 s2 s3 "

# CSV columns: one series per column, named by the header; the same charts
# as the transposed file in rows; bad cells fail or skip their charts
awk -F, '{ for (i = 1; i <= NF; i++) v[NR, i] = $i; if (NF > nf) nf = NF } END {
    for (i = 1; i <= nf; i++) { s = ""; for (r = 1; r <= NR; r++) s = s (r > 1 ? "," : "") v[r, i]; print s } }' \
    "$T/walks.csv" > "$T/walks_cols.csv"
equal "CSV columns: one chart per column" "$(frames "file=$T/walks_cols.csv:csv=columns:s=224x96")" "4"
equal "CSV columns: column names as word" "$(meta "file=$T/walks_cols.csv:csv=columns" word | tr '\n' ' ')" "s0 s1 s2 s3 "
equal "CSV columns: key_id field:first row" "$(meta "file=$T/walks_cols.csv:csv=columns:window=100:stride=100" key_id | tr '\n' ' ')" \
    "1:0 2:0 3:0 4:0 1:100 2:100 3:100 4:100 "
r=$(md5s -f lavfi -i "strokerender=file=$T/walks.csv:s=64x48:window=100:stride=50" | cut -d, -f6 | sort)
c=$(md5s -f lavfi -i "strokerender=file=$T/walks_cols.csv:csv=columns:s=64x48:window=100:stride=50" | cut -d, -f6 | sort)
same "CSV columns window=100 stride=50: the charts of the rows layout" "$c" "$r"
sed '120s/^\([^,]*\),[^,]*/\1,oops/' "$T/walks_cols.csv" > "$T/bad_cols.csv"
$FF -filter_complex "strokerender=file=$T/bad_cols.csv:csv=columns:window=50" -f null - > "$T/cols_fail.log" 2>&1
st=$?
[ $st -ne 0 ] && ok "CSV columns bad cell, errors=fail: non-zero exit ($st)" || bad "CSV columns bad cell, errors=fail: non-zero exit" "status 0"
check "CSV columns bad cell: message names file, line, column" \
    grep -q "bad_cols.csv:120: column 's1' (field 2): 'oops' is not a number (in the chart of rows 100-149)" "$T/cols_fail.log"
rm -f "$T/cols_skip.crc"
$FF -v warning -filter_complex "strokerender=file=$T/bad_cols.csv:csv=columns:window=50:errors=skip" -f framecrc "$T/cols_skip.crc" > "$T/cols_skip.log" 2>&1
st=$?
equal "CSV columns errors=skip: exit 0, the other 19 charts" "$st $(grep -vc '^#' "$T/cols_skip.crc")" "0 19"
check "CSV columns errors=skip: the count at EOF" grep -q "drawings rendered: 19, malformed records skipped: 1" "$T/cols_skip.log"
# a quoted cell with a line break: lines are records, so it is named as such
printf 'a,b,c\n1,2,3\n"4\n5",6,7\n' > "$T/quoted_nl.csv"
expect_fail "CSV rows: a quote the line does not close is named" \
    "quoted_nl.csv:3: field 1 opens a quote that the line does not close \(a quoted field cannot hold a line break\)" \
    $FF -filter_complex "strokerender=file=$T/quoted_nl.csv" -f null -
printf 'a,b\n1,2\n3,"4\n5",6\n7,8\n' > "$T/quoted_nl_cols.csv"
expect_fail "CSV columns: a quote the line does not close ends the file, named" \
    "quoted_nl_cols.csv:3: field 2 opens a quote that the line does not close .*csv=columns cannot skip" \
    $FF -filter_complex "strokerender=file=$T/quoted_nl_cols.csv:csv=columns:errors=skip" -f null -
printf 'a,"b\n1,2\n3,4\n' > "$T/quoted_nl_head.csv"
expect_fail "CSV columns: a header quote the line does not close is named" \
    "quoted_nl_head.csv:1: field 2 opens a quote that the line does not close" \
    $FF -filter_complex "strokerender=file=$T/quoted_nl_head.csv:csv=columns" -f null -
# a line over 64 MiB in csv=columns would drop a row from every column: it
# ends the file with an error, named, even with errors=skip (the charts before it stay)
{ printf 'a,b\n1,2\n3,4\n5,6\n'; head -c 67108865 /dev/zero | tr '\0' '5'; printf '\n7,8\n9,10\n'; } > "$T/long_cols.csv"
$FF -v warning -filter_complex "strokerender=file=$T/long_cols.csv:csv=columns:window=2:stride=2:errors=skip" \
    -f framecrc "$T/long_cols.crc" > "$T/long_cols.log" 2>&1
st=$?
equal "CSV columns, a line over 64 MiB: the charts before it, then an error" "$st $(grep -vc '^#' "$T/long_cols.crc")" "1 2"
check "CSV columns, a line over 64 MiB: named" \
    grep -q "long_cols.csv:5: line longer than 67108864 bytes: csv=columns cannot skip a row of every column" "$T/long_cols.log"
rm -f "$T/long_cols.csv"

# --- the whole shared sample, when present -------------------------------------
SHARED=../shared/data/quickdraw-simplified
if [ -d "$SHARED" ]; then
    cat "$SHARED"/*.ndjson > "$T/shared.ndjson"
    equal "shared sample: one frame per record" "$(frames "file=$T/shared.ndjson:s=28x28")" "$(grep -c . "$T/shared.ndjson")"
else
    skip "shared sample: one frame per record" "$SHARED not present"
fi

# --- tile: several drawings per frame ---------------------------------------
cat $QD/*.ndjson > "$T/all.ndjson"
tmd5() { $FF -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32:threads=$1:$2" $3 -f framemd5 - 2>/dev/null | grep -v '^#' | awk '{ print $NF }' | tr '\n' ' '; }
a=$(tmd5 1 "tile=4x3" "")
same "tile=4x3: the frames of FFmpeg's tile filter on single drawings (120 = 10 x 12)" \
    "$a" "$(tmd5 1 "" "-vf tile=4x3")"
same "tile=4x3: the same for 1 and 3 threads" "$a" "$(tmd5 3 "tile=4x3" "")"
# (short lists: the metadata filter prints at most 128 characters a line)
rm -f "$T/tile.txt"
if run_ok "tile=2x2 of 6 drawings: 2 frames holding 4 and 2" \
        $FF -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32:tile=2x2:count=6,metadata=print:file=$T/tile.txt" -f null -; then
    equal "tile=2x2 of 6 drawings: 2 frames holding 4 and 2" \
        "$(sed -n 's/^lavfi.strokerender.tiles=//p' "$T/tile.txt" | tr '\n' ' ')" "4 2 "
    equal "tile: the frame's indices in tile order" "$(sed -n 's/^lavfi.strokerender.index=//p' "$T/tile.txt" | tr '\n' ' ')" \
        "0|1|2|3 4|5 "
fi
# a '|' or '\' in a word or key_id is escaped in a tile frame's list (one
# value per drawing), not in a single drawing's frame
printf '%s\n' '{"word":"a|b","key_id":"k\\2","drawing":[[[1,50],[1,50]]]}' '{"word":"","drawing":[[[1,50],[1,50]]]}' \
    '{"word":"c","drawing":[[[1,50],[1,50]]]}' > "$T/bar.ndjson"
rm -f "$T/bar.txt" "$T/bar1.txt"
run_ok "tile: escaped words" $FF -f lavfi -i "strokerender=file=$T/bar.ndjson:s=16x16:tile=3x1,metadata=print:file=$T/bar.txt" -f null - &&
    run_ok "tile: escaped words" $FF -f lavfi -i "strokerender=file=$T/bar.ndjson:s=16x16:count=1,metadata=print:file=$T/bar1.txt" -f null - &&
    equal "tile: '|' and '\\' in words and key_ids escaped in the list, not in a single frame" \
    "$(sed -n 's/^lavfi.strokerender.\(word\|key_id\)=//p' "$T/bar.txt" "$T/bar1.txt" | tr '\n' ' ')" \
    'a\|b||c k\\2|| a|b k\2 '
# ... also in a tile frame that holds a single drawing (the last)
printf '%s\n' '{"word":"a","drawing":[[[1,50],[1,50]]]}' '{"word":"b","drawing":[[[1,50],[1,50]]]}' \
    '{"word":"c|d","key_id":"k\\1","drawing":[[[1,50],[1,50]]]}' > "$T/bar2.ndjson"
rm -f "$T/bar2.txt"
run_ok "tile: escaped words in a frame of one drawing" \
    $FF -f lavfi -i "strokerender=file=$T/bar2.ndjson:s=16x16:tile=2x1,metadata=print:file=$T/bar2.txt" -f null - &&
    equal "tile: escaped words in a frame of one drawing" \
    "$(sed -n 's/^lavfi.strokerender.\(word\|key_id\)=//p' "$T/bar2.txt" | tr '\n' ' ')" 'a|b | c\|d k\\1 '
last=$($FF -f lavfi -i "strokerender=file=$T/all.ndjson:s=32x32:tile=3x2:count=8:bg=red,format=rgb24" \
       -vf "select=eq(n\,1),crop=32:32:64:32" -f rawvideo -pix_fmt rgb24 - 2>/dev/null | od -An -v -tu1 | tr -s ' \n' ' ' | cut -c1-12)
equal "tile: empty tiles of the last frame are background" "$last" " 255 0 0 255"
expect_fail "tile too large refused" "frames larger than 16384x16384" \
    $FF -f lavfi -i "strokerender=file=$CAT:s=256x256:tile=100x1" -f null -
# (16000x16000: the largest frames FFmpeg takes are about 16255x16255; lw=0.5
# leaves room for a drawing in a 1x1 tile)
expect_fail "tile=16000x16000 of 1x1 drawings, 4 threads: no memory for the batch, a clear error" \
    "No memory for a batch of 256000000 drawings" \
    $FF -filter_complex_threads 4 -filter_complex "strokerender=file=$CAT:s=1x1:lw=0.5:tile=16000x16000:count=3" -f null -

# --- review fixes --------------------------------------------------------------
# pipes: format=auto cannot read a pipe's start twice; a given format reads it
cat $CAT | $FF -f lavfi -i "strokerender=file=/dev/stdin:s=32x32" -f null - > "$T/last.log" 2>&1
st=$?
[ $st -ne 0 ] && grep -q "/dev/stdin: not seekable (a pipe?): format=auto must read the start twice; set format=ndjson, bin or csv" "$T/last.log" &&
    ok "format=auto on a pipe: refused, format asked for" ||
    bad "format=auto on a pipe: refused, format asked for" "status $st: $(tail -n 2 "$T/last.log" | tr '\n' ' ')"
same "format=ndjson on a pipe: 10 frames, the same as the file" \
    "$(cat $CAT | $FF -f lavfi -i "strokerender=file=/dev/stdin:format=ndjson:s=32x32" -f framemd5 - 2>/dev/null | grep -v '^#' | cut -d, -f6)" \
    "$(md5s -f lavfi -i "strokerender=file=$CAT:s=32x32" | cut -d, -f6)"
cat $CAT | $FF -f lavfi -i "strokerender=file=/dev/stdin:format=ndjson:s=32x32:loop=1" -f null - > "$T/last.log" 2>&1
st=$?
[ $st -ne 0 ] && grep -q "/dev/stdin: cannot go back to the start for loop=1 (not seekable: a pipe?)" "$T/last.log" &&
    ok "loop on a pipe: an error naming the file" ||
    bad "loop on a pipe: an error naming the file" "status $st: $(tail -n 2 "$T/last.log" | tr '\n' ' ')"
a=$(md5s -f lavfi -i "strokerender=file=$T/walks_cols.csv:csv=columns:window=100:stride=50:s=64x48" | cut -d, -f6)
b=$(cat "$T/walks_cols.csv" | $FF -f lavfi -i "strokerender=file=/dev/stdin:format=csv:csv=columns:window=100:stride=50:s=64x48" \
    -f framemd5 - 2>/dev/null | grep -v '^#' | cut -d, -f6)
same "CSV columns with a window on a pipe: the file's charts" "$b" "$a"
cat "$T/walks_cols.csv" | $FF -f lavfi -i "strokerender=file=/dev/stdin:format=csv:csv=columns" -f null - > "$T/cols_pipe.log" 2>&1
check "CSV columns without a window on a pipe: window suggested" \
    grep -q "/dev/stdin: not seekable (a pipe?): csv=columns without a window reads the file once per column; set window" "$T/cols_pipe.log"
# sizes FFmpeg cannot hold refused when the filter starts
expect_fail "s=16384x16384: refused, the size named" "Size 16384x16384 is too large for FFmpeg" \
    $FF -f lavfi -i "strokerender=file=$CAT:s=16384x16384" -f null -
expect_fail "tile=128x128 of 128x128: refused, the frame size named" \
    "tile=128x128 of 128x128 drawings: 16384x16384 frames are too large for FFmpeg" \
    $FF -f lavfi -i "strokerender=file=$CAT:s=128x128:tile=128x128" -f null -
# pad and lw leaving no room for the drawing
expect_fail "fit=none, pad=16 in 32x32: refused" "pad=16 leaves no room for the drawing in a 32x32 frame" \
    $FF -f lavfi -i "strokerender=file=$CAT:s=32x32:fit=none:pad=16" -f null -
expect_fail "fit=box, pad=10 lw=12 in 32x32: refused" "pad=10 and lw=12 leave no room for the drawing in a 32x32 frame: fit=box" \
    $FF -f lavfi -i "strokerender=file=$CAT:s=32x32:pad=10:lw=12" -f null -
# colour styles negotiate colour; gray ones gray
check "color/bg: a colour PNG" $FF -f lavfi -i "strokerender=file=$CAT:s=32x24:color=0x1f77b4:bg=white" -frames:v 1 "$T/col.png"
equal "color=0x1f77b4:bg=white: rgb24" "$(probe "$T/col.png" pix_fmt)" "rgb24"
check "colormode=palette: a PNG" $FF -f lavfi -i "strokerender=file=$CAT:s=32x24:colormode=palette" -frames:v 1 "$T/pal.png"
equal "colormode=palette: rgb24" "$(probe "$T/pal.png" pix_fmt)" "rgb24"
check "gray style: a PNG" $FF -f lavfi -i "strokerender=file=$CAT:s=32x24:color=gray:bg=white" -frames:v 1 "$T/gray.png"
equal "color=gray:bg=white: still gray" "$(probe "$T/gray.png" pix_fmt)" "gray"
check "transparent bg: a PNG" $FF -f lavfi -i "strokerender=file=$CAT:s=32x24:bg=black@0" -frames:v 1 "$T/alpha.png"
equal "bg=black@0: rgba" "$(probe "$T/alpha.png" pix_fmt)" "rgba"
px=$($FF -f lavfi -i "strokerender=file=$T/walks.csv:s=160x80:lw=1.5:pad=4:color=0x1f77b4:bg=white" -frames:v 1 \
     -f rawvideo -pix_fmt rgb24 - 2>/dev/null | od -An -v -tu1 | awk '{ for (i = 1; i + 2 <= NF; i += 3) if ($i != $(i+2)) n++ } END { print n + 0 }')
[ "${px:-0}" -gt 0 ] && ok "the docs' chart recipe (color=0x1f77b4:bg=white) draws in colour ($px pixels)" ||
    bad "the docs' chart recipe (color=0x1f77b4:bg=white) draws in colour" "no coloured pixel"
# preset: the options set win
check_out "preset=quickdraw28 with lw=3: lw=3 used" "strokerender.* 28x28 gray, line width 3," \
    $FF -v verbose -f lavfi -i "strokerender=file=$CAT:preset=quickdraw28:lw=3" -f null -
check_out "preset=quickdraw28 alone: its line width" "strokerender.* 28x28 gray, line width 1.47368," \
    $FF -v verbose -f lavfi -i "strokerender=file=$CAT:preset=quickdraw28" -f null -
check_out "preset=quickdraw28 with lw=2 (the plain default's value): lw=2 used" "strokerender.* 28x28 gray, line width 2," \
    $FF -v verbose -f lavfi -i "strokerender=file=$CAT:preset=quickdraw28:lw=2" -f null -
# pad=0 and fit=box given with the preset win too: the same bytes as the
# preset's other settings spelt out, and not the preset's own bytes
# (the md5 of the frames, nothing when the run fails or writes no frame)
q28() {
    rm -f "$T/q28.raw"
    $FF -f lavfi -i "strokerender=file=$CAT:count=20:$1" -f rawvideo -y "$T/q28.raw" 2>/dev/null &&
        [ -s "$T/q28.raw" ] && md5sum < "$T/q28.raw"
}
q_lw=1.4736842105263157                 # 16 * 28 / 304
same "preset=quickdraw28 spelt out is the preset" "$(q28 s=28x28:lw=$q_lw:pad=$q_lw:fit=center)" "$(q28 preset=quickdraw28)"
same "preset=quickdraw28:pad=0:fit=box = its settings with pad=0:fit=box" \
    "$(q28 preset=quickdraw28:pad=0:fit=box)" "$(q28 s=28x28:lw=$q_lw:pad=0:fit=box)"
a=$(q28 preset=quickdraw28:pad=0) b=$(q28 preset=quickdraw28)
[ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ] &&
    ok "preset=quickdraw28:pad=0 differs from the preset's padding" ||
    bad "preset=quickdraw28:pad=0 differs from the preset's padding" "same bytes, or a run failed ('$a' '$b')"
check "preset=quickdraw28 with color=red: red ink" sh -c "$FF -f lavfi -i 'strokerender=file=$CAT:preset=quickdraw28:color=red' \
    -frames:v 1 -f rawvideo -pix_fmt rgb24 - 2>/dev/null | od -An -v -tu1 | grep -qE '(^| )255 +0 +0( |\$)'"
# a missing file: ENOENT, not EINVAL
expect_fail "missing file: No such file or directory" "strokerender=file=/nonexistent/cat.ndjson: No such file or directory" \
    $FF -f lavfi -i "strokerender=file=/nonexistent/cat.ndjson" -f null -
# long words are kept whole (word= matches), longer ones are bad records
long=$(printf 'w%.0s' $(seq 100))
toolong=$(printf 'w%.0s' $(seq 130))
printf '{"word":"%s","drawing":[[[1,2],[3,4]]]}\n{"word":"%s","drawing":[[[1,2],[3,4]]]}\n' "$long" "$toolong" > "$T/long.ndjson"
equal "a 100-byte word kept whole: word= matches it" "$(frames "file=$T/long.ndjson:word=$long:errors=skip")" "1"
stops "a 130-byte word: a bad record named" "long.ndjson:2: \"word\" is 130 bytes long: at most 127" "file=$T/long.ndjson" 1
# messages
printf '{"drawing":[[[1,2,3],[4,5,6],[0,1]]]}\n' > "$T/raw_t.ndjson"
stops "raw stroke with a short t: t named" "raw_t.ndjson:1: stroke 0: x and y have 3 points but t has 2" "file=$T/raw_t.ndjson" 0
printf '1,2,3,\n' > "$T/trail.csv"
stops "CSV '1,2,3,': the empty field named" "trail.csv:1: field 4 is empty" "file=$T/trail.csv" 0
printf '5\n' > "$T/one.csv"
stops "CSV of one value: '1 value'" "one.csv:1: 1 value: a chart needs at least 2" "file=$T/one.csv" 0
expect_fail "window=1 on ndjson: window is for CSV" "window and stride cut CSV series: this file is read as ndjson" \
    $FF -f lavfi -i "strokerender=file=$CAT:window=1" -f null -
expect_fail "sw_format=2 refused" "sw_format=2: use none \(0\), gray \(1\) or rgba \(4\)" \
    $FF -f lavfi -i "strokerender=file=$CAT:sw_format=2" -f null -
$FFMPEG -hide_banner -h filter=strokerender > "$T/help.txt" 2>&1
equal "help: window and stride ranges without e+06" \
    "$(grep -E '^ *(window|stride) ' "$T/help.txt" | grep -vc 'e+0')" "2"

summary

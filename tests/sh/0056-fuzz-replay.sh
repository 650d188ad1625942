#!/bin/sh
# Every fuzz harness, built with tests/fuzz/replay.c as its main (no
# libFuzzer, so under gcc and in both passes of make check), replays its
# seeds (tests/fuzz/corpus/NAME) and its saved inputs (tests/fuzz/regress/NAME:
# what once crashed, leaked or hung). A crash, a sanitizer report or a
# harness's abort fails; so does a hang (each target has 120 s).
. tests/sh/lib.sh
B=${SM_BUILD:-build}
found=0
for bin in "$B"/tests/replay/fuzz_*; do
	[ -x "$bin" ] || continue
	found=$((found + 1))
	name=$(basename "$bin")
	TMPDIR=$T timeout 120 "$bin" "$name" "tests/fuzz/corpus/$name" "tests/fuzz/regress/$name" \
		>"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = 124 ]; then
		echo "not ok - $name: replay still running after 120 s, at $(grep '^replay: ' "$T/err" | tail -n 1)"
		continue
	fi
	is "$name: replay exits 0" "$rc" 0
	[ "$rc" = 0 ] || { grep -v '^replay: ' "$T/err" | head -n 20 | sed 's/^/#   /'; grep '^replay: ' "$T/err" | tail -n 1 | sed 's/^/#   last: /'; }
	seeds=$(sed -n "s|^ok - $name: \([0-9]*\) inputs from tests/fuzz/corpus/.*|\1|p" "$T/out")
	ok "$name: its seeds replayed (${seeds:-none})" test "${seeds:-0}" -ge 1
	regress=$(sed -n "s|^ok - $name: \([0-9]*\) inputs from tests/fuzz/regress/.*|\1|p" "$T/out")
	echo "# $name: ${seeds:-0} seeds, ${regress:-0} saved inputs"
done
ok "every harness has a replay build ($found)" test "$found" -ge 7

#!/bin/sh
# The fuzz smoke test of `make check`: build the libFuzzer harnesses with
# clang (`make fuzz`), run each for SECONDS (two at a time, one per core,
# seed fixed so a run can be repeated), and append "passed failed skipped"
# to COUNTS like tests/run.sh. A crash, leak, timeout or sanitizer report
# fails that harness; its artifacts stay in FUZZ_O/work/NAME/artifacts.
# Without clang and libFuzzer every harness is counted as skipped, saying so.
#   usage: tests/fuzz/smoke.sh FUZZ_O COUNTS SECONDS
fo=$1
counts=$2
secs=${3:-30}
make=${MAKE:-make}
names=$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$//')
n=$(echo "$names" | wc -l | tr -d ' ')
echo "== fuzz smoke: $n harnesses, $secs s each"
skip_all() {
	echo "$names" | sed "s/^/ok - # SKIP fuzz smoke: /; s/\$/: $1/"
	echo "0 0 $n" >>"$counts"
	echo "== fuzz smoke: 0 passed, 0 failed, $n skipped ($1)"
	exit 0
}
[ "$secs" -gt 0 ] 2>/dev/null || skip_all "FUZZ_SMOKE_SECONDS=$secs"
cc=${FUZZ_CC:-clang}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' >"$tmp/t.c"
command -v "$cc" >/dev/null 2>&1 || skip_all "no $cc (apt-get install clang libclang-rt-14-dev)"
"$cc" -fsanitize=fuzzer,address -o "$tmp/t" "$tmp/t.c" >/dev/null 2>&1 ||
	skip_all "$cc cannot link libFuzzer (apt-get install libclang-rt-14-dev)"
if ! $make -j2 --no-print-directory fuzz FUZZ_O="$fo" >"$tmp/build.log" 2>&1; then
	tail -n 20 "$tmp/build.log" | sed 's/^/   /'
	echo "not ok - fuzz smoke: the harnesses do not build"
	echo "0 1 0" >>"$counts"
	exit 0
fi
# Two queues, one per core.
i=0
for t in $names; do
	echo "$t" >>"$tmp/q$((i % 2))"
	i=$((i + 1))
done
for q in "$tmp"/q*; do
	(while read -r t; do
		FUZZ_SEED=1 sh tests/fuzz/run.sh "$fo/$t" "$secs" >"$tmp/$t.out" 2>&1
		echo $? >"$tmp/$t.rc"
	done <"$q") &
done
wait
pass=0
fail=0
for t in $names; do
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.out")
	if [ "$(cat "$tmp/$t.rc")" = 0 ]; then
		echo "ok - fuzz smoke: $t, ${execs:-?} runs in $secs s"
		pass=$((pass + 1))
	else
		echo "not ok - fuzz smoke: $t failed (log $fo/work/$t/log)"
		grep -E 'ERROR|SUMMARY|artifact' "$tmp/$t.out" | head -n 8 | sed 's/^/   /'
		fail=$((fail + 1))
	fi
done
echo "$pass $fail 0" >>"$counts"
echo "== fuzz smoke: $pass passed, $fail failed"

#!/bin/sh
# Run the test suite against one build directory and append "passed failed"
# to COUNTS. Unit tests are cmocka programs (TAP output); shell tests in
# tests/sh/ print TAP lines too ("ok - ...", "not ok - ...").
#   usage: tests/run.sh BUILD_DIR COUNTS_FILE
B=${1:-build}
COUNTS=${2:-/dev/null}
export OPENBLAS_NUM_THREADS=1
export SM="$B/storymaster"
export SM_BUILD="$B"
export NO_COLOR=1
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export CMOCKA_MESSAGE_OUTPUT=TAP
pass=0
fail=0
skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "== tests against $B"
run_tap() { # name, command...
	name=$1
	shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# "# SKIP" lines (cmocka prints "not ok N # SKIP") are neither passes nor failures.
	k=$(grep -c '^\(not \)\{0,1\}ok.*# SKIP' "$tmp/out")
	p=$(grep -v '# SKIP' "$tmp/out" | grep -c '^ok')
	f=$(grep -v '# SKIP' "$tmp/out" | grep -c '^not ok')
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1 # crashed or failed without a TAP line: count it
		echo "not ok - $name exited with status $rc" >>"$tmp/out"
	fi
	skipped=$((skipped + k))
	if [ "$p" = 0 ] && [ "$f" = 0 ] && [ "$k" = 0 ]; then
		f=1
		echo "not ok - $name ran no test" >>"$tmp/out"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" != 0 ]; then
		echo "-- $name: $p passed, $f failed"
		grep '^not ok' "$tmp/out" | grep -v '# SKIP' | sed 's/^/   /'
		sed -n '1,40p' "$tmp/err" | sed 's/^/   stderr: /'
	else
		if [ "$k" != 0 ]; then echo "-- $name: $p passed ($k skipped)"; else echo "-- $name: $p passed"; fi
		grep '# SKIP' "$tmp/out" | sed 's/^/   /'
	fi
}
for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	if [ -n "$VALGRIND" ]; then
		run_tap "$(basename "$t")" valgrind -q --error-exitcode=98 --leak-check=full "$t"
	else
		run_tap "$(basename "$t")" "$t"
	fi
done
for t in tests/sh/[0-9]*.sh; do
	[ -f "$t" ] || continue
	run_tap "$(basename "$t")" sh "$t"
done
echo "$pass $fail $skipped" >>"$COUNTS"
echo "== $B: $pass passed, $fail failed, $skipped skipped"

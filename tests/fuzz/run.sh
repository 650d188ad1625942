#!/bin/sh
# Run one libFuzzer harness for a number of seconds, niced, on a scratch copy
# of its seed corpus (the committed seeds are never written to). Crashes,
# leaks and timeouts are saved as FUZZ_WORK/<target>/crash-* etc.; minimize
# one with `HARNESS -minimize_crash=1 -runs=10000 FILE` and add it to
# tests/fuzz/regress/<target>/ so test_regress replays it in `make check`.
# FUZZ_SEED fixes libFuzzer's seed (the smoke test of make check does).
#   usage: tests/fuzz/run.sh HARNESS SECONDS
bin=$1
secs=${2:-60}
name=$(basename "$bin")
seeds=tests/fuzz/corpus/$name
work=${FUZZ_WORK:-$(dirname "$bin")/work}/$name
mkdir -p "$work/corpus" "$work/artifacts"
dict=
seed=
[ -n "$FUZZ_SEED" ] && seed="-seed=$FUZZ_SEED"
[ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
echo "== $name: $secs s (work dir $work)"
export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export OPENBLAS_NUM_THREADS=1
# shellcheck disable=SC2086
nice -n 10 "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 -max_len="${FUZZ_MAX_LEN:-65536}" \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" $seed $dict "$work/corpus" "$seeds" \
	2>"$work/log"
rc=$?
tail -n 12 "$work/log"
ls "$work/artifacts" 2>/dev/null | sed 's/^/   artifact: /'
exit $rc

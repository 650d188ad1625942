#!/bin/sh
# make bench-store: bench/store/run.sh BUILD_DIR [KILLS] [SCANS]
# The store's crash and concurrency tests, at bench size: KILLS kill -9 at
# random moments (default 1000, every 25th a scan with the language model),
# each followed by integrity_check, a comparison of every stored document
# with a clean scan's, and a check of run ids; 8 processes x SCANS scans
# (default 50) on one new store; then a kill at every commit of a first
# scan, a rescan and a scan with the model (tests/sh/0630). Prints the
# counts; exit 1 when any check failed.
set -u
B=${1:-build}
KILLS=${2:-1000}
SCANS=${3:-50}
SM=$B/storymaster
export SM SM_BUILD="$B"
t0=$(date +%s)
out=$(SM_KILLS=$KILLS SM_KILL_MODEL=25 SM_RACE_ROUNDS=1 SM_RACE_SCANS=$SCANS \
	sh tests/sh/0610-store-kill.sh 2>&1; sh tests/sh/0630-store-never-lies.sh 2>&1)
t1=$(date +%s)
echo "$out" | grep -e '^#' -e '^not ok' | grep -v '^#   '
echo "$out" | grep -e '^not ok' -A3 | grep '^#   ' | head -20
pass=$(echo "$out" | grep -c '^ok')
fail=$(echo "$out" | grep -c '^not ok')
echo "bench-store: $KILLS random kills, 8 x $SCANS concurrent scans, a kill at every commit: $pass checks passed, $fail failed ($((t1 - t0)) s)"
[ "$fail" = 0 ]

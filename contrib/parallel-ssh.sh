#!/bin/sh
# contrib/parallel-ssh.sh: scan a library in SHARDS shards with GNU Parallel,
# on the hosts of an SSH login file or on this machine, then merge the shard
# stores into one library store (see contrib/README.md).
#
#   LIB=/srv/books SHARDS=16 SSHLOGINFILE=~/hosts sh contrib/parallel-ssh.sh
#   LIB=books SHARDS=4 SCAN_ARGS=--no-model sh contrib/parallel-ssh.sh   # local
#
# Shard K of N is job K of the input 0..N-1 (not the job slot, so that any
# host may run any shard). Over SSH the library must be on storage shared by
# every host, at the same absolute path: only the shard store travels back,
# written in a scratch directory on the remote host (--wd ...) and fetched
# with --return, then removed (--cleanup). Without SSHLOGINFILE the shards
# run here, SHARDS at a time, each with the cores divided among them.
#
# Variables (defaults): LIB (books), SHARDS (8), SSHLOGINFILE (unset: local),
# STORYMASTER (storymaster: the same path here, for the merge, and on the
# hosts), OUT (library.db), SHARDDIR (shards/ beside OUT), SCAN_ARGS (extra
# scan options, split on spaces, such as --no-model), ONLY (shard numbers
# to run, default all: to rerun the failed ones). Exit status: 0 when every shard and the merge
# succeeded, else 1 (the stores that exist are still merged).
set -eu

LIB=${LIB:-books}
SHARDS=${SHARDS:-8}
SSHLOGINFILE=${SSHLOGINFILE:-}
STORYMASTER=${STORYMASTER:-storymaster}
OUT=${OUT:-library.db}
SHARDDIR=${SHARDDIR:-$(dirname "$OUT")/shards}
SCAN_ARGS=${SCAN_ARGS:-}
ONLY=${ONLY:-$(seq 0 $((SHARDS - 1)))}

command -v parallel >/dev/null 2>&1 || { echo "parallel-ssh.sh: GNU parallel is not installed" >&2; exit 2; }
mkdir -p "$SHARDDIR"
# a row per shard: host, exit value, seconds (parallel --joblog)
JOBLOG=$SHARDDIR/joblog

# shellcheck disable=SC2086 # SCAN_ARGS is a list of options on purpose
if [ -n "$SSHLOGINFILE" ]; then
	case $LIB in
	/*) ;;
	*) echo "parallel-ssh.sh: over SSH, LIB must be an absolute path on the shared storage: '$LIB'" >&2; exit 2 ;;
	esac
	# One shard at a time per host (storymaster uses all of its cores; give
	# a host more slots as "2/host" in the login file). The remote command
	# writes shard-K.db in its scratch directory; "$SHARDDIR/./shard-K.db"
	# tells --return to put it into SHARDDIR here.
	echo "$ONLY" | tr ' ' '\n' | parallel --will-cite -q -j 1 --sshloginfile "$SSHLOGINFILE" \
		--wd ... --return "$SHARDDIR/./shard-{}.db" --cleanup --joblog "$JOBLOG" --tag \
		"$STORYMASTER" scan --library "$LIB" --shard "{}/$SHARDS" --db "shard-{}.db" $SCAN_ARGS ||
		failed=$?
else
	# Here: SHARDS jobs at once, the cores shared among them (no oversubscription).
	cores=$(nproc 2>/dev/null || echo 1)
	per=$((cores / SHARDS))
	[ "$per" -ge 1 ] || per=1
	echo "$ONLY" | tr ' ' '\n' | parallel --will-cite -q -j "$SHARDS" --joblog "$JOBLOG" --tag \
		"$STORYMASTER" scan --library "$LIB" --shard "{}/$SHARDS" -j "$per" \
		--db "$SHARDDIR/shard-{}.db" $SCAN_ARGS ||
		failed=$?
fi

# Merge whatever shards exist: merging is idempotent, so a shard rerun later
# is merged again with the same command, and its books already merged stay.
status=0
set -- "$SHARDDIR"/shard-*.db
if [ -e "$1" ]; then
	"$STORYMASTER" merge "$OUT" "$@" || status=1
else
	echo "parallel-ssh.sh: no shard store in '$SHARDDIR'" >&2
	status=1
fi
if [ "${failed:-0}" != 0 ]; then
	# the joblog's 7th column is the exit value, the last the command line
	bad=$(awk 'NR > 1 && $7 != 0 { for (i = 1; i <= NF; i++) if ($i == "--shard") { split($(i + 1), k, "/"); print k[1] } }' "$JOBLOG" | sort -n | tr '\n' ' ' | sed 's/ $//')
	echo "parallel-ssh.sh: $failed shard(s) failed: ${bad:-see $JOBLOG}; rerun them with ONLY=\"$bad\" (incremental, then merged again)" >&2
	status=1
fi
exit "$status"

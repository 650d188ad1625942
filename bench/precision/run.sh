#!/bin/sh
# make precision: the precision set of our own (bench/precision/precision.c)
# on the five Austen novels and on modern prose (the manuscripts written for
# the project and three game texts). Prints the useful share per rule and
# family; the labels are bench/precision/labels*.tsv.
#   usage: bench/precision/run.sh BUILD_DIR [precision options]
B=${1:-build}
shift
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-2}
A=""
for n in emma mansfield-park northanger-abbey pride-and-prejudice sense-and-sensibility; do
	if [ -f "../shared/corpus/austen/$n.txt" ]; then A="$A austen:../shared/corpus/austen/$n.txt"
	else A="$A austen:corpus/austen/$n.txt.xz"; fi
done
M=""
for f in corpus/manuscripts/*.md corpus/modern/naev.md.xz corpus/modern/freedroidrpg.md.xz \
	corpus/modern/endless-sky.md.xz; do
	case "$f" in */README.md) continue ;; esac
	[ -f "$f" ] && M="$M modern:$f"
done
exec "$B/bench/precision/precision" --labels bench/precision "$@" $A $M

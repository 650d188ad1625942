#!/bin/sh
# make eval: the evaluation of our own (bench/eval/eval.c) on the Austen
# novels and on modern prose (corpus/modern, corpus/manuscripts). Prints
# recall per planted defect type and false alarms per 10,000 words.
#   usage: bench/eval/run.sh BUILD_DIR [eval options]
B=${1:-build}
shift
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-2}
set --  "$@"
A=""
if [ -d ../shared/corpus/austen ]; then
	for f in ../shared/corpus/austen/*.txt; do A="$A austen:$f"; done
else
	for f in corpus/austen/*.txt.xz; do A="$A austen:$f"; done
fi
M=""
for f in corpus/modern/*.md.xz corpus/manuscripts/*.md; do
	case "$f" in */README.md) continue ;; esac
	[ -f "$f" ] && M="$M modern:$f"
done
exec ${EVAL_BIN:-$B/bench/eval/eval} "$@" $A $M

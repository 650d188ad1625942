#!/bin/sh
# Train the default language model from corpus/austen (make model) and write
# model/default.smlm, which the next build embeds into the binary.
#   usage: sh model/train-default.sh BIN      (STEPS=N to change the budget)
set -e
BIN=${1:-build/storymaster}
STEPS=${STEPS:-1600}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
for f in corpus/austen/*.txt.xz; do
	xz -dc "$f" >"$tmp/$(basename "$f" .xz)"
done
start=$(date +%s)
OPENBLAS_NUM_THREADS=1 nice -n 19 "$BIN" train --corpus "$tmp"/*.txt --out "$tmp/default.smlm" \
	--steps "$STEPS" --threads 2 --seed 1 --eval-every 100 --patience 5
cp "$tmp/default.smlm" model/default.smlm
echo "make model: $(($(date +%s) - start)) s wall time; wrote model/default.smlm ($(wc -c <model/default.smlm) bytes)"

#!/bin/sh
# make bench-model: figures for the language model (printed, never asserted).
#   quality: held-out bits per byte beside xz, bzip2, zstd and a byte-level
#            interpolated Kneser-Ney 7-gram trained on the same training split
#   speed:   scoring tokens/s on 1 and 2 threads beside the sgemm rate,
#            a chapter and a novel, training tokens/s, peak RSS
#   typos:   200 planted letter edits: language.anomaly beside hunspell -l
#   usage: sh bench/model.sh BUILD_DIR        (MODEL=FILE for another model)
B=${1:-build}
SM="$B/storymaster"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export OPENBLAS_NUM_THREADS=1
MARG=
[ -n "$MODEL" ] && MARG="--model $MODEL"
for f in corpus/austen/*.txt.xz; do
	xz -dc "$f" >"$tmp/$(basename "$f" .xz)"
done
# the same split as training: every tenth chapter held out
"$SM" train --corpus "$tmp"/*.txt --dump-split "$tmp" --split-only || exit 2
val="$tmp/val.txt"
nval=$(wc -c <"$val")
echo "== quality: held-out chapters ($nval bytes, never seen in training)"
"$SM" model info $MARG | sed 's/^/   /'
bpb() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.3f", 8 * s / n }'; }
model=$("$SM" model eval $MARG --format json "$val" | sed 's/.*"bits_per_byte":\([0-9.]*\).*/\1/')
echo "   transformer (this model)            $model bits/byte"
echo "   Kneser-Ney 7-gram, bytes (bench/)   $("$B/bench/lm_kn" "$tmp/train.txt" "$val" 7) bits/byte (trained on the training split)"
for c in "xz -9e" "bzip2 -9" "zstd --ultra -22"; do
	if command -v ${c%% *} >/dev/null 2>&1; then
		alone=$($c -c <"$val" | wc -c)
		cat "$tmp/train.txt" "$val" >"$tmp/both"
		both=$($c -c <"$tmp/both" | wc -c)
		train=$($c -c <"$tmp/train.txt" | wc -c)
		printf "   %-35s %s bits/byte alone, %s after the training split\n" "$c" \
			"$(bpb "$alone" "$nval")" "$(bpb $((both - train)) "$nval")"
	fi
done

echo "== speed (2 cores shared with other work: figures vary with load)"
if [ -n "$MODEL" ]; then
	"$B/bench/lm_speed" "$tmp/emma.txt" "$MODEL" | sed 's/^/   /'
else
	"$B/bench/lm_speed" "$tmp/emma.txt" | sed 's/^/   /'
fi
echo "   (emma.txt: $(wc -w <"$tmp/emma.txt") words)"

echo "== typos: 200 planted letter edits in the held-out chapters"
"$B/bench/lm_typos" "$val" "$tmp/typo.txt" "$tmp/planted" 200 7
words=$(wc -w <"$val")
"$SM" check $MARG --fail-on never "$val" 2>/dev/null | grep -c '\[language.anomaly\]' >"$tmp/fa" || true
"$SM" check $MARG --fail-on never "$tmp/typo.txt" 2>/dev/null | grep '\[language.anomaly\]' |
	sed 's/^[^:]*:\([0-9]*\):\([0-9]*\):.*/\1 \2/' >"$tmp/found"
tp=$(awk 'NR == FNR { f[$1 " " $2] = 1; next } ($1 " " $2) in f { n++ } END { print n + 0 }' "$tmp/found" "$tmp/planted")
nf=$(wc -l <"$tmp/found")
awk -v tp="$tp" -v nf="$nf" -v fa="$(cat "$tmp/fa")" -v w="$words" 'BEGIN {
	printf "   language.anomaly   recall %.2f  precision %.2f  false alarms %.1f per 10,000 words of clean text\n",
		tp / 200, nf ? tp / nf : 0, fa * 10000 / w }'
if command -v hunspell >/dev/null 2>&1 && hunspell -D 2>&1 | grep -q en_US; then
	hunspell -l -d en_US <"$val" | wc -l >"$tmp/hfa"
	hunspell -l -d en_US <"$tmp/typo.txt" | sort -u >"$tmp/hfound"
	htp=$(awk 'NR == FNR { f[$1] = 1; next } $3 in f { n++ } END { print n + 0 }' "$tmp/hfound" "$tmp/planted")
	hn=$(hunspell -l -d en_US <"$tmp/typo.txt" | wc -l)
	awk -v tp="$htp" -v nf="$hn" -v fa="$(cat "$tmp/hfa")" -v w="$words" 'BEGIN {
		printf "   hunspell -l en_US  recall %.2f  precision %.2f  false alarms %.1f per 10,000 words of clean text\n",
			tp / 200, nf ? tp / nf : 0, fa * 10000 / w }'
else
	echo "   hunspell with en_US not installed: no comparison"
fi
echo "== training: see 'make model' (its last line gives the wall time)"

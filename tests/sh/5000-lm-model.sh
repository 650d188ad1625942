#!/bin/sh
# The language model built into the binary (model/, checks/language.c):
# model info and eval, language.anomaly on typos planted in a held-out
# chapter and not on the clean chapter, --no-model, a corrupt --model file
# refused with one line and exit 2, and a tiny training run.
. tests/sh/lib.sh
if ! "$SM" model info >"$T/info" 2>&1; then
	skip "this binary has no built-in model (make model)"
	exit 0
fi
contains "model info describes the transformer" "$(cat "$T/info")" "decoder-only transformer"
contains "model info gives the validation bits per byte" "$(cat "$T/info")" "bits per byte"
# Emma, volume I, chapter V: one of the held-out chapters
xz -dc corpus/austen/emma.txt.xz | awk '/^CHAPTER V$/ {on=1} /^CHAPTER VI$/ {exit} on' >"$T/clean.txt"
sed -e 's/with the greatest pleasure/with the graetest pleasure/' \
	-e 's/undoubtedly support me/undoubtedly suport me/' \
	-e 's/exactly as I do on the subject/exactly as I do on the sbuject/' "$T/clean.txt" >"$T/typo.txt"
json=$("$SM" model eval --format json "$T/clean.txt")
contains "model eval prints bits_per_byte" "$json" '"bits_per_byte":'
contains "model eval prints tokens" "$json" '"tokens":'
out=$("$SM" check --fail-on never "$T/typo.txt" 2>&1)
# language.typo reports a non-word with its correction, and language.anomaly
# gives way to it at the same word (one finding per typo)
contains "language.typo: graetest" "$out" '"graetest" is not a word; did you mean "greatest"?'
contains "language.typo: sbuject" "$out" '"sbuject" is not a word; did you mean "subject"?'
lacks "language.anomaly gives way to language.typo" "$out" "'graetest' is far more surprising"
# language.anomaly on its own (the dictionary check off): each planted typo, with a suggestion
printf 'rules:\n  language.typo: off\n' >"$T/notypo.yml"
out=$("$SM" check --fail-on never --config "$T/notypo.yml" "$T/typo.txt" 2>&1)
contains "language.anomaly: graetest" "$out" "'graetest' is far more surprising"
contains "language.anomaly: suport" "$out" "'suport' is far more surprising"
contains "language.anomaly: sbuject" "$out" "'sbuject' is far more surprising"
contains "language.anomaly: suggestion for graetest" "$out" "a typo for 'greatest'?"
# ... but not on a word one letter from another that no finger or ear would
# slip to: "stdout" is no typo for "stout" (d is far from t on the keyboard)
sed -e 's/young man/stdout man/' "$T/clean.txt" >"$T/noslip.txt"
out=$("$SM" check --fail-on never --config "$T/notypo.yml" "$T/noslip.txt" 2>&1)
lacks "language.anomaly: no typo where no slip makes one ('stdout')" "$out" "'stdout' is far more surprising"
clean=$("$SM" check --fail-on never "$T/clean.txt" 2>&1)
lacks "language.anomaly: nothing on the clean chapter" "$clean" "language.anomaly"
nomodel=$("$SM" check --no-model --fail-on never "$T/typo.txt" 2>&1)
lacks "--no-model skips the language checks" "$nomodel" "language.anomaly"
# a tiny model of our own; then a damaged copy
"$SM" train --corpus "$T/clean.txt" --out "$T/tiny.smlm" --steps 2 --vocab 300 --layers 1 \
	--dim 32 --heads 2 --ffn 64 --context 32 --quiet 2>"$T/err"
is "train writes a model" "$?" "0"
ok "the trained model loads" "$SM" model info --model "$T/tiny.smlm"
head -c 5000 "$T/tiny.smlm" >"$T/bad.smlm"
"$SM" check --model "$T/bad.smlm" "$T/clean.txt" >/dev/null 2>"$T/err"
is "a truncated --model file: exit 2" "$?" "2"
is "a truncated --model file: one line" "$(wc -l <"$T/err" | tr -d ' ')" "1"
contains "a truncated --model file: says why" "$(cat "$T/err")" "model file"
"$SM" model eval --model "$T/bad.smlm" "$T/clean.txt" >/dev/null 2>&1
is "model eval refuses it too" "$?" "2"
# style.voice-drift: five chapters of Northanger Abbey and one of a manual
{
	xz -dc corpus/austen/northanger-abbey.txt.xz | awk '/^CHAPTER 1$/ {on=1} /^CHAPTER 6$/ {exit} on'
	printf '\n\n\nCHAPTER 6\n\n'
	grep -v '^\.' man/storymaster-rules.5 | sed 's/\\f[BIR]//g; s/\\-/-/g' | head -150
} >"$T/drift.txt"
lacks "style.voice-drift is opt-in: not in the default output" "$("$SM" check --fail-on never "$T/drift.txt" 2>&1)" "style.voice-drift"
drift=$("$SM" check --fail-on never --only style.voice-drift "$T/drift.txt" 2>&1)
contains "style.voice-drift: the manual chapter" "$drift" "this chapter reads less predictably than the rest of the book"
is "style.voice-drift: only that chapter" "$(echo "$drift" | grep -c 'style.voice-drift')" "1"
# language.anomaly's lexicon is one author's: a word of the language it has not
# seen ("morbid", "photograph" in a modern manuscript) is no typo, and gives
# way to the dictionary, whether language.typo is on or not (with it off,
# "morbid", "bleeding" and "photograph" used to come back as anomalies)
ms=corpus/manuscripts/second-chances.md
out=$("$SM" check --fail-on never --only language "$ms" 2>&1)
lacks "language.anomaly: a dictionary word is not reported ('morbid')" "$out" "'morbid' is far more surprising"
lacks "language.anomaly: a dictionary word is not reported ('photograph')" "$out" "'photograph' is far more surprising"
out=$("$SM" check --fail-on never --only language.anomaly "$ms" 2>&1)
lacks "--only language.anomaly: the dictionaries still say 'morbid' is a word" "$out" "'morbid' is far more surprising"
out=$("$SM" check --fail-on never --only language --config "$T/notypo.yml" "$ms" 2>&1)
lacks "... and with language.typo off in the configuration" "$out" "'morbid' is far more surprising"

#!/bin/sh
# Bounded memory on any input: documents past the caps on text (8 MiB),
# paragraphs (600,000), words (2 million) and on a DOCX part parsed whole
# (16 MiB) are refused with one line and exit 2, before they take the
# machine's memory; run under a 512 MiB data limit (ulimit -d), where an
# allocation failure would abort instead, and the hostile fixtures under a
# 512 MiB address-space limit (ulimit -v). Inputs are generated here.
. tests/sh/lib.sh

grep -q __asan_init "$SM" 2>/dev/null && san=1 || san=
if [ -n "$san" ]; then
	skip "memory limits under the sanitizers' shadow memory mean nothing: plain build only"
	exit 0
fi

# run_limited NAME FILE: check under the data limit; sets rc and err
run_limited() {
	(ulimit -d 524288 && exec "$SM" check --no-model --fail-on never "$2") >/dev/null 2>"$T/err"
	rc=$?
	err=$(cat "$T/err")
}
refused() { # name, file, what the reason says
	run_limited "$1" "$2"
	is "$1: exit 2 (not killed, not aborted)" "$rc" 2
	is "$1: one line on stderr" "$(wc -l <"$T/err" | tr -d ' ')" 1
	contains "$1: the reason names the file and the cap" "$err" "storymaster: $2: refused: $3"
}

# 50 MB of words on one line (a paragraph of 8 million words)
awk 'BEGIN { srand(3); split("the a she he walked said looked house garden letter", w, " ")
	for (i = 0; i < 8000000; i++) printf "%s ", w[1 + int(rand() * 10)]; print "" }' >"$T/one-line.md"
refused "50 MB on one line" "$T/one-line.md" "more than 8 MiB of text"

# 700,000 paragraphs of one word (memory per paragraph, not per byte)
awk 'BEGIN { for (i = 0; i < 700000; i++) printf "word\n\n" }' >"$T/paragraphs.txt"
refused "700,000 one-word paragraphs" "$T/paragraphs.txt" "more than 600000 paragraphs"

# 2.5 million one-letter words in 5 MB of text
awk 'BEGIN { for (i = 0; i < 25000; i++) { for (j = 0; j < 100; j++) printf "a "; print "" } }' >"$T/letters.txt"
refused "2.5 million words" "$T/letters.txt" "more than 2000000 words"

# The five novels three times over in one file (10.6 MB of prose)
for k in 1 2 3; do
	for f in corpus/austen/*.txt.xz; do xz -dc "$f"; done
done >"$T/novels.txt"
refused "fifteen novels in one file" "$T/novels.txt" "more than 8 MiB of text"

# Below the caps, the same limit is enough: one novel, and 500,000 paragraphs
xz -dc corpus/austen/emma.txt.xz >"$T/emma.txt"
run_limited "a novel" "$T/emma.txt"
is "a novel under the same limit: checked (exit 0)" "$rc" 0
awk 'BEGIN { for (i = 0; i < 500000; i++) printf "word\n\n" }' >"$T/paragraphs-ok.md"
run_limited "500,000 paragraphs" "$T/paragraphs-ok.md"
is "500,000 one-word paragraphs under the limit: checked (exit 0)" "$rc" 0

# Every hostile DOCX, EPUB and ODT fixture under a 512 MiB address-space limit (ulimit -v):
# refused with exit 2 and one line, never killed
for f in tests/fixtures/docx/bad-*.docx tests/fixtures/epub/bad-*.epub tests/fixtures/odt/bad-*.odt; do
	(ulimit -v 524288 && exec "$SM" check --no-model "$f") >/dev/null 2>"$T/err"
	rc=$?
	n=$(basename "$f")
	is "$n under ulimit -v 512 MiB: exit 2" "$rc" 2
	is "$n under ulimit -v 512 MiB: one line on stderr" "$(wc -l <"$T/err" | tr -d ' ')" 1
done

# The language model under memory limits. OpenBLAS maps a 128 MiB buffer
# per thread and retries a refused mmap for ever: under a tight limit the
# check hung. Now the scorer asks first: fewer workers, or the model's
# checks skip the file with a warning saying so; never a hang. (The room
# depends on OPENBLAS_NUM_THREADS, 1 here as in tests/run.sh: OpenBLAS maps
# a buffer for each of its own threads when it starts, so 192 MiB, where
# the model does not fit whatever the setting.)
export OPENBLAS_NUM_THREADS=1
xz -dc corpus/austen/emma.txt.xz | head -c 60000 >"$T/chapter.txt"
(ulimit -d 196608 && exec timeout 120 "$SM" check --fail-on never "$T/chapter.txt") >"$T/out" 2>"$T/err"
rc=$?
is "the model under ulimit -d 192 MiB: exit 0, no hang" "$rc" 0
contains "the model under ulimit -d 192 MiB: the warning says the memory limit stopped it" \
	"$(cat "$T/err")" "the language model needs about"
contains "the model under ulimit -d 192 MiB: and that its checks are skipped" \
	"$(cat "$T/err")" "memory limit (ulimit) leaves"
ok "the model under ulimit -d 192 MiB: the other checks still ran" test -s "$T/out"
mkdir "$T/book" && cp "$T/chapter.txt" "$T/book/"
(ulimit -d 196608 && exec timeout 120 "$SM" scan -q --db "$T/book.db" "$T/book") >/dev/null 2>&1
contains "a scan without the model for memory is stored as partial (the next one analyses again)" \
	"$("$SM" runs --db "$T/book.db")" "partial"
# A 7 MB manuscript under 512 MiB: the model fits, its copies of this text
# do not; that file's model checks are skipped, saying so, the rest run.
for k in 1 2; do for f in corpus/austen/*.txt.xz; do xz -dc "$f"; done; done | head -c 7000000 >"$T/big.txt"
(ulimit -d 524288 && exec timeout 120 "$SM" check --time-limit 60 --fail-on never "$T/big.txt") >"$T/out" 2>"$T/err"
rc=$?
is "7 MB with the model under ulimit -d 512 MiB: exit 0, no hang" "$rc" 0
contains "7 MB with the model under ulimit -d 512 MiB: that file's model checks skipped, saying why" \
	"$(cat "$T/err")" "$T/big.txt: the language model needs about"
ok "7 MB with the model under ulimit -d 512 MiB: the other checks still ran" test -s "$T/out"
(ulimit -v 524288 && exec timeout 120 "$SM" check --fail-on never "$T/chapter.txt") >/dev/null 2>"$T/err"
rc=$?
is "the model under ulimit -v 512 MiB: exit 0, no hang" "$rc" 0
lacks "the model under ulimit -v 512 MiB: scored (one worker fits)" "$(cat "$T/err")" "memory limit"
(ulimit -d 524288 && exec timeout 120 "$SM" check --fail-on never "$T/chapter.txt") >/dev/null 2>"$T/err"
rc=$?
is "the model under ulimit -d 512 MiB: exit 0, no hang" "$rc" 0
lacks "the model under ulimit -d 512 MiB: scored (one worker fits)" "$(cat "$T/err")" "memory limit"

if ! command -v python3 >/dev/null 2>&1; then
	skip "python3 missing: the DOCX inputs are not generated"
	exit 0
fi
# DOCX (tests/patho/gen.sh): a 20 MB styles part, stored so that the zip
# ratio cap does not fire first, and a main part holding 9 MB of text.
sh tests/patho/gen.sh "$T" big-styles.docx big-text.docx >/dev/null
refused "a 20 MB styles part" "$T/big-styles.docx" "part 'word/styles.xml' of the DOCX inflates to more than 16 MiB"
refused "a DOCX of 9 MB of text" "$T/big-text.docx" "more than 8 MiB of text"

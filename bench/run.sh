#!/bin/sh
# make bench: throughput and memory of extract, check and scan on one novel
# and on the whole corpus (median of 5 runs, one core), and the rates of
# findings per 10,000 words on the clean corpus. Prints figures; never fails
# on a number.
B=${1:-build}
SM=$B/storymaster
TIMEIT=$B/bench/timeit
export OPENBLAS_NUM_THREADS=1
CORPUS=${CORPUS:-../shared/corpus/austen}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
if [ -d "$CORPUS" ]; then
	cp "$CORPUS"/*.txt "$W/"
elif [ -d corpus/austen ]; then
	for f in corpus/austen/*.txt.xz; do xz -dc "$f" >"$W/$(basename "$f" .xz)"; done
else
	echo "bench: no corpus found"; exit 0
fi
NOVEL=$W/emma.txt
mkdir -p "$W/book" && cp "$W"/*.txt "$W/book/"
words() { cat "$@" | wc -w | tr -d ' '; }
bytes() { cat "$@" | wc -c | tr -d ' '; }
row() { # label, words, bytes, command...
	label=$1; nw=$2; nb=$3; shift 3
	set -- $($TIMEIT 5 "$@")
	awk -v l="$label" -v t="$1" -v r="$2" -v w="$nw" -v b="$nb" 'BEGIN {
		printf "%-34s %8.3f s %8.2f MB/s %10.0f words/s  peak RSS %6.1f MB\n", l, t, b/1e6/t, w/t, r/1024 }'
}
echo "== storymaster bench ($(nproc) cores; median of 5 runs; OPENBLAS_NUM_THREADS=1)"
nw=$(words "$NOVEL"); nb=$(bytes "$NOVEL")
echo "-- one novel: emma.txt, $nw words, $nb bytes"
row "extract" "$nw" "$nb" $SM extract "$NOVEL"
row "check --no-model" "$nw" "$nb" $SM check --no-model --fail-on never "$NOVEL"
row "check (with the model)" "$nw" "$nb" $SM check --fail-on never "$NOVEL"
rm -f "$W/s.db"
row "scan --force into a store" "$nw" "$nb" $SM scan --force --no-model --quiet --db "$W/s.db" "$NOVEL"
row "scan of the unchanged novel" "$nw" "$nb" $SM scan --quiet --db "$W/s.db" "$NOVEL"
# the zipped formats: the same novel as DOCX, EPUB and ODT (written by pandoc)
if command -v pandoc >/dev/null 2>&1; then
	echo "-- one novel in the zipped formats: emma as pandoc writes DOCX, EPUB 3 and ODT ($nw words)"
	for fmt in docx epub odt; do
		pandoc -f markdown "$NOVEL" -o "$W/emma.$fmt" 2>/dev/null || continue
		row "extract ($fmt, $(bytes "$W/emma.$fmt") bytes)" "$nw" "$nb" $SM extract "$W/emma.$fmt"
	done
	row "annotate (docx, default checks)" "$nw" "$nb" $SM annotate --no-model --quiet "$W/emma.docx" -o "$W/a.docx"
	row "annotate (docx, every rule on)" "$nw" "$nb" $SM annotate --no-model --quiet \
		--only style,structure,consistency,pacing "$W/emma.docx" -o "$W/a.docx"
else
	echo "-- the zipped formats (DOCX, EPUB, ODT): skipped, pandoc is not installed"
fi
# the language server: didChange to diagnostics, a 5,000-word chapter in a 100,000-word book
if command -v python3 >/dev/null 2>&1; then
	echo "-- storymaster lsp (bench/lsp/latency.py)"
	python3 bench/lsp/latency.py "$SM" "$NOVEL" 15
fi
nw=$(words "$W"/book/*.txt); nb=$(bytes "$W"/book/*.txt)
echo "-- whole corpus: five novels, $nw words, $nb bytes"
row "extract" "$nw" "$nb" $SM extract "$W/book"
row "check --no-model" "$nw" "$nb" $SM check --no-model --fail-on never "$W/book"
rm -f "$W/c.db"
row "scan --force into a store" "$nw" "$nb" $SM scan --force --no-model --quiet --db "$W/c.db" "$W/book"
row "report --format html of that store" "$nw" "$nb" $SM report --db "$W/c.db" --format html
row "report --format json of that store" "$nw" "$nb" $SM report --db "$W/c.db" --format json
rates() { # folder, label: findings per 10,000 words per rule of the *.json there
	python3 - "$1" "$2" <<'PY'
import json, sys, glob, collections, os
tot = collections.Counter(); words = 0
for p in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    d = json.load(open(p))
    words += sum(x["words"] for x in d["documents"])
    tot.update(f["rule"] for f in d["findings"])
cats = collections.Counter()
for r, n in tot.items(): cats[r.split(".")[0]] += n
print("%-40s %8s" % ("rule (" + sys.argv[2] + ")", "per 10k"))
for r, n in sorted(tot.items()):
    print("%-40s %8.2f   (%d)" % (r, n * 1e4 / words, n))
print("%-40s" % "by category:")
for c, n in sorted(cats.items()):
    print("  %-38s %8.2f   (%d)" % (c, n * 1e4 / words, n))
print("  %-38s %8.2f   (%d)" % ("all", sum(tot.values()) * 1e4 / words, sum(tot.values())))
print("words: %d" % words)
PY
}
echo "-- findings per 10,000 words on the clean corpus, default output (each novel checked alone)"
mkdir -p "$W/json-austen" "$W/json-modern" "$W/modern"
for f in "$W"/*.txt; do
	$SM check --no-model --fail-on never --format json "$f" 2>/dev/null >"$W/json-austen/$(basename "$f").json"
done
if command -v python3 >/dev/null 2>&1; then
	rates "$W/json-austen" "all five novels"
	# modern prose: the manuscripts written for the project and the game texts
	for f in corpus/manuscripts/*.md corpus/modern/*.md.xz; do
		case "$f" in */README.md) continue ;; *.xz) xz -dc "$f" >"$W/modern/$(basename "$f" .xz)" ;;
		*) cp "$f" "$W/modern/" ;; esac
	done
	for f in "$W"/modern/*.md; do
		$SM check --no-model --fail-on never --format json "$f" 2>/dev/null >"$W/json-modern/$(basename "$f").json"
	done
	echo "-- findings per 10,000 words on modern prose, default output (corpus/manuscripts, corpus/modern)"
	rates "$W/json-modern" "modern prose"
fi
echo "-- pacing metrics and findings per novel, every pacing rule on (bench/bench_pacing.c, no model)"
[ -x "$B/bench/bench_pacing" ] && "$B/bench/bench_pacing" "$W"/*.txt
echo "-- rule packs, every rule on: findings per 10,000 words and time of all packs (bench/rules_rates.c)"
[ -x "$B/bench/rules_rates" ] && "$B/bench/rules_rates" "$W"/*.txt
echo "-- consistency, every check on: findings per 10,000 words per check and book-wide pass time (bench/consistency.c)"
[ -x "$B/bench/consistency" ] && "$B/bench/consistency" "$W"/*.txt

#!/bin/sh
# Pathological inputs (tests/patho/gen.sh, generated here, never committed):
# `check` and `extract` must finish within a time limit with exit status 0, 1
# or 2 (never a signal, a sanitizer report or a timeout), and where the input
# is a valid manuscript the word count must be what it holds.
#
# Release timings (-O2, Debian 12, one core; check --format json / extract):
#   quotes-straight.txt  0.3 / 0.05 s    long-paragraph.txt   2.5 / 0.1 s
#   quotes-curly.txt     0.4 / 0.05 s    long-paragraph.md    2.5 / 0.2 s
#   quotes-single.txt    0.4 / 0.1 s     single-words.txt     3.8 / 0.2 s
#   quotes-mixed.md      0.05 / 0.03 s   single-words-paras   2.2 / 0.6 s
#   chapters.txt         0.45 / 0.1 s    scene-breaks.txt     0.05 / 0.03 s
#   chapters-roman.txt   0.65 / 0.1 s    scene-breaks.md      0.3 / 0.2 s
#   chapters.md          0.35 / 0.1 s    long-word.txt        0.15 / 0.05 s
#   md-* (each)          < 0.4 / 0.1 s   many-paragraphs.docx 0.45 / 0.3 s
#   many-comments.docx   0.45 / 0.2 s    names-run.md         0.3 / 0.05 s
#   sdt-nested.docx      0.04 s (refused: nested too deeply, exit 2)
# The whole script takes ~25 s in a release build and ~30 s under ASan+UBSan.
# Limits: per input ~10x its release time (at least 5 s) in a plain build, 60 s
# per run under sanitizers; PATHO_LIMIT overrides both. Before the fix of doc.c's position queries (code
# point marks), long-paragraph.txt took over 60 s: findings x paragraph length.
. tests/sh/lib.sh

san=
grep -q __asan_init "$SM" 2>/dev/null && san=1
sh tests/patho/gen.sh "$T" || {
	echo "not ok - tests/patho/gen.sh failed"
	exit 1
}

# words NAME MIN MAX LIMIT: run check and extract on $T/NAME, test the exit
# status, the time limit (LIMIT seconds in a release build) and (MIN > 0) the
# word count of the JSON output.
words() {
	name=$1
	min=$2
	max=$3
	limit=${PATHO_LIMIT:-$4}
	[ -n "$san" ] && limit=${PATHO_LIMIT:-60}
	f=$T/$name
	if [ ! -f "$f" ]; then
		skip "$name: not generated (python3 missing?)"
		return
	fi
	t0=$(date +%s)
	timeout "$limit" "$SM" check --no-model --fail-on never --format json "$f" >"$T/out.json" 2>"$T/err"
	rc=$?
	t1=$(date +%s)
	case $rc in
	0 | 1 | 2) echo "ok - $name: check exits $rc in $((t1 - t0)) s" ;;
	124) echo "not ok - $name: check did not finish within $limit s" ;;
	*) echo "not ok - $name: check exited with status $rc"; sed -n '1,15p' "$T/err" | sed 's/^/#   /' ;;
	esac
	timeout "$limit" "$SM" extract "$f" >"$T/out.txt" 2>"$T/err2"
	rc2=$?
	case $rc2 in
	0 | 2) echo "ok - $name: extract exits $rc2" ;;
	124) echo "not ok - $name: extract did not finish within $limit s" ;;
	*) echo "not ok - $name: extract exited with status $rc2"; sed -n '1,15p' "$T/err2" | sed 's/^/#   /' ;;
	esac
	[ "$min" -gt 0 ] || return 0
	w=$(sed -n 's/^.*"format":"[a-z]*","words":\([0-9]*\).*$/\1/p' "$T/out.json" | head -n 1)
	if [ -n "$w" ] && [ "$w" -ge "$min" ] && [ "$w" -le "$max" ]; then
		echo "ok - $name: $w words"
	else
		echo "not ok - $name: ${w:-no} words, expected $min..$max"
		sed -n '1,5p' "$T/err" | sed 's/^/#   /'
	fi
	if [ "$rc2" = 0 ] && [ -s "$T/out.txt" ]; then
		echo "ok - $name: extract printed the text"
	else
		echo "not ok - $name: extract printed nothing"
	fi
}

# Nested quotes: 2 + 100,000 + 1 + 100,000 words.
words quotes-straight.txt 200003 200003 5
words quotes-curly.txt 200003 200003 5
words quotes-single.txt 200003 200003 5
words quotes-mixed.md 1 1 5
# 5 MB paragraph with no punctuation: 1,000,000 words, on one line or wrapped.
words long-paragraph.txt 1000000 1000000 30
words long-paragraph.md 1000000 1000000 30
# 50,000 chapter headings: "Chapter N" + 4 words; "CHAPTER <roman>" + nothing;
# "# Chapter N" + 3 words (a number may or may not count as a word).
words chapters.txt 250000 300000 6
words chapters-roman.txt 50002 100002 8
words chapters.md 200000 250000 5
# 1,000,000 lines of one word: one wrapped paragraph, or 500,000 paragraphs.
words single-words.txt 1000000 1000000 40
words single-words-paras.md 500000 500000 25
# 100,000 scene breaks between 8 words; 100,000 breaks and one-word paragraphs.
words scene-breaks.txt 8 8 5
words scene-breaks.md 100000 100000 5
# A 2 MB word.
words long-word.txt 1 1 5
# 100,000 empty chapters, each with a finding (2 words per heading); then
# scanned and reported in the four formats: every lookup of a finding's
# chapter was a scan of the document's chapters (quadratic: the HTML report
# of 73,000 took 10.7 s, now 0.4 s).
words setext-headings.md 200000 200000 10
if [ -f "$T/setext-headings.md" ]; then
	lim=${PATHO_LIMIT:-10}
	[ -n "$san" ] && lim=${PATHO_LIMIT:-60}
	timeout "$lim" "$SM" scan --no-model --quiet --db "$T/setext.db" "$T/setext-headings.md" >/dev/null 2>&1
	is "setext-headings.md: scan stores it within $lim s" "$?" 0
	for fmt in text json md html; do
		timeout "$lim" "$SM" report --db "$T/setext.db" --format $fmt >"$T/rep" 2>"$T/err"
		is "setext-headings.md: report --format $fmt within $lim s" "$?" 0
	done
	ok "setext-headings.md: the html report lists the last chapter" grep -q "Title 99999" "$T/rep"
fi
# A paragraph of 100,000 "Mr." (tense-shift scanned the name run from each
# of its words: quadratic, 7 s for 80,000 before the fix).
words names-run.md 100000 100002 5
# Markdown nesting: 50,000 block quotes / list items on one line ("deep
# quote", "item"), 2,000 quote levels over lines ("line N" each), 10,000-deep
# emphasis (40,003 words), 10,000 nested brackets (20,000 words).
words md-blockquotes.md 2 2 5
words md-blockquotes-lines.md 2000 4000 5
words md-lists.md 1 1 5
words md-lists-ordered.md 1 1 5
words md-emphasis.md 40003 40003 5
words md-links.md 10000 20001 5
# DOCX: 200,000 one-word paragraphs; 100,000 nested w:sdt (refusing it with
# exit 2, as libxml2's depth limit does, is as good as reading its one word).
words many-paragraphs.docx 200000 200000 10
# 40,000 paragraphs "the the word N." each under a Word comment that ignores
# style.doubled-word: all read, none reported. (Release 0.45 s; it was 3.3 s
# with docx.c's linear directive lookup, 13 s for 80,000 comments.)
words many-comments.docx 120000 160000 5
if [ -f "$T/many-comments.docx" ]; then
	is "many-comments.docx: directives suppress every doubled word" \
		"$(grep -c '"rule":"style.doubled-word"' "$T/out.json")" "0"
fi
words sdt-nested.docx 0 0 5
if [ -f "$T/sdt-nested.docx" ]; then
	if [ "$rc" = 2 ]; then
		contains "sdt-nested.docx: refused with a reason" "$(cat "$T/err")" "sdt-nested.docx: "
	else
		w=$(sed -n 's/^.*"format":"[a-z]*","words":\([0-9]*\).*$/\1/p' "$T/out.json" | head -n 1)
		is "sdt-nested.docx: read, 1 word" "$w" "1"
	fi
fi

# YAML nested 100,000 deep (libyaml's time grows faster than its input:
# minutes) is refused before libyaml reads it: front matter is skipped, a
# configuration file is an error on one line
deep_yaml() { awk -v n="$2" -v pre="$1" 'BEGIN { s = pre; for (i = 0; i < n; i++) s = s "["; print s }'; }
{ echo '---'; deep_yaml 'title: ' 100000; echo '---'; echo; echo '# Chapter 1'; echo; echo 'She saw the the rain.'; } >"$T/deep.md"
out=$(timeout 20 $SM check --no-model --fail-on never "$T/deep.md" 2>&1); rc=$?
is "deep YAML front matter: checked at once (no timeout)" "$rc" 0
contains "... the text after it is checked" "$out" "[style.doubled-word]"
mkdir -p "$T/deepcfg"
printf '# Chapter 1\n\nText.\n' >"$T/deepcfg/a.md"
deep_yaml 'accept: ' 50000 >"$T/deepcfg/.storymaster.yml"
err=$(timeout 20 $SM check --no-model "$T/deepcfg/a.md" 2>&1); rc=$?
is "deep YAML configuration: refused at once (exit 2)" "$rc" 2
is "... on one line" "$err" "storymaster: $T/deepcfg/.storymaster.yml: collections nested more than 64 deep"

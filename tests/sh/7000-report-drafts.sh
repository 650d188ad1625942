#!/bin/sh
# Drafts (issue 6): scan the sample book, edit one chapter (fix one finding,
# add one problem), scan again; the report lists exactly one new and one
# fixed finding, in text and in HTML; `storymaster runs` lists both scans and
# `report --since 1` compares with the first. Also: the HTML report is one
# self-contained file with every section.
. tests/sh/lib.sh
S=corpus/samples/md
if [ ! -d "$S" ]; then
	skip "sample book $S missing"
	exit 0
fi
cp -R "$S" "$T/book"
# talking heads is opt-in (bench/precision): this book's configuration asks for it
printf 'rules:\n  pacing.talking-heads: on\n' >"$T/book/.storymaster.yml"
DB=$T/s.db
"$SM" scan --quiet --db "$DB" "$T/book" >/dev/null 2>&1
ok "first scan stored" test -s "$DB"
"$SM" report --db "$DB" --format html -o "$T/r1.html" 2>/dev/null
html=$(cat "$T/r1.html")
contains "html: summary" "$html" 'id="summary"'
contains "html: pacing curve" "$html" 'id="pacing-chart"'
contains "html: dialogue chart" "$html" 'id="dialogue-chart"'
contains "html: sentence histogram" "$html" 'id="sentence-chart"'
contains "html: findings" "$html" 'id="findings"'
contains "html: pacing finding quoted" "$html" 'pacing.talking-heads'
lacks "html: no script" "$html" '<script'
lacks "html: nothing fetched" "$html" 'src="http'
lacks "html: no drafts section on the first scan" "$html" 'id="drafts"'

# the edit: fix the doubled word in chapter 2, add talking heads to chapter 4
sed -i 's/for the the last/for the last/' "$T/book/chapter-02.md"
cat >>"$T/book/chapter-04.md" <<'EOF'

"Where were you last night?" asked Henry.

"At the rooms, with the others," she said.

"All night?"

"Until the candles went out," she replied.

"And then?"

"Then I went home," said she.

"Alone?" he asked.
EOF
"$SM" scan --quiet --db "$DB" "$T/book" >/dev/null 2>&1
text=$("$SM" report --db "$DB" 2>&1)
contains "text report: one new, one fixed" "$text" "1 new, 1 fixed"
"$SM" report --db "$DB" --format html -o "$T/r2.html" 2>/dev/null
html=$(cat "$T/r2.html")
contains "html: drafts section" "$html" 'id="drafts"'
contains "html: one new" "$html" '<strong id="n-new">1 new</strong>'
contains "html: one fixed" "$html" '<strong id="n-fixed">1 fixed</strong>'
contains "html: the fixed finding is the doubled word" "$html" 'style.doubled-word'
contains "html: per-chapter metric changes" "$html" 'Chapter metrics, this draft against'
runs=$("$SM" runs --db "$DB" 2>&1)
contains "runs lists run 1" "$runs" "1"
contains "runs lists run 2" "$runs" "2"
since=$("$SM" report --db "$DB" --since 1 2>&1)
contains "report --since 1" "$since" "since run 1"
# escaping: a title with markup is escaped
printf 'Chapter 1: <b>One</b> & "Two"\n\n"Run!" she cried, and grabbed the rope.\n' >"$T/esc.txt"
"$SM" scan --quiet --db "$T/e.db" "$T/esc.txt" >/dev/null 2>&1
"$SM" report --db "$T/e.db" --format html -o "$T/e.html" 2>/dev/null
e=$(cat "$T/e.html")
lacks "html: markup in the manuscript is escaped" "$e" '<b>One</b>'
contains "html: escaped title" "$e" '&lt;b&gt;One&lt;/b&gt; &amp; &quot;Two&quot;'

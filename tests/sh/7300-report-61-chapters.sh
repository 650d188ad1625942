#!/bin/sh
# A 61-chapter novel as a Word file (Pride and Prejudice, written as DOCX by
# tests/fixtures/text_to_docx.py: Heading 1 chapters after a title page):
# 61 chapters, not 62; text output names the chapter and the paragraph within
# it; the HTML report has a chapter index, filters and links, file names
# below the book folder, and its printed PDF (headless Chromium, A4) holds
# every chapter of the character heatmap, counted from the PDF's text.
. tests/sh/lib.sh
PY=$(command -v python3 || true)
if [ -z "$PY" ] || ! command -v xz >/dev/null 2>&1; then
	skip "python3 or xz missing: the 61-chapter DOCX cannot be written"
	exit 0
fi
mkdir -p "$T/book"
xz -dc corpus/austen/pride-and-prejudice.txt.xz >"$T/pp.txt"
"$PY" tests/fixtures/text_to_docx.py "$T/pp.txt" "$T/book/pride.docx"
docx="$T/book/pride.docx"
ok "the DOCX is written" test -s "$docx"

chs=$($SM extract --format json "$docx" | grep -o '"chapter":[0-9]*' | sort -u | grep -vc '"chapter":0$')
is "61 chapters (the title page is front matter, not chapter 1)" "$chs" 61
$SM check --no-model --fail-on never --only consistency,language,style.doubled-word "$docx" >"$T/out" 2>/dev/null
n=$(grep -c "^$docx: " "$T/out")
ok "check finds something to place ($n findings)" test "$n" -gt 0
bad=$(grep "^$docx: " "$T/out" | grep -vcE "^$docx: Chapter [0-9]+, paragraph [0-9]+ \(\"")
is "every finding is placed by chapter and paragraph within it, with its first words" "$bad" 0
late=$(grep -cE "^$docx: Chapter (4[1-9]|5[0-9]|6[01]), paragraph" "$T/out")
ok "places late in the book too ($late past chapter 40)" test "$late" -gt 0

$SM scan --no-model --quiet --db "$T/s.db" "$T/book" >/dev/null 2>&1
$SM report --quiet --db "$T/s.db" --format html -o "$T/r.html"
html=$(cat "$T/r.html")
contains "summary: 61 chapters" "$html" '<b><a href="#chapters">61</a></b><span>chapters</span>'
rows=$(grep -c '^<tr><td class="n">[0-9][0-9]*</td><td class="title">' "$T/r.html")
is "the chapter index has 61 numbered chapters" "$rows" 61
contains "the chapter index has the front matter, unnumbered" "$html" '<tr><td class="n"></td><td class="title">Front matter</td>'
contains "a chapter with findings links to them" "$html" '<td class="title"><a href="#ch-0-'
contains "the findings filter by severity" "$html" '<label for="fs-error">errors ('
contains "... and by rule" "$html" '">consistency.spelling-variant ('
contains "each finding carries its rule's filter class" "$html" '<article class="finding sev-warning r-'
lacks "file names are below the book folder" "$html" "$T/book/"
contains "... as the folder shows them" "$html" 'pride.docx, chapter '
heat=$(grep -c '<table id="character-heatmap[-0-9]*" class="heatmap">' "$T/r.html")
is "the heatmap is five tables of at most 15 chapters" "$heat" 5
lacks "no script" "$html" '<script'

CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROME" ]; then
	skip "chromium not installed (apt-get install chromium): the report is not printed"
	exit 0
fi
timeout 180 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" --no-pdf-header-footer \
	--print-to-pdf="$T/r.pdf" "file://$T/r.html" >/dev/null 2>"$T/chrome.err"
ok "the report prints to PDF" test -s "$T/r.pdf"
"$PY" tests/sh/pdftext.py "$T/r.pdf" >"$T/pdf.txt"
pages=$(grep -c '^-- page' "$T/pdf.txt")
ok "the PDF has pages ($pages)" test "$pages" -gt 3
# every heatmap table: its caption names its chapters, then the heads
# "Character", "All" and each chapter number in order; a table cut at the
# page edge loses the numbers past it
got=$(awk '
	/^Chapters? [0-9]+(–[0-9]+)? of [0-9]+:/ {
		s = $0; sub(/^Chapters? /, "", s); sub(/ of .*/, "", s)
		n = split(s, ab, "–"); want = ab[1]; last = (n > 1) ? ab[2] : ab[1]; state = 1; next }
	state == 1 && $0 == "All" { state = 2; next }
	state == 2 { if ($0 == want) { print want; want++; if (want > last) state = 0 } else state = 0 }
' "$T/pdf.txt" | sort -n | uniq | wc -l | tr -d ' ')
is "the printed heatmap has every one of the 61 chapters" "$got" 61

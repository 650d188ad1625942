#!/bin/sh
# Golden extract outputs of the sample book (reviewed by eye when written;
# regenerate with `make golden-update` and read the diff). The Markdown and
# the DOCX version of each chapter must give the same text.
. tests/sh/lib.sh

for g in tests/golden/extract/chapter-0*.txt; do
	stem=$(basename "$g" .txt)
	$SM extract "corpus/samples/md/$stem.md" >"$T/md.txt" 2>"$T/err"
	if cmp -s "$T/md.txt" "$g"; then echo "ok - $stem.md extract matches golden"; else
		echo "not ok - $stem.md extract matches golden"; diff "$g" "$T/md.txt" | head -5 | sed 's/^/#   /'; fi
	$SM extract "corpus/samples/docx/$stem.docx" >"$T/docx.txt" 2>"$T/err"
	if cmp -s "$T/docx.txt" "$g"; then echo "ok - $stem.docx extract matches golden"; else
		echo "not ok - $stem.docx extract matches golden"; diff "$g" "$T/docx.txt" | head -5 | sed 's/^/#   /'; fi
done
$SM extract --format json corpus/samples/md/chapter-04.md >"$T/j" 2>/dev/null
ok "chapter-04.md extract --format json matches golden" cmp -s "$T/j" tests/golden/extract/chapter-04.md.json

# Golden findings and report (every rule on, the opt-in ones included): the
# public JSON of check on the sample book as Markdown and as DOCX, and the
# report's JSON of a scan (times blanked). A change to any check or writer
# shows here as a diff to read; `make golden-update` rewrites them.
for fmt in md docx; do
	$SM check --no-model --fail-on never --format json --only consistency,language,structure,style,pacing \
		"corpus/samples/$fmt" >"$T/c.json" 2>/dev/null
	if cmp -s "$T/c.json" "tests/golden/check/samples-$fmt.json"; then echo "ok - check --format json on the $fmt samples matches golden"; else
		echo "not ok - check --format json on the $fmt samples matches golden"
		diff "tests/golden/check/samples-$fmt.json" "$T/c.json" | head -5 | cut -c1-300 | sed 's/^/#   /'; fi
done
$SM scan --no-model --quiet --config tests/fixtures/config/all-rules.yml --db "$T/g.db" corpus/samples/md >/dev/null 2>&1
$SM report --db "$T/g.db" --format json 2>/dev/null |
	sed -E 's/"(started|ended|scanned_at)":"[^"]*"/"\1":"T"/g' >"$T/r.json"
if cmp -s "$T/r.json" tests/golden/report/samples-md.json; then echo "ok - report --format json matches golden"; else
	echo "not ok - report --format json matches golden"
	diff tests/golden/report/samples-md.json "$T/r.json" | head -5 | cut -c1-300 | sed 's/^/#   /'; fi

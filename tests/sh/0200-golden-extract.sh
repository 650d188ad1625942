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

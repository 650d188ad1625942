#!/bin/sh
# Acceptance (issue 2): check --format json on the sample book's DOCX and
# Markdown versions gives the same chapters, the same paragraph numbering and
# the same findings (only path, format, line and column may differ).
. tests/sh/lib.sh
if ! command -v python3 >/dev/null 2>&1; then skip "python3 missing"; exit 0; fi
norm() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
for x in d["documents"]:
    print("doc", x["words"], json.dumps(x["chapters"], sort_keys=True))
for f in d["findings"]:
    print("finding", f["paragraph"], f["start"], f["end"], f["chapter"], f["scene"], f["rule"],
          f["severity"], f["message"], f["text"], f["suggestion"],
          [(r["paragraph"], r["start"], r["end"], r["text"]) for r in f["related"]])
'
}
$SM check --no-model --fail-on never --format json corpus/samples/md >"$T/md.json" 2>"$T/err1"
is "markdown version checks cleanly (no input errors)" "$?" 0
$SM check --no-model --fail-on never --format json corpus/samples/docx >"$T/docx.json" 2>"$T/err2"
is "docx version checks cleanly (no input errors)" "$?" 0
norm <"$T/md.json" >"$T/md.n"
norm <"$T/docx.json" >"$T/docx.n"
is "six documents read" "$(grep -c '^doc' "$T/md.n")" 6
ok "at least one finding to compare" grep -q '^finding' "$T/md.n"
if cmp -s "$T/md.n" "$T/docx.n"; then echo "ok - same chapters, paragraphs and findings"; else
	echo "not ok - same chapters, paragraphs and findings"; diff "$T/md.n" "$T/docx.n" | head -10 | sed 's/^/#   /'; fi

# One chapter in five packages (pandoc's DOCX, EPUB 3, EPUB 2 and ODT,
# LibreOffice's ODT): the same chapters, paragraphs and findings, every rule
# on. (LibreOffice's EPUB export writes headings and the drawn rule as
# styled paragraphs, so only its text is compared, in 0120.)
$SM check --no-model --fail-on never --format json --only style,consistency,structure,pacing \
	tests/fixtures/docx/pandoc-chapter.docx | norm >"$T/ref.n"
ok "pandoc's DOCX of the chapter has findings to compare" grep -q '^finding' "$T/ref.n"
for f in tests/fixtures/epub/pandoc-chapter.epub tests/fixtures/epub/pandoc-chapter-epub2.epub \
	tests/fixtures/odt/pandoc-chapter.odt tests/fixtures/odt/libreoffice-chapter.odt; do
	$SM check --no-model --fail-on never --format json --only style,consistency,structure,pacing "$f" | norm >"$T/x.n"
	if cmp -s "$T/ref.n" "$T/x.n"; then echo "ok - $(basename "$f"): same chapters, paragraphs and findings as the DOCX"; else
		echo "not ok - $(basename "$f"): same chapters, paragraphs and findings as the DOCX"
		diff "$T/ref.n" "$T/x.n" | head -6 | sed 's/^/#   /'; fi
done

#!/bin/sh
# storymaster annotate IN.docx -o OUT.docx: every finding a Word comment on
# the text it quotes, everything else kept, the original never touched.
# Read back by our own reader (same text), checked against the OOXML rules
# the writer relies on (tests/docx_check.py: parts, relationships, content
# types, one start/end/reference per comment id, ranges on the quoted text,
# the original's comments and tracked changes kept), and, where installed,
# by pandoc (--track-changes=all) and LibreOffice (headless conversion).
. tests/sh/lib.sh
ALL="--only style,structure,consistency,pacing"

ann() { # IN OUT [options]: annotate with every rule on, and the findings as JSON
	in=$1 out=$2
	shift 2
	"$SM" check --no-model --fail-on never $ALL "$@" --format json "$in" >"$out.json" 2>/dev/null
	"$SM" annotate --no-model $ALL "$@" "$in" -o "$out" 2>"$out.err"
}

# a sample chapter: a comment per finding, the text unchanged, the original untouched
IN=corpus/samples/docx/chapter-01.docx
sum=$(cksum <"$IN")
ann "$IN" "$T/ch1.docx"
is "annotate: exit 0" "$?" 0
contains "annotate says what it wrote" "$(cat "$T/ch1.docx.err")" "wrote $T/ch1.docx: "
is "the original is not modified" "$(cksum <"$IN")" "$sum"
is "our reader reads the same text back" "$("$SM" extract "$T/ch1.docx")" "$("$SM" extract "$IN")"
n=$(grep -o '"rule":' "$T/ch1.docx.json" | wc -l | tr -d ' ')
ok "the sample chapter has findings to place ($n)" test "$n" -ge 5
contains "... one comment for each" "$(cat "$T/ch1.docx.err")" "$n comments"
out=$("$SM" check --no-model --fail-on never $ALL "$T/ch1.docx" 2>&1)
is "checking the annotated copy gives the same findings (comments are not text)" \
	"$(echo "$out" | sed "s|$T/ch1.docx|F|" | sort)" \
	"$("$SM" check --no-model --fail-on never $ALL "$IN" 2>&1 | sed "s|$IN|F|" | sort)"

if command -v python3 >/dev/null 2>&1; then
	out=$(python3 tests/docx_check.py "$T/ch1.docx" "$T/ch1.docx.json" "$IN")
	is "OOXML rules hold, each comment on its finding's quoted text" "$?" 0
	contains "... every finding anchored" "$out" "findings $n, anchored $n,"
	# a document with no comments part: the new part is related and typed
	ann tests/fixtures/docx/headings.docx "$T/h.docx"
	out=$(python3 tests/docx_check.py "$T/h.docx" "$T/h.docx.json" tests/fixtures/docx/headings.docx)
	is "a new comments part: related, typed, well-formed" "$?" 0
	contains "... with the headings' findings" "$out" "problems 0"
	# a document with a comment, a footnote and an endnote already: kept
	ann tests/fixtures/docx/notes.docx "$T/n.docx"
	out=$(python3 tests/docx_check.py "$T/n.docx" "$T/n.docx.json" tests/fixtures/docx/notes.docx)
	is "the original's comments are kept, with their text" "$?" 0
	contains "... one kept, one added" "$out" "comments 2, ours 1, findings 1, anchored 1, kept 1"
	# tracked changes: as many w:ins and w:del as before
	ann tests/fixtures/docx/tracked-changes.docx "$T/t.docx"
	python3 tests/docx_check.py "$T/t.docx" "$T/t.docx.json" tests/fixtures/docx/tracked-changes.docx >"$T/t.out"
	is "tracked changes are kept" "$?" 0
	# hyperlinks, smart tags, content controls: ranges inside wrappers
	for f in tests/fixtures/docx/wrappers.docx tests/fixtures/docx/table.docx tests/fixtures/docx/libreoffice-chapter.docx \
		corpus/samples/docx/chapter-02.docx; do
		ann "$f" "$T/w.docx"
		out=$(python3 tests/docx_check.py "$T/w.docx" "$T/w.docx.json" "$f")
		is "$(basename "$f"): OOXML rules hold, comments on their text" "$?" 0
	done
	if [ -d ../shared/docx-real ]; then
		for f in ../shared/docx-real/*/comments*.docx ../shared/docx-real/*/par-hyperlinks.docx \
			../shared/docx-real/*/txt-font-props.docx; do
			[ -f "$f" ] || continue
			ann "$f" "$T/r.docx" || continue
			out=$(python3 tests/docx_check.py "$T/r.docx" "$T/r.docx.json" "$f")
			is "Word's $(basename "$f"): OOXML rules hold, its comments kept" "$?" 0
		done
	fi
else
	skip "python3 missing: the OOXML rules of the annotated copies are not checked"
fi

# --track-changes: a doubled word and a spelling variant become tracked
# changes (accepted: the fix; rejected: the original), each with its comment
if command -v python3 >/dev/null 2>&1; then
	printf 'Chapter 1\n\nThe colour was grey. The colour faded.\n\nThe color was bright. The the door opened.\n' >"$T/tc.txt"
	python3 tests/fixtures/text_to_docx.py "$T/tc.txt" "$T/tc.docx"
	"$SM" check --no-model --fail-on never --format json "$T/tc.docx" >"$T/tc-out.docx.json"
	"$SM" annotate --no-model --track-changes "$T/tc.docx" -o "$T/tc-out.docx" 2>"$T/err"
	contains "--track-changes: both fixes tracked" "$(cat "$T/err")" "2 comments, 2 of them on a tracked change"
	contains "... read accepted: the house spelling, the word once (its capital kept)" \
		"$("$SM" extract "$T/tc-out.docx")" "The colour was bright. The door opened."
	out=$(python3 tests/docx_check.py "$T/tc-out.docx" "$T/tc-out.docx.json" "$T/tc.docx")
	is "... OOXML rules hold, each comment on the text it replaces" "$?" 0
	"$SM" check --no-model --fail-on never "$T/tc-out.docx" >"$T/out"
	is "... and checking the accepted copy finds nothing left" "$(cat "$T/out")" ""
	if command -v pandoc >/dev/null 2>&1; then
		is "pandoc --track-changes=reject gives the original text" \
			"$(pandoc --track-changes=reject -t plain "$T/tc-out.docx")" "$(pandoc -t plain "$T/tc.docx")"
		contains "pandoc --track-changes=accept gives the fixes" \
			"$(pandoc --track-changes=accept -t plain "$T/tc-out.docx")" "The colour was bright. The door opened."
	fi
fi

# --min-severity: only errors
"$SM" annotate --no-model $ALL --min-severity error "$IN" -o "$T/e.docx" 2>"$T/err"
ne=$(grep -o '"severity":"error"' "$T/ch1.docx.json" | wc -l | tr -d ' ')
contains "--min-severity error: a comment per error only" "$(cat "$T/err")" "$ne comment"
# the default: the quiet default checks
"$SM" annotate --no-model "$IN" -o "$T/d.docx" 2>"$T/err"
is "annotate with the default checks: exit 0" "$?" 0

# refusals: one line, exit 2, nothing written
printf '# One\n\nText.\n' >"$T/a.md"
"$SM" annotate "$T/a.md" -o "$T/a.docx" 2>"$T/err"
is "a Markdown input: exit 2" "$?" 2
contains "... says annotate wants a .docx" "$(cat "$T/err")" "give it a .docx"
cp "$IN" "$T/same.docx"
sum=$(cksum <"$T/same.docx")
"$SM" annotate --no-model "$T/same.docx" -o "$T/same.docx" 2>"$T/err"
is "OUT = IN: exit 2" "$?" 2
is "... and the file is untouched" "$(cksum <"$T/same.docx")" "$sum"
ln -s "$T/same.docx" "$T/link.docx"
"$SM" annotate --no-model "$T/same.docx" -o "$T/link.docx" 2>"$T/err"
is "OUT a link to IN: exit 2" "$?" 2
"$SM" annotate --no-model tests/fixtures/docx/bad-truncated.docx -o "$T/bad.docx" 2>"$T/err"
is "a truncated DOCX: exit 2" "$?" 2
is "... one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
ok "... and no output file" test ! -e "$T/bad.docx"
"$SM" annotate --no-model tests/fixtures/docx/strict.docx -o "$T/strict.docx" 2>"$T/err"
is "ISO strict DOCX: exit 2" "$?" 2
contains "... says why" "$(cat "$T/err")" "ISO strict DOCX is not supported"
"$SM" annotate --no-model "$IN" -o "$T/nodir/x.docx" 2>"$T/err"
is "an output folder that does not exist: exit 2" "$?" 2
contains "... names the output" "$(cat "$T/err")" "cannot write $T/nodir/x.docx"
is "... nothing left behind" "$(ls "$T" | grep -c 'x.docx')" 0
"$SM" annotate "$IN" 2>"$T/err"
is "no -o: usage error" "$?" 2
ok "annotate --help" "$SM" annotate --help

# pandoc sees the comments (one comment-start per comment, the original's too)
if command -v pandoc >/dev/null 2>&1; then
	c0=$(pandoc --track-changes=all -t json tests/fixtures/docx/notes.docx | grep -o '"comment-start"' | wc -l | tr -d ' ')
	c1=$(pandoc --track-changes=all -t json "$T/n.docx" | grep -o '"comment-start"' | wc -l | tr -d ' ')
	is "pandoc reads the added comment beside the original's" "$c1" "$((c0 + 1))"
	c=$(pandoc --track-changes=all -t json "$T/ch1.docx" | grep -o '"comment-start"' | wc -l | tr -d ' ')
	is "pandoc reads one comment per finding" "$c" "$n"
	is "pandoc reads the same text" "$(pandoc -t plain "$T/ch1.docx")" "$(pandoc -t plain "$IN")"
else
	skip "pandoc not installed: the copy is not read back by pandoc"
fi
# LibreOffice opens it (headless conversion to ODT): the comments as
# annotations, the same text as LibreOffice reads from the original
grep -q __asan_init "$SM" 2>/dev/null && san=1 || san=
if [ -n "$san" ]; then
	skip "LibreOffice's reading of the copy is checked by the plain build's pass (the sanitizers watch our code, not LibreOffice)"
elif command -v soffice >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1; then
	mkdir "$T/lo" "$T/lo0"
	timeout 120 soffice --headless -env:UserInstallation=file://$T/lou --convert-to odt --outdir "$T/lo" "$T/ch1.docx" >/dev/null 2>&1
	timeout 120 soffice --headless -env:UserInstallation=file://$T/lou --convert-to odt --outdir "$T/lo0" "$IN" >/dev/null 2>&1
	a=$(unzip -p "$T/lo/ch1.odt" content.xml 2>/dev/null | grep -o '<office:annotation ' | wc -l | tr -d ' ')
	is "LibreOffice reads one annotation per comment" "$a" "$n"
	e=$(unzip -p "$T/lo/ch1.odt" content.xml 2>/dev/null | grep -o '<office:annotation-end ' | wc -l | tr -d ' ')
	is "... each on a range" "$e" "$n"
	is "... and the same text as from the original" "$("$SM" extract "$T/lo/ch1.odt")" \
		"$("$SM" extract "$T/lo0/chapter-01.odt")"
else
	skip "LibreOffice (soffice) not installed: the copy is not opened by LibreOffice"
fi

#!/bin/sh
# The EPUB and ODT readers on the hand-built fixtures of
# tests/fixtures/make_epub_odt.py (the words in CAPITALS are text that must
# never reach the body), on files written by pandoc and LibreOffice, in a
# folder with the other formats, from standard input, and on hostile
# packages (one line, exit 2, the rest of the batch still read). The words
# are compared with pandoc's in 0110.
. tests/sh/lib.sh

E=tests/fixtures/epub
O=tests/fixtures/odt
markers="NAVTEXT NOTETEXT NOTEREF SCRIPTTEXT STYLETEXT HEADTITLE ALTTEXT AUXTEXT TOCTEXT NCXTEXT DELETEDTEXT COMMENTTEXT RUBYTEXT FOOTNOTETEXT ENDNOTETEXT"
nothing_hidden() { # name, text
	for m in $markers; do lacks "$1: no $m" "$2" "$m"; done
}
chapters() { # file: the chapter numbers of its blocks, one each, in order
	"$SM" extract --format json "$1" | sed -n 's/.*"chapter":\([0-9]*\).*/\1/p' | uniq | tr '\n' ' '
}

# EPUB 3: the navigation document and a linear="no" item skipped, the title
# page front matter (chapter 0), two chapters from two folders, a drawn rule
# a scene break, a line break kept, notes and images dropped
out=$("$SM" extract --format text "$E/features.epub" 2>&1)
is "features.epub: the text in reading order" "$out" "The Lantern House

Mira Okafor

Chapter One

Martha walked in. Martha poured coffee and sat by the window.

“You’re late,” said Jonah.
He didn’t look up.

She waited for the kettle.

Chapter Two

The rain came in off the estuary.

a list item

another one

cell one

cell two

Words with inline markup inside."
nothing_hidden features.epub "$out"
is "features.epub: front matter, then chapters 1 and 2" "$(chapters "$E/features.epub")" "0 1 2 "
contains "features.epub: the drawn rule is a scene break" "$("$SM" extract --format json "$E/features.epub")" '"chapter":1,"scene":2,"text":"She waited'
# EPUB 2: XHTML 1.1 DOCTYPE (no DTD read), &nbsp; and &mdash; declared only
# there, the guide's table of contents skipped and its dedication front matter
out=$("$SM" extract --format text "$E/epub2.epub" 2>&1)
is "epub2.epub: the text in spine order" "$out" "Dedication

For my mother.

Chapter I

It was$(printf '\302\240')a bright cold day in April.

Chapter II

The clocks were striking thirteen—or so it seemed."
nothing_hidden epub2.epub "$out"
is "epub2.epub: the dedication is front matter, not chapter 1" "$(chapters "$E/epub2.epub")" "0 1 2 "
out=$("$SM" extract --format text "$E/two-manifests.epub" 2>&1)
is "two manifests and two guides: the first of each counts" "$out" "Chapter 1

The first manifest counts."
out=$("$SM" extract --format text "$E/tag-soup.epub" 2>&1)
contains "tag-soup.epub: XHTML that is not XML is read as HTML" "$out" "and a second one
after a break"

# ODT: headings by outline level, the Title style front matter, text:s and
# text:tab, tracked changes accepted, annotations, notes, indexes, ruby
# annotations and image descriptions not body text, a Horizontal Line
# paragraph a scene break, table cells and list items paragraphs
out=$("$SM" extract --format text "$O/features.odt" 2>&1)
is "features.odt: the text" "$out" "The Lantern House

Mira Okafor

Chapter One

Martha walked in. Martha poured   coffee and sat by the window.

“You’re late,” said Jonah.
He didn’t look up.

She waited for the kettle.	Then more.

A new page begins here.

The rain came in off the estuary.

a list item

another one

cell one

cell two

Words with a link and kanji inside.

A sub-heading

Last words."
nothing_hidden features.odt "$out"
is "features.odt: the title is front matter, one chapter" "$(chapters "$O/features.odt")" "0 1 "
contains "features.odt: the Horizontal Line paragraph is a scene break" "$("$SM" extract --format json "$O/features.odt")" '"chapter":1,"scene":2,"text":"She waited'
out=$("$SM" extract --format text "$O/libreoffice-tracked-changes.odt" 2>&1)
is "LibreOffice ODT with tracked changes: read accepted" "$out" "The cat quietly sat.

Then it slept soundly.

First half and second half."
out=$("$SM" extract --format text "$O/libreoffice-notes.odt" 2>&1)
is "LibreOffice ODT with a comment and notes: body text only" "$out" "She opened the door.

Nobody was there."

# notes by convention only (pandoc's EPUB 2: a numbered link to a list item)
out=$("$SM" extract --format text "$E/pandoc-chapter-epub2.epub" 2>&1)
lacks "pandoc's EPUB 2: the footnote is not body text" "$out" "must never reach"
lacks "pandoc's EPUB 2: nor its number" "$out" "he thought.1"
# one chapter, four writers: the same text from pandoc's DOCX, EPUB 3, EPUB 2
# and ODT and from LibreOffice's ODT and EPUB
ref=$("$SM" extract --format text tests/fixtures/docx/pandoc-chapter.docx)
for f in "$E/pandoc-chapter.epub" "$E/pandoc-chapter-epub2.epub" "$O/pandoc-chapter.odt"; do
	is "$(basename "$f"): the same text as pandoc's DOCX" "$("$SM" extract --format text "$f")" "$ref"
done
ref=$("$SM" extract --format text tests/fixtures/docx/libreoffice-chapter.docx)
for f in "$O/libreoffice-chapter.odt" "$E/libreoffice-chapter.epub"; do
	is "$(basename "$f"): the same text as LibreOffice's DOCX" "$("$SM" extract --format text "$f")" "$ref"
done

# check and scan take them in a folder with the other formats, and from stdin
mkdir "$T/book"
cp "$E/features.epub" "$O/libreoffice-chapter.odt" "$T/book/"
printf '# Chapter 9\n\nShe opened the the door.\n' >"$T/book/ch9.md"
printf 'She waited for the the kettle.\n' >"$T/ch.txt"
"$SM" check --fail-on never --only style.doubled-word "$T/book" >"$T/out" 2>"$T/err"
is "check DIR with EPUB, ODT and Markdown: exit 0" "$?" "0"
is "check DIR: nothing on stderr" "$(cat "$T/err")" ""
"$SM" scan --db "$T/s.db" "$T/book" >"$T/out" 2>&1
contains "scan DIR stores all three documents" "$(cat "$T/out")" "scanned 3 documents"
out=$("$SM" check --fail-on never --stdin-format odt - <"$O/features.odt" 2>&1)
is "check - --stdin-format odt reads the package from stdin" "$?" "0"
out=$("$SM" check --fail-on never --only style.doubled-word --stdin-format epub - <"$E/features.epub" 2>&1)
is "check - --stdin-format epub: no findings on the clean fixture" "$out" ""
"$SM" extract --format json "$E/features.epub" >"$T/j" 2>&1
contains "extract JSON names the format epub" "$(cat "$T/j")" '"format":"epub"'
"$SM" extract --format json "$O/features.odt" >"$T/j" 2>&1
contains "extract JSON names the format odt" "$(cat "$T/j")" '"format":"odt"'

# hostile and broken packages: one line naming the file, exit 2
for f in "$E"/bad-*.epub "$O"/bad-*.odt; do
	timeout 10 "$SM" check "$f" >/dev/null 2>"$T/err"; rc=$?
	is "$(basename "$f"): exit status 2" "$rc" 2
	is "$(basename "$f"): one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
	contains "$(basename "$f"): names the file" "$(cat "$T/err")" "storymaster: $f: "
done
err=$("$SM" check "$E/bad-billion-laughs.epub" 2>&1)
contains "an internal DTD (entities) in XHTML is refused" "$err" "has a DTD"
err=$("$SM" check "$E/bad-xxe.epub" 2>&1)
lacks "an external entity is never loaded" "$err" "root:"
err=$("$SM" check "$O/bad-zip-bomb.odt" 2>&1)
contains "an ODT zip bomb is refused by the caps" "$err" "inflates to more than"
err=$("$SM" check "$O/bad-spreadsheet.odt" 2>&1)
contains "an OpenDocument spreadsheet is not an ODT manuscript" "$err" "not an ODT file"
err=$("$SM" check "$E/bad-truncated.epub" 2>&1)
contains "a truncated EPUB: 'an EPUB'" "$err" "not an EPUB file (corrupt or truncated zip archive"
"$SM" check --fail-on never "$E/bad-truncated.epub" "$T/ch.txt" "$O/bad-malformed.odt" >"$T/out" 2>"$T/err"
is "a batch with two bad packages: exit 2" "$?" "2"
is "... one line for each" "$(wc -l <"$T/err" | tr -d ' ')" 2
contains "... and the good file is still checked" "$(cat "$T/out")" 'the word "the" is doubled'

# ODT annotations that say "storymaster: ignore RULE" suppress it on their
# range or (with no range) their paragraph; an ordinary comment does not
out=$("$SM" check --fail-on never "$O/suppress.odt" 2>&1)
lacks "an annotation over a range suppresses the rule there" "$out" 'paragraph 1 ("First'
contains "... and not in the next paragraph" "$out" 'paragraph 2 ("Second she closed the the'
lacks "an annotation without a range ('ignore all') covers its paragraph" "$out" 'paragraph 3 ("Third'
contains "an ordinary comment suppresses nothing" "$out" 'paragraph 4 ("Fourth she fed the the'
lacks "... and is not body text" "$out" "COMMENTTEXT"

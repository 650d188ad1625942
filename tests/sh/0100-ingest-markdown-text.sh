#!/bin/sh
# Markdown and plain-text ingestion end to end, on tests/fixtures/md/ and
# inline inputs: blocks, lines, scene breaks, front matter kept out of the
# text, suppression comments honoured by a check, CRLF positions.
. tests/sh/lib.sh
F=tests/fixtures/md

j=$($SM extract --format json "$F/front-matter.md")
lacks "front matter is not text" "$j" "Jane Austen"
contains "first heading on its source line" "$j" '"kind":"heading","chapter":1,"scene":1,"line":8,"text":"Chapter I"'
contains "hard-wrapped paragraph re-flowed" "$j" 'comfortable home and happy disposition'

j=$($SM extract --format json "$F/scene-breaks.md")
contains "setext heading" "$j" '"kind":"heading","chapter":1,"scene":1,"line":1,"text":"Chapter One"'
contains "* * * starts scene 2" "$j" '"scene":2,"line":10,"text":"Sorrow came'
contains "--- starts scene 3" "$j" '"scene":3,"line":15,"text":"Miss Taylor married'
contains "___ starts scene 4" "$j" '"scene":4,"line":20,"text":"The wedding over'
# pandoc writes "Mr." + U+00A0 (no-break space) before a name
is "pandoc's rewrite has the same texts" \
	"$($SM extract "$F/pandoc-scene-breaks.md" 2>&1 | sed 's/\xc2\xa0/ /g')" "$($SM extract "$F/scene-breaks.md" 2>&1)"

t=$($SM extract "$F/inline-markup.md")
contains "emphasis and links reduced to text" "$t" "was fond of society in his own way"
contains "entities decoded" "$t" "little circle — a great deal of it & more."
lacks "HTML comments are not text" "$t" "editor's note"
lacks "code blocks are not text" "$t" "not prose"
lacks "image alt text is not text" "$t" "engraving"

o=$($SM check "$F/inline-markup.md" 2>&1)
contains "doubled word outside the suppression range is reported" "$o" "inline-markup.md:20:12:"
lacks "doubled word inside <!-- storymaster-disable --> is not" "$o" "inline-markup.md:16:"
o=$($SM check "$F/pandoc-inline-markup.md" 2>&1)
lacks "pandoc raw-HTML suppression block is honoured" "$o" "pandoc-inline-markup.md:19:"
contains "pandoc version still reports the other" "$o" "pandoc-inline-markup.md:25:12:"

printf '# One\n\n<!-- storymaster-disable-next-line style.doubled-word -->\nShe opened the the door.\n\nHe shut the the window.\n' >"$T/next.md"
o=$($SM check "$T/next.md" 2>&1)
lacks "storymaster-disable-next-line silences the paragraph that follows" "$o" "next.md:4:"
contains "... and not the one after it" "$o" "next.md:6:9:"
printf 'First line\r\nand the\r\nthe second.\r\n' >"$T/crlf.txt"
contains "CRLF text: doubled word across a wrap at its source position" "$($SM check "$T/crlf.txt" 2>&1)" "crlf.txt:2:5:"
printf '\357\273\277# Title\r\n\r\nSome *cold* cold text.\r\n' >"$T/bom.md"
contains "BOM + CRLF Markdown: heading text" "$($SM extract "$T/bom.md")" "Title"
contains "BOM + CRLF Markdown: column after emphasis" "$($SM check "$T/bom.md" 2>&1)" "bom.md:3:7:"

# UTF-16 with a byte-order mark (Notepad's "Unicode"), both byte orders:
# decoded, findings at their UTF-8 line and column; without the mark it is binary
printf 'Chapter 1\r\n\r\nThe caf\303\251 was on on the corner.\r\n' >"$T/u8.txt"
for enc in UTF-16LE UTF-16BE; do
	{ if [ $enc = UTF-16LE ]; then printf '\377\376'; else printf '\376\377'; fi
	  iconv -f UTF-8 -t $enc "$T/u8.txt"; } >"$T/u16.txt"
	o=$($SM check --no-model --fail-on never "$T/u16.txt" 2>&1)
	contains "$enc with BOM: doubled word at its line and column" "$o" "u16.txt:3:14:"
	contains "$enc with BOM: the accented word decoded" "$($SM extract "$T/u16.txt")" "$(printf 'caf\303\251 was')"
done
iconv -f UTF-8 -t UTF-16LE "$T/u8.txt" >"$T/nobom.txt"
$SM check --no-model "$T/nobom.txt" >/dev/null 2>"$T/err"
is "UTF-16 without BOM: exit 2" "$?" 2
contains "UTF-16 without BOM: refused as binary" "$(cat "$T/err")" "binary file"

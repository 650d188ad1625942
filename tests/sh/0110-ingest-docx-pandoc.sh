#!/bin/sh
# Differential test of the zip readers (DOCX, EPUB, ODT): for every valid
# fixture of tests/fixtures/{docx,epub,odt} (hand-built, and written by
# pandoc and LibreOffice) and every
# file of ../shared/docx-real, the words of `storymaster extract` must equal the
# words of `pandoc -t plain --track-changes=accept` (footnotes and images
# dropped from pandoc's side by a Lua filter, list numbers turned into bullets),
# after normalization: lowercase, only letters/digits/apostrophes, soft hyphens
# removed, one word a line. Files where we knowingly differ are listed below
# with the reason and the exact difference expected.
. tests/sh/lib.sh

if ! command -v pandoc >/dev/null 2>&1; then
	skip "pandoc not installed"
	exit 0
fi
if ! command -v perl >/dev/null 2>&1; then
	skip "perl not installed (needed to normalize words)"
	exit 0
fi

# Known differences, each with its reason and the exact multiset difference
# "ours+[words only we give] pandoc+[words only pandoc gives]" (sorted).
known() {
	case "$1" in
	textbox.docx) echo "pandoc reads no text boxes and no mc:Fallback; we read each box once"
		echo "ours+[box box fallback hello says second text the ] pandoc+[]" ;;
	text-box.docx) echo "pandoc reads no text boxes; we read the box once"
		echo "ours+[datum plane ] pandoc+[]" ;;
	strict.docx) echo "pandoc gives no text for the ISO strict namespace"
		echo "ours+[body heading kept strict strict text ] pandoc+[]" ;;
	strict-format.docx) echo "pandoc gives no text for the ISO strict namespace"
		echo "ours+[test ] pandoc+[]" ;;
	fields.docx) echo "pandoc drops fldSimple DATE and IF results and shows a nested field's result inside the instructions"
		echo "ours+[1 2020 may yes ] pandoc+[nestedresultyes ]" ;;
	breaks.docx) echo "pandoc ignores w:cr and w:ptab, gluing the words around them"
		echo "ours+[end line two value ] pandoc+[twoline valueend ]" ;;
	chars.docx) echo "pandoc drops the base text of w:ruby"
		echo "ours+[kanji ] pandoc+[]" ;;
	headings.docx) echo "pandoc moves the Title paragraph into metadata, not printed without --standalone"
		echo "ours+[book the ] pandoc+[]" ;;
	wrappers.docx) echo "pandoc drops w:customXml content"
		echo "ours+[today ] pandoc+[]" ;;
	epub2.epub) echo "pandoc reads the table of contents the EPUB 2 guide names; we skip it"
		echo "ours+[] pandoc+[chapter chapter contents i ii toctext toctext ]" ;;
	features.epub) echo "pandoc moves the title page into metadata and keeps notes marked only by ARIA role; we keep the title page as front matter and drop the notes"
		echo "ours+[house lantern mira okafor the ] pandoc+[an endnote in noteref2 notetext ]" ;;
	pandoc-chapter.epub) echo "pandoc reads its own EPUB 3 footnote (aside epub:type=footnote) back as body text; we drop notes"
		echo "ours+[] pandoc+[a body footnote must never reach text that the ]" ;;
	pandoc-chapter-epub2.epub) echo "pandoc reads its own EPUB 2 footnote (a numbered link to a list item) back as body text; we drop notes"
		echo "ours+[] pandoc+[1 a body footnote must never reach text that the ]" ;;
	features.odt) echo "pandoc drops the base text of text:ruby"
		echo "ours+[kanji ] pandoc+[]" ;;
	*) return 1 ;;
	esac
}

cat >"$T/filter.lua" <<'EOF'
function Note(el) return {} end
function Image(el) return {} end
function OrderedList(el) return pandoc.BulletList(el.content) end
EOF

words() { # normalize text on stdin to one word a line
	perl -CSD -ne '
		$_ = lc;
		s/\x{00AD}//g;
		s/[\x{2018}\x{2019}\x{02BC}]/\x27/g;
		for my $w (split /[^\p{L}\p{N}\x27]+/) {
			$w =~ s/^\x27+|\x27+$//g;
			print "$w\n" if length $w;
		}'
}

files=""
for f in tests/fixtures/docx/*.docx tests/fixtures/epub/*.epub tests/fixtures/odt/*.odt; do
	case "$(basename "$f")" in bad-*) continue ;; esac
	files="$files $f"
done
if [ -d ../shared/docx-real ]; then
	for f in ../shared/docx-real/*/*.docx; do files="$files $f"; done
else
	skip "../shared/docx-real is missing: real Word files not compared"
fi

for f in $files; do
	name=$(basename "$f")
	"$SM" extract --format text "$f" >"$T/sm.txt" 2>"$T/sm.err"
	rc=$?
	if [ $rc != 0 ] && ! grep -q "no text found" "$T/sm.err"; then
		echo "not ok - $name: extract failed: $(cat "$T/sm.err")"
		continue
	fi
	pandoc -t plain --track-changes=accept --lua-filter="$T/filter.lua" "$f" -o "$T/pd.txt" 2>/dev/null
	prc=$?
	words <"$T/sm.txt" >"$T/sm.w"
	if [ $prc = 0 ]; then words <"$T/pd.txt" >"$T/pd.w"; else : >"$T/pd.w"; fi
	if k=$(known "$name"); then
		why=$(echo "$k" | sed -n 1p)
		want=$(echo "$k" | sed -n 2p)
		sort "$T/sm.w" >"$T/sm.s"
		sort "$T/pd.w" >"$T/pd.s"
		got="ours+[$(comm -23 "$T/sm.s" "$T/pd.s" | tr '\n' ' ')] pandoc+[$(comm -13 "$T/sm.s" "$T/pd.s" | tr '\n' ' ')]"
		is "$name: known difference from pandoc ($why)" "$got" "$want"
	elif [ $prc != 0 ]; then
		skip "$name: pandoc cannot read it"
	else
		d=$(diff "$T/pd.w" "$T/sm.w" | grep '^[<>]' | head -8 | tr '\n' ' ')
		is "$name: same words as pandoc" "$d" ""
	fi
done

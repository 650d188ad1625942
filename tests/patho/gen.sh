#!/bin/sh
# Generate the pathological inputs of tests/sh/0900-patho.sh into DIR (never
# committed: some are megabytes). POSIX sh + awk; the two DOCX files need
# python3 (zipfile) and are left out when it is missing.
#   usage: tests/patho/gen.sh DIR [NAME...]     (no NAME: all of them)
# Each input is named after what it stresses (see the table at the end).
set -e
dir=$1
shift
mkdir -p "$dir"

# Nested quotes: N opening marks each followed by a word, one word, then N
# closing marks each preceded by a word: "w "w "w ... w" w" w".
nested_quotes() { # file, open mark, close mark, depth
	awk -v o="$2" -v c="$3" -v n="$4" 'BEGIN {
		printf "Chapter One\n\n"
		for (i = 0; i < n; i++) printf "%sw ", o
		printf "middle"
		for (i = 0; i < n; i++) printf " w%s", c
		printf "\n"
	}' >"$1"
}

gen_one() {
	case $1 in
	quotes-straight.txt) nested_quotes "$dir/$1" '"' '"' 100000 ;;
	quotes-curly.txt) nested_quotes "$dir/$1" '“' '”' 100000 ;;
	quotes-single.txt) nested_quotes "$dir/$1" '‘' '’' 100000 ;;
	quotes-mixed.md) # “‘“‘... alternating, never closed
		awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%s", (i % 2 ? "‘" : "“"); printf "end\n" }' >"$dir/$1" ;;
	long-paragraph.txt) # 5 MB, one paragraph, one line, no punctuation: 1,000,000 words
		awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "%s ", (i % 3 ? "word" : "text"); printf "\n" }' >"$dir/$1" ;;
	long-paragraph.md) # the same, hard-wrapped every 12 words
		awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "%s%s", (i % 3 ? "word" : "text"), (i % 12 ? " " : "\n"); printf "\n" }' >"$dir/$1" ;;
	chapters.txt) # 50,000 "Chapter N" headings, each with one short paragraph (4 words)
		awk 'BEGIN { for (i = 1; i <= 50000; i++) printf "Chapter %d\n\nShe walked home alone.\n\n", i }' >"$dir/$1" ;;
	chapters-roman.txt) # 50,000 "CHAPTER <roman>" headings with no text between (empty chapters)
		awk 'function roman(n,   s, i, v, r) {
			split("1000 900 500 400 100 90 50 40 10 9 5 4 1", v, " ")
			split("M CM D CD C XC L XL X IX V IV I", r, " ")
			s = ""
			for (i = 1; i <= 13; i++) while (n >= v[i]) { s = s r[i]; n -= v[i] }
			return s
		}
		BEGIN { for (i = 1; i <= 50000; i++) printf "CHAPTER %s\n\n", roman(i); printf "The end.\n" }' >"$dir/$1" ;;
	chapters.md) # 50,000 "# Chapter N" ATX headings with one short paragraph each
		awk 'BEGIN { for (i = 1; i <= 50000; i++) printf "# Chapter %d\n\nHe sat down.\n\n", i }' >"$dir/$1" ;;
	single-words.txt) # 1,000,000 lines of one word each (one hard-wrapped paragraph)
		awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "%s\n", (i % 2 ? "alpha" : "beta") }' >"$dir/$1" ;;
	single-words-paras.md) # 1,000,000 lines, each word its own paragraph
		awk 'BEGIN { for (i = 0; i < 500000; i++) printf "%s\n\n", (i % 2 ? "Alpha." : "Beta.") }' >"$dir/$1" ;;
	scene-breaks.txt) # 100,000 scene-break lines between two paragraphs
		awk 'BEGIN { printf "Chapter 1\n\nBefore the breaks.\n\n"; for (i = 0; i < 100000; i++) printf "* * *\n\n"; printf "After the breaks.\n" }' >"$dir/$1" ;;
	scene-breaks.md) # 100,000 thematic breaks, alternating with one-word paragraphs
		awk 'BEGIN { for (i = 0; i < 100000; i++) printf "***\n\nWord.\n\n" }' >"$dir/$1" ;;
	names-run.md) # a paragraph of 100,000 titles ("Mr. Mr. ..."): a name is a few words, not a run
		awk 'BEGIN { printf "# Chapter 1\n\n"; for (i = 0; i < 100000; i++) printf "Mr. "; printf "\n" }' >"$dir/$1" ;;
	setext-headings.md) # 100,000 setext headings ("Title" over "---"), each an empty chapter with a finding
		awk 'BEGIN { for (i = 0; i < 100000; i++) printf "Title %d\n---\n", i }' >"$dir/$1" ;;
	long-word.txt) # 2 MB single word, no spaces
		awk 'BEGIN { s = "abcdefghij"; for (i = 0; i < 200000; i++) printf "%s", s; printf "\n" }' >"$dir/$1" ;;
	md-blockquotes.md) # 50,000 nested block quotes on one line
		awk 'BEGIN { for (i = 0; i < 50000; i++) printf ">"; printf " deep quote\n" }' >"$dir/$1" ;;
	md-blockquotes-lines.md) # 50,000 lines each one level deeper (quadratic size, so 2,000 levels: 2 MB)
		awk 'BEGIN { s = ""; for (i = 0; i < 2000; i++) { s = s ">"; printf "%s line %d\n", s, i } }' >"$dir/$1" ;;
	md-lists.md) # 50,000 nested list items on one line ("- - - ... item")
		awk 'BEGIN { for (i = 0; i < 50000; i++) printf "- "; printf "item\n" }' >"$dir/$1" ;;
	md-lists-ordered.md) # 50,000 nested ordered lists ("1. 1. 1. ... item")
		awk 'BEGIN { for (i = 0; i < 50000; i++) printf "1. "; printf "item\n" }' >"$dir/$1" ;;
	md-emphasis.md) # 10,000-deep runs of * and _, opened and closed
		awk 'BEGIN { for (i = 0; i < 10000; i++) printf "*"; printf "a"; for (i = 0; i < 10000; i++) printf "*"
			printf "\n\n"; for (i = 0; i < 10000; i++) printf "*a **a "; printf "b"; for (i = 0; i < 10000; i++) printf " a** a*"
			printf "\n\n"; for (i = 0; i < 10000; i++) printf "_"; printf "unclosed\n" }' >"$dir/$1" ;;
	md-links.md) # 10,000 nested brackets and unclosed links
		awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; printf "a"; for (i = 0; i < 10000; i++) printf "](b)"
			printf "\n\n"; for (i = 0; i < 10000; i++) printf "[a"; printf "\n" }' >"$dir/$1" ;;
	sdt-nested.docx | many-paragraphs.docx | many-comments.docx | big-styles.docx | big-text.docx)
		command -v python3 >/dev/null 2>&1 || return 0
		python3 - "$dir/$1" <<'EOF'
import sys, zipfile
out = sys.argv[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
if out.endswith("sdt-nested.docx"):
    # 100,000 nested w:sdt content controls around one paragraph
    n = 100000
    body = ("<w:sdt><w:sdtContent>" * n + "<w:p><w:r><w:t>Deep.</w:t></w:r></w:p>"
            + "</w:sdtContent></w:sdt>" * n)
elif out.endswith("many-comments.docx"):
    # 40,000 paragraphs, each in a comment "storymaster: ignore style.doubled-word"
    n = 40000
    body = "".join('<w:p><w:commentRangeStart w:id="%d"/><w:r><w:t>the the word %d.</w:t></w:r>'
                   '<w:commentRangeEnd w:id="%d"/><w:r><w:commentReference w:id="%d"/></w:r></w:p>'
                   % (i, i, i, i) for i in range(n))
    comments = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments %s>%s</w:comments>'
                % (W, "".join('<w:comment w:id="%d"><w:p><w:r><w:t>storymaster: ignore style.doubled-word'
                              '</w:t></w:r></w:p></w:comment>' % i for i in range(n))))
elif out.endswith("big-styles.docx"):
    # a 20 MB styles part (tests/sh/0910: a part parsed whole is capped)
    body = "<w:p><w:r><w:t>A short chapter.</w:t></w:r></w:p>"
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles %s>%s</w:styles>'
              % (W, "".join('<w:style w:type="paragraph" w:styleId="S%d"><w:name w:val="Style %d"/></w:style>'
                            % (i, i) for i in range(250000))))
elif out.endswith("big-text.docx"):
    # 9 MB of text in 8,500 paragraphs (tests/sh/0910: the text of a document is capped)
    body = ("<w:p><w:r><w:t>" + "She walked to the house by the garden and said nothing. " * 20
            + "</w:t></w:r></w:p>") * 8500
else:
    # 200,000 tiny paragraphs of one word each
    body = "<w:p><w:r><w:t>Word.</w:t></w:r></w:p>" * 200000
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s'
       '<w:sectPr/></w:body></w:document>' % (W, body))
ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:  # stored: highly repetitive XML deflates past the zip-bomb ratio cap
    z.writestr("[Content_Types].xml", ct)
    z.writestr("_rels/.rels", rels)
    z.writestr("word/document.xml", doc)
    if out.endswith("many-comments.docx"):
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/comments" Target="comments.xml"/></Relationships>')
        z.writestr("word/comments.xml", comments)
    if out.endswith("big-styles.docx"):
        z.writestr("word/_rels/document.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/styles" Target="styles.xml"/></Relationships>')
        z.writestr("word/styles.xml", styles)
EOF
		;;
	*) echo "gen.sh: unknown input $1" >&2; return 1 ;;
	esac
}

ALL="quotes-straight.txt quotes-curly.txt quotes-single.txt quotes-mixed.md long-paragraph.txt
long-paragraph.md chapters.txt chapters-roman.txt chapters.md single-words.txt single-words-paras.md
scene-breaks.txt scene-breaks.md long-word.txt names-run.md setext-headings.md md-blockquotes.md md-blockquotes-lines.md md-lists.md
md-lists-ordered.md md-emphasis.md md-links.md sdt-nested.docx many-paragraphs.docx many-comments.docx"
[ $# -gt 0 ] || set -- $ALL
for f in "$@"; do
	gen_one "$f"
done

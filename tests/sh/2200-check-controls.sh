#!/bin/sh
# The controls of check that a linter's users expect: --min-severity (what is
# shown; --fail-on keeps the exit status), --only and --disable (rules or
# families, names checked), standard input (-, --stdin-format, --stdin-name)
# and the summary line; DOCX places a Word user can find; front matter.
. tests/sh/lib.sh
printf '# Chapter 1\n\nShe saw the the rain. It was sort of gray. She felt very sad.\n' >"$T/s.md"

out=$($SM check --no-model --fail-on never --only style.pronoun-starts,style.doubled-word "$T/s.md" 2>/dev/null)
contains "without --min-severity info findings are shown" "$out" "info:"
contains "... and the error" "$out" "error: the word \"the\" is doubled"
out=$($SM check --no-model --fail-on never --min-severity warning --only style.pronoun-starts,style.doubled-word "$T/s.md" 2>/dev/null)
lacks "--min-severity warning hides info" "$out" "info:"
contains "--min-severity warning keeps the error" "$out" "[style.doubled-word]"
$SM check --no-model --fail-on info --min-severity error --only style.pronoun-starts "$T/s.md" >"$T/o" 2>/dev/null
is "--min-severity does not change the exit status (info findings, --fail-on info)" "$?" 1
is "... though nothing is shown" "$(cat "$T/o")" ""
$SM check --no-model --min-severity loud "$T/s.md" >/dev/null 2>"$T/e"
is "--min-severity with an unknown level exits 2" "$?" 2
json=$($SM check --no-model --fail-on never --format json --min-severity error "$T/s.md" 2>/dev/null)
lacks "--min-severity filters JSON too" "$json" '"severity":"info"'
contains "... keeping what is at or above it" "$json" '"severity":"error"'

printf '# Chapter 1\n\nShe saw the the rain.\n\n# Chapter 3\n\nIt was sort of gray.\n' >"$T/ch.md"
out=$($SM check --no-model --fail-on never --only structure "$T/ch.md" 2>/dev/null)
contains "--only a family" "$out" "[structure.chapter-numbering]"
lacks "--only a family: nothing else" "$out" "[style."
out=$($SM check --no-model --fail-on never --only style.filter-words,style.named-emotion "$T/s.md" 2>/dev/null)
contains "--only a list of rules (1)" "$out" "[style.filter-words]"
contains "--only a list of rules (2)" "$out" "[style.named-emotion]"
lacks "--only a list of rules: nothing else" "$out" "[style.doubled-word]"
printf '# Chapter 1\n\nThe colour was odd. The colour was new. The colour was loud.\n\n# Chapter 2\n\nThe color was wrong. She saw the the rain.\n' >"$T/sv.md"
out=$($SM check --no-model --fail-on never --only consistency.spelling-variant "$T/sv.md" 2>/dev/null)
contains "--only one rule of a family that runs as one analyzer" "$out" "[consistency.spelling-variant]"
lacks "... and nothing else" "$out" "[style.doubled-word]"
out=$($SM check --no-model --fail-on never --only consistency.name-variant "$T/sv.md" 2>/dev/null)
lacks "--only another rule of that family: not this one" "$out" "[consistency.spelling-variant]"
$SM check --no-model --only strucure "$T/s.md" >/dev/null 2>"$T/e"
is "--only with an unknown name exits 2" "$?" 2
contains "... saying which was meant" "$(cat "$T/e")" "storymaster: --only: unknown rule 'strucure' (did you mean 'structure'?)"
out=$($SM check --no-model --fail-on never --disable style "$T/s.md" 2>/dev/null)
lacks "--disable a family" "$out" "[style."
printf 'rules:\n  style.filter-words: error\n' >"$T/c.yml"
out=$($SM check --no-model --fail-on never --config "$T/c.yml" --disable style.filter-words "$T/s.md" 2>/dev/null)
lacks "--disable wins over the configuration" "$out" "[style.filter-words]"

out=$($SM check --no-model --fail-on never - <"$T/s.md" 2>/dev/null)
contains "check - reads standard input, shown as <stdin>" "$out" "<stdin>:3:9: error: the word \"the\" is doubled"
is "standard input gives the same findings as the file" "$(echo "$out" | sed 's/<stdin>/F/g')" \
	"$($SM check --no-model --fail-on never "$T/s.md" 2>/dev/null | sed "s|$T/s.md|F|g")"
out=$($SM check --no-model --fail-on never --stdin-name book/ch1.md - <"$T/s.md" 2>/dev/null)
contains "--stdin-name names it" "$out" "book/ch1.md:3:9:"
docx=corpus/samples/docx/chapter-01.docx
is "a DOCX on standard input (--stdin-format docx) gives the file's findings" \
	"$($SM check --no-model --fail-on never --stdin-format docx - <"$docx" 2>/dev/null | sed 's/<stdin>/F/g')" \
	"$($SM check --no-model --fail-on never "$docx" 2>/dev/null | sed "s|$docx|F|g")"
$SM check --no-model - </dev/null >/dev/null 2>"$T/e"
is "empty standard input exits 2" "$?" 2
is "... with one line naming <stdin>" "$(cat "$T/e")" "storymaster: <stdin>: empty file"
printf 'PK\003\004junk' | $SM check --no-model --stdin-format md - >/dev/null 2>"$T/e"
is "a zip on standard input read as Markdown exits 2" "$?" 2
$SM check --no-model --stdin-format rtf - <"$T/s.md" >/dev/null 2>&1
is "--stdin-format with an unknown format exits 2" "$?" 2

$SM check --no-model --fail-on never --summary "$T/s.md" >/dev/null 2>"$T/e"
contains "--summary: counts per severity on stderr" "$(cat "$T/e")" "1 error, 0 warnings, "
contains "--summary: files, words and time" "$(cat "$T/e")" " info in 1 file, 16 words, "
$SM check --no-model --fail-on never --summary --min-severity error --only style.filter-words,style.doubled-word "$T/s.md" >"$T/o" 2>"$T/e"
contains "--summary says what --min-severity hid" "$(cat "$T/e")" "0 info (1 below --min-severity not shown)"
lacks "the summary is not on standard output" "$(cat "$T/o")" "words, "
$SM check --no-model --fail-on never "$T/s.md" >/dev/null 2>"$T/e"
is "no summary when stderr is not a terminal" "$(cat "$T/e")" ""

# DOCX has no lines: text output names the chapter as its heading does, the
# paragraph within it and its first words; JSON adds chapter_paragraph
docx=corpus/samples/docx/chapter-01.docx
out=$($SM check --no-model --fail-on never --only pacing.info-dump "$docx" 2>/dev/null)
contains "DOCX place: chapter, paragraph, first words" "$out" "$docx: Chapter 1, paragraph 3 (\"Mrs. Morland was a very good…\"): "
lacks "DOCX place: no ¶ offsets" "$out" "¶"
json=$($SM check --no-model --fail-on never --only pacing.info-dump --format json "$docx" 2>/dev/null)
contains "JSON keeps the paragraph and adds the one within the chapter" "$json" '"paragraph":4,"chapter_paragraph":3,'
md=$($SM check --no-model --fail-on never --only pacing.info-dump corpus/samples/md/chapter-01.md 2>/dev/null)
contains "Markdown keeps path:line:col" "$md" "corpus/samples/md/chapter-01.md:69:1: warning:"

# front matter (a title, a byline, a copyright line, a dedication before the
# first chapter) is not a chapter and names no character, in text and Markdown
body="It was a fine morning. Jane walked to the village and back, and Jane was happy. Elizabeth laughed at her sister.

"
{ printf 'PRIDE AND PREJUDICE\n\nBy Jane Austen\n\nCopyright 2026. All rights reserved.\n\nFor my sister\n\n'
  for i in 1 2 3; do printf 'Chapter %s\n\n' "$i"; for k in 1 2 3 4 5; do printf '%s' "$body"; done; done; } >"$T/fm.txt"
sed 's/^Chapter/# Chapter/; s/^PRIDE AND PREJUDICE/# Pride and Prejudice/' "$T/fm.txt" >"$T/fm.md"
for f in fm.txt fm.md; do
	chs=$($SM extract --format json "$T/$f" | grep -o '"chapter":[0-9]*' | sort -u | tr '\n' ' ')
	is "$f: front matter is chapter 0, then chapters 1 to 3" "$chs" '"chapter":0 "chapter":1 "chapter":2 "chapter":3 '
	out=$($SM characters "$T/$f" 2>&1)
	lacks "$f: the byline is not a character" "$out" "By Jane"
	contains "$f: Jane is found" "$out" "Jane (unknown); in 3 chapters"
done

# a book-wide finding (the share of sentences opening with a pronoun) is
# placed in the chapter where the share is highest, not on the book's first line
{ printf '# Chapter 1\n\n'
  for i in 1 2 3 4 5 6 7 8; do printf 'Rain fell on the harbour. He watched the boats. '; done
  printf '\n\n# Chapter 2\n\n'
  for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do printf 'She walked to the end of the pier. He followed her there. '; done
  printf '\n'; } >"$T/bw.md"
out=$($SM check --no-model --fail-on never --only style.pronoun-starts "$T/bw.md" 2>/dev/null)
contains "book-wide share: reported" "$out" "[style.pronoun-starts]"
contains "... in the chapter where it is highest" "$out" "$T/bw.md:7:1: info:"

#!/bin/sh
# structure.chapter-numbering, structure.empty-chapter, style.doubled-word:
# texts that must trigger each check and texts that must not.
. tests/sh/lib.sh

rules() { $SM check --no-model --fail-on never --format json "$@" 2>/dev/null |
	python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(sorted(set(f["rule"] for f in d["findings"] if f["category"]=="structure" or f["rule"]=="style.doubled-word"))))'; }
msgs() { $SM check --no-model --fail-on never "$@" 2>/dev/null; }

# structure.chapter-numbering: skipped, repeated, out of order; words and roman.
printf '# Chapter 1\n\nText one.\n\n# Chapter 2\n\nText two.\n\n# Chapter 4\n\nText four.\n' >"$T/skip.md"
is "chapter-numbering fires on a skipped number" "$(rules "$T/skip.md")" "structure.chapter-numbering"
contains "skip message says which is missing" "$(msgs "$T/skip.md")" "chapter 4 follows chapter 2: chapter 3 is missing"
printf 'CHAPTER I\n\nText one.\n\nCHAPTER II\n\nText.\n\nCHAPTER II\n\nText.\n' >"$T/rep.txt"
contains "repeated roman numeral in plain text" "$(msgs "$T/rep.txt")" "chapter number 2 is repeated"
printf '# Chapter One\n\nText.\n\n# Chapter Three\n\nText.\n\n# Chapter Two\n\nText.\n' >"$T/words.md"
contains "numbers in words, out of order" "$(msgs "$T/words.md")" "chapter 2 comes after chapter 3 (out of order)"
printf '# Chapter 1\n\nText.\n\n# Chapter 2\n\nText.\n\n# Chapter 3\n\nText.\n' >"$T/ok.md"
is "in-order chapters do not fire" "$(rules "$T/ok.md")" ""
printf 'VOLUME I\n\nCHAPTER I\n\nText.\n\nCHAPTER II\n\nText.\n\nVOLUME II\n\nCHAPTER I\n\nText.\n' >"$T/vol.txt"
is "numbering restarting per volume does not fire" "$(rules "$T/vol.txt")" ""
printf '# Chapter 1\n\nOne.\n' >"$T/a1.md"; printf '# Chapter 3\n\nThree.\n' >"$T/a3.md"
is "numbering is checked across the files of a book" "$(rules "$T/a1.md" "$T/a3.md")" "structure.chapter-numbering"

# structure.empty-chapter
printf '# Chapter 1\n\nText.\n\n# Chapter 2\n\n# Chapter 3\n\nText.\n' >"$T/empty.md"
is "empty chapter fires" "$(rules "$T/empty.md")" "structure.empty-chapter"
contains "empty chapter message" "$(msgs "$T/empty.md")" "has a heading but no text"

# style.doubled-word
printf 'She walked to the\nthe door and knocked.\n' >"$T/dbl.txt"
is "doubled word across a line break fires" "$(rules "$T/dbl.txt")" "style.doubled-word"
contains "doubled word message" "$(msgs "$T/dbl.txt")" 'the word "the" is doubled'
printf 'She had had enough. I know that that is true. It was very very cold. "No, no," he said. She gave her her salts. I assure you you are wrong.\n' >"$T/gram.txt"
is "grammatical doubles do not fire" "$(rules "$T/gram.txt")" ""
printf 'He went to Walla Walla in May. The end, the end came.\n' >"$T/names.txt"
is "names and punctuated repeats do not fire" "$(rules "$T/names.txt")" ""
printf '"It was half half a mile," he said. She saw the the door.\n' >"$T/speech.txt"
out=$($SM check --no-model --fail-on never "$T/speech.txt" 2>/dev/null)
contains "a doubled word in speech is a warning" "$out" 'warning: the word "half" is doubled'
contains "a doubled word in narration is an error" "$out" 'error: the word "the" is doubled'
# Numbers in a table's first column (DOCX) are cells, not chapter headings.
is "table cells are never chapters" "$(rules tests/fixtures/docx/number-table.docx)" ""
is "... and stay paragraphs" "$($SM extract --format json tests/fixtures/docx/number-table.docx | grep -c '"kind":"heading"')" 0

#!/bin/sh
# Configuration from the command line: .storymaster.yml found in the book's
# folder or a parent, --config, --rules DIR with a user's Vale-style folder.
. tests/sh/lib.sh
rules() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(sorted(set(f["rule"] for f in d["findings"]))))'; }
if ! command -v python3 >/dev/null 2>&1; then skip "python3 missing"; exit 0; fi

mkdir -p "$T/book/part1"
printf '# Chapter 1\n\nIt was sort of gray outside, and she saw the the rain.\n' >"$T/book/part1/ch1.md"
out=$($SM check --no-model --fail-on never --format json "$T/book/part1/ch1.md" 2>/dev/null | rules)
contains "without configuration the doubled word is reported" "$out" "style.doubled-word"
lacks "without --rules the user's rules do not run" "$out" "House"

printf 'rules:\n  style.doubled-word: off\n' >"$T/book/.storymaster.yml"
out=$($SM check --no-model --fail-on never --format json "$T/book/part1/ch1.md" 2>/dev/null | rules)
lacks ".storymaster.yml in a parent folder turns a rule off" "$out" "style.doubled-word"

printf 'rules:\n  style.doubled-word: info\n' >"$T/other.yml"
$SM check --no-model --config "$T/other.yml" --format json "$T/book/part1/ch1.md" >"$T/j" 2>/dev/null
is "--config replaces the found file (level lowered to info: exit 0)" "$?" 0
contains "--config: the rule runs again, at info" "$(cat "$T/j")" '"rule":"style.doubled-word","category":"style","severity":"info"'

out=$($SM check --no-model --fail-on never --rules tests/fixtures/vale/House --format json "$T/book/part1/ch1.md" 2>/dev/null | rules)
contains "--rules adds a user's style (existence rule)" "$out" "House.Hedging"
contains "--rules adds a user's style (substitution rule)" "$out" "House.Spelling"

printf 'rules: [unclosed\n' >"$T/bad.yml"
$SM check --no-model --config "$T/bad.yml" "$T/book/part1/ch1.md" >/dev/null 2>"$T/err"
is "a malformed configuration exits 2" "$?" 2
contains "... naming the file" "$(cat "$T/err")" "storymaster: $T/bad.yml:"
$SM check --no-model --rules "$T/nosuchdir" "$T/book/part1/ch1.md" >/dev/null 2>"$T/err"
is "--rules with a missing folder exits 2" "$?" 2
printf '# Chapter 1\n\nShe sighed and went to the window, where the rain fell on the garden.\n' >"$T/sigh.md"
out=$($SM check --no-model --fail-on never --format json "$T/sigh.md" 2>/dev/null | rules)
lacks "one gesture in a short chapter is not a book-wide overuse" "$out" "style.gestures"

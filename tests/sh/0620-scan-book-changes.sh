#!/bin/sh
# The store holds the book of the latest scan: a chapter deleted or renamed
# is removed from it (not reported as "unchanged"); a folder symlinked into
# itself is not followed (no hang, no file read twice).
. tests/sh/lib.sh
mkdir "$T/bk"
printf '# Chapter 1\n\nShe saw the the house.\n' >"$T/bk/01.md"
printf '# Chapter 2\n\nHe left at dawn.\n' >"$T/bk/02.md"
$SM scan --no-model --quiet --db "$T/s.db" "$T/bk"; is "first scan stores the book" "$?" 0
rm "$T/bk/02.md"
$SM scan --no-model --db "$T/s.db" "$T/bk" >/dev/null 2>"$T/err"; rc=$?
is "scan after a chapter was deleted succeeds" "$rc" 0
lacks "... and does not call the book unchanged" "$(cat "$T/err")" "unchanged"
contains "... and says a document was removed" "$(cat "$T/err")" "1 document no longer in the book removed"
out=$($SM report --db "$T/s.db")
contains "report counts one document" "$out" "1 document,"
lacks "report no longer lists the deleted chapter" "$out" "02.md"
mv "$T/bk/01.md" "$T/bk/chapter-01.md"
$SM scan --no-model --quiet --db "$T/s.db" "$T/bk" >/dev/null 2>&1
out=$($SM report --db "$T/s.db")
lacks "a renamed chapter is not counted twice" "$out" "/01.md"
contains "... it is stored under its new name" "$out" "chapter-01.md"

mkdir "$T/loop"
printf '# Chapter 1\n\nThe the end.\n' >"$T/loop/a.md"
ln -s . "$T/loop/self1"
ln -s . "$T/loop/self2"
timeout 20 $SM check --no-model --fail-on never --format json "$T/loop" >"$T/j" 2>/dev/null
is "a folder linked into itself does not hang check" "$?" 0
is "... and its file is read once" "$(grep -o '"path":"[^"]*a.md","format"' "$T/j" | wc -l | tr -d ' ')" 1
$SM report --db "$T/s.db" --since 99 >/dev/null 2>"$T/err"; rc=$?
is "report --since an unknown run exits 2" "$rc" 2
contains "... saying so" "$(cat "$T/err")" "no run 99 in this store"

# Changed settings re-check an unchanged book; the same settings do not.
mkdir "$T/cfg"
printf '# Chapter 1\n\nShe saw the the house.\n' >"$T/cfg/01.md"
$SM scan --no-model --quiet --db "$T/c.db" "$T/cfg"
$SM scan --no-model --db "$T/c.db" "$T/cfg" >/dev/null 2>"$T/err"
contains "same settings: the book is unchanged" "$(cat "$T/err")" "unchanged"
printf 'rules:\n  style.doubled-word: off\n' >"$T/cfg/.storymaster.yml"
$SM scan --no-model --db "$T/c.db" "$T/cfg" >/dev/null 2>"$T/err"
lacks "an edited .storymaster.yml re-checks the book" "$(cat "$T/err")" "unchanged"
contains "... and its findings follow the new settings" "$($SM report --db "$T/c.db")" "fixed: the word \"the\" is doubled"
$SM scan --no-model --rules tests/fixtures/vale/House --db "$T/c.db" "$T/cfg" >/dev/null 2>"$T/err"
lacks "adding --rules re-checks the book" "$(cat "$T/err")" "unchanged"

#!/bin/sh
# Bad input never crashes: one line "storymaster: PATH: reason", exit status
# 2, and the other files of the batch are still processed.
. tests/sh/lib.sh

printf '# Chapter 1\n\nA good file with the the doubled word.\n' >"$T/good.md"
: >"$T/empty.md"
printf 'PK\003\004garbage' >"$T/zip.txt"
printf '\000\001\002\003binary\000' >"$T/bin.txt"
printf 'Plain text\nwith a bad byte \377 here.\n' >"$T/badutf8.txt"
printf 'not a zip at all' >"$T/fake.docx"
printf 'text' >"$T/notes.rtf"
mkdir "$T/nomss"; printf 'x' >"$T/nomss/readme.pdf"
printf 'secret' >"$T/unreadable.md"; chmod 000 "$T/unreadable.md"

one() { # name file expected-reason
	$SM check "$2" >"$T/out" 2>"$T/err"; rc=$?
	is "$1: exit status 2" "$rc" 2
	is "$1: exactly one line on stderr" "$(wc -l <"$T/err" | tr -d ' ')" 1
	contains "$1: names the file and the reason" "$(cat "$T/err")" "storymaster: $2: $3"
}
one "empty file" "$T/empty.md" "empty file"
one "zip named .txt" "$T/zip.txt" "binary file"
one "binary file" "$T/bin.txt" "binary file"
one "invalid UTF-8" "$T/badutf8.txt" "line 2, column 17: invalid UTF-8"
one "not-a-zip .docx" "$T/fake.docx" "not a DOCX file"
one "wrong extension" "$T/notes.rtf" "not a manuscript"
one "missing file" "$T/nosuch.md" "cannot open"
one "directory without manuscripts" "$T/nomss" "no manuscripts found"
if [ "$(id -u)" != 0 ]; then
	one "unreadable file" "$T/unreadable.md" "cannot open"
elif BIN=$(cd "$(dirname "$SM")" && pwd)/$(basename "$SM") && command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" --version >/dev/null 2>&1; then
	# root reads everything: run as nobody, for whom the file is unreadable
	chmod 755 "$T"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" check "$T/unreadable.md" >/dev/null 2>"$T/err"; rc=$?
	chmod 700 "$T"
	is "unreadable file: exit status 2" "$rc" 2
	contains "unreadable file: names the file and the reason" "$(cat "$T/err")" "storymaster: $T/unreadable.md: cannot open: Permission denied"
else
	skip "running as root without setpriv: unreadable files are readable"
fi

# A batch: the bad files are reported, the good one is still checked.
$SM check "$T/empty.md" "$T/good.md" "$T/fake.docx" "$T/badutf8.txt" >"$T/out" 2>"$T/err"; rc=$?
is "batch with bad files exits 2" "$rc" 2
is "batch: one line per bad file" "$(wc -l <"$T/err" | tr -d ' ')" 3
contains "batch: the good file is still checked" "$(cat "$T/out")" "good.md:3:"
contains "invalid UTF-8 text is still checked (U+FFFD kept)" "$($SM extract "$T/badutf8.txt" 2>/dev/null)" "bad byte � here"

# DOCX fixtures of the hostile kind, when present.
for f in tests/fixtures/docx/bad-*.docx; do
	[ -f "$f" ] || continue
	$SM check "$f" >/dev/null 2>"$T/err"; rc=$?
	is "$(basename "$f"): exit status 2" "$rc" 2
	is "$(basename "$f"): one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
	contains "$(basename "$f"): names the file" "$(cat "$T/err")" "storymaster: $f: "
done
# refused at libxml2's first fatal error, not after 60,000 of them
timeout 4 $SM check tests/fixtures/docx/bad-comment-flood.docx >/dev/null 2>&1
is "bad-comment-flood.docx: refused within 4 s (exit 2, not a timeout)" "$?" 2
for f in bad-duplicate-entry bad-duplicate-entry-case; do
	$SM extract "tests/fixtures/docx/$f.docx" >"$T/out" 2>"$T/err"
	contains "$f: refused for the duplicate name" "$(cat "$T/err")" "two zip entries named"
	lacks "$f: neither text is shown" "$(cat "$T/out")" "shows"
done
lacks "a DOCX with distinct names is not refused as duplicate" \
	"$($SM extract tests/fixtures/docx/headings.docx 2>&1)" "two zip entries"
$SM check "$T/nomss" "$T/good.md" >"$T/out" 2>"$T/err"; rc=$?
is "a directory without manuscripts in a batch still exits 2" "$rc" 2
contains "... and the good file is still checked" "$(cat "$T/out")" "good.md:3:"

# a FIFO among the chapters: refused at once (no wait for a writer), the
# other files still checked
mkdir -p "$T/fifo"
printf '# Chapter 1\n\nShe saw the the rain.\n' >"$T/fifo/a.md"
if mkfifo "$T/fifo/b.md" 2>/dev/null; then
	timeout 20 $SM check --no-model "$T/fifo" >"$T/out" 2>"$T/err"; rc=$?
	is "a FIFO does not hang check (exit 2, not a timeout)" "$rc" 2
	is "... one line for it" "$(cat "$T/err")" "storymaster: $T/fifo/b.md: not a regular file (a FIFO, socket or device)"
	contains "... and the other chapter is checked" "$(cat "$T/out")" "a.md:3:9: error"
else
	skip "mkfifo not available"
fi

# a file name holding a newline or an escape sequence cannot forge lines or
# reach the terminal: both are written escaped, in findings and in errors
mkdir -p "$T/names"
nl="$T/names/$(printf 'a\nb.md')"
esc="$T/names/$(printf '\033[31mred.md')"
printf '# Chapter 1\n\nShe saw the the rain.\n' >"$nl"
: >"$esc"
$SM check --no-model "$T/names" >"$T/out" 2>"$T/err"
is "a newline in a name: the finding stays on its line" "$(grep -c 'doubled' "$T/out")" 1
contains "... written as backslash n" "$(cat "$T/out")" "$T/names/a\\nb.md:3:9: error:"
is "an escape sequence in a name: one error line" "$(wc -l <"$T/err" | tr -d ' ')" 1
contains "... written as backslash x1b" "$(cat "$T/err")" "storymaster: $T/names/\\x1b[31mred.md: empty file"
lacks "... and no raw ESC byte reaches the terminal" "$(cat "$T/err")" "$(printf '\033')"

# a link in the book's folder to a file outside it is not read (a warning
# says so); a link to a chapter inside it is read
mkdir -p "$T/lnk/book" "$T/lnk/out"
printf '# Chapter 1\n\nShe saw the the rain.\n' >"$T/lnk/book/a.md"
printf 'SECRETWORD from outside the book.\n' >"$T/lnk/out/secret.txt"
ln -s "$T/lnk/out/secret.txt" "$T/lnk/book/notes.txt"
ln -s a.md "$T/lnk/book/b.md"
$SM extract "$T/lnk/book" >"$T/out" 2>"$T/err"
lacks "a link out of the book's folder is not read" "$(cat "$T/out")" "SECRETWORD"
is "... and a warning says so" "$(cat "$T/err")" "storymaster: warning: $T/lnk/book/notes.txt: a link to a file outside the book's folder, not read"
is "a link to a chapter inside the folder is read" "$(grep -c 'the the rain' "$T/out")" 2
$SM extract -q "$T/lnk/book" >/dev/null 2>"$T/err"
is "--quiet: no warning" "$(cat "$T/err")" ""
$SM extract "$T/lnk/book/notes.txt" >"$T/out" 2>/dev/null
contains "a link named on the command line is read (the user asked for it)" "$(cat "$T/out")" "SECRETWORD"

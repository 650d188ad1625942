#!/bin/sh
# scan and report: incremental scans, --force, a bad file in the batch,
# store integrity, each report format, the errors of an empty, missing or
# foreign store, and a second writer that waits instead of failing.
. tests/sh/lib.sh

have_sqlite=1
command -v sqlite3 >/dev/null 2>&1 || have_sqlite=0
q() { sqlite3 "$T/s.db" "$1"; }

# A small book: chapter files in natural order (ch2 before ch10).
mkdir -p "$T/book" "$T/mixed"
printf '# Chapter 1\n\nIt was the the best of times, and nothing else.\n\nShe went out.\n' >"$T/book/ch1.md"
printf '# Chapter 2\n\nHe said nothing at all.\n\n***\n\nMorning came.\n' >"$T/book/ch2.md"
printf 'CHAPTER 3\n\nThey walked to the town and back again.\n\nThe end came soon.\n' >"$T/book/ch10.txt"
printf 'not a word document' >"$T/book/.hidden.md"
printf 'lock' >"$T/book/~\$ch1.docx"

$SM scan --db "$T/s.db" "$T/book" >"$T/out" 2>"$T/err"; rc=$?
is "first scan exits 0" "$rc" 0
is "scan prints nothing on stdout" "$(cat "$T/out")" ""
contains "scan summary on stderr" "$(cat "$T/err")" "scanned 3 documents"
contains "summary names the store" "$(cat "$T/err")" "$T/s.db"

$SM scan --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err"; rc=$?
is "second scan exits 0" "$rc" 0
is "second scan: unchanged" "$(cat "$T/err")" "storymaster: 3 documents unchanged"
$SM scan --quiet --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err"
is "--quiet says nothing" "$(cat "$T/err")" ""
$SM scan --db "$T/s.db" --fail-on error "$T/book" >/dev/null 2>&1
is "--fail-on error on an unchanged book with an error finding exits 1" "$?" 1

$SM scan --force --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err"; rc=$?
is "--force exits 0" "$rc" 0
contains "--force scans again" "$(cat "$T/err")" "scanned 3 documents"

if [ $have_sqlite = 1 ]; then
	is "integrity_check" "$(q 'PRAGMA integrity_check')" "ok"
	is "WAL journal" "$(q 'PRAGMA journal_mode')" "wal"
	is "two runs, both ok" "$(q "SELECT count(*) FROM runs WHERE status = 'ok' AND ended IS NOT NULL")" 2
	is "one row per document" "$(q 'SELECT count(*) FROM documents')" 3
	is "hidden and lock files skipped" "$(q "SELECT count(*) FROM documents WHERE path LIKE '%hidden%' OR path LIKE '%~\$%'")" 0
	is "documents stored as given" "$(q "SELECT path FROM documents WHERE path LIKE '%ch10.txt'")" "$T/book/ch10.txt"
	is "hash is 16 hex digits" "$(q "SELECT length(hash) FROM documents LIMIT 1")" 16
	is "chapters of every document" "$(q 'SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chapters c WHERE c.doc_id = d.id)')" 0
	is "scene break makes two scenes" "$(q "SELECT count(*) FROM scenes s JOIN documents d ON s.doc_id = d.id WHERE d.path LIKE '%ch2.md'")" 2
	is "doubled word stored in both runs" "$(q "SELECT count(*) FROM findings WHERE rule = 'style.doubled-word'")" 2
	is "finding position (paragraph, start, end, line, column)" \
		"$(q "SELECT paragraph, \"start\", \"end\", line, \"column\", chapter, text FROM findings WHERE rule = 'style.doubled-word' LIMIT 1")" \
		"2|7|14|3|8|1|the the"
	is "fingerprint stable across runs" "$(q "SELECT count(DISTINCT fingerprint) FROM findings WHERE rule = 'style.doubled-word'")" 1
else
	skip "sqlite3 CLI missing: store contents not inspected"
fi

# Edit one chapter: fix the doubled word, add another.
printf '# Chapter 1\n\nIt was the best of times, and and nothing else.\n\nShe went out.\n' >"$T/book/ch1.md"
$SM scan --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err"
contains "a changed file is scanned" "$(cat "$T/err")" "scanned 3 documents"

out=$($SM report --db "$T/s.db" 2>"$T/err"); rc=$?
is "report exits 0" "$rc" 0
contains "text: summary" "$out" "storymaster report: 3 documents"
contains "text: compiler-style location" "$out" "$T/book/ch1.md:3:"
contains "text: rule in brackets" "$out" "[style.doubled-word]"
contains "text: quoted text" "$out" '> and and'
contains "text: new finding marked" "$out" "(new)"
contains "text: fixed finding listed" "$out" 'fixed: the word "the" is doubled'
contains "text: by category" "$out" "style"
doc1=$(printf '%s\n' "$out" | grep -n "^== .*ch1.md" | cut -d: -f1)
doc10=$(printf '%s\n' "$out" | grep -n "^== .*ch10.txt" | cut -d: -f1)
ok "text: documents in natural order" test "$doc1" -lt "$doc10"

$SM report --db "$T/s.db" --format json >"$T/r.json" 2>/dev/null; rc=$?
is "json exits 0" "$rc" 0
if command -v python3 >/dev/null 2>&1; then
	v=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["rule"] == "style.doubled-word"][0]
keys = "path paragraph start end line column chapter scene rule category severity message text suggestion related"
missing = [k for k in keys.split() if k not in f]
print(len(d["documents"]), len(d["runs"]), f["text"], f["category"], f["change"], len([x for x in d["fixed"] if x["rule"] == "style.doubled-word"]), missing,
      sum(len(c["scenes"]) for doc in d["documents"] for c in doc["chapters"]))' "$T/r.json")
	is "json: documents, runs, finding fields, drafts, scenes" "$v" "3 3 and and style new 1 [] 4"
else
	skip "python3 missing: json report not parsed"
fi

out=$($SM report --db "$T/s.db" -f md 2>/dev/null)
contains "md: heading" "$out" "# Editorial report"
contains "md: documents table" "$out" "| Document | Format | Words | Chapters | Findings |"
contains "md: category table" "$out" "| style |"
contains "md: finding with rule" "$out" '`style.doubled-word`'

$SM report --db "$T/s.db" -f md -o "$T/letter.md" >"$T/out" 2>"$T/err"; rc=$?
is "-o exits 0" "$rc" 0
is "-o writes nothing on stdout" "$(cat "$T/out")" ""
is "-o says where" "$(cat "$T/err")" "storymaster: report written to $T/letter.md"
contains "-o file has the report" "$(cat "$T/letter.md")" "# Editorial report"
ok "-o leaves no temporary file" test ! -e "$T/letter.md.tmp"
$SM report --db "$T/s.db" -o "$T/nodir/r.txt" >/dev/null 2>"$T/err"
is "-o into a missing folder exits 2" "$?" 2
$SM report --db "$T/s.db" -f html -o "$T/r.html" >/dev/null 2>"$T/err"; rc=$?
if [ "$rc" = 0 ]; then
	contains "html report written" "$(cat "$T/r.html")" "<html"
else
	is "html unavailable exits 2" "$rc" 2
	ok "failed -o leaves no file" test ! -e "$T/r.html" -a ! -e "$T/r.html.tmp"
fi
$SM report --db "$T/s.db" -f pdf >/dev/null 2>&1
is "unknown format exits 2" "$?" 2

# Missing, empty and foreign stores.
$SM report --db "$T/none.db" >/dev/null 2>"$T/err"
is "missing store exits 2" "$?" 2
is "missing store message" "$(cat "$T/err")" "storymaster: $T/none.db: no scan in this store (run 'storymaster scan' first)"
ok "report does not create a store" test ! -e "$T/none.db"
: >"$T/empty.db"
$SM report --db "$T/empty.db" >/dev/null 2>"$T/err"
is "empty store exits 2" "$?" 2
contains "empty store message" "$(cat "$T/err")" "no scan in this store"
head -c 3000 /dev/urandom | tr -d '\000' >"$T/junk.db"
printf 'SQLite format 2 junk' >>"$T/junk.db"
$SM scan --db "$T/junk.db" "$T/book" >/dev/null 2>"$T/err"
is "foreign file as store exits 2" "$?" 2
contains "foreign file refused" "$(cat "$T/err")" "is not a storymaster store"
$SM report --db "$T/junk.db" >/dev/null 2>"$T/err"
contains "report refuses a foreign file" "$(cat "$T/err")" "is not a storymaster store"

# A bad file in the batch: exit 2, its line on stderr, the others stored.
printf '# Chapter 1\n\nGood text here.\n' >"$T/mixed/a.md"
printf 'this is not a zip' >"$T/mixed/b.docx"
printf '# Chapter 2\n\nMore good text.\n' >"$T/mixed/c.md"
$SM scan --db "$T/m.db" "$T/mixed" >/dev/null 2>"$T/err"; rc=$?
is "bad file in batch exits 2" "$rc" 2
contains "bad file named on stderr" "$(cat "$T/err")" "storymaster: $T/mixed/b.docx: "
if [ $have_sqlite = 1 ]; then
	is "the others are stored" "$(sqlite3 "$T/m.db" 'SELECT count(*) FROM documents')" 2
	is "the run is marked with errors" "$(sqlite3 "$T/m.db" 'SELECT status FROM runs')" "errors"
fi
$SM scan --db "$T/m.db" "$T/empty-dir-does-not-exist" >/dev/null 2>&1
is "missing input exits 2" "$?" 2

# A second writer waits for the first (busy timeout) instead of failing.
if [ $have_sqlite = 1 ]; then
	printf 'BEGIN IMMEDIATE;\nUPDATE runs SET status = status;\n.shell sleep 1\nCOMMIT;\n' |
		sqlite3 "$T/s.db" >/dev/null 2>&1 &
	lock=$!
	sleep 0.3
	$SM scan --force --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err"; rc=$?
	wait $lock
	is "scan waits for a lock held by another writer" "$rc" 0
	lacks "no lock error" "$(cat "$T/err")" "locked"
fi
$SM scan --force --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err1" &
p1=$!
$SM scan --force --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err2"; rc2=$?
wait $p1; rc1=$?
is "two concurrent scans both succeed" "$rc1 $rc2" "0 0"
if [ $have_sqlite = 1 ]; then
	is "integrity after concurrent scans" "$(q 'PRAGMA integrity_check')" "ok"
	is "still one row per document" "$(q 'SELECT count(*) FROM documents')" 3
fi

# A damaged store (schema text mutated by fuzz_store_read): exit 2 and one
# line, SQLite's quoted schema with its newlines made one line at the source
cp tests/fixtures/store/corrupt-schema.db "$T/corrupt.db"
$SM report --db "$T/corrupt.db" >/dev/null 2>"$T/err"
is "a store with a damaged schema: exit 2" "$?" 2
is "... one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
contains "... that says so" "$(cat "$T/err")" "malformed database schema"
lacks "... with no escaped line break in it" "$(cat "$T/err")" '\n'

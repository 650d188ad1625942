#!/bin/sh
# A press's list (issue 15): scan --library into one store, incremental per
# book, a kill loses only the books in flight, report --library / --book,
# --shard, merge (idempotent, conflicts refused), and shards run through GNU
# Parallel merging into the store one machine's scan writes.
. tests/sh/lib.sh
top=$(pwd)
SM=$(cd "$(dirname "$SM")" && pwd)/$(basename "$SM")
export TMPDIR="$T" # the scan's worker stores, so that nothing is left in /tmp
cp -r tests/fixtures/library "$T/lib"
L="$T/lib"
printf '# A note\n\nNot a book.\n' >"$L/notes.md"

# The same content, by fingerprint, in two library stores: the findings of
# each book (key, path, rule, fingerprint), the pacing metrics and the
# characters.
dump() {
	sqlite3 "$1" "SELECT b.key, d.path, f.rule, f.severity, f.fingerprint FROM findings f
		JOIN documents d ON d.id = f.doc_id AND d.run_id = f.run_id JOIN books b ON b.id = d.book_id
		ORDER BY 1, 2, 5;
		SELECT d.path, p.chapter, p.scene, p.words, p.dlg_words, printf('%.6f', p.score), p.z, p.hist
		FROM pace_metrics p JOIN documents d ON d.path = p.path AND d.run_id = p.run_id ORDER BY 1, 2, 3;
		SELECT book, name, n_mentions FROM characters ORDER BY 1, 2;
		SELECT b.key, b.title, coalesce(b.author, ''), d.path, d.hash, d.words FROM documents d
		JOIN books b ON b.id = d.book_id ORDER BY 4;"
}

# ---- scan --library ----------------------------------------------------
"$SM" scan --no-model --library "$L" --db "$T/lib.db" -j 2 >"$T/out" 2>"$T/err"
is "scan --library: exit 0" "$?" 0
is "scan --library: nothing on stdout" "$(cat "$T/out")" ""
contains "scan --library: summary line" "$(cat "$T/err")" "3 books, 3 checked, 0 unchanged, 0 with errors"
contains "a file directly in the library is ignored, with a word" "$(cat "$T/err")" "directly in the library ignored"
is "one row per book, keyed by folder" "$(sqlite3 "$T/lib.db" "SELECT key FROM books ORDER BY key" | tr '\n' '|')" \
	"Harbour Lights|Night Shift|The Lighthouse|"
is "title and author from front matter" "$(sqlite3 "$T/lib.db" "SELECT title || '/' || author FROM books WHERE key = 'The Lighthouse'")" \
	"The Lighthouse/Ada Marsh"
is "title from the folder when the book has none" "$(sqlite3 "$T/lib.db" "SELECT title FROM books WHERE key = 'Harbour Lights'")" \
	"Harbour Lights"
is "documents stored relative to the library" "$(sqlite3 "$T/lib.db" "SELECT path FROM documents ORDER BY path" | tr '\n' '|')" \
	"Harbour Lights/harbour.docx|Night Shift/book.md|The Lighthouse/ch01.md|The Lighthouse/ch02.md|"
is "every document names its book" "$(sqlite3 "$T/lib.db" "SELECT count(*) FROM documents WHERE book_id IS NULL")" 0
is "one run per book" "$(sqlite3 "$T/lib.db" "SELECT count(DISTINCT book_id) || '/' || count(*) FROM runs")" "3/3"
is "no worker store left behind" "$(ls "$T" | grep -c storymaster-library)" 0

# The findings of a book are those a plain scan of its folder stores.
for b in "The Lighthouse" "Night Shift" "Harbour Lights"; do
	(cd "$L" && "$SM" scan --quiet --no-model --db "$T/one.db" --replace "$b")
	one=$(sqlite3 "$T/one.db" "SELECT rule || ' ' || fingerprint FROM findings f JOIN documents d ON d.id = f.doc_id AND d.run_id = f.run_id ORDER BY 1")
	lib=$(sqlite3 "$T/lib.db" "SELECT rule || ' ' || fingerprint FROM findings f JOIN documents d ON d.id = f.doc_id AND d.run_id = f.run_id JOIN books k ON k.id = d.book_id WHERE k.key = '$b' ORDER BY 1")
	is "$b: the library's findings are the one-book scan's" "$lib" "$one"
done
contains "planted: the doubled word" "$(sqlite3 "$T/lib.db" "SELECT rule FROM findings")" "style.doubled-word"
contains "planted: the name variant" "$(sqlite3 "$T/lib.db" "SELECT rule FROM findings")" "consistency.name-variant"
contains "planted: the skipped chapter number" "$(sqlite3 "$T/lib.db" "SELECT rule FROM findings")" "structure.chapter-numbering"

# ---- incremental -----------------------------------------------------------
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
is "again: exit 0" "$?" 0
contains "an unchanged library checks nothing" "$(cat "$T/err")" "3 books, 0 checked, 3 unchanged"
printf '\nTom came back in the spring.\n' >>"$L/The Lighthouse/ch02.md"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
contains "one chapter changed: that book only" "$(cat "$T/err")" "3 books, 1 checked, 2 unchanged"
is "the changed book has a second run, the others one" \
	"$(sqlite3 "$T/lib.db" "SELECT b.key || '=' || count(r.id) FROM books b JOIN runs r ON r.book_id = b.id GROUP BY b.key ORDER BY b.key" | tr '\n' ' ')" \
	"Harbour Lights=1 Night Shift=1 The Lighthouse=2 "
"$SM" report --db "$T/lib.db" --book "The Lighthouse" >"$T/rep"
contains "report --book compares with the book's previous version" "$(cat "$T/rep")" "since the previous scan:"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" --force 2>"$T/err"
contains "--force checks every book" "$(cat "$T/err")" "3 checked, 0 unchanged"

# ---- bad input: one line, exit 2, the rest stored ------------------------
mkdir "$L/Broken"
printf 'PK\003\004 not a zip' >"$L/Broken/ch1.docx"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
is "a broken book: exit 2" "$?" 2
is "a broken book: one line naming the file" "$(grep -c 'Broken/ch1.docx' "$T/err")" 1
contains "a broken book: the summary counts it" "$(cat "$T/err")" "1 with errors"
is "a broken book: the others are still there" "$(sqlite3 "$T/lib.db" "SELECT count(*) FROM books")" 3
rm -r "$L/Broken"
mkdir "$L/Empty"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
is "a folder without manuscripts: exit 2" "$?" 2
contains "a folder without manuscripts: said" "$(cat "$T/err")" "Empty: no manuscripts found"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" --force 2>"$T/err"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
contains "a folder without manuscripts: the other books' runs end ok, and stay unchanged" "$(cat "$T/err")" "3 books, 0 checked, 3 unchanged, 1 with errors"
rmdir "$L/Empty"
cp "$L/Harbour Lights/harbour.docx" "$T/harbour.docx"
versions=$(sqlite3 "$T/lib.db" "SELECT count(*) FROM doc_versions v JOIN documents d ON d.id = v.doc_id WHERE d.path = 'Harbour Lights/harbour.docx'")
printf 'PK\003\004 broken now' >"$L/Harbour Lights/harbour.docx"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
is "a stored book's only file broken: exit 2" "$?" 2
is "a stored book's file that cannot be read keeps its stored document" \
	"$(sqlite3 "$T/lib.db" "SELECT count(*) FROM documents WHERE path = 'Harbour Lights/harbour.docx'")" 1
mkdir "$L/Harbour Lights/more"
cp "$L/Night Shift/book.md" "$L/Harbour Lights/more/extra.md"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
is "a book with one file broken and one new: the broken one's versions kept" \
	"$(sqlite3 "$T/lib.db" "SELECT count(*) FROM doc_versions v JOIN documents d ON d.id = v.doc_id WHERE d.path = 'Harbour Lights/harbour.docx'")" "$versions"
rm -r "$L/Harbour Lights/more"
cp "$T/harbour.docx" "$L/Harbour Lights/harbour.docx"
"$SM" scan --quiet --no-model --library "$L" --db "$T/lib.db"
mkdir "$T/unmounted"
"$SM" scan --no-model --library "$T/unmounted" --db "$T/lib.db" 2>"$T/err"
is "a library folder that lists no book: exit 2" "$?" 2
contains "a library folder that lists no book: nothing removed, said" "$(cat "$T/err")" "nothing removed"
is "a library folder that lists no book: the books stay" "$(sqlite3 "$T/lib.db" "SELECT count(*) FROM books")" 3

# ---- a book gone from the library leaves the store ------------------------
mv "$L/Night Shift" "$T/night"
"$SM" scan --no-model --library "$L" --db "$T/lib.db" 2>"$T/err"
contains "a removed book: said" "$(cat "$T/err")" "1 book no longer in"
is "a removed book: gone with its documents" \
	"$(sqlite3 "$T/lib.db" "SELECT count(*) FROM books WHERE key = 'Night Shift'")/$(sqlite3 "$T/lib.db" "SELECT count(*) FROM documents WHERE path LIKE 'Night Shift/%'")" "0/0"
is "a removed book: its pacing metrics gone too" \
	"$(sqlite3 "$T/lib.db" "SELECT count(*) FROM pace_metrics WHERE path LIKE 'Night Shift/%'")" 0
mv "$T/night" "$L/Night Shift"
"$SM" scan --quiet --no-model --library "$L" --db "$T/lib.db"
is "a book back: stored again" "$(sqlite3 "$T/lib.db" "SELECT count(*) FROM books")" 3

# ---- --one-book-per-file ----------------------------------------------------
mkdir "$T/flat"
cp "$L/Night Shift/book.md" "$T/flat/Night Shift.md"
cp "$L/Harbour Lights/harbour.docx" "$T/flat/Harbour.docx"
"$SM" scan --no-model --library "$T/flat" --db "$T/flat.db" --one-book-per-file 2>"$T/err"
is "--one-book-per-file: exit 0" "$?" 0
is "--one-book-per-file: a book per file" "$(sqlite3 "$T/flat.db" "SELECT key || '=' || title FROM books ORDER BY key" | tr '\n' '|')" \
	"Harbour.docx=Harbour|Night Shift.md=Night Shift|"
"$SM" scan --no-model --library "$T/flat" --db "$T/flat2.db" 2>"$T/err"
contains "without it, files in the library are no books" "$(cat "$T/err")" "0 books"

# ---- stores of the wrong kind ------------------------------------------------
"$SM" scan --no-model --db "$T/lib.db" "$L/Night Shift" 2>"$T/err"
is "a one-book scan into a library store: exit 2" "$?" 2
contains "a one-book scan into a library store: said" "$(cat "$T/err")" "is a library store"
(cd "$L" && "$SM" scan --quiet --no-model --db "$T/single.db" "Night Shift")
"$SM" scan --no-model --library "$L" --db "$T/single.db" 2>"$T/err"
is "a library scan into a one-book store: exit 2" "$?" 2
contains "a library scan into a one-book store: said" "$(cat "$T/err")" "scanned without --library"
"$SM" scan --no-model --library "$T/nowhere" --db "$T/x.db" 2>"$T/err"
is "a library that is no folder: exit 2" "$?" 2
"$SM" scan --no-model --shard 0/2 "$L" 2>"$T/err"
is "--shard without --library: exit 2" "$?" 2
for bad in 2/2 -1/2 x/2 1/0 3; do
	env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX "$SM" scan --no-model --library "$L" --db "$T/x.db" --shard "$bad" 2>"$T/err"
	is "--shard $bad: exit 2" "$?" 2
done
contains "--shard N without the variables: said" "$(cat "$T/err")" "SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX"

# ---- report --library / --book ------------------------------------------------
"$SM" report --db "$T/lib.db" >"$T/out" 2>"$T/err"
is "report of a library store without --library: exit 2" "$?" 2
contains "report of a library store without --library: said" "$(cat "$T/err")" "pass --library"
"$SM" report --db "$T/lib.db" --library >"$T/lib.txt"
is "report --library: exit 0" "$?" 0
contains "report --library (text): a row per book" "$(cat "$T/lib.txt")" "The Lighthouse"
contains "report --library (text): the top consistency findings" "$(cat "$T/lib.txt")" "consistency.name-variant"
"$SM" report --db "$T/lib.db" --library -f json >"$T/lib.json"
is "report --library -f json: valid JSON, 3 books" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["library"]), d["books"])' "$T/lib.json")" "3 3"
sum=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(b["findings"] for b in d["library"]), d["findings"])' "$T/lib.json")
is "report --library -f json: the books' findings add up" "${sum% *}" "${sum#* }"
n_book=0
for id in $(sqlite3 "$T/lib.db" "SELECT id FROM books"); do
	k=$("$SM" report --db "$T/lib.db" --book "$id" -f json | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["findings"])')
	n_book=$((n_book + k))
done
is "report --book ID: the books' own reports have the library's findings" "$n_book" "${sum#* }"
"$SM" report --db "$T/lib.db" --library -f md >"$T/lib.md"
contains "report --library -f md: a table" "$(cat "$T/lib.md")" "| ID | Book | Author | Words |"
mkdir "$T/html"
"$SM" report --db "$T/lib.db" --library -f html -o "$T/html/index.html" --books 2>"$T/err"
is "report --library --books: exit 0" "$?" 0
is "report --library --books: a report per book beside it" "$(ls "$T/html" | grep -c '^book-[0-9]*\.html$')" 3
linked=0
for f in "$T"/html/book-*.html; do
	grep -q "href=\"$(basename "$f")\"" "$T/html/index.html" && linked=$((linked + 1))
done
is "the library page links each book's report" "$linked" 3
is "the library page sorts without a script: one table per order" "$(grep -c '<table class="sorted"' "$T/html/index.html")" 6
lacks "the library page has no script" "$(cat "$T/html/index.html")" "<script"
"$SM" report --db "$T/lib.db" --book "Night Shift" >"$T/out"
contains "report --book KEY" "$(cat "$T/out")" "Night Shift/book.md"
lacks "report --book KEY: no other book" "$(cat "$T/out")" "Lighthouse"
"$SM" report --db "$T/lib.db" --book 999 2>"$T/err"
is "report --book of no book: exit 2" "$?" 2
contains "report --book of no book: said" "$(cat "$T/err")" "no book '999'"
"$SM" report --db "$T/single.db" --library 2>"$T/err"
is "report --library of a one-book store: exit 2" "$?" 2
"$SM" report --db "$T/lib.db" --library --book 1 2>"$T/err"
is "--library with --book: exit 2" "$?" 2

"$SM" characters --db "$T/lib.db" 2>"$T/err"
is "characters --db of a library store without --book: exit 2" "$?" 2
contains "characters --db of a library store without --book: said" "$(cat "$T/err")" "pass --book"
out=$("$SM" characters --db "$T/lib.db" --book "The Lighthouse")
contains "characters --book: that book's characters" "$out" "Martha"
out=$("$SM" characters --db "$T/lib.db" --book "Night Shift")
contains "characters --book: another book's" "$out" "Hollis"
lacks "characters --book: not the other book's" "$out" "Martha"

# Names and titles that need escaping: a folder name that is not UTF-8, a
# title with markup characters.
mkdir -p "$T/ulib/bad$(printf '\377\376')name" "$T/ulib/T & Co"
printf '# One\n\nShe walked in and sat down.\n' >"$T/ulib/bad$(printf '\377\376')name/a.md"
printf -- '---\ntitle: T <i>&amp; | "q"\n---\n\n# One\n\nHe left.\n' >"$T/ulib/T & Co/a.md"
"$SM" scan --quiet --no-model --library "$T/ulib" --db "$T/u.db"
ok "report --library -f json: valid JSON with a folder name that is not UTF-8" \
	sh -c "'$SM' report --library --db '$T/u.db' -f json | python3 -m json.tool"
contains "report --library -f md: markup characters of a title escaped" \
	"$("$SM" report --library --db "$T/u.db" -f md)" 'T \<i\>\&amp; \| "q"'
html=$("$SM" report --library --db "$T/u.db" -f html)
contains "report --library -f html: markup characters of a title escaped" "$html" 'T &lt;i&gt;&amp;amp; | &quot;q&quot;'

# ---- a killed scan loses at most the books in flight ------------------------
rm -f "$T/k.db"
STORYMASTER_KILL_AFTER_BOOKS=1 "$SM" scan --quiet --no-model --library "$L" --db "$T/k.db" -j 1 2>/dev/null
is "killed after one book: killed" "$?" 137
is "killed after one book: that book is stored, whole" \
	"$(sqlite3 "$T/k.db" "SELECT count(*) FROM books")/$(sqlite3 "$T/k.db" "SELECT count(*) FROM runs WHERE status = 'ok'")" "1/1"
"$SM" scan --no-model --library "$L" --db "$T/k.db" -j 2 2>"$T/err"
contains "the next scan goes on from there" "$(cat "$T/err")" "3 books, 2 checked, 1 unchanged"
is "the next scan removes the worker folder the killed one left" "$(ls "$T" | grep -c storymaster-library)" 0
rm -f "$T/k1.db"
"$SM" scan --quiet --no-model --library "$L" --db "$T/k1.db" -j 1
is "after the kill: the store one uninterrupted scan writes" "$(dump "$T/k.db")" "$(dump "$T/k1.db")"

# ---- Ctrl-C: the workers stop, the books merged so far stay ------------------
python3 bench/library/make-library.py 24 "$T/big" 5 >/dev/null
"$SM" scan --no-model --library "$T/big" --db "$T/int.db" -j 2 2>"$T/int.err" &
pid=$!
i=0
while [ "$i" -lt 300 ] && [ "$(sqlite3 "$T/int.db" "SELECT count(*) FROM books" 2>/dev/null || echo 0)" -lt 1 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -INT "$pid"
wait "$pid"
is "interrupted: exit 130" "$?" 130
contains "interrupted: said, with what was stored" "$(cat "$T/int.err")" "the next scan goes on from there"
is "interrupted: no worker store left behind" "$(ls "$T" | grep -c storymaster-library)" 0
stored=$(sqlite3 "$T/int.db" "SELECT count(*) FROM books")
"$SM" scan --no-model --library "$T/big" --db "$T/int.db" -j 2 2>"$T/int.err"
contains "interrupted: the next scan checks only the rest" "$(cat "$T/int.err")" "24 books, $((24 - stored)) checked, $stored unchanged"

# ---- shards through GNU Parallel, merged: the single-machine store ---------
rm -f "$T/single-lib.db"
"$SM" scan --quiet --no-model --library "$L" --db "$T/single-lib.db" -j 2
if command -v parallel >/dev/null 2>&1; then
	(cd "$T" && parallel --will-cite -j 3 "$SM" scan --quiet --no-model --library lib \
		--shard '{= $_ = slot() - 1 =}/3' --db 'shard-{%}.db' ::: a b c)
	is "GNU Parallel: three shard stores" "$(ls "$T" | grep -c '^shard-[123]\.db$')" 3
	total=0
	for k in 1 2 3; do total=$((total + $(sqlite3 "$T/shard-$k.db" "SELECT count(*) FROM books"))); done
	is "GNU Parallel: each book in exactly one shard" "$total" 3
	"$SM" merge "$T/merged.db" "$T"/shard-*.db 2>"$T/err"
	is "merge: exit 0" "$?" 0
	contains "merge: summary" "$(cat "$T/err")" "3 books added, 0 updated, 0 already there, 0 in conflict"
	is "merged shards = the single-machine scan (findings, metrics, characters)" \
		"$(dump "$T/merged.db")" "$(dump "$T/single-lib.db")"
	"$SM" merge "$T/merged.db" "$T"/shard-*.db 2>"$T/err"
	contains "merge again: nothing added" "$(cat "$T/err")" "0 books added, 0 updated, 3 already there"
	is "merge again: the same store" "$(dump "$T/merged.db")" "$(dump "$T/single-lib.db")"
	is "merge again: no run twice" "$(sqlite3 "$T/merged.db" "SELECT count(*) - count(DISTINCT uid) FROM runs")" 0
	"$SM" report --db "$T/merged.db" --library -f json >"$T/m.json"
	"$SM" report --db "$T/single-lib.db" --library -f json >"$T/s.json"
	strip='import json,sys; d=json.load(open(sys.argv[1])); [b.pop(k) for b in d["library"] for k in ("id","scanned")]; print(json.dumps(d, sort_keys=True))'
	is "the merged library report is the single machine's (but ids and times)" \
		"$(python3 -c "$strip" "$T/m.json")" "$(python3 -c "$strip" "$T/s.json")"
else
	skip "GNU Parallel is not installed (make check installs it)"
fi

# ---- contrib/ recipes -------------------------------------------------------
if command -v parallel >/dev/null 2>&1; then
	(cd "$T" && LIB=lib SHARDS=3 SCAN_ARGS=--no-model STORYMASTER="$SM" OUT="$T/contrib.db" \
		SHARDDIR="$T/cshards" sh "$top/contrib/parallel-ssh.sh") 2>"$T/err"
	is "contrib/parallel-ssh.sh (local, no SSH): exit 0" "$?" 0
	is "contrib/parallel-ssh.sh: the merged store is the single machine's" "$(dump "$T/contrib.db")" "$(dump "$T/single-lib.db")"
else
	skip "GNU Parallel is not installed: contrib/parallel-ssh.sh not run"
fi
for k in 0 1 2 3; do
	(cd "$T" && SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=4 LIB=lib SHARDDIR="$T/sshards" \
		STORYMASTER="$SM" SCAN_ARGS="--no-model --quiet" sh "$top/contrib/slurm-array.sbatch")
done
"$SM" merge --quiet "$T/slurm.db" "$T"/sshards/shard-*.db
is "contrib/slurm-array.sbatch, four tasks run with Slurm's variables set, merged: the single machine's store" \
	"$(dump "$T/slurm.db")" "$(dump "$T/single-lib.db")"
if command -v sbatch >/dev/null 2>&1; then
	echo "# sbatch is installed, but Slurm itself was not used: the array script ran with SLURM_ARRAY_TASK_ID/COUNT set"
else
	echo "# Slurm itself was not used (not installed; a single-node slurmctld, slurmd and munge were not started inside the test): the array script ran with SLURM_ARRAY_TASK_ID/COUNT set"
fi
if python3 -c 'import yaml' 2>/dev/null; then
	is "contrib/k8s-indexed-job.yaml: an Indexed Job whose --shard N is its completions" \
		"$(python3 -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
c = d["spec"]["template"]["spec"]["containers"][0]["command"]
print(d["kind"], d["spec"]["completionMode"], c[c.index("--shard") + 1] == str(d["spec"]["completions"]))' "$top/contrib/k8s-indexed-job.yaml")" "Job Indexed True"
else
	skip "python3-yaml is not installed: contrib/k8s-indexed-job.yaml not parsed"
fi
for k in 0 1 2 3; do
	(cd "$T" && env -u SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX=$k "$SM" scan --quiet --no-model --library lib --shard 4 --db "$T/kshard-$k.db")
done
"$SM" merge --quiet "$T/k8s.db" "$T"/kshard-*.db
is "JOB_COMPLETION_INDEX 0..3 with --shard 4, merged: the single machine's store" "$(dump "$T/k8s.db")" "$(dump "$T/single-lib.db")"

# A newer version of a shard's book merges as an update; another machine's
# different version of a book is a conflict, the other books still merged.
(cd "$T" && "$SM" scan --quiet --no-model --library lib --shard 0/1 --db s-all.db)
rm -f "$T/m2.db"
"$SM" merge --quiet "$T/m2.db" "$T/s-all.db"
printf '\nAnd then the lamp went out.\n' >>"$L/The Lighthouse/ch01.md"
(cd "$T" && "$SM" scan --quiet --no-model --library lib --shard 0/1 --db s-all.db)
"$SM" merge "$T/m2.db" "$T/s-all.db" 2>"$T/err"
is "a rescanned shard: exit 0" "$?" 0
contains "a rescanned shard: its changed book updated" "$(cat "$T/err")" "0 books added, 1 updated, 2 already there"
is "a rescanned shard: draft history kept (two versions of ch01)" \
	"$(sqlite3 "$T/m2.db" "SELECT count(*) FROM doc_versions v JOIN documents d ON d.id = v.doc_id WHERE d.path = 'The Lighthouse/ch01.md'")" 2
# A book removed from the library and its shard scanned again leaves the merged store too.
mv "$L/Night Shift" "$T/night"
(cd "$T" && "$SM" scan --quiet --no-model --library lib --shard 0/1 --db s-all.db)
"$SM" merge "$T/m2.db" "$T/s-all.db" 2>"$T/err"
contains "a book removed in a shard: removed by the merge" "$(cat "$T/err")" "1 removed"
is "a book removed in a shard: gone from the merged store" "$(sqlite3 "$T/m2.db" "SELECT count(*) FROM books WHERE key = 'Night Shift'")" 0
rm -f "$T/m3.db"
(cd "$T" && "$SM" scan --quiet --no-model --library lib --db m3.db)
"$SM" merge "$T/m2.db" "$T/s-all.db" 2>"$T/err"
is "a book removed in a shard: the merged store is what one machine scans of the library now" \
	"$(sqlite3 "$T/m2.db" "SELECT key FROM books ORDER BY key" | tr '\n' '|')" "$(sqlite3 "$T/m3.db" "SELECT key FROM books ORDER BY key" | tr '\n' '|')"
mv "$T/night" "$L/Night Shift"
(cd "$T" && "$SM" scan --quiet --no-model --library lib --shard 0/1 --db s-all.db)
"$SM" merge "$T/m2.db" "$T/s-all.db" 2>"$T/err"
is "a book back in a shard: back in the merged store" "$(sqlite3 "$T/m2.db" "SELECT count(*) FROM books WHERE key = 'Night Shift'")" 1
: >"$T/empty.db"
"$SM" merge "$T/m2.db" "$T/empty.db" 2>"$T/err"
is "merging an empty file: exit 2, the file left as it was" "$?/$(wc -c <"$T/empty.db")" "2/0"
cp -r "$L" "$T/lib-other"
printf '\nA different ending.\n' >>"$T/lib-other/The Lighthouse/ch02.md"
(cd "$T" && "$SM" scan --quiet --no-model --library lib-other --db other.db)
mv "$T/lib-other/Night Shift" "$T/lib-other/Night Shift 2"
(cd "$T" && "$SM" scan --quiet --no-model --library lib-other --db other.db)
"$SM" merge "$T/m2.db" "$T/other.db" 2>"$T/err"
is "a conflicting book: exit 2" "$?" 2
contains "a conflicting book: named" "$(cat "$T/err")" "book 'The Lighthouse'"
is "a conflicting book: the other books still merged" "$(sqlite3 "$T/m2.db" "SELECT count(*) FROM books WHERE key = 'Night Shift 2'")" 1
is "a conflicting book: the destination's version kept" \
	"$(sqlite3 "$T/m2.db" "SELECT count(*) FROM documents d JOIN books b ON b.id = d.book_id WHERE b.key = 'The Lighthouse'")" 2
"$SM" merge "$T/m2.db" "$T/single.db" 2>"$T/err"
is "merging a one-book store: exit 2" "$?" 2
contains "merging a one-book store: said" "$(cat "$T/err")" "not a library store"
"$SM" merge "$T/m2.db" "$T/missing.db" 2>"$T/err"
is "merging a missing store: exit 2" "$?" 2
printf 'not a database at all, just text' >"$T/junk.db"
"$SM" merge "$T/m2.db" "$T/junk.db" 2>"$T/err"
is "merging a file that is no store: exit 2, one line" "$?/$(wc -l <"$T/err")" "2/2"
"$SM" merge "$T/m2.db" "$T/m2.db" 2>"$T/err"
is "merging a store into itself: exit 2" "$?" 2

# --shard N from the batch engines' variables: the books of --shard K/N.
a=$(cd "$T" && SLURM_ARRAY_TASK_ID=1 "$SM" scan --quiet --no-model --library lib --shard 2 --db env1.db && sqlite3 env1.db "SELECT key FROM books")
b=$(cd "$T" && "$SM" scan --quiet --no-model --library lib --shard 1/2 --db k12.db && sqlite3 k12.db "SELECT key FROM books")
is "--shard 2 with SLURM_ARRAY_TASK_ID=1 is --shard 1/2" "$a" "$b"
a=$(cd "$T" && SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 "$SM" scan --quiet --no-model --library lib --shard 2 --db env2.db && sqlite3 env2.db "SELECT key FROM books")
is "SLURM_ARRAY_TASK_MIN is subtracted" "$a" "$b"
a=$(cd "$T" && env -u SLURM_ARRAY_TASK_ID JOB_COMPLETION_INDEX=1 "$SM" scan --quiet --no-model --library lib --shard 2 --db env3.db && sqlite3 env3.db "SELECT key FROM books")
is "--shard 2 with JOB_COMPLETION_INDEX=1 is --shard 1/2" "$a" "$b"

# ---- a scan in another PID namespace leaves a running scan's worker stores alone
if unshare -pf --mount-proc true 2>/dev/null; then
	rm -f "$T/live.db" "$T/other-ns.db"
	"$SM" scan --no-model --library "$T/big" --db "$T/live.db" -j 2 2>"$T/live.err" &
	pid=$!
	i=0
	while [ "$i" -lt 300 ] && ! ls "$T" | grep -q storymaster-library; do sleep 0.02; i=$((i + 1)); done
	unshare -pf --mount-proc "$SM" scan --quiet --no-model --library "$L" --db "$T/other-ns.db"
	wait "$pid"
	is "a scan in another PID namespace meanwhile: the running scan ends well" "$?" 0
	lacks "a scan in another PID namespace meanwhile: no worker store lost" "$(cat "$T/live.err")" "unable to open"
else
	skip "unshare -p not permitted here: the PID-namespace case not run"
fi

# ---- with the model: workers share the cores ----------------------------------
rm -f "$T/model.db"
"$SM" scan --library "$L" --db "$T/model.db" -j 2 2>"$T/err"
is "with the model, -j 2: exit 0" "$?" 0
contains "with the model, -j 2: every book checked" "$(cat "$T/err")" "3 books, 3 checked, 0 unchanged, 0 with errors"
is "with the model: the pacing surprisal is stored" \
	"$(sqlite3 "$T/model.db" "SELECT count(*) > 0 FROM pace_metrics WHERE surprisal IS NOT NULL")" 1
cd "$top"

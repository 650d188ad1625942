#!/bin/sh
# The character registry in the store and in the reports (issues 5 and 6):
# `scan` stores it (one set of rows per book, replaced by the next scan),
# `characters --db` reads it back, and the HTML, Markdown and JSON reports
# show the character x chapter heatmap and the consistency appendix (names and
# their variants, spelling choices, the fact ledger). Sample book: chapter 4
# has the planted "Catharine" once.
. tests/sh/lib.sh
S=corpus/samples/md
if [ ! -d "$S" ]; then
	skip "sample book $S missing"
	exit 0
fi
cp -r "$S" "$T/book"

"$SM" scan --quiet --no-model --db "$T/s.db" "$T/book" >/dev/null 2>&1
is "scan exits 0" "$?" 0

# characters --db: the stored registry
chars=$("$SM" characters --db "$T/s.db")
contains "characters --db: Catherine Morland with her aliases" "$chars" \
	"Catherine Morland (female): Catherine "
contains "characters --db: Miss Morland merged" "$chars" "Miss Morland "
contains "characters --db: Mrs. Allen" "$chars" "Mrs. Allen (female)"
first=$(printf '%s\n' "$chars" | head -n 1)
contains "characters --db: Catherine is the most mentioned" "$first" "Catherine Morland"
n1=$(printf '%s\n' "$chars" | wc -l | tr -d ' ')

# HTML: heatmap and appendix
"$SM" report --quiet --db "$T/s.db" --format html -o "$T/r.html"
html=$(cat "$T/r.html")
contains "html: heatmap table" "$html" '<table id="character-heatmap" class="heatmap">'
contains "html: heatmap caption" "$html" '<caption>Mentions per chapter of the'
contains "html: heatmap row for Catherine" "$html" '">Catherine Morland</th><td class="n">'
contains "html: aliases in the row title" "$html" 'title="Written as: Catherine ('
contains "html: chapter columns named by file and chapter" "$html" 'title="chapter-04.md, chapter 4: Chapter 4">'
contains "html: a chapter column with findings links to them" "$html" '<a href="#ch-3-1">4</a></th>'
contains "html: ... which are there" "$html" '<h3 id="ch-3-1">'
lacks "html: heatmap not omitted" "$html" "the character × chapter heatmap is omitted"
contains "html: names table in the appendix" "$html" '<table id="name-table">'
contains "html: name variant Catharine listed" "$html" '<tr><th scope="row">Catharine</th><td>Catherine</td>'
contains "html: where the variant is" "$html" 'chapter-04.md, line 78'
contains "html: spelling choices part" "$html" '<h3 id="spelling">Spelling choices</h3>'
contains "html: fact ledger part" "$html" '<h3 id="facts">Fact ledger</h3>'
lacks "html: no raw SELECT * dump" "$html" 'character_chapters'

# Markdown: the Characters table and the appendix
md=$("$SM" report --quiet --db "$T/s.db" --format md)
contains "md: Characters section" "$md" "## Characters"
contains "md: Characters table head" "$md" "| Character | Written as | Mentions | Chapters |"
contains "md: Catherine row" "$md" "| Catherine Morland | Catherine ("
contains "md: consistency appendix" "$md" "## Consistency appendix"
contains "md: Catharine in the appendix" "$md" "- **Catharine** for **Catherine**"

# JSON: an extra top-level "characters" array; the old fields stay
json=$("$SM" report --quiet --db "$T/s.db" --format json)
contains "json: characters array" "$json" '"characters":['
contains "json: Catherine with aliases" "$json" '{"name":"Catherine Morland","gender":"female","mentions":'
contains "json: mentions per chapter" "$json" '"label":"chapter-04.md, chapter 4","mentions":'
contains "json: findings still there" "$json" '"findings":['
if command -v python3 >/dev/null 2>&1; then
	ok "json: valid JSON" python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["characters"][0]["name"]=="Catherine Morland"' <<EOF
$json
EOF
fi

# A second scan of the edited book replaces the registry (no duplicates,
# the new character is there, a removed mention is gone).
printf '\nMr. Quimby came in. Mr. Quimby sat down. Mr. Quimby spoke of the weather, and Mr. Quimby left.\n' >>"$T/book/chapter-06.md"
sed 's/Catharine/Catherine/' "$T/book/chapter-04.md" >"$T/c4" && mv "$T/c4" "$T/book/chapter-04.md"
"$SM" scan --quiet --no-model --db "$T/s.db" "$T/book" >/dev/null 2>&1
chars2=$("$SM" characters --db "$T/s.db")
contains "rescan: new character stored" "$chars2" "Mr. Quimby (male)"
n2=$(printf '%s\n' "$chars2" | wc -l | tr -d ' ')
is "rescan: one more character, none doubled" "$n2" "$((n1 + 1))"
is "rescan: Catherine Morland listed once" "$(printf '%s\n' "$chars2" | grep -c 'Catherine Morland (')" 1
"$SM" report --quiet --db "$T/s.db" --format html -o "$T/r2.html"
html2=$(cat "$T/r2.html")
lacks "rescan: fixed name variant gone from the appendix" "$html2" '<th scope="row">Catharine</th>'
contains "rescan: no variant note" "$html2" "No name is spelled in a rare variant of another."

# A store without the registry (a scan from before it was stored): the note.
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$T/s.db" "DROP TABLE character_facts; DROP TABLE character_mentions;
		DROP TABLE character_aliases; DROP TABLE characters;"
	"$SM" report --quiet --db "$T/s.db" --format html -o "$T/r3.html"
	html3=$(cat "$T/r3.html")
	contains "no registry: heatmap note" "$html3" "the character × chapter heatmap is omitted"
	contains "no registry: appendix note" "$html3" "The character registry is not in the store for this scan"
	lacks "no registry: no heatmap" "$html3" 'id="character-heatmap"'
	md3=$("$SM" report --quiet --db "$T/s.db" --format md)
	contains "no registry: md note" "$md3" "The character registry is not in the store for this scan."
	json3=$("$SM" report --quiet --db "$T/s.db" --format json)
	contains "no registry: json characters empty" "$json3" '"characters":[]}'
	tables=$(sqlite3 "$T/s.db" "SELECT count(*) FROM sqlite_master WHERE name = 'characters'")
	is "no registry: report does not create the tables" "$tables" 0
else
	skip "sqlite3 CLI missing: store without a registry not tested"
fi

#!/bin/sh
# bench/compare/speed.sh OLD_BINARY NEW_BINARY: the rows of make bench for two
# builds, run in turn on the same inputs (median of 5, one core), with the change in
# per cent and peak RSS; for the before/after figures of a step (see make compare).
OLD=$1; NEW=$2; TIMEIT=${TIMEIT:-build/bench/timeit}
export OPENBLAS_NUM_THREADS=1
W=$(mktemp -d)
if [ -d ../shared/corpus/austen ]; then cp ../shared/corpus/austen/*.txt "$W/"; else for f in corpus/austen/*.txt.xz; do xz -dc "$f" >"$W/$(basename "$f" .xz)"; done; fi; mkdir "$W/book"; cp "$W"/*.txt "$W/book/"
N=$W/emma.txt
row() { label=$1; shift
	a=$($TIMEIT 5 $OLD "$@"); b=$($TIMEIT 5 $NEW "$@")
	echo "$label|$a|$b" | awk -F'|' '{ split($2, x, " "); split($3, y, " "); printf "%-36s %7.3f -> %7.3f s (%+5.1f %%)   RSS %6.1f -> %6.1f MB\n", $1, x[1], y[1], (y[1]/x[1]-1)*100, x[2]/1024, y[2]/1024 }'
}
row "Emma extract" extract "$N"
row "Emma check --no-model" check --no-model --fail-on never "$N"
row "Emma check (model)" check --fail-on never "$N"
rm -f "$W"/s*.db
row "Emma scan --force" scan --force --no-model --quiet --db "$W/s.db" "$N"
row "corpus extract" extract "$W/book"
row "corpus check --no-model" check --no-model --fail-on never "$W/book"
row "corpus scan --force" scan --force --no-model --quiet --db "$W/c.db" "$W/book"
$NEW scan --force --no-model --quiet --db "$W/c2.db" "$W/book"
$OLD scan --force --no-model --quiet --db "$W/c1.db" "$W/book" 2>/dev/null
for f in html json; do
	a=$($TIMEIT 5 $OLD report --db "$W/c1.db" --format $f); b=$($TIMEIT 5 $NEW report --db "$W/c2.db" --format $f)
	echo "report $f|$a|$b" | awk -F'|' '{ split($2, x, " "); split($3, y, " "); printf "%-36s %7.3f -> %7.3f s (%+5.1f %%)   RSS %6.1f -> %6.1f MB\n", $1, x[1], y[1], (y[1]/x[1]-1)*100, x[2]/1024, y[2]/1024 }'
done
rm -rf "$W"

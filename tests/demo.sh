#!/bin/sh
# make demo: scan the bundled sample book into a fresh store and write the
# editorial report. usage: tests/demo.sh path/to/storymaster
set -e
SM=${1:-build/storymaster}
OUT=build/demo
rm -rf "$OUT"
mkdir -p "$OUT"
echo "storymaster demo: scanning the sample book (corpus/samples/md: Northanger Abbey, chapters 1-6)"
# Findings are expected (a few defects are planted): exit status 1 is fine here.
"$SM" scan --db "$OUT/storymaster.db" corpus/samples/md || [ $? -eq 1 ]
"$SM" report --db "$OUT/storymaster.db" --format text -o "$OUT/report.txt"
"$SM" report --db "$OUT/storymaster.db" --format md -o "$OUT/report.md"
if "$SM" report --db "$OUT/storymaster.db" --format html -o "$OUT/report.html" 2>/dev/null; then
	main="$OUT/report.html"
else
	main="$OUT/report.md"
fi
echo
sed -n '1,25p' "$OUT/report.txt"
echo
echo "storymaster demo: the report is in $(pwd)/$main"
echo "storymaster demo: also $(pwd)/$OUT/report.md and $(pwd)/$OUT/report.txt; the store is $(pwd)/$OUT/storymaster.db"

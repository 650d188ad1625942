#!/bin/sh
# make bench-hostile: bench/hostile/run.sh BUILD_DIR [COUNT] [SEED]
# Mutates the repository's fixtures and sample manuscripts into COUNT hostile
# documents (default 10000, seed 1), checks each with the ASan+UBSan build
# (BUILD_DIR/asan/storymaster, 20 s wall-clock limit, 2 at a time), then
# times the slowest ten again with the plain build (BUILD_DIR/storymaster),
# since the sanitizers make everything 2-5 times slower.
set -u
B=${1:-build}
N=${2:-10000}
S=${3:-1}
OUT=${HOSTILE_DIR:-/tmp/storymaster-hostile}
rm -rf "$OUT"
mkdir -p "$OUT"
# plain text seeds: the opening of two novels, one with CRLF line ends
xz -dc corpus/austen/emma.txt.xz | head -c 60000 >"$OUT/seed-emma.txt"
xz -dc corpus/austen/pride-and-prejudice.txt.xz | head -c 30000 | sed 's/$/\r/' >"$OUT/seed-pride-crlf.txt"
seeds=$(ls "$OUT"/seed-*.txt tests/fixtures/docx/*.docx tests/fixtures/md/*.md corpus/manuscripts/*.md \
	corpus/samples/md/*.md corpus/samples/docx/*.docx 2>/dev/null |
	grep -v -e bad-zip-bomb -e bad-many-attributes)
# Hunspell's one-time table (not ours) is the suite's only leak suppression
LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export LSAN_OPTIONS
{ "$B/bench/hostile/hostile" -b "$B/asan/storymaster" -n "$N" -s "$S" -j 2 -t 20 -o "$OUT" $seeds
  echo $? >"$OUT/rc"; } | tee "$OUT/summary.txt"
rc=$(cat "$OUT/rc")
echo "  the slowest ten again, plain build (--no-model):"
sed -n 's/^ *[0-9.]* s  \([^ ]*\)  .*/\1/p' "$OUT/summary.txt" | while read -r f; do
	[ -f "$f" ] || continue
	t0=$(date +%s.%N)
	"$B/storymaster" check --no-model --fail-on never "$f" >/dev/null 2>&1
	t1=$(date +%s.%N)
	printf '    %6.2f s  %s (%s bytes)\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$f" "$(wc -c <"$f" | tr -d ' ')"
done
f=$(sed -n 's/^  peak RSS: [0-9.]* MB (sanitizer build)  \([^ ]*\)  .*/\1/p' "$OUT/summary.txt")
if [ -f "$f" ]; then
	set -- $("$B/bench/timeit" 1 "$B/storymaster" check --no-model --fail-on never "$f")
	awk -v t="$1" -v r="$2" -v f="$f" 'BEGIN { printf "  peak RSS input again, plain build: %.1f MB, %.2f s  %s\n", r / 1024, t, f }'
fi
exit $rc

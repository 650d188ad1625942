#!/bin/sh
# compare: the before/after test of a step that must not change behaviour
# (a refactoring, a speed-up). Builds revision REV from git in a scratch
# folder, runs that binary and the current one on the same inputs and
# compares stdout, stderr and exit status byte for byte:
#   check (text and JSON; default rules and every rule on) on the five
#   training novels, the modern prose, the manuscripts, the samples, every
#   fixture and the Word files of ../shared/docx-real; check on whole
#   folders (book-wide checks); the model on the small books; scan and
#   report in four formats; extract; rules list.
# Usage: sh bench/compare/run.sh BUILD_DIR [REV]   (make compare REV=...)
# Prints "compare: N runs, M differ" and exits 1 when anything differs.
set -u
O=${1:?usage: run.sh BUILD_DIR [REV]}
REV=${2:-HEAD}
NEW=$O/storymaster
T=${TMPDIR:-/tmp}/sm-compare.$$
mkdir -p "$T/src" "$T/in" "$T/out" "$T/old" "$T/new"
trap 'rm -rf "$T"' EXIT INT TERM
git archive "$REV" | tar -x -C "$T/src" || { echo "compare: cannot read revision $REV" >&2; exit 2; }
echo "compare: building $REV ($(git rev-parse --short "$REV"))..." >&2
(cd "$T/src" && make O="$T/build" -j2 "$T/build/storymaster" >"$T/build.log" 2>&1) ||
	{ tail -20 "$T/build.log" >&2; echo "compare: $REV does not build" >&2; exit 2; }
OLD=$T/build/storymaster

# Inputs: the compressed corpora of corpus/ unpacked once (nothing reserved
# for independent evaluation is in the repository or used here).
for f in corpus/austen/*.xz corpus/modern/*.xz; do
	xz -dc "$f" > "$T/in/$(basename "$f" .xz)"
done
ALL=tests/fixtures/config/all-rules.yml
FILES=$(ls "$T"/in/* corpus/manuscripts/*.md corpus/samples/md/* corpus/samples/docx/* 2>/dev/null;
	find tests/fixtures -type f \( -name '*.md' -o -name '*.txt' -o -name '*.docx' \) | sort;
	ls ../shared/docx-real/*.docx 2>/dev/null)
SMALL=$(ls corpus/manuscripts/*.md corpus/samples/md/*)

runs=0
differ=0
IN=/dev/null  # standard input of the next run
# run NAME ARGS...: the same command with both binaries, compared.
run() {
	name=$1
	shift
	runs=$((runs + 1))
	# each binary in its own folder: a store written by one is not the other's
	(cd "$T/old" && "$OLD" "$@" <"$IN" >"$T/out/old.out" 2>"$T/out/old.err"; echo "rc $?" >>"$T/out/old.err")
	(cd "$T/new" && "$NEW" "$@" <"$IN" >"$T/out/new.out" 2>"$T/out/new.err"; echo "rc $?" >>"$T/out/new.err")
	for s in out err; do
		# times differ from run to run
		sed -E 's/"(started|ended|scanned_at)":"[^"]*"/"\1":"T"/g;s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/T/g' \
			"$T/out/old.$s" >"$T/out/o" && mv "$T/out/o" "$T/out/old.$s"
		sed -E 's/"(started|ended|scanned_at)":"[^"]*"/"\1":"T"/g;s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/T/g' \
			"$T/out/new.$s" >"$T/out/o" && mv "$T/out/o" "$T/out/new.$s"
		if ! cmp -s "$T/out/old.$s" "$T/out/new.$s"; then
			differ=$((differ + 1))
			echo "DIFFER ($s): $name" >&2
			diff "$T/out/old.$s" "$T/out/new.$s" | head -8 >&2
			break
		fi
	done
}

P=$(pwd)
for f in $FILES; do
	case $f in /*) a=$f ;; *) a=$P/$f ;; esac
	run "check $f" check --no-model "$a"
	run "check --format json $f" check --no-model --format json "$a"
	run "check all rules --format json $f" check --no-model --config "$P/$ALL" --format json "$a"
done
for d in corpus/samples/md corpus/samples/docx corpus/manuscripts tests/fixtures/consistency "$T/in"; do
	case $d in /*) a=$d ;; *) a=$P/$d ;; esac
	run "check dir $d" check --no-model --config "$P/$ALL" --format json "$a"
	run "characters $d" characters "$a"
done
for f in $SMALL; do
	run "check with model $f" check --format json "$P/$f"
	run "extract $f" extract --format json "$P/$f"
done
IN=$P/corpus/manuscripts/drift.md
run "check stdin" check --no-model --format json -
IN=/dev/null
run "rules list" rules list
for d in corpus/samples/md corpus/manuscripts; do
	rm -f "$T/old/a.db" "$T/new/a.db"
	run "scan $d" scan --no-model --config "$P/$ALL" --db a.db "$P/$d"
	for fmt in text json markdown html; do
		run "report $fmt $d" report --db a.db --format "$fmt"
	done
done
echo "compare: $runs runs against $REV, $differ differ"
[ "$differ" -eq 0 ]

#!/bin/sh
# Every command in the EXAMPLES section of each man page runs: exit status
# 0 or 1 (findings), never a usage or input error, never a crash.
. tests/sh/lib.sh
top=$(pwd)
BIN=$(cd "$(dirname "$SM")" && pwd)/$(basename "$SM")
ln -s "$top/corpus" "$T/corpus"
ln -s "$top/tests" "$T/tests"
for page in man/*.[15]; do
	awk '/^\.SH EXAMPLES/ {on=1; next} /^\.SH / {on=0} on && /^\.EX/ {ex=1; next} on && /^\.EE/ {ex=0; next} on && ex && /^storymaster / {print}' "$page" |
		sed 's/\\-/-/g; s/\\e/\\/g' >"$T/cmds"
	while IFS= read -r cmd; do
		rest=${cmd#storymaster }
		(cd "$T" && eval "\"$BIN\" $rest") >"$T/out" 2>"$T/err" </dev/null
		rc=$?
		if [ "$rc" -le 1 ]; then echo "ok - $(basename "$page"): $cmd"; else
			echo "not ok - $(basename "$page"): $cmd (exit $rc)"; head -3 "$T/err" | sed 's/^/#   /'; fi
	done <"$T/cmds"
done

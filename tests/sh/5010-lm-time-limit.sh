#!/bin/sh
# --time-limit bounds the language model's time on one file (model/score.c
# lm_score_until, checks/book_scores.c): past it the file gets a warning and
# no model findings, every other check runs as usual, and a scan that hit it
# ends 'partial' so that the next scan analyses the book again.
. tests/sh/lib.sh

if ! "$SM" model info >/dev/null 2>&1; then
	skip "this binary has no built-in model (make model)"
	exit 0
fi
xz -dc corpus/austen/emma.txt.xz >"$T/emma.txt"

# must trigger: a whole novel cannot be scored in a fifth of a second
"$SM" check --time-limit 0.2 --fail-on never "$T/emma.txt" >"$T/out" 2>"$T/err"
is "time limit hit: exit status unchanged" "$?" 0
is "time limit hit: one line on stderr" "$(wc -l <"$T/err" | tr -d ' ')" 1
contains "time limit hit: the warning names the file and the option" "$(cat "$T/err")" \
	"storymaster: warning: $T/emma.txt: the language model stopped after 0.2 s (--time-limit)"
"$SM" check --no-model --fail-on never "$T/emma.txt" >"$T/nomodel" 2>/dev/null
ok "time limit hit: the other checks' findings are all there, no model findings" \
	cmp "$T/out" "$T/nomodel"
"$SM" check -q --time-limit 0.2 --fail-on never "$T/emma.txt" >/dev/null 2>"$T/err"
is "time limit hit with -q: no warning" "$(cat "$T/err")" ""

# must not trigger: a chapter under the default limit, and no limit at all
awk '/^CHAPTER V$/ {on=1} /^CHAPTER VI$/ {exit} on' "$T/emma.txt" >"$T/ch5.txt"
sed -e 's/with the greatest pleasure/with the graetest pleasure/' "$T/ch5.txt" >"$T/typo.txt"
printf 'rules:\n  language.typo: off\n' >"$T/notypo.yml"
out=$("$SM" check --config "$T/notypo.yml" --fail-on never "$T/typo.txt" 2>"$T/err")
is "default limit: no warning on a chapter" "$(cat "$T/err")" ""
contains "default limit: the model's findings are there" "$out" "'graetest' is far more surprising"
out=$("$SM" check --time-limit 0 --config "$T/notypo.yml" --fail-on never "$T/typo.txt" 2>"$T/err")
is "--time-limit 0 (none): no warning" "$(cat "$T/err")" ""
contains "--time-limit 0 (none): the model's findings are there" "$out" "'graetest' is far more surprising"

# bad values: usage error, one line
for v in abc -1 '' 5s; do
	"$SM" check --time-limit "$v" "$T/ch5.txt" >/dev/null 2>"$T/err"
	is "--time-limit '$v': exit 2" "$?" 2
	is "--time-limit '$v': one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
done

# scan: a run that hit the limit is 'partial' and is not trusted next time
mkdir "$T/book"
cp "$T/ch5.txt" "$T/book/ch01.txt"
cp "$T/emma.txt" "$T/book/ch02.txt"
"$SM" scan --time-limit 0.2 --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err"
is "scan with the limit hit: exit 0" "$?" 0
contains "scan with the limit hit: warns" "$(cat "$T/err")" "ch02.txt: the language model stopped"
contains "scan with the limit hit: the run is partial" "$("$SM" runs --db "$T/s.db")" "partial"
"$SM" scan --time-limit 0.2 --db "$T/s.db" "$T/book" >/dev/null 2>"$T/err"
lacks "after a partial run the book is analysed again" "$(cat "$T/err")" "unchanged"

#!/bin/sh
# Rules CLI: `rules test` runs every shipped rule's fire/pass examples (all
# green); list/show; a user style folder (tests/fixtures/vale/House: the
# seven Vale types); broken and unsupported rule files are warnings, not crashes.
. tests/sh/lib.sh

out=$("$SM" rules test 2>&1)
rc=$?
is "rules test on the shipped packs exits 0" "$rc" 0
contains "rules test reports no failure" "$out" " 0 failed, 0 without examples"
lacks "rules test prints no not-ok line" "$out" "not ok"
contains "style.echo is tested" "$out" "ok - style.echo"
contains "style.cliches is tested" "$out" "ok - style.cliches"

list=$("$SM" rules list)
for id in style.said-bookism style.tag-adverb-emotion style.tag-adverb-manner style.beat-as-tag \
	style.filter-words style.intensifiers style.suddenly style.began-to style.adverbs style.cliches \
	style.echo style.sentence-starts style.pronoun-starts style.gestures style.passive \
	style.named-emotion style.sticky style.overused; do
	contains "rules list has $id" "$list" "$id"
done

# one catalog: every rule id the analyzers' sources can report is listed and
# explained, built-in checks as well as packs (a new check without its
# catalog line fails here)
ids=$(grep -rhoE '"(structure|consistency|pacing|language|style)\.[a-z-]+[a-z]"' analyzer/checks/*.c analyzer/checks/consistency/*.c |
	tr -d '"' | sort -u)
is "the analyzers report at least 18 built-in rule ids" "$([ "$(echo "$ids" | wc -l)" -ge 18 ] && echo yes)" yes
for id in $ids; do
	contains "rules list has $id" "$list" "$id "
	s=$("$SM" rules show "$id" 2>&1)
	is "rules show $id exits 0" "$?" 0
	contains "rules show $id explains it" "$s" "$id"
done
s=$("$SM" rules show consistency.name-variant)
contains "rules show of a built-in check names its family" "$s" "family:      consistency (built in)"
contains "rules show of a built-in check gives an example" "$s" "example:     'Catharine' appears 1 time"
contains "rules list says which rules need the model" "$(echo "$list" | grep '^language.anomaly ')" " model "
contains "rules list says which rules follow the house style" "$(echo "$list" | grep '^style.us-spelling ')" " us "
is "rules list is sorted by id" "$(echo "$list" | sed 1d | cut -d' ' -f1 | sort -c 2>&1 && echo sorted)" sorted

show=$("$SM" rules show style.said-bookism)
contains "rules show prints the type" "$show" "type:        existence"
contains "rules show prints a fire example" "$show" "fire:"
"$SM" rules show style.no-such-rule >/dev/null 2>&1
is "rules show of an unknown id exits 2" "$?" 2

out=$("$SM" rules test tests/fixtures/vale/House 2>&1)
contains "the Vale fixture loads (its rules have no examples)" "$out" "7 rules"

# a folder with a good rule, a malformed one and an unsupported type
mkdir "$T/Mine"
cat >"$T/Mine/Good.yml" <<'EOT'
extends: existence
message: "no zebras: %s"
tokens: [zebra]
examples:
  fire: ['A zebra ran.']
  pass: ['A horse ran.']
EOT
printf 'extends: existence\ntokens:\n  - [oops\n' >"$T/Mine/Broken.yml"
printf 'extends: spelling\nmessage: x\n' >"$T/Mine/Spell.yml"
out=$("$SM" rules test "$T/Mine" 2>&1)
rc=$?
is "a folder with broken rules exits 1" "$rc" 1
contains "the malformed file is named with its line" "$out" "Broken.yml:4: did not find expected"
contains "the unsupported type is named" "$out" "Spell.yml: rule type 'spelling' is not supported"
contains "the good rule still runs" "$out" "ok - style.Mine.Good"

# a rule whose fire example does not fire makes rules test fail
cat >"$T/Mine/Good.yml" <<'EOT'
extends: existence
message: "no zebras"
tokens: [zebra]
examples:
  fire: ['A horse ran.']
  pass: ['A horse ran.']
EOT
rm "$T/Mine/Broken.yml" "$T/Mine/Spell.yml"
out=$("$SM" rules test "$T/Mine/Good.yml" 2>&1)
is "a failing example exits 1" "$?" 1
contains "the failing example is shown" "$out" "not ok - style.Mine.Good: fire example gave 0 findings"

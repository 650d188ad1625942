#!/bin/sh
# Configuration from the command line: .storymaster.yml found in the book's
# folder or a parent, --config, --rules DIR with a user's Vale-style folder.
. tests/sh/lib.sh
rules() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(sorted(set(f["rule"] for f in d["findings"]))))'; }
if ! command -v python3 >/dev/null 2>&1; then skip "python3 missing"; exit 0; fi

mkdir -p "$T/book/part1"
printf '# Chapter 1\n\nIt was sort of gray outside, and she saw the the rain.\n' >"$T/book/part1/ch1.md"
out=$($SM check --no-model --fail-on never --format json "$T/book/part1/ch1.md" 2>/dev/null | rules)
contains "without configuration the doubled word is reported" "$out" "style.doubled-word"
lacks "without --rules the user's rules do not run" "$out" "House"

printf 'rules:\n  style.doubled-word: off\n' >"$T/book/.storymaster.yml"
out=$($SM check --no-model --fail-on never --format json "$T/book/part1/ch1.md" 2>/dev/null | rules)
lacks ".storymaster.yml in a parent folder turns a rule off" "$out" "style.doubled-word"

printf 'rules:\n  style.doubled-word: info\n' >"$T/other.yml"
$SM check --no-model --config "$T/other.yml" --format json "$T/book/part1/ch1.md" >"$T/j" 2>/dev/null
is "--config replaces the found file (level lowered to info: exit 0)" "$?" 0
contains "--config: the rule runs again, at info" "$(cat "$T/j")" '"rule":"style.doubled-word","category":"style","severity":"info"'

out=$($SM check --no-model --fail-on never --rules tests/fixtures/vale/House --format json "$T/book/part1/ch1.md" 2>/dev/null | rules)
contains "--rules adds a user's style (existence rule)" "$out" "House.Hedging"
contains "--rules adds a user's style (substitution rule)" "$out" "House.Spelling"

printf 'rules: [unclosed\n' >"$T/bad.yml"
$SM check --no-model --config "$T/bad.yml" "$T/book/part1/ch1.md" >/dev/null 2>"$T/err"
is "a malformed configuration exits 2" "$?" 2
contains "... naming the file" "$(cat "$T/err")" "storymaster: $T/bad.yml:"
$SM check --no-model --rules "$T/nosuchdir" "$T/book/part1/ch1.md" >/dev/null 2>"$T/err"
is "--rules with a missing folder exits 2" "$?" 2
printf '# Chapter 1\n\nShe sighed and went to the window, where the rain fell on the garden.\n' >"$T/sigh.md"
out=$($SM check --no-model --fail-on never --format json "$T/sigh.md" 2>/dev/null | rules)
lacks "one gesture in a short chapter is not a book-wide overuse" "$out" "style.gestures"

# a configuration that names a rule or a pack that does not exist says so,
# with the file, the line and the closest name; --strict-config makes it an error
printf 'rules:\n  style.echoo: off\n  consistncy: info\n  pacing: info\n  style.echo:\n    window: 30\npacks:\n  cliche: off\n  echo: on\n' >"$T/typo.yml"
$SM check --no-model --fail-on never --config "$T/typo.yml" "$T/sigh.md" >/dev/null 2>"$T/err"
is "a configuration typo is a warning: the check still runs (exit 0)" "$?" 0
err=$(cat "$T/err")
contains "typo in a rule id: file, line, did you mean" "$err" "storymaster: warning: $T/typo.yml:2: unknown rule 'style.echoo' (did you mean 'style.echo'?)"
contains "typo in a family" "$err" "$T/typo.yml:3: unknown rule 'consistncy' (did you mean 'consistency'?)"
contains "typo in a pack" "$err" "$T/typo.yml:8: unknown pack 'cliche' (did you mean 'cliches'?)"
lacks "a family name is a rule name" "$err" "'pacing'"
lacks "a known rule with settings is not reported" "$err" "unknown rule 'style.echo'"
lacks "a known pack is not reported" "$err" "pack 'echo'"
is "three problems, one line each" "$(grep -c unknown "$T/err")" 3
# a setting a rule does not take: a typo in a pack's threshold, a threshold
# given to a built-in check; the known ones are quiet
printf 'rules:\n  style.echo:\n    windw: 30\n  style.sticky:\n    max: 5\n    level: info\n  consistency.name-variant:\n    window: 3\n    dialogue: false\n' >"$T/set.yml"
$SM check --no-model --fail-on never --config "$T/set.yml" "$T/sigh.md" >/dev/null 2>"$T/err"
is "a setting typo is a warning: the check still runs (exit 0)" "$?" 0
err=$(cat "$T/err")
contains "typo in a setting: file, line, did you mean" "$err" "storymaster: warning: $T/set.yml:3: unknown setting 'windw' for style.echo (did you mean 'window'?)"
contains "a threshold a built-in check does not take" "$err" "$T/set.yml:8: consistency.name-variant takes no setting 'window' (only level and dialogue)"
is "two problems, nothing on the settings that exist" "$(grep -c 'setting' "$T/err")" 2
$SM check --no-model --fail-on never --strict-config --config "$T/set.yml" "$T/sigh.md" >/dev/null 2>&1
is "--strict-config: a setting typo exits 2" "$?" 2
printf 'rules:\n  consistency.name-variant: loud\n' >"$T/lv.yml"
$SM check --no-model --config "$T/lv.yml" "$T/sigh.md" >/dev/null 2>"$T/err"
is "a bad level exits 2" "$?" 2
is "... on one line that names the file once" "$(cat "$T/err")" "storymaster: $T/lv.yml:2: a rule's level must be off, info, suggestion, warning or error"
$SM check --no-model --fail-on never --strict-config --config "$T/typo.yml" "$T/sigh.md" >/dev/null 2>"$T/err"
is "--strict-config: a configuration typo exits 2" "$?" 2
contains "--strict-config: reported as an error" "$(cat "$T/err")" "storymaster: $T/typo.yml:2: unknown rule 'style.echoo'"
printf 'rules:\n  style.echo: info\n  language.typo: off\n  consistency.pov-shift: off\npacks:\n  gestures: off\n' >"$T/good.yml"
$SM check --no-model --fail-on never --strict-config --config "$T/good.yml" "$T/sigh.md" >/dev/null 2>"$T/err"
is "--strict-config: a correct configuration (built-in checks too) passes" "$?" 0
is "... with nothing on stderr" "$(cat "$T/err")" ""
printf 'rules:\n  style.House.Hedging: error\n' >"$T/user.yml"
$SM check --no-model --fail-on never --strict-config --config "$T/user.yml" --rules tests/fixtures/vale/House "$T/sigh.md" >/dev/null 2>"$T/err"
is "a rule of a --rules style is a known name" "$?" 0

# --rules takes a Vale StylesPath (a folder of style folders, with Vale's
# config/) as well as one style folder, and says what it loaded
mkdir -p "$T/StylesPath/config/vocabularies/Base" "$T/StylesPath/Zoo"
cp -r tests/fixtures/vale/House "$T/StylesPath/"
printf 'Zebra\n' >"$T/StylesPath/config/vocabularies/Base/accept.txt"
printf 'extends: existence\nmessage: "no zebras: %%s"\ntokens: [zebra]\n' >"$T/StylesPath/Zoo/Zebra.yml"
printf '# Chapter 1\n\nA zebra ran, and it was sort of gray outside.\n' >"$T/zoo.md"
out=$($SM check --no-model --fail-on never --rules "$T/StylesPath" --format json "$T/zoo.md" 2>"$T/err" | rules)
contains "StylesPath: the first style's rules run" "$out" "style.House.Hedging"
contains "StylesPath: the second style's rules run" "$out" "style.Zoo.Zebra"
contains "--rules says what it loaded" "$(cat "$T/err")" "storymaster: $T/StylesPath: 8 rules loaded (styles House, Zoo)"
$SM check -q --no-model --fail-on never --rules "$T/StylesPath" "$T/zoo.md" >/dev/null 2>"$T/err"
is "--quiet: no word about what was loaded" "$(cat "$T/err")" ""
mkdir -p "$T/norules"
$SM check --no-model --fail-on never --rules "$T/norules" "$T/zoo.md" >/dev/null 2>"$T/err"
contains "--rules on a folder without rules warns" "$(cat "$T/err")" "$T/norules: no rules loaded"
out=$($SM rules list --rules "$T/StylesPath")
contains "rules list --rules (option after the command) lists the StylesPath's rules" "$out" "style.Zoo.Zebra"

# storymaster config: the configuration a check would use, where each value
# came from, and the rules not at their default level
mkdir -p "$T/cbook"
printf 'house: uk\npacks:\n  gestures: off\nrules:\n  style.passive: error\n  consistency: info\n  style.sticky:\n    max: 5\naccept: [Darcy]\n' >"$T/cbook/.storymaster.yml"
out=$($SM config --disable consistency.timeline "$T/cbook" 2>"$T/err")
is "config exits 0" "$?" 0
contains "config names the file found" "$out" "configuration file: $T/cbook/.storymaster.yml"
contains "config: the house style and its line" "$out" "$T/cbook/.storymaster.yml:1"
contains "config: a pack turned off, with its line" "$(echo "$out" | grep 'pack gestures: off')" ".storymaster.yml:3"
contains "config: a rule's level, with its line" "$(echo "$out" | grep 'rule style.passive: error')" ".storymaster.yml:5"
contains "config: a rule's setting, with its line" "$(echo "$out" | grep 'setting style.sticky: max: 5')" ".storymaster.yml:8"
contains "config: the command line's --disable" "$out" "disable: consistency.timeline"
contains "config: a family's level reaches its rules" "$(echo "$out" | grep "^  consistency.tense-shift ")" "info (default warning)"
contains "config: a pack off turns its rule off" "$(echo "$out" | grep '^  style.gestures ')" "off (default info)"
contains "config: --disable turns a rule off" "$(echo "$out" | grep '^  consistency.timeline ')" "off (default warning)"
contains "config: an opt-in rule asked for is listed" "$(echo "$out" | grep '^  style.passive ')" "error (default off: opt-in)"
lacks "config: a rule left alone is not listed" "$out" "style.suddenly "
out=$($SM config "$T/norules" 2>&1)
contains "config without a file: the defaults" "$out" "configuration file: none"
contains "config without a file: no rule changed" "$out" "(none: every rule at its default)"
printf 'rules:\n  style.echoo: off\n' >"$T/cbook/.storymaster.yml"
$SM config "$T/cbook" >/dev/null 2>"$T/err"
contains "config reports a typo as check does" "$(cat "$T/err")" "unknown rule 'style.echoo' (did you mean 'style.echo'?)"
$SM config --strict-config "$T/cbook" >/dev/null 2>&1
is "config --strict-config: a typo exits 2" "$?" 2

# an opt-in rule (default: off) runs only when the configuration or --only asks
mkdir -p "$T/Opt"
printf 'extends: existence\nmessage: "a zebra: %%s"\ndefault: off\ntokens: [zebra]\nexamples:\n  fire: [A zebra ran.]\n  pass: [A horse ran.]\n' >"$T/Opt/Zebra.yml"
printf '# Chapter 1\n\nA zebra ran across the road.\n' >"$T/z.md"
contains "rules list marks an opt-in rule" "$($SM rules list --rules "$T/Opt" | grep '^style.Opt.Zebra ')" " opt-in "
out=$($SM check --no-model --fail-on never --rules "$T/Opt" "$T/z.md" 2>/dev/null)
lacks "an opt-in rule is off by default" "$out" "[style.Opt.Zebra]"
printf 'rules:\n  style.Opt.Zebra: on\n' >"$T/on.yml"
out=$($SM check --no-model --fail-on never --config "$T/on.yml" --rules "$T/Opt" "$T/z.md" 2>/dev/null)
contains "... runs when the configuration turns it on" "$out" "[style.Opt.Zebra]"
printf 'packs:\n  Opt: on\n' >"$T/pon.yml"
out=$($SM check --no-model --fail-on never --config "$T/pon.yml" --rules "$T/Opt" "$T/z.md" 2>/dev/null)
contains "... or turns its pack on" "$out" "[style.Opt.Zebra]"
out=$($SM check --no-model --fail-on never --only style.Opt --rules "$T/Opt" "$T/z.md" 2>/dev/null)
contains "... or --only names it" "$out" "[style.Opt.Zebra]"
out=$($SM rules test "$T/Opt" 2>&1)
contains "an opt-in rule's examples still run" "$(echo "$out" | grep '^ok - style.Opt.Zebra')" "ok - style.Opt.Zebra"

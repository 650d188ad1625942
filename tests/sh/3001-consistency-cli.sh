#!/bin/sh
# consistency.name-variant across two files (related points to the other file,
# in text and JSON output), and the characters command from files and --db.
. tests/sh/lib.sh
FIX=tests/fixtures/consistency
mkdir -p "$T/book"
cp "$FIX/emma-ch1.txt" "$T/book/ch1.txt"
printf 'Miss Tayler came back to Hartfield in the spring, and Emma was glad.\n\nThey walked in the shrubbery, and talked of the wedding.\n' > "$T/book/ch2.txt"

out=$("$SM" check --no-model --fail-on never "$T/book" 2>&1)
contains "text: name variant found in ch2" "$out" "ch2.txt:1:6: warning: 'Tayler' appears 1 time, but 'Taylor' 23 times"
contains "text: related place in ch1" "$out" "see $T/book/ch1.txt:16:24: Taylor"
json=$("$SM" check --no-model --fail-on never --format json "$T/book" 2>/dev/null)
line=$(printf '%s\n' "$json" | grep '"consistency.name-variant"')
contains "json: finding in ch2" "$line" "\"path\":\"$T/book/ch2.txt\""
contains "json: related in ch1" "$line" "\"related\":[{\"path\":\"$T/book/ch1.txt\""
lacks "json: no other consistency finding" "$(printf '%s\n' "$json" | grep -v name-variant)" '"consistency.'

# the unchanged chapter alone has no consistency finding
clean=$("$SM" check --no-model --fail-on never --format json "$FIX/emma-ch1.txt" 2>/dev/null)
lacks "clean chapter: no consistency finding" "$clean" '"consistency.'

chars=$("$SM" characters --top 3 "$FIX/emma-ch1.txt")
contains "characters: Emma with her aliases" "$chars" "Emma Woodhouse (female): Emma 19, Emma Woodhouse 2, Miss Woodhouse 1"
contains "characters: Mr. Knightley" "$chars" "Mr. Knightley (male)"
is "characters: --top 3 lists three" "$(printf '%s\n' "$chars" | wc -l | tr -d ' ')" 3

ok "characters --db stores" "$SM" characters --db "$T/c.db" "$FIX/emma-ch1.txt"
fromdb=$("$SM" characters --db "$T/c.db" --format json --facts)
contains "characters --db reads back" "$fromdb" '{"name": "Emma Woodhouse", "gender": "female", "mentions": 22'
contains "characters --db has facts" "$fromdb" '"facts": []'

"$SM" characters >/dev/null 2>&1
is "characters without input: usage error" "$?" 2

#!/bin/sh
# The character registry on modern manuscripts written for the project
# (corpus/manuscripts/, issue 9): every main character is found, however
# the book names them (mostly at sentence starts, single names, only in
# vocatives), and pronoun contractions ("I’m", "I’ve") are never characters.
# The main characters are those of corpus/manuscripts/README.md.
. tests/sh/lib.sh
M=corpus/manuscripts
check_book() { # file, then the main characters' display names
	f=$M/$1
	shift
	if [ ! -f "$f" ]; then
		skip "$f missing"
		return
	fi
	out=$("$SM" characters "$f")
	for n in "$@"; do
		contains "characters $(basename "$f"): $n" "$out" "  $n "
	done
	lacks "characters $(basename "$f"): no I’m" "$out" "I’m"
	lacks "characters $(basename "$f"): no I’ve" "$out" "I’ve"
}
check_book night-shift.md "Walter Lindqvist" Teddy Kevin Dana Priya "Angela Ruiz"
check_book second-chances.md Shirley "Tom Ashworth" Priya Maisie Carol
check_book cold-open.md Okafor "Martin Szabo" "Gil Marchetti" "Keisha Brandt" "Owen Pratt" \
	"Teresa Marchetti"
check_book drift.md Juno "Ines Varga" Bim "Teodor Ruusk" "Captain Mose"

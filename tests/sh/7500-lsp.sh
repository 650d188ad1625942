#!/bin/sh
# storymaster lsp: a language server driven by a real client (Neovim's
# built-in LSP client, headless, started by README's own init.lua lines)
# and, for the protocol's corners, by tests/lsp_client.py: diagnostics
# across two chapters, the related place, code actions, a quick fix
# applied, edits that clear them, a word accepted into .storymaster.yml,
# UTF-16 positions, cancellation, bad frames, shutdown and exit.
. tests/sh/lib.sh
BIN=$(cd "$(dirname "$SM")" && pwd)/$(basename "$SM")
mkdir "$T/book"
printf '# Chapter 1\n\nMartha walked in. She opened the the door. Martha looked at Jonah.\n\nMartha sat. Jonah poured the tea for Martha, and Martha smiled.\n' >"$T/book/ch1.md"
printf '# Chapter 2\n\nMarhta came back the next day. Jonah was waiting for Martha.\n\nMartha laughed, and Jonah laughed with Martha.\n' >"$T/book/ch2.md"
cp -r "$T/book" "$T/book0"

ok "lsp --help" "$BIN" lsp --help
"$BIN" lsp --bogus </dev/null >/dev/null 2>&1
is "lsp with an unknown option: exit 2" "$?" 2
"$BIN" lsp </dev/null >/dev/null 2>&1
is "input that ends without shutdown and exit: exit 1" "$?" 1

if command -v nvim >/dev/null 2>&1; then
	# README's Neovim lines, as they are there
	awk '/^Neovim \(0.7 and later/ {on=1} on && /^```lua/ {ex=1; next} ex && /^```/ {exit} ex {print}' README.md >"$T/init.lua"
	ok "README has the Neovim lines" test -s "$T/init.lua"
	drive=$(pwd)/tests/lsp_drive.lua
	(cd "$T" && PATH="$(dirname "$BIN"):$PATH" BOOK="$T/book" OUT="$T/nvim.out" HOME="$T" XDG_STATE_HOME="$T/st" \
		XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/cfg" timeout 60 nvim --headless -u "$T/init.lua" -i NONE -n \
		-c "luafile $drive") >/dev/null 2>&1
	out=$(cat "$T/nvim.out" 2>/dev/null)
	lacks "Neovim: no error in the script" "$out" "error:"
	contains "Neovim: the script ran to the end" "$out" "stopped:"
	contains "Neovim: one client, storymaster" "$out" "clients: 1 storymaster"
	contains "Neovim: the doubled word in the open chapter, at its place" "$out" "ch1: style.doubled-word@3:30"
	contains "Neovim: the name variant in the other chapter, not opened" "$out" "ch2: consistency.name-variant@3:1"
	contains "Neovim: ... related to the name's place in the first" "$out" "related: consistency.name-variant -> ch1.md:3"
	contains "Neovim: the quick fix is offered" "$out" 'action: Replace with "the"'
	contains "Neovim: ... and the paragraph's ignore comment" "$out" "action: Ignore style.doubled-word in this paragraph"
	contains "Neovim: the quick fix applied by the client" "$out" "ch1 line 3 after the quick fix: Martha walked in. She opened the door."
	contains "Neovim: ... clears the diagnostic" "$out" "ch1 after the quick fix: []"
	contains "Neovim: an edit in the other chapter clears the name variant" "$out" "ch2 after the edit: []"
	contains "Neovim: the second chapter shares the server" "$out" "clients after opening ch2: 1"
	contains "Neovim: shutdown and exit" "$out" "stopped: true"
else
	skip "Neovim (nvim) not installed: the server is not driven by a real editor's client (apt-get install neovim)"
fi

if command -v python3 >/dev/null 2>&1; then
	cp -r "$T/book0" "$T/book2"
	mb=""
	if "$BIN" model info >/dev/null 2>&1; then
		# Emma, volume I, chapter V, with a typo only the model reports (language.typo off)
		mkdir "$T/mbook"
		xz -dc corpus/austen/emma.txt.xz | awk '/^CHAPTER V$/ {on=1} /^CHAPTER VI$/ {exit} on' |
			sed -e 's/exactly as I do on the subject/exactly as I do on the sbuject/' \
				-e 's/^CHAPTER V$/# Chapter 5/' >"$T/mbook/ch5.md"
		printf '# Chapter 6\n\nShe opened the the door.\n' >"$T/mbook/ch6.md"
		printf 'rules:\n  language.typo: off\n' >"$T/mbook/.storymaster.yml"
		mb="$T/mbook"
	else
		skip "this binary has no built-in model: the model's thread is not tested"
	fi
	timeout 120 python3 tests/lsp_client.py "$BIN" "$T/book2" $mb >"$T/py.out" 2>&1
	rc=$?
	cat "$T/py.out"
	is "tests/lsp_client.py ran to the end" "$rc" 0
	n=$(grep -c '^ok' "$T/py.out")
	ok "... with all its checks ($n)" test "$n" -ge 24
else
	skip "python3 missing: the protocol's corners are not checked"
fi

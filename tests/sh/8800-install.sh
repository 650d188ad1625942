#!/bin/sh
# make install PREFIX=... DESTDIR=... puts the binary, the man pages and the
# rule packs in place, and the installed binary runs on its own.
. tests/sh/lib.sh
B=${SM_BUILD:-build}
if ! command -v make >/dev/null 2>&1; then skip "make missing"; exit 0; fi
make -s --no-print-directory O="$B" install PREFIX=/usr DESTDIR="$T/root" >"$T/out" 2>&1
is "make install succeeds" "$?" 0
ok "binary installed" test -x "$T/root/usr/bin/storymaster"
ok "storymaster(1) installed" test -f "$T/root/usr/share/man/man1/storymaster.1"
ok "storymaster-rules(5) installed" test -f "$T/root/usr/share/man/man5/storymaster-rules.5"
ok "rule packs installed" test -f "$T/root/usr/share/storymaster/rules/dialogue/said-bookism.yml"
out=$(cd "$T" && "$T/root/usr/bin/storymaster" --version)
is "the installed binary runs" "$out" "storymaster 0.1.0"
printf '# Chapter 1\n\nShe saw the the house.\n' >"$T/a.md"
out=$(cd "$T" && "$T/root/usr/bin/storymaster" check --no-model --fail-on never a.md)
contains "the installed binary has its rules and checks built in" "$out" "[style.doubled-word]"

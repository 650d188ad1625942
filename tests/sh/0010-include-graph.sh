#!/bin/sh
# The code flows one way: cli/lsp -> report/store -> checks -> rules/model ->
# book -> config -> segment -> ingest -> doc -> base (book/ is the book being
# checked and its findings, config/ the configuration and the catalog of
# checks: what rules and checks both need). Every #include "dir/file.h" in
# analyzer/ and model/ is read; an include of a higher stage is an error, a
# file-level include cycle is an error, and store/ and report/ see the
# checks only through their data headers (the registry, the pacing metrics
# and the catalog of checks), never an analyzer's own. Needs only awk.
. tests/sh/lib.sh

# stage of a header or source by its folder (model/ headers are included as "lm.h")
stage() {
	case "$1" in
	base/*) echo 0 ;; doc/*) echo 1 ;; ingest/*) echo 2 ;; segment/*) echo 3 ;;
	config/*) echo 4 ;; book/*) echo 5 ;; rules/*) echo 6 ;; checks/*) echo 7 ;;
	store/*|report/*) echo 8 ;; cli/*|lsp/*) echo 9 ;;
	*) echo 6 ;; # model/'s files, named without their folder ("lm.h")
	esac
}

find analyzer model -name '*.[ch]' | sort | while read -r f; do
	from=${f#analyzer/}
	from=${from#model/}
	grep -o '^#include "[^"]*"' "$f" | sed 's/#include "\(.*\)"/\1/' | while read -r to; do
		echo "$from $to"
	done
done >"$T/edges"
n=$(wc -l <"$T/edges" | tr -d ' ')
ok "include edges read ($n)" test "$n" -gt 100

up=""
while read -r from to; do
	sf=$(stage "$from"); st=$(stage "$to")
	[ "$st" -le "$sf" ] && continue
	# a source file including its own folder's header is the same stage
	up="$up $from->$to"
done <"$T/edges"
is "no upward include (cli -> report/store -> checks -> rules/model -> book -> config -> segment -> ingest -> doc -> base)" "$up" ""

# store/ and report/ read what the checks found through data headers only
priv=""
while read -r from to; do
	case "$from" in store/*|report/*) ;; *) continue ;; esac
	case "$to" in checks/registry.h|checks/pace_data.h|checks/catalog.h) ;; checks/*) priv="$priv $from->$to" ;; esac
done <"$T/edges"
is "store/ and report/ include no analyzer-private header" "$priv" ""

# file-level cycles among headers: depth-first search in awk
cyc=$(awk '
	{ e[$1] = e[$1] " " $2; nodes[$1] = 1; nodes[$2] = 1 }
	function visit(n,   k, m, parts, i) {
		if (state[n] == 1) { found = found " " n; return }
		if (state[n] == 2) return
		state[n] = 1
		m = split(e[n], parts, " ")
		for (i = 1; i <= m; i++) visit(parts[i])
		state[n] = 2
	}
	END { for (n in nodes) visit(n); print found }
' "$T/edges")
is "no include cycle" "$(echo "$cyc" | tr -d ' ')" ""

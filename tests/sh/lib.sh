# Helpers for shell tests: each assertion prints one TAP line.
#   . tests/sh/lib.sh
# $SM is the storymaster binary under test (set by tests/run.sh).
: "${SM:=build/storymaster}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ok() { # description, then a command that must succeed
	d=$1
	shift
	if "$@" >/dev/null 2>&1; then echo "ok - $d"; else echo "not ok - $d"; fi
}
is() { # description, actual, expected
	if [ "$2" = "$3" ]; then echo "ok - $1"; else
		echo "not ok - $1"
		echo "#   got:      $2" | head -c 2000
		echo
		echo "#   expected: $3" | head -c 2000
		echo
	fi
}
contains() { # description, haystack, needle
	case "$2" in
	*"$3"*) echo "ok - $1" ;;
	*) echo "not ok - $1"; echo "#   '$3' not in: $(echo "$2" | head -c 1500)" ;;
	esac
}
lacks() { # description, haystack, needle
	case "$2" in
	*"$3"*) echo "not ok - $1"; echo "#   '$3' found in: $(echo "$2" | head -c 1500)" ;;
	*) echo "ok - $1" ;;
	esac
}
skip() { echo "ok - # SKIP $*"; }

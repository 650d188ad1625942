#!/bin/sh
# Sum the counts written by tests/run.sh and print the closing line.
p=0
f=0
k=0
while read -r a b c; do
	p=$((p + a))
	f=$((f + b))
	k=$((k + ${c:-0}))
done <"$1"
echo "$p passed, $f failed, $k skipped"
[ "$f" = 0 ]

#!/bin/sh
# Sum the counts written by tests/run.sh and print the closing line.
p=0
f=0
while read -r a b; do
	p=$((p + a))
	f=$((f + b))
done <"$1"
echo "$p passed, $f failed"
[ "$f" = 0 ]

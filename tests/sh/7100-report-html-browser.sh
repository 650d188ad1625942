#!/bin/sh
# Browser test (issue 6): render the HTML report of the sample book in
# headless Chromium, take a screenshot, and check the DOM Chromium built for
# the sections and the SVG charts. Skips where Chromium is missing.
. tests/sh/lib.sh
S=corpus/samples/md
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROME" ]; then
	skip "chromium not installed (apt-get install chromium): HTML report not rendered"
	exit 0
fi
if [ ! -d "$S" ]; then
	skip "sample book $S missing"
	exit 0
fi
printf 'rules:\n  pacing.talking-heads: on\n' >"$T/th.yml" # opt-in (bench/precision)
"$SM" scan --quiet --config "$T/th.yml" --db "$T/s.db" "$S" >/dev/null 2>&1
"$SM" report --quiet --db "$T/s.db" --format html -o "$T/report.html"
ok "html report written" test -s "$T/report.html"
# No network, no profile state, no background services.
chrome() {
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" "$@" 2>"$T/chrome.err"
}
chrome --screenshot="$T/report.png" --window-size=1200,3000 "file://$T/report.html" >/dev/null
ok "screenshot taken" test -s "$T/report.png"
# the PNG signature, and a size that means something was drawn
sig=$(od -An -c -N4 "$T/report.png" 2>/dev/null | tr -d ' ')
is "screenshot is a PNG" "$sig" '211PNG'
size=$(wc -c <"$T/report.png" | tr -d ' ')
ok "screenshot is not blank ($size bytes)" test "$size" -gt 50000
if [ -n "$KEEP_SCREENSHOT" ]; then cp "$T/report.png" "$KEEP_SCREENSHOT"; fi
dom=$(chrome --dump-dom "file://$T/report.html")
contains "dom: title" "$dom" "<title>"
for id in summary pacing dialogue sentences characters findings consistency; do
	contains "dom: section #$id" "$dom" "<section id=\"$id\""
done
for id in pacing-chart dialogue-chart sentence-chart; do
	contains "dom: svg chart #$id" "$dom" "<svg id=\"$id\""
done
contains "dom: pacing curve drawn" "$dom" '<polyline class="curve"'
contains "dom: chapter boundaries" "$dom" 'class="chapter-boundary"'
contains "dom: flagged stretches marked" "$dom" 'class="flagged"'
contains "dom: axis labels" "$dom" 'class="axis-label"'
contains "dom: tables for screen readers" "$dom" '<caption>Pace score by scene</caption>'
contains "dom: a finding with its quote" "$dom" '<blockquote>'
contains "dom: character heatmap" "$dom" '<table id="character-heatmap" class="heatmap">'
contains "dom: Catherine in the heatmap" "$dom" '">Catherine Morland</th><td class="n">'
contains "dom: appendix lists the name variant" "$dom" '<tr><th scope="row">Catharine</th><td>Catherine</td>'
contains "dom: fact ledger part" "$dom" '<h3 id="facts">Fact ledger</h3>'
lacks "dom: no script" "$dom" '<script'

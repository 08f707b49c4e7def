#!/usr/bin/env bash
# The README's picture of the HTML report, made by hrcli itself and a headless Chromium (`make screenshots`):
#   docs/report.png  the report of `hrcli compare linfen qinghai -o report.html`, texts unfolded (report.html#open)
# (The terminal table's picture, docs/compare-table.png, is made by bench/screenshot.py.)
set -euo pipefail
cd "$(dirname "$0")/.."
HRCLI=.venv/bin/hrcli
BROWSER=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$BROWSER" ]; then
  echo "make_screenshots: needs chromium (as root, 'make browser' installs it)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

shoot() {  # shoot URL WIDTH,HEIGHT PNG
  "$BROWSER" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size="$2" --screenshot="$3" "$1" 2>/dev/null >/dev/null
  echo "wrote $3"
}

"$HRCLI" -q compare linfen qinghai -o "$work/report.html"
shoot "file://$work/report.html#open" 1400,1500 docs/report.png

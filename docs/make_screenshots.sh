#!/usr/bin/env bash
# The README's pictures, made by hrcli itself and a headless Chromium (`make screenshots`):
#   docs/report.png  the HTML report of `hrcli compare linfen qinghai -o report.html`, texts unfolded
#   docs/table.png   `hrcli compare linfen qinghai` on a 120-column colour terminal
set -euo pipefail
cd "$(dirname "$0")/.."
HRCLI=.venv/bin/hrcli
PYTHON=.venv/bin/python
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

# The terminal table: hrcli on a pseudo-terminal (so it colours and fits 120 columns), no pager; rich turns the
# escape sequences back into a page that a browser draws as the terminal did.
HRCLI_PAGER=cat PAGER=cat COLUMNS=120 LINES=60 script -qec "$HRCLI -q compare linfen qinghai" /dev/null > "$work/table.ansi"
"$PYTHON" - "$work/table.ansi" "$work/table.html" <<'PY'
import sys

from rich.console import Console
from rich.text import Text

ansi = open(sys.argv[1], encoding="utf-8").read().replace("\r\n", "\n")
console = Console(record=True, width=120, file=open("/dev/null", "w"), force_terminal=True)
console.print(Text.from_ansi(ansi), end="")
# Noto Sans Mono CJK draws Latin letters half as wide as Chinese characters, as a terminal does, but its box-drawing
# characters and the middle dot (·) wide: those come from DejaVu Sans Mono, scaled to the same half width. Chromium squeezes full-width
# punctuation (，) unless told not to (text-spacing-trim).
STYLE = """<style>
@font-face { font-family: "Box"; src: local("DejaVu Sans Mono"); unicode-range: U+00B7, U+2500-259F; size-adjust: 83.1%; }
body { margin: 0; padding: 10px 14px; background: #1e1e1e; color: #e6e6e6; }
pre code { font: inherit; }
pre { font: 15px/1.25 "Box", "Noto Sans Mono CJK SC", monospace; margin: 0; text-spacing-trim: space-all; font-kerning: none; font-variant-ligatures: none; }
</style>"""
code = console.export_html(code_format="{code}", inline_styles=True)
page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">{STYLE}</head><body><pre><code>{code}</code></pre></body></html>"""
open(sys.argv[2], "w", encoding="utf-8").write(page)
PY
shoot "file://$work/table.html" 940,1000 docs/table.png

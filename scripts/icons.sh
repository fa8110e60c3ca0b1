#!/usr/bin/env bash
# Makes every icon size the app and its packages use from icons/icon.svg:
# a 1024-pixel PNG (rsvg-convert, Debian's librsvg2-bin), then Tauri's own
# `tauri icon` (the PNG sizes, .ico for Windows, .icns for macOS). The
# results are committed; run this only after changing the SVG.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v rsvg-convert >/dev/null || { echo "icons: rsvg-convert is missing (apt-get install librsvg2-bin)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rsvg-convert -w 1024 -h 1024 icons/icon.svg -o "$work/icon-1024.png"
(cd ui && npx --no-install tauri icon "$work/icon-1024.png" -o "$work/out" >/dev/null 2>&1)
for f in 32x32.png 64x64.png 128x128.png 128x128@2x.png icon.png icon.ico icon.icns; do
  cp "$work/out/$f" "icons/$f"
done
echo "icons: written to icons/"

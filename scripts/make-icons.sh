#!/usr/bin/env bash
# Renders the app icon (packaging/icons/jianggao.svg) to the PNG sizes the desktop and the
# package use. Needs rsvg-convert (Debian: librsvg2-bin). The PNGs are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" packaging/icons/jianggao.svg -o "packaging/icons/${size}x${size}.png"
done

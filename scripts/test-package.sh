#!/usr/bin/env bash
# Builds the .deb and tries it as a drafter's machine would: installs it, checks its files, its
# desktop entry and its MIME type, opens a draft by its association (in a virtual X display,
# looking for the window by its title), and removes it cleanly.
#
# Needs root (or sudo), and: cargo-packager, desktop-file-utils, xdg-utils, shared-mime-info,
# libfile-mimeinfo-perl (xdg-mime's file-type lookup without a desktop), xvfb, xdotool, man-db.
# `.ci/run` installs them.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
fail() { echo "test-package: $*" >&2; exit 1; }

if [ "${1:-}" != --no-build ]; then
  cargo packager -f deb
fi
deb=$(ls -t target/packages/jianggao_*_amd64.deb | head -1)
version=$(dpkg-deb --field "$deb" Version)
echo "test-package: $deb ($(du -h "$deb" | cut -f1)); binary $(du -h target/dist/jianggao | cut -f1)"

files=(
  /usr/bin/jianggao
  /usr/share/applications/jianggao.desktop
  /usr/share/mime/packages/jianggao.xml
  /usr/share/icons/hicolor/scalable/apps/jianggao.svg
  /usr/share/icons/hicolor/16x16/apps/jianggao.png
  /usr/share/icons/hicolor/48x48/apps/jianggao.png
  /usr/share/icons/hicolor/256x256/apps/jianggao.png
  /usr/share/icons/hicolor/48x48/mimetypes/application-x-jianggao-draft.png
  /usr/share/man/man1/jianggao.1
  /usr/share/doc/jianggao/copyright
  /usr/share/doc/jianggao/OFL.txt
  /usr/share/jianggao/fonts/JianggaoSans-Regular.otf
  /usr/share/jianggao/sample-speech.ron
)
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|; s|^\([^/]\)|/\1|')
for f in "${files[@]}"; do
  grep -qxF "$f" <<<"$contents" || fail "the package lacks $f"
done

# apt installs the libraries the window loads at run time, as a double-click in a file
# manager would.
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "./$deb"
trap 'as_root dpkg --purge jianggao >/dev/null 2>&1 || true' EXIT
for f in "${files[@]}"; do [ -e "$f" ] || fail "not installed: $f"; done
[ "$(jianggao --version)" = "jianggao $version" ] || fail "jianggao --version: $(jianggao --version)"
desktop-file-validate /usr/share/applications/jianggao.desktop
man -w jianggao | grep -q /usr/share/man/man1/jianggao.1 || fail "man jianggao finds no page"

# The MIME type and the association, as the desktop sees them.
work=$(mktemp -d)
cp assets/sample-speech.ron "$work/测试草稿.ron"
type=$(xdg-mime query filetype "$work/测试草稿.ron")
[ "$type" = application/x-jianggao-draft ] || fail "a draft's type is $type"
default=$(xdg-mime query default application/x-jianggao-draft)
[ "$default" = jianggao.desktop ] || fail "drafts open with '$default'"
grep -q '^MimeType=.*text/plain' /usr/share/applications/jianggao.desktop || fail "not offered for .txt"

# Double-click: open the draft through its association and see the window's title.
# Xvfb picks a free display and writes its number once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x800x24 3>"$work/display" >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; pkill -f /usr/bin/jianggao || true; as_root dpkg --purge jianggao >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 600); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start"
display=:$(head -n 1 "$work/display")
DISPLAY=$display JIANGGAO_DATA_DIR="$work/data" xdg-open "$work/测试草稿.ron" >/dev/null 2>&1 &
title=""
for _ in $(seq 1 60); do
  sleep 0.5
  for w in $(DISPLAY=$display xdotool search --name "" 2>/dev/null); do
    name=$(DISPLAY=$display xdotool getwindowname "$w" 2>/dev/null || true)
    case "$name" in *测试草稿.ron*讲稿*) title=$name ;; esac
  done
  [ -n "$title" ] && break
done
[ -n "$title" ] || fail "no window titled 测试草稿.ron appeared"
echo "test-package: opened by association: window \"$title\""
pkill -f /usr/bin/jianggao || true

# Removed cleanly: nothing of the package is left, and drafts are no longer its type.
as_root dpkg --purge jianggao
for f in "${files[@]}"; do [ ! -e "$f" ] || fail "left after removal: $f"; done
[ ! -e /usr/share/jianggao ] || fail "left after removal: /usr/share/jianggao"
type=$(xdg-mime query filetype "$work/测试草稿.ron")
[ "$type" != application/x-jianggao-draft ] || fail "the MIME type outlived the package"
rm -rf "$work"
echo "test-package: ok"

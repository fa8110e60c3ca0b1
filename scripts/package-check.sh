#!/usr/bin/env bash
# `make package-check` (not part of `make test`): inspects the .deb and
# the .rpm that `make package` built (fields, dependencies, files), then starts
# the packaged binary from its extracted files under Xvfb with a private
# session bus and keyring, to the sign-in screen, and saves a screenshot
# to target/package-check/sign-in.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
deb="$(ls -1t "$target"/desktop/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)"
[ -n "$deb" ] || { echo "package-check: no .deb under $target/desktop/bundle/deb (run make package)" >&2; exit 1; }
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
fail() { echo "package-check: $*" >&2; exit 1; }

echo "== $deb"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = "switchboard" ] || fail "Package is '$(field Package)', not switchboard"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', the workspace says $version"
[ "$(field Architecture)" = "amd64" ] || fail "Architecture is '$(field Architecture)'"
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libayatana-appindicator3-1 libsecret-1-0; do
  field Depends | grep -q "$dep" || fail "Depends lacks $dep: $(field Depends)"
done
field Recommends | grep -q "gnome-keyring" || fail "Recommends lacks a keyring: $(field Recommends)"
[ -n "$(field Description)" ] || fail "no Description"
files="$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./##')"
for f in usr/bin/switchboard-desktop usr/share/applications/Switchboard.desktop \
         usr/share/icons/hicolor/32x32/apps/switchboard-desktop.png \
         usr/share/icons/hicolor/128x128/apps/switchboard-desktop.png \
         usr/share/icons/hicolor/256x256@2/apps/switchboard-desktop.png \
         usr/share/icons/hicolor/512x512/apps/switchboard-desktop.png; do
  grep -qxF "$f" <<<"$files" || fail "the package lacks $f"
done
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
entry="$root/usr/share/applications/Switchboard.desktop"
grep -q '^Exec=switchboard-desktop' "$entry" || fail "the desktop entry does not start switchboard-desktop"
grep -q '^Categories=.' "$entry" || fail "the desktop entry has no Categories"
grep -q '^Icon=switchboard-desktop' "$entry" || fail "the desktop entry names no icon"
echo "control fields, dependencies, files and desktop entry: as expected"

rpm_file="$(ls -1t "$target"/desktop/bundle/rpm/*.rpm 2>/dev/null | head -n 1 || true)"
[ -n "$rpm_file" ] || fail "no .rpm under $target/desktop/bundle/rpm (run make package)"
echo "== $rpm_file"
tag() { rpm -qp --nosignature --queryformat "%{$1}" "$rpm_file" 2>/dev/null; }
[ "$(tag NAME)" = "switchboard" ] || fail "the .rpm's Name is '$(tag NAME)', not switchboard"
[ "$(tag VERSION)" = "$version" ] || fail "the .rpm's Version is '$(tag VERSION)', the workspace says $version"
[ "$(tag ARCH)" = "x86_64" ] || fail "the .rpm's Arch is '$(tag ARCH)'"
requires="$(rpm -qp --nosignature --requires "$rpm_file" 2>/dev/null)"
for dep in webkit2gtk4.1 gtk3 libappindicator-gtk3 libsecret; do
  grep -q "^$dep" <<<"$requires" || fail "the .rpm does not require $dep: $requires"
done
rpm -qp --nosignature --recommends "$rpm_file" 2>/dev/null | grep -q gnome-keyring || fail "the .rpm recommends no keyring"
rpm_files="$(rpm -qlp --nosignature "$rpm_file" 2>/dev/null)"
for f in /usr/bin/switchboard-desktop /usr/share/applications/Switchboard.desktop \
         /usr/share/icons/hicolor/128x128/apps/switchboard-desktop.png; do
  grep -qxF "$f" <<<"$rpm_files" || fail "the .rpm lacks $f"
done
rpm_root="$(mktemp -d)"
# rpm2cpio exits 1 on the bundler's .rpm after writing the whole archive
# (the files compared below are the check).
(cd "$rpm_root" && { rpm2cpio "$rpm_file" 2>/dev/null || true; } | cpio -idm --quiet)
# The bundler writes its bundle type into the binary (`…_VAR_DEB` or
# `…_VAR_RPM`): those three bytes are all that may differ.
differ="$(cmp -l "$rpm_root/usr/bin/switchboard-desktop" "$root/usr/bin/switchboard-desktop" | wc -l || true)"
[ "$differ" -le 3 ] && grep -q __TAURI_BUNDLE_TYPE_VAR_RPM "$rpm_root/usr/bin/switchboard-desktop" \
  || fail "the .rpm's binary is not the .deb's ($differ bytes differ)"
rm -rf "$rpm_root"
echo "the .rpm: name, version, requirements, files, and the same binary as the .deb"

echo "== starting the packaged binary"
cargo build --locked -p switchboard-system-tests --bin package-check
bin="$target/debug/package-check"
mkdir -p target/package-check
xvfb-run -a -s "-screen 0 1280x800x24" \
  scripts/with-session.sh "$bin" "$root/usr/bin/switchboard-desktop" "$PWD/target/package-check/sign-in.png"

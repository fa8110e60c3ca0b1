#!/usr/bin/env bash
# `make package`: the desktop app as a .deb, an .rpm and an AppImage, with Tauri's
# bundler (the `desktop` profile: release, built for size; icons from
# icons/, the version from the workspace's Cargo.toml). Packages land in
# target/desktop/bundle/ (or under $CARGO_TARGET_DIR).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/bootstrap.sh
(cd ui && npm run --silent build)
target="${CARGO_TARGET_DIR:-$PWD/target}"
tauri="$PWD/ui/node_modules/.bin/tauri"

echo "== package: .deb and .rpm"
# Tauri's bundler writes both itself (no dpkg-buildpackage, no rpmbuild, no download).
(cd src-tauri && "$tauri" build --ci --bundles deb,rpm -- --profile desktop)
ls -1 "$target"/desktop/bundle/deb/*.deb "$target"/desktop/bundle/rpm/*.rpm

echo "== package: AppImage"
# Tauri's AppImage step downloads its AppImage tools (AppRun, linuxdeploy and its plugins) from
# github.com on first use; a machine that cannot reach it gets the .deb and
# this one line, and `make package` fails (PACKAGE_DEB_ONLY=1 accepts it:
# the .deb and the .rpm are then all it makes).
if (cd src-tauri && "$tauri" build --ci --bundles appimage -- --profile desktop); then
  ls -1 "$target"/desktop/bundle/appimage/*.AppImage
else
  echo "package: no AppImage: Tauri's bundler could not fetch its AppImage tools (AppRun, linuxdeploy) from github.com (the .deb and .rpm above are built)" >&2
  [ "${PACKAGE_DEB_ONLY:-0}" = 1 ] || exit 1
fi

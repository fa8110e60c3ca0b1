#!/usr/bin/env bash
# Installs what building and testing Switchboard needs on Debian 12.
# Idempotent: every step checks first, so a second run takes a few seconds.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

APT_PACKAGES=(
  # build
  build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev
  libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libgtk-3-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev libdbus-1-dev libsecret-1-dev
  # headless tests: display, session bus, keyring, WebDriver
  xvfb xauth x11-utils dbus dbus-x11 dbus-user-session gnome-keyring
  webkit2gtk-driver at-spi2-core imagemagick dunst
  # answers the system's save dialog in the end-to-end run (real X key events)
  xdotool
  # Hindi's script (Devanagari) for the demo and the screenshots in each
  # language; Arabic's comes with the default fonts
  fonts-lohit-deva
  # a throwaway PostgreSQL server per test run (initdb + pg_ctl, no service)
  postgresql
  # the hub's service unit checked (systemd-analyze); certificates for the
  # TLS tests (openssl)
  systemd openssl
  # make package-check reads the .rpm it built (rpm -qp, rpm2cpio | cpio)
  rpm cpio
  # the chaos soak moves a desktop's wall clock (libfaketime)
  faketime
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "bootstrap: cargo is missing; install Rust with rustup (rust-toolchain.toml pins the version)" >&2
  exit 1
fi
# The UI's toolchain (Vite 8, Vitest 4) needs Node 20.19 or newer; Debian 12's
# own nodejs package is 18, so it is not a fallback.
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'
}
if ! node_ok; then
  echo "bootstrap: Node.js 20.19+ with npm is needed for ui/ (found: $(node --version 2>/dev/null || echo none)); install it and run again" >&2
  exit 1
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "bootstrap: installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

if [ -f "$here/ui/package-lock.json" ]; then
  if [ ! -d "$here/ui/node_modules" ] || [ "$here/ui/package-lock.json" -nt "$here/ui/node_modules/.package-lock.json" ]; then
    echo "bootstrap: installing ui/ npm packages"
    (cd "$here/ui" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

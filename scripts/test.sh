#!/usr/bin/env bash
# `make test`: install what is missing, build once, run every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/bootstrap.sh

echo "== ui: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

echo "== build (one workspace build for every binary and test)"
cargo build --workspace --locked
cargo test --workspace --locked --no-run

echo "== tests (Xvfb display, private D-Bus, unlocked gnome-keyring)"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  scripts/with-session.sh cargo test --workspace --locked --no-fail-fast -- --test-threads=2

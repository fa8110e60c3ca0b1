#!/usr/bin/env bash
# `make test`: install what is missing, build once, run every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/bootstrap.sh

logs="$(mktemp -d -t switchboard-test.XXXXXX)"
trap 'rm -rf "$logs"' EXIT

echo "== ui: type check, unit tests, build"
(
  cd ui
  npm run --silent check
  NO_COLOR=1 npm test --silent 2>&1 | tee "$logs/ui.log"
  npm run --silent build
)

echo "== lint: rustfmt, clippy (warnings are errors)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== build (one workspace build for every binary and test)"
cargo build --workspace --locked
cargo test --workspace --locked --no-run

echo "== tests (Xvfb display, private D-Bus, unlocked gnome-keyring)"
set +e
xvfb-run -a -s "-screen 0 1280x800x24" \
  scripts/with-session.sh cargo test --workspace --locked --no-fail-fast -- --test-threads=2 2>&1 \
  | tee "$logs/rust.log"
status=${PIPESTATUS[0]}
set -e

# `cargo test` wrote the UI's TypeScript types from the Rust types again:
# the committed ones must be what the Rust types say.
if [ -n "$(git status --porcelain -- ui/src/lib/generated)" ]; then
  git status --porcelain -- ui/src/lib/generated
  echo "ui/src/lib/generated is stale: run cargo test and commit the files it rewrote" >&2
  status=1
fi

# One closing line for the whole run.
read -r rust_passed rust_failed < <(awk '/^test result:/ { p += $4; f += $6 } END { print p + 0, f + 0 }' "$logs/rust.log")
ui_passed=$(sed -n 's/^ *Tests *\([0-9][0-9]*\) passed.*/\1/p' "$logs/ui.log" | tail -n 1)
ui_failed=$(sed -n 's/^ *Tests *\([0-9][0-9]*\) failed.*/\1/p' "$logs/ui.log" | tail -n 1)
passed=$((rust_passed + ${ui_passed:-0}))
failed=$((rust_failed + ${ui_failed:-0}))
echo
echo "tests: $passed passed, $failed failed"
exit "$status"

#!/usr/bin/env bash
# `make screenshots`: the pictures README.md and docs/user-guide.md show,
# copied from the last end-to-end run (`make test` writes them to
# target/e2e/, or $CARGO_TARGET_DIR/e2e/) into docs/images/, to commit
# when the app's look changes. Each must be there: a missing one means the
# end-to-end test that makes it did not run or failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
from="${CARGO_TARGET_DIR:-$PWD/target}/e2e"
# Every picture the documents link to, by name.
names="$(grep -ho 'images/[a-zA-Z0-9_-]*\.png' README.md docs/*.md | sed 's#images/##' | sort -u)"
[ -n "$names" ] || { echo "screenshots: the documents show no picture" >&2; exit 1; }
for name in $names; do
  [ -f "$from/$name" ] || { echo "screenshots: $from/$name is missing: run make test first" >&2; exit 1; }
  cp "$from/$name" "docs/images/$name"
done
echo "screenshots: $(wc -w <<<"$names") pictures copied into docs/images/ from $from"

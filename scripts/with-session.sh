#!/usr/bin/env bash
# Runs a command inside a private desktop session: a throwaway HOME and XDG
# folders, and an unlocked gnome-keyring (Secret Service) on the session bus.
# Call it inside a D-Bus session (and a display if the command needs one):
#   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- scripts/with-session.sh CMD...
# Nothing touches the real user's keyring or data.
set -euo pipefail

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-session.sh: no session D-Bus; run it under dbus-run-session" >&2
  exit 2
fi

# cargo and rustup live under the real HOME.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"

session_dir="$(mktemp -d -t switchboard-session.XXXXXX)"
cleanup() {
  [ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  rm -rf "$session_dir"
}
trap cleanup EXIT

export HOME="$session_dir/home"
export XDG_DATA_HOME="$session_dir/data"
export XDG_CONFIG_HOME="$session_dir/config"
export XDG_CACHE_HOME="$session_dir/cache"
export XDG_RUNTIME_DIR="$session_dir/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# A throwaway password unlocks a brand-new login keyring in the temp HOME.
eval "$(printf 'switchboard-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL GNOME_KEYRING_PID

"$@"

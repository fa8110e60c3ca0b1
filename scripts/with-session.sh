#!/usr/bin/env bash
# Runs a command inside a private desktop session: a throwaway HOME and XDG
# folders, a session D-Bus of its own, and an unlocked gnome-keyring (Secret
# Service) on it. Call it inside a display if the command needs one:
#   xvfb-run -a -s "-screen 0 1280x800x24" scripts/with-session.sh CMD...
# Nothing touches the real user's keyring or data.
#
# The keyring daemon is started by the bus when first asked for, from a
# service file in the throwaway XDG_DATA_HOME (which the session bus reads
# before the system's), unlocking the throwaway login keyring with a
# throwaway password. gnome-keyring 42 can abort when clients connect and
# leave quickly; the bus then starts it again on the next request, in this
# session, with the same keyring file, instead of the system's service file
# starting one in the real HOME.
set -euo pipefail

for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-session.sh: $tool is missing (scripts/bootstrap.sh installs it)" >&2; exit 2; }
done

# cargo and rustup live under the real HOME.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"

session_dir="$(mktemp -d -t switchboard-session.XXXXXX)"
trap 'rm -rf "$session_dir"' EXIT

export HOME="$session_dir/home"
export XDG_DATA_HOME="$session_dir/data"
export XDG_CONFIG_HOME="$session_dir/config"
export XDG_CACHE_HOME="$session_dir/cache"
export XDG_RUNTIME_DIR="$session_dir/run"
mkdir -p "$HOME" "$XDG_DATA_HOME/dbus-1/services" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

# The daemon as the bus starts it: a brand-new login keyring in the
# throwaway HOME, created (or unlocked again) with a throwaway password.
keyring="$session_dir/keyring-daemon"
cat >"$keyring" <<'DAEMON'
#!/bin/sh
printf 'switchboard-test\n' | exec gnome-keyring-daemon --foreground --unlock --components=secrets
DAEMON
chmod 700 "$keyring"
for name in org.freedesktop.secrets org.gnome.keyring; do
  printf '[D-BUS Service]\nName=%s\nExec=%s\n' "$name" "$keyring" \
    >"$XDG_DATA_HOME/dbus-1/services/$name.service"
done

export SWITCHBOARD_PRIVATE_SESSION=1
unset DBUS_SESSION_BUS_ADDRESS
dbus-run-session -- "$@"

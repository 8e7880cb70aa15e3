#!/usr/bin/env bash
# Runs a command inside a throwaway desktop session: Xvfb (unless a display exists), a
# private D-Bus session bus and a freshly unlocked gnome-keyring. The E2E suite and the
# real-keychain test run through this, so they never touch the user's own keychain.
# Any missing prerequisite is an error: this never skips.
set -euo pipefail

fail() { echo "session.sh: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "prerequisite missing: '$1' ($2). Run 'make deps'."; }

[ $# -gt 0 ] || fail "usage: tests/session.sh COMMAND [ARGS...]"

if [ -z "${NPDESK_SESSION_X:-}" ]; then
  export NPDESK_SESSION_X=1
  if [ -z "${DISPLAY:-}" ]; then
    need xvfb-run "apt package xvfb"
    need xauth "apt package xauth"
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
  fi
fi

if [ -z "${NPDESK_SESSION_DBUS:-}" ]; then
  export NPDESK_SESSION_DBUS=1
  need dbus-run-session "apt package dbus"
  exec dbus-run-session -- "$0" "$@"
fi

need gnome-keyring-daemon "apt package gnome-keyring"

# A fresh keyring directory: the daemon creates and unlocks a new 'login' collection.
XDG_DATA_HOME="$(mktemp -d -t npdesk-session-XXXXXX)"
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
keyring_env="$(printf 'session-password' | gnome-keyring-daemon --unlock --components=secrets)" \
  || fail "gnome-keyring-daemon could not start"
while IFS='=' read -r name value; do
  [ -n "$name" ] && export "$name=$value"
done <<< "$keyring_env"

echo "session.sh: display=${DISPLAY} dbus=private keyring=unlocked (${XDG_DATA_HOME})" >&2
"$@"

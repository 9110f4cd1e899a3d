#!/usr/bin/env bash
# Everything `npm test` needs, provisioned before any test starts (never inside a test hook, where a
# first build would run into the hook's time-out): the Debian programs (chromium, LibreOffice,
# poppler, fonts), the Temporal CLI (the dev server of the integration tests), rclone (the
# S3-compatible server of the evidence and archive tests) and the Temporal server with its SQL tool
# (the cluster suite). Each line says what is being done; what is cached already is only checked.
# Builds go into the project's cache outside the repo (KEHOACH_CACHE_DIR, else ~/.cache/kehoach).
set -euo pipefail
cd "$(dirname "$0")/.."
cache_root="${KEHOACH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kehoach}"

step() { printf '[provision] %s\n' "$*" >&2; }
timed() {
  local what="$1"; shift
  local started; started=$(date +%s)
  if ! "$@" >/dev/null; then
    step "$what: failed (see above)"
    exit 1
  fi
  step "$what: ready ($(( $(date +%s) - started )) s)"
}

step "tools for the tests, cached in $cache_root"
timed "Debian programs (chromium, LibreOffice, poppler, fonts)" bash scripts/install-debian-tools.sh
timed "Temporal CLI" bash scripts/provision-temporal.sh
# rclone and the Temporal server are both Go builds: one at a time on a small machine shares the
# cores better than two (the module downloads of the second overlap nothing useful).
timed "rclone (S3-compatible test server)" bash scripts/provision-rclone.sh
timed "Temporal server and SQL tool (cluster suite)" bash scripts/provision-temporal-server.sh
